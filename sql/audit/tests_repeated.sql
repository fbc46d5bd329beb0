-- audit.tests_repeated: every row of the valid tests of one person (client_uic) on one day at one site with
-- one result under different record_ids, numbered by group (test_group), for the officer to find them in
-- their files: the same test sent twice (a site's history exported again from a new tool, which numbers its
-- rows anew) counts twice in `tests`. What the tests_repeated warning counts (sql/checks/tests_repeated.sql);
-- record-level, as audit.held_rows is. A view, computed when read. Only people with two valid tests or more
-- can have any: those the ingest counted (staging.uic_folds.valid_tests), which most people are not (read
-- whole at 10M rows: ~1.0 s, the 2.2-2.4M rows of such people grouped; a window count over them instead of the
-- join back took 1.1 s).
CREATE OR REPLACE VIEW audit.tests_repeated AS
WITH repeated AS (
    SELECT client_uic, test_date, site_code, result
    FROM staging.screening
    WHERE client_uic IN (SELECT client_uic FROM staging.uic_folds WHERE valid_tests > 1)
      AND is_valid_test(result, test_modality)
    GROUP BY client_uic, test_date, site_code, result
    HAVING count(*) > 1
)
SELECT dense_rank() OVER (ORDER BY s.client_uic, s.test_date, s.site_code, s.result) AS test_group,
       s.file_name, s.row_number, s.record_id, s.client_uic, s.test_date, s.site_code, s.result
FROM staging.screening AS s
JOIN repeated AS r ON r.client_uic = s.client_uic AND r.test_date = s.test_date AND r.site_code = s.site_code
                  AND r.result = s.result
WHERE is_valid_test(s.result, s.test_modality)
