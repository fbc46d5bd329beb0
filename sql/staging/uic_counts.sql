-- The distinct accepted UICs of the files read in this run, each with its number of valid tests in
-- those files (is_valid_test, sql/macros/indicators.sql) and, when staging.uic_folds holds it already,
-- the rowid of its row there (fold_row). The ingest adds the counts of those (by rowid, at once:
-- sql/staging/uic_folds_counted.sql), and folds the new ones (pipelines/lib/uic.py) and appends them
-- with their count (sql/staging/uic_folds.sql).
-- One grouping of the new rows gives both: counting the valid tests cost nothing over the DISTINCT
-- this was (0.61 vs 0.63 s at 10M rows), and spares the indicator build its own grouping of every
-- valid test by person (sql/marts/repeat_testers_kept.sql).
SELECT n.client_uic, n.valid_tests, f.rowid AS fold_row
FROM (SELECT client_uic, count(*) FILTER (WHERE is_valid_test(result, test_modality)) AS valid_tests
      FROM staging.screening
      WHERE file_name IN (SELECT file_name FROM file_list WHERE processed)
      GROUP BY client_uic) AS n
LEFT JOIN staging.uic_folds AS f USING (client_uic)
