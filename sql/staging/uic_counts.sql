-- The distinct accepted UICs of the files read in this run ($files), each with its number of valid
-- tests in those files (is_valid_test, sql/macros/indicators.sql) and, when staging.uic_folds holds it
-- already, the rowid of its row there (fold_row). The ingest folds the new ones (pipelines/lib/uic.py)
-- and appends them with their count (sql/staging/uic_folds.sql), then adds the counts of the others
-- (by rowid: sql/staging/uic_folds_counted.sql). Read on a second connection as a stream (the files as
-- a parameter: this connection's temp tables are not the writer's), so the UICs are never all in Python.
-- One grouping of the new rows gives both: counting the valid tests cost nothing over the DISTINCT
-- this was (0.61 vs 0.63 s at 10M rows), and spares the indicator build its own grouping of every
-- valid test by person (sql/marts/repeat_testers_kept.sql).
SELECT n.client_uic, n.valid_tests, f.rowid AS fold_row
FROM (SELECT client_uic, count(*) FILTER (WHERE is_valid_test(result, test_modality)) AS valid_tests
      FROM staging.screening
      WHERE file_name IN (SELECT unnest($files::VARCHAR[]))
      GROUP BY client_uic) AS n
LEFT JOIN staging.uic_folds AS f USING (client_uic)
