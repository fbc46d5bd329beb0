-- The cells of marts.indicators: for each period x dimension x category the counts every indicator is
-- made of (valid tests, people tested, positives, new diagnoses, linked, on ART, VL tested, VL
-- suppressed), added to the temp table cells_parts (sql/marts/cells_parts.sql) under the label $part.
-- $tests names the valid tests to count (marts.valid_tests, or every valid test of some people: counts
-- are sums over people, so the cells of some people can be taken out of published cells and put back
-- recomputed, see pipelines/lib/marts.py); $repeat_testers names the relation of the client_uic of
-- the people with more than one of those tests (sql/marts/repeat_testers.sql, or for every valid test
-- the ingest's count, sql/marts/repeat_testers_kept.sql: a temp table either way, read by the join
-- below and by repeat_person_rows); $periods as in indicators.sql: ['*'] builds every period.
INSERT INTO cells_parts
WITH tests AS (  -- valid tests whose month, quarter or 'all' is being built; single: the person's only one
    SELECT v.*, r.client_uic IS NULL AS single
    FROM query_table($tests) AS v LEFT JOIN query_table($repeat_testers) AS r ON r.client_uic = v.client_uic
    -- the month and quarter from the date, not the relation's: formatted only for the rows the
    -- branches before leave (none when building every period), rather than for every valid test
    WHERE list_contains($periods, '*') OR list_contains($periods, 'all')
       OR list_contains($periods, strftime(v.test_date, '%Y-%m'))
       OR list_contains($periods, quarter_of(v.test_date))
), counted AS (
    -- One relation, aggregated once. Tests count under their own row's attributes and people under
    -- their earliest valid test's. Most people have one valid test ever: that test is also their
    -- person row in its month, its quarter and 'all', so those rows are counted by month and the
    -- months added up to quarters and 'all' afterwards (roll_up). The tests of people with several
    -- count as tests only; their person rows come from repeat_person_rows (the part of person_rows, i.e.
    -- marts.person_periods, for people with several), one row per period.
    -- A test's month as the number yyyymm (ym), made text only after grouping: formatting ten million
    -- dates as 'YYYY-MM' and grouping on the text took 0.2 s more of the build at 10M.
    SELECT NULL::VARCHAR AS period, year(test_date) * 100 + month(test_date) AS ym, true AS roll_up,
        1 AS is_test, single::INTEGER AS is_person, single::INTEGER AS person_tests,
        country_of_origin, migrant_group, residence_status, key_population, sex, age_band, site_code,
        CASE WHEN single THEN coalesce(CASE WHEN is_positive AND linked_date IS NOT NULL THEN care_location END,
                                       'not_linked') END AS care_location,
        single AND is_positive AS positive,
        single AND is_positive AND previously_diagnosed IS DISTINCT FROM 'yes' AS new_diagnosis,
        single AND is_positive AND linked_date IS NOT NULL AS linked,
        single AND is_positive AND art_start_date IS NOT NULL AS on_art,
        vl_tested(single AND is_positive AND art_start_date IS NOT NULL, vl_copies) AS vl_tested,
        vl_suppressed(single AND is_positive AND art_start_date IS NOT NULL, vl_copies) AS vl_suppressed
    FROM tests
    UNION ALL  -- ... and their person rows, counted as people only
    SELECT p.period, NULL, false, 0, 1, p.tests, p.country_of_origin, p.migrant_group, p.residence_status,
        p.key_population, p.sex, p.age_band, p.site_code, p.care_location, p.positive, p.new_diagnosis,
        p.linked, p.on_art, p.vl_tested, p.vl_suppressed
    FROM repeat_person_rows($tests, $repeat_testers) AS p
    WHERE list_contains($periods, '*') OR list_contains($periods, p.period)
), pre AS (
    -- The dimensions in three groups whose combined categories stay few at any N (countries x key
    -- populations, ...: hundreds to a few thousand per period), each dimension then summed from its
    -- group's small result: three hash tables over every row instead of nine (25 % of the build at 10M).
    -- No quarter among the keys: it follows from the month, found after grouping. A row has a period
    -- (person rows) or a month number (tests), never both.
    SELECT coalesce(period, printf('%04d-%02d', ym // 100, ym % 100)) AS period, roll_up,
        CASE WHEN grouping(country_of_origin) = 0 THEN 1 WHEN grouping(migrant_group) = 0 THEN 2 ELSE 3 END AS part,
        coalesce(country_of_origin, migrant_group, site_code) AS k1,
        coalesce(key_population, residence_status, care_location) AS k2, sex AS k3, age_band AS k4,
        sum(is_test) AS tests, sum(person_tests) AS person_tests, sum(is_person) AS people_tested,
        count(*) FILTER (WHERE positive) AS positives, count(*) FILTER (WHERE new_diagnosis) AS new_diagnoses,
        count(*) FILTER (WHERE linked) AS linked, count(*) FILTER (WHERE on_art) AS on_art,
        count(*) FILTER (WHERE vl_tested) AS vl_tested, count(*) FILTER (WHERE vl_suppressed) AS vl_suppressed
    FROM counted
    GROUP BY GROUPING SETS ((period, ym, roll_up, country_of_origin, key_population),
        (period, ym, roll_up, migrant_group, residence_status, sex, age_band),
        (period, ym, roll_up, site_code, care_location))
), by_dimension AS (  -- each row of pre once per dimension of its set; summed below
    SELECT d.dimension, coalesce(d.category, 'all') AS category, * EXCLUDE (part, k1, k2, k3, k4, d)
    FROM (SELECT *, unnest(CASE part
            WHEN 1 THEN [{'dimension': 'total', 'category': 'all'}, {'dimension': 'country_of_origin', 'category': k1},
                         {'dimension': 'key_population', 'category': k2}]
            WHEN 2 THEN [{'dimension': 'migrant_group', 'category': k1}, {'dimension': 'residence_status', 'category': k2},
                         {'dimension': 'sex', 'category': k3}, {'dimension': 'age_band', 'category': k4}]
            ELSE [{'dimension': 'site_code', 'category': k1}, {'dimension': 'care_location', 'category': k2}] END) AS d
          FROM pre)
)
SELECT $part::VARCHAR AS part, period, dimension, category,
    sum(CASE WHEN dimension = 'care_location' THEN person_tests ELSE tests END) AS tests,
    sum(people_tested) AS people_tested, sum(positives) AS positives, sum(new_diagnoses) AS new_diagnoses,
    sum(linked) AS linked, sum(on_art) AS on_art, sum(vl_tested) AS vl_tested,
    sum(vl_suppressed) AS vl_suppressed
FROM (SELECT unnest(CASE WHEN roll_up THEN ['all', period, quarter_of(strptime(period, '%Y-%m')::DATE)]
                           ELSE [period] END) AS period,
             * EXCLUDE (period) FROM by_dimension)
-- tests of people with several carry no care location: they are not a care_location category
WHERE NOT (dimension = 'care_location' AND category = 'all')
  AND (list_contains($periods, '*') OR list_contains($periods, period))
GROUP BY period, dimension, category;
