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
WITH theirs AS NOT MATERIALIZED (  -- their valid tests, read by the sort and the cascade below; inlined
    -- in each, as a CTE read twice would otherwise be stored whole first (the cascade reads only positives)
    -- month and quarter again from the date (as marts.valid_tests has them), after the join: the
    -- relation's own would be formatted for every valid test before the join keeps a fifth of them
    SELECT v.* REPLACE (strftime(v.test_date, '%Y-%m') AS month, quarter_of(v.test_date) AS quarter)
    FROM query_table(valid_tests) AS v
    SEMI JOIN query_table(repeat_testers) AS r ON r.client_uic = v.client_uic
), ordered AS (
    -- Each person's tests in order (test_date, then record_id; the quarter and month first change
    -- nothing, as they follow from the date, but make a month's and a quarter's tests neighbours, so
    -- that their counts are counts of peers in the same sort). Dates only grow along a person's tests:
    -- a test is their first in its month (quarter) when the test before it is in another month
    -- (quarter). One partitioned sort of the columns the rows need, instead of a global sort, a
    -- grouping of every person-period and a join back to each first test for its attributes: the
    -- person rows 2.0 -> 1.0 s at 10M rows, the indicator build 6.9-9.6 -> 5.6-6.2 s (and no spilling).
    SELECT row_number() OVER w AS rn, lag(v.month) OVER w AS prev_month, lag(v.quarter) OVER w AS prev_quarter,
        count(*) OVER (PARTITION BY v.client_uic) AS n_all,
        count(*) OVER (PARTITION BY v.client_uic ORDER BY v.quarter, v.month GROUPS CURRENT ROW) AS n_month,
        count(*) OVER (PARTITION BY v.client_uic ORDER BY v.quarter GROUPS CURRENT ROW) AS n_quarter,
        v.client_uic, v.month, v.quarter, v.test_date, v.site_code, v.country_of_origin,
        v.migrant_group, v.residence_status, v.key_population, v.sex, v.age_band
    FROM theirs AS v
    WINDOW w AS (PARTITION BY v.client_uic ORDER BY v.quarter, v.month, v.test_date, v.record_id)
), firsts AS (  -- a person's row in a period is their first test in it, with the period's number of tests
    SELECT unnest(CASE WHEN rn = 1 THEN [{'period': 'all', 'tests': n_all}, {'period': month, 'tests': n_month},
                                         {'period': quarter, 'tests': n_quarter}]
                       WHEN month = prev_month THEN []
                       WHEN quarter = prev_quarter THEN [{'period': month, 'tests': n_month}]
                       ELSE [{'period': month, 'tests': n_month}, {'period': quarter, 'tests': n_quarter}] END) AS p,
        client_uic, site_code, country_of_origin, migrant_group, residence_status, key_population, sex, age_band,
        test_date
    FROM ordered
), cascade AS (  -- the cascade from the positive tests only (few): a small hash table joined to the rows
    -- (aggregating it over every person-period made that grouping twice as slow). Read from the valid
    -- tests, not from the sort above: its six cascade columns made every sorted row wider for the 4 %
    -- that are positive (without them the build 5.5-5.6 -> 5.1-5.3 s at 10M, four interleaved pairs,
    -- same result). Their first linked positive test in a period is the smallest (test_date,
    -- record_id), the order of the sort above: month and quarter follow from the date.
    SELECT period, client_uic,
        bool_or(previously_diagnosed IS DISTINCT FROM 'yes') AS new_diagnosis,
        bool_or(linked_date IS NOT NULL) AS linked,
        -- the care location of the first linked positive test, even when it is empty
        arg_min_null(care_location, (test_date, record_id)) FILTER (WHERE linked_date IS NOT NULL) AS care_location,
        bool_or(art_start_date IS NOT NULL) AS on_art,
        -- the latest viral load (vl_date, then record_id)
        arg_max(vl_copies, (vl_date, record_id)) FILTER (WHERE vl_copies IS NOT NULL) AS viral_load
    FROM (SELECT unnest(['all', month, quarter]) AS period, * FROM theirs WHERE is_positive)
    GROUP BY period, client_uic
)
SELECT *, vl_tested(on_art, viral_load) AS vl_tested, vl_suppressed(on_art, viral_load) AS vl_suppressed
FROM (SELECT f.p.period, f.client_uic, f.p.tests, f.site_code, f.country_of_origin, f.migrant_group,
             f.residence_status, f.key_population, f.sex, f.age_band,
             coalesce(c.care_location, 'not_linked') AS care_location, f.test_date AS first_test_date,
             c.client_uic IS NOT NULL AS positive, coalesce(c.new_diagnosis, false) AS new_diagnosis,
             coalesce(c.linked, false) AS linked, coalesce(c.on_art, false) AS on_art, c.viral_load,
             true AS repeat_tester
      FROM firsts AS f LEFT JOIN cascade AS c ON c.period = f.p.period AND c.client_uic = f.client_uic);
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
