-- marts.indicators: every indicator of shared/indicator-definitions.md, unsuppressed, one row per
-- period x dimension x category x indicator. Counts have value = numerator and no denominator.
-- Reads marts.person_periods, marts.valid_tests and the temp table targets(period, dimension,
-- category, target). Parameter $periods as in person_periods.sql: ['*'] builds every period.
CREATE OR REPLACE TEMP TABLE indicators_slice AS
WITH by_period AS (
    SELECT p.period, v.* FROM marts.valid_tests AS v, unnest(['all', v.month, v.quarter]) AS p(period)
    WHERE list_contains($periods, '*') OR list_contains($periods, p.period)
), test_cells AS (  -- tests count under their own row's attributes ...
    SELECT period,
        CASE WHEN grouping(country_of_origin) = 0 THEN 'country_of_origin'
             WHEN grouping(migrant_group) = 0 THEN 'migrant_group'
             WHEN grouping(residence_status) = 0 THEN 'residence_status'
             WHEN grouping(key_population) = 0 THEN 'key_population'
             WHEN grouping(sex) = 0 THEN 'sex'
             WHEN grouping(age_band) = 0 THEN 'age_band'
             WHEN grouping(site_code) = 0 THEN 'site_code'
             ELSE 'total' END AS dimension,
        coalesce(country_of_origin, migrant_group, residence_status, key_population, sex, age_band,
                 site_code, 'all') AS category,
        count(*) AS tests
    FROM by_period
    GROUP BY GROUPING SETS ((period), (period, country_of_origin), (period, migrant_group),
        (period, residence_status), (period, key_population), (period, sex), (period, age_band),
        (period, site_code))
), person_cells AS (  -- ... people under their earliest valid test's; care location is the person's
    SELECT period,
        CASE WHEN grouping(country_of_origin) = 0 THEN 'country_of_origin'
             WHEN grouping(migrant_group) = 0 THEN 'migrant_group'
             WHEN grouping(residence_status) = 0 THEN 'residence_status'
             WHEN grouping(key_population) = 0 THEN 'key_population'
             WHEN grouping(sex) = 0 THEN 'sex'
             WHEN grouping(age_band) = 0 THEN 'age_band'
             WHEN grouping(site_code) = 0 THEN 'site_code'
             WHEN grouping(care_location) = 0 THEN 'care_location'
             ELSE 'total' END AS dimension,
        coalesce(country_of_origin, migrant_group, residence_status, key_population, sex, age_band,
                 site_code, care_location, 'all') AS category,
        sum(tests) AS person_tests,
        count(*) AS people_tested,
        count(*) FILTER (WHERE positive) AS positives,
        count(*) FILTER (WHERE new_diagnosis) AS new_diagnoses,
        count(*) FILTER (WHERE linked) AS linked,
        count(*) FILTER (WHERE on_art) AS on_art,
        count(*) FILTER (WHERE vl_tested) AS vl_tested,
        count(*) FILTER (WHERE vl_suppressed) AS vl_suppressed
    FROM marts.person_periods
    WHERE list_contains($periods, '*') OR list_contains($periods, period)
    GROUP BY GROUPING SETS ((period), (period, country_of_origin), (period, migrant_group),
        (period, residence_status), (period, key_population), (period, sex), (period, age_band),
        (period, site_code), (period, care_location))
), cells AS (
    SELECT period, dimension, category,
        CASE WHEN dimension = 'care_location' THEN p.person_tests ELSE coalesce(t.tests, 0) END AS tests,
        coalesce(p.people_tested, 0) AS people_tested, coalesce(p.positives, 0) AS positives,
        coalesce(p.new_diagnoses, 0) AS new_diagnoses, coalesce(p.linked, 0) AS linked,
        coalesce(p.on_art, 0) AS on_art, coalesce(p.vl_tested, 0) AS vl_tested,
        coalesce(p.vl_suppressed, 0) AS vl_suppressed
    FROM test_cells AS t FULL OUTER JOIN person_cells AS p USING (period, dimension, category)
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
