-- marts.indicators: every indicator of shared/indicator-definitions.md, unsuppressed, one row per
-- period x dimension x category x indicator. Counts have value = numerator and no denominator.
-- Reads the temp table cells_parts (sql/marts/cells.sql; a part labelled 'removed' is subtracted)
-- and the temp table targets(period, dimension, category, target). Replaces the rows of $periods
-- (['*']: every period).
CREATE OR REPLACE TEMP TABLE indicators_slice AS
WITH cells AS (
    SELECT period, dimension, category,
        sum(sign * tests) AS tests, sum(sign * people_tested) AS people_tested,
        sum(sign * positives) AS positives, sum(sign * new_diagnoses) AS new_diagnoses,
        sum(sign * linked) AS linked, sum(sign * on_art) AS on_art, sum(sign * vl_tested) AS vl_tested,
        sum(sign * vl_suppressed) AS vl_suppressed
    FROM (SELECT *, CASE WHEN part = 'removed' THEN -1 ELSE 1 END AS sign FROM cells_parts)
    WHERE list_contains($periods, '*') OR list_contains($periods, period)
    GROUP BY ALL
    -- a category exists in a period where someone was tested in it: when every person of a cell
    -- was taken out and none put back, the cell is gone
    HAVING sum(sign * tests) > 0 OR sum(sign * people_tested) > 0
), long AS (
    SELECT period, dimension, category, i.indicator, i.numerator, i.denominator
    FROM cells, unnest([
        {'indicator': 'tests', 'numerator': tests, 'denominator': NULL::BIGINT},
        {'indicator': 'people_tested', 'numerator': people_tested, 'denominator': NULL},
        {'indicator': 'positives', 'numerator': positives, 'denominator': NULL},
        {'indicator': 'new_diagnoses', 'numerator': new_diagnoses, 'denominator': NULL},
        {'indicator': 'positivity', 'numerator': positives, 'denominator': people_tested},
        {'indicator': 'linked', 'numerator': linked, 'denominator': positives},
        {'indicator': 'on_art', 'numerator': on_art, 'denominator': positives},
        {'indicator': 'vl_tested', 'numerator': vl_tested, 'denominator': on_art},
        {'indicator': 'vl_suppressed', 'numerator': vl_suppressed, 'denominator': vl_tested}
    ]) AS u(i)
    UNION ALL
    SELECT c.period, c.dimension, c.category, 'coverage', c.people_tested, g.target
    FROM cells AS c JOIN targets AS g USING (period, dimension, category)
)
SELECT period, dimension, category, indicator,
    numerator::BIGINT AS numerator, denominator::BIGINT AS denominator,
    CASE WHEN denominator IS NULL THEN numerator::DOUBLE
         WHEN denominator > 0 THEN numerator / denominator END AS value,
    CASE WHEN denominator IS NOT NULL AND numerator <= denominator THEN wilson_low(numerator, denominator) END
        AS ci_low,
    CASE WHEN denominator IS NOT NULL AND numerator <= denominator THEN wilson_high(numerator, denominator) END
        AS ci_high
FROM long;
-- ;;
CREATE TABLE IF NOT EXISTS marts.indicators AS SELECT * FROM indicators_slice LIMIT 0;
-- ;;
DELETE FROM marts.indicators WHERE list_contains($periods, '*') OR list_contains($periods, period);
-- ;;
INSERT INTO marts.indicators SELECT * FROM indicators_slice ORDER BY period, dimension, category, indicator;
-- ;;
DROP TABLE indicators_slice;
-- ;;
DROP TABLE cells_parts;
