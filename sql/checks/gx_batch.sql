-- One batch of staging.screening for Great Expectations: dates as ISO text (GX 1.x compares a
-- DATE column with a string bound only as text), stable order so batches partition the table.
-- $stride 1 takes every row; n takes the rows whose record_id hashes to 0 modulo n (about 1 in n,
-- the same rows on every run). $files: of these files' rows only, unless NULL (sql/checks/gx_files.sql;
-- at 10M + a month 0.12 against 0.38 s, and as fast as without the condition when NULL).
SELECT * REPLACE (
    strftime(test_date, '%Y-%m-%d') AS test_date, strftime(linked_date, '%Y-%m-%d') AS linked_date,
    strftime(art_start_date, '%Y-%m-%d') AS art_start_date, strftime(vl_date, '%Y-%m-%d') AS vl_date)
FROM staging.screening
-- the parameters typed: left for DuckDB to infer, they made this scan four times slower
WHERE hash(record_id) % $stride::UBIGINT = 0
  AND ($files::VARCHAR[] IS NULL OR file_name IN (SELECT unnest($files::VARCHAR[])))
ORDER BY record_id
LIMIT $batch_rows::BIGINT OFFSET $offset::BIGINT
