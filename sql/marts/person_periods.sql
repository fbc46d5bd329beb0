-- marts.person_periods: one row per person (client_uic) per period in which they had a valid test.
-- A person carries the attributes of their earliest valid test in the period (smallest test_date,
-- then smallest record_id); the cascade comes from their positive valid tests in the period only.
-- Parameter $periods: the periods to (re)build, e.g. ['2025-03'] for one month's slice, or ['*'] for
-- every period. Rows of other periods are left as they are.
CREATE SCHEMA IF NOT EXISTS marts;
-- ;;
-- The valid tests (negative or positive, not self-tests) with their age band, month and quarter:
-- what every indicator counts, also handy for analysts.
CREATE OR REPLACE VIEW marts.valid_tests AS
SELECT s.*, age_band(s.age) AS age_band,
       strftime(s.test_date, '%Y-%m') AS month,
       year(s.test_date) || '-Q' || quarter(s.test_date) AS quarter,
       s.result = 'positive' AS is_positive
FROM staging.screening AS s
WHERE is_valid_test(s.result, s.test_modality);
-- ;;
CREATE OR REPLACE TEMP TABLE person_periods_slice AS
WITH ordered AS (
    -- one sort each instead of comparing (date, record_id) pairs in every aggregate; the relative
    -- order, hence every row, is the same whether one slice or every period is built
    SELECT v.*,
           row_number() OVER (ORDER BY test_date, record_id) AS seq,
           row_number() OVER (ORDER BY vl_date NULLS FIRST, record_id) AS vl_seq
    FROM marts.valid_tests AS v
    WHERE list_contains($periods, '*') OR list_contains($periods, 'all')
       OR list_contains($periods, v.month) OR list_contains($periods, v.quarter)
), by_period AS (
    SELECT p.period, v.*
    FROM ordered AS v, unnest(['all', v.month, v.quarter]) AS p(period)
    WHERE list_contains($periods, '*') OR list_contains($periods, p.period)
), people AS (
    SELECT period, client_uic,
        count(*) AS tests,
        arg_min(site_code, seq) AS site_code,
        arg_min(country_of_origin, seq) AS country_of_origin,
        arg_min(migrant_group, seq) AS migrant_group,
        arg_min(residence_status, seq) AS residence_status,
        arg_min(key_population, seq) AS key_population,
        arg_min(sex, seq) AS sex,
        arg_min(age_band, seq) AS age_band,
        min(test_date) AS first_test_date,
        bool_or(is_positive) AS positive,
        bool_or(is_positive AND previously_diagnosed IS DISTINCT FROM 'yes') AS new_diagnosis,
        bool_or(is_positive AND linked_date IS NOT NULL) AS linked,
        bool_or(is_positive AND art_start_date IS NOT NULL) AS on_art,
        arg_max(vl_copies, vl_seq) FILTER (WHERE is_positive AND vl_copies IS NOT NULL)
            AS viral_load,
        arg_min(care_location, seq) FILTER (WHERE is_positive AND linked_date IS NOT NULL)
            AS linked_care_location
    FROM by_period
    GROUP BY period, client_uic
)
SELECT period, client_uic, tests, site_code, country_of_origin, migrant_group, residence_status,
    key_population, sex, age_band, coalesce(linked_care_location, 'not_linked') AS care_location,
    first_test_date, positive, new_diagnosis, linked, on_art, viral_load,
    on_art AND viral_load IS NOT NULL AS vl_tested,
    on_art AND viral_load IS NOT NULL AND viral_load < 1000 AS vl_suppressed
FROM people;
-- ;;
CREATE TABLE IF NOT EXISTS marts.person_periods AS SELECT * FROM person_periods_slice LIMIT 0;
-- ;;
DELETE FROM marts.person_periods WHERE list_contains($periods, '*') OR list_contains($periods, period);
-- ;;
INSERT INTO marts.person_periods SELECT * FROM person_periods_slice ORDER BY period, client_uic;
-- ;;
DROP TABLE person_periods_slice;
