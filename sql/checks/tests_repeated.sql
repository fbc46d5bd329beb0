-- Valid tests of one person (client_uic) on one day at one site with one result under different
-- record_ids: the same test sent twice (a site's history exported again from a new tool, which numbers
-- its rows anew; a corrected copy renumbered), or one visit's tests recorded apart. Each counts in
-- `tests` (a person counts once in people_tested), so the M&E officer decides: a warning. failing: the
-- tests beyond the first of each such group; sample: the record_ids of the first groups (by UIC and
-- date), every id of a group. Only people with two valid tests or more can have any: those the ingest
-- counted (staging.uic_folds.valid_tests), which most people are not. The groups are counted, and the
-- ids listed for the first ten only: listing every group's ids took 0.9-1.3 s at 10M rows, this 0.8 s.
WITH repeated AS (
    SELECT client_uic, test_date, site_code, result, count(*) AS tests
    FROM staging.screening
    WHERE client_uic IN (SELECT client_uic FROM staging.uic_folds WHERE valid_tests > 1)
      AND is_valid_test(result, test_modality)
    GROUP BY client_uic, test_date, site_code, result
    HAVING count(*) > 1
), first AS (
    SELECT * FROM repeated ORDER BY client_uic, test_date, site_code, result LIMIT 10
)
SELECT (SELECT coalesce(sum(tests - 1), 0) FROM repeated) AS failing,
       (SELECT list(s.record_id ORDER BY f.client_uic, f.test_date, f.site_code, f.result, s.record_id)[1:10]
        FROM staging.screening AS s JOIN first AS f USING (client_uic, test_date, site_code, result)
        WHERE is_valid_test(s.result, s.test_modality)) AS sample_ids
