-- The targets of this build (temp table targets, sql/marts/targets.sql) that give no coverage figure: their
-- period has indicators (someone was tested in it) but their category had nobody tested in it, so
-- sql/marts/indicators.sql has no cell to join them to. A site that tested nobody that month, or a category
-- written as no file writes it (a site's code mistyped). Targets for periods not reported yet are not listed.
SELECT g.period, g.dimension, g.category, g.target
FROM targets AS g
WHERE g.period IN (SELECT DISTINCT period FROM marts.indicators)
  AND NOT EXISTS (SELECT 1 FROM marts.indicators AS i
                  WHERE i.period = g.period AND i.dimension = g.dimension AND i.category = g.category
                    AND i.indicator = 'coverage')
ORDER BY g.period, g.dimension, g.category
