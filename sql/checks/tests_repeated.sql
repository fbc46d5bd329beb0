-- Valid tests of one person (client_uic) on one day at one site with one result under different
-- record_ids: the same test sent twice (a site's history exported again from a new tool, which numbers
-- its rows anew; a corrected copy renumbered), or one visit's tests recorded apart. Each counts in
-- `tests` (a person counts once in people_tested), so the M&E officer decides: a warning. failing: the
-- tests beyond the first of each such group; sample: the record_ids of the first groups (by UIC and
-- date), every id of a group. Only people with two valid tests or more can have any: those the ingest
-- counted (staging.uic_folds.valid_tests), which most people are not.
WITH repeated AS (
    SELECT client_uic, test_date, count(*) AS tests, list(record_id ORDER BY record_id) AS ids
    FROM staging.screening
    WHERE client_uic IN (SELECT client_uic FROM staging.uic_folds WHERE valid_tests > 1)
      AND is_valid_test(result, test_modality)
    GROUP BY client_uic, test_date, site_code, result
    HAVING count(*) > 1
)
SELECT coalesce(sum(tests - 1), 0) AS failing,
       flatten(list(ids ORDER BY client_uic, test_date, ids[1]))[1:10] AS sample_ids
FROM repeated
