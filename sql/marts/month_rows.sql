-- Rows a month's slice holds in each mart (metadata of a month rebuild). Parameter $month.
SELECT (SELECT count(*) FROM marts.person_periods WHERE period = $month),
       (SELECT count(*) FROM marts.indicators WHERE period = $month)
