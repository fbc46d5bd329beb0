-- The targets of this build (temp table targets, sql/marts/targets.sql) that give no coverage figure although
-- their period has begun to be reported: nobody in their category was tested in it (a site that tested nobody
-- that month, a site's code written as no file writes it), or nobody at all in a period before the latest
-- reported one of its kind (a year mistyped, "2024-03" for "2025-03"). sql/marts/indicators.sql has no cell to
-- join them to. Targets for periods after the latest reported one (set in advance) are not listed.
SELECT g.period, g.dimension, g.category, g.target
FROM targets AS g
WHERE (g.period IN (SELECT DISTINCT period FROM marts.indicators)
       OR g.period < (SELECT max(period) FROM marts.indicators
                      WHERE period <> 'all' AND contains(period, '-Q') = contains(g.period, '-Q')))
  AND NOT EXISTS (SELECT 1 FROM marts.indicators AS i
                  WHERE i.period = g.period AND i.dimension = g.dimension AND i.category = g.category
                    AND i.indicator = 'coverage')
ORDER BY g.period, g.dimension, g.category
