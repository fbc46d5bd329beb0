-- marts.person_periods: one row per person (client_uic) per period in which they had a valid test.
-- A person carries the attributes of their earliest valid test in the period (smallest test_date,
-- then smallest record_id); the cascade comes from their positive valid tests in the period only.
-- A view: three rows per person is the largest relation of the warehouse, and the indicator build
-- needs only the rows of people with several tests (repeat_tester), so it is computed when read.
-- Its body is the table macro person_rows(valid_tests), which takes the name of any relation shaped like
-- marts.valid_tests holding every valid test of some people; its repeat testers' part is the table macro
-- repeat_person_rows(valid_tests, repeat_testers), which the indicator build (sql/marts/cells.sql)
-- applies to every valid test or to the tests of just the people a new file touches.
CREATE SCHEMA IF NOT EXISTS marts;
-- ;;
-- The valid tests (negative or positive, not self-tests) with their age band, month and quarter:
-- what every indicator counts, also handy for analysts.
CREATE OR REPLACE VIEW marts.valid_tests AS
SELECT s.*, age_band(s.age) AS age_band,
       strftime(s.test_date, '%Y-%m') AS month,
       quarter_of(s.test_date) AS quarter,
       s.result = 'positive' AS is_positive
FROM staging.screening AS s
WHERE is_valid_test(s.result, s.test_modality);
-- ;;
-- The person rows of repeat testers: $repeat_testers names a relation of their client_uic (found
-- once by the caller: the indicator build needs them for its own counting too).
CREATE OR REPLACE MACRO repeat_person_rows(valid_tests, repeat_testers) AS TABLE
WITH ordered AS MATERIALIZED (
    -- one sort gives every test of a repeat tester its place (test_date, then record_id); a person's
    -- first test and first linked positive test are then found by min(seq) and joined back for their
    -- attributes (arg_min over the attributes took three times as long at 10M rows)
    SELECT row_number() OVER (ORDER BY test_date, record_id) AS seq, v.*
    FROM query_table(valid_tests) AS v SEMI JOIN query_table(repeat_testers) AS r ON r.client_uic = v.client_uic
), repeated AS (
    SELECT period, client_uic,
        count(*) AS tests,
        min(seq) AS first_seq,
        min(seq) FILTER (WHERE is_positive AND linked_date IS NOT NULL) AS linked_seq,
        min(test_date) AS first_test_date,
        bool_or(is_positive) AS positive,
        bool_or(is_positive AND previously_diagnosed IS DISTINCT FROM 'yes') AS new_diagnosis,
        bool_or(is_positive AND linked_date IS NOT NULL) AS linked,
        bool_or(is_positive AND art_start_date IS NOT NULL) AS on_art,
        -- the latest viral load (vl_date, then record_id): few rows pass the filter
        arg_max(vl_copies, (vl_date, record_id)) FILTER (WHERE is_positive AND vl_copies IS NOT NULL) AS viral_load
    FROM (SELECT unnest(['all', month, quarter]) AS period, * FROM ordered)
    GROUP BY period, client_uic
)
SELECT *, vl_tested(on_art, viral_load) AS vl_tested, vl_suppressed(on_art, viral_load) AS vl_suppressed
FROM (SELECT r.period, r.client_uic, r.tests, f.site_code, f.country_of_origin, f.migrant_group,
             f.residence_status, f.key_population, f.sex, f.age_band,
             coalesce(l.care_location, 'not_linked') AS care_location, r.first_test_date, r.positive,
             r.new_diagnosis, r.linked, r.on_art, r.viral_load, true AS repeat_tester
      FROM repeated AS r JOIN ordered AS f ON f.seq = r.first_seq
      -- only the linked positive tests (few) can be a linked_seq: the hash table is built on them, not
      -- on the 4.5M person rows (the build 12 % faster at 10M)
      LEFT JOIN (SELECT seq, care_location FROM ordered WHERE is_positive AND linked_date IS NOT NULL) AS l
          ON l.seq = r.linked_seq);
-- ;;
CREATE OR REPLACE MACRO person_rows(valid_tests) AS TABLE
WITH repeat_testers AS (
    SELECT client_uic FROM query_table(valid_tests) GROUP BY client_uic HAVING count(*) > 1
), single AS (  -- one valid test ever: the person's row is that test, in each of its three periods
    -- unnest in the select list: a lateral unnest in FROM is planned as a join, ten times slower here
    SELECT unnest(['all', v.month, v.quarter]) AS period, v.client_uic, 1::BIGINT AS tests, v.site_code, v.country_of_origin, v.migrant_group,
        v.residence_status, v.key_population, v.sex, v.age_band,
        coalesce(CASE WHEN v.is_positive AND v.linked_date IS NOT NULL THEN v.care_location END, 'not_linked')
            AS care_location,
        v.test_date AS first_test_date, v.is_positive AS positive,
        v.is_positive AND v.previously_diagnosed IS DISTINCT FROM 'yes' AS new_diagnosis,
        v.is_positive AND v.linked_date IS NOT NULL AS linked,
        v.is_positive AND v.art_start_date IS NOT NULL AS on_art,
        CASE WHEN v.is_positive THEN v.vl_copies END AS viral_load,
        false AS repeat_tester
    FROM query_table(valid_tests) AS v ANTI JOIN repeat_testers AS r ON r.client_uic = v.client_uic
)
SELECT *, vl_tested(on_art, viral_load) AS vl_tested, vl_suppressed(on_art, viral_load) AS vl_suppressed
FROM single
UNION ALL
SELECT * FROM repeat_person_rows(valid_tests, 'repeat_testers');
-- ;;
CREATE OR REPLACE VIEW marts.person_periods AS SELECT * FROM person_rows('marts.valid_tests');
