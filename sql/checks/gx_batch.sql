-- One batch of staging.screening for Great Expectations: dates as ISO text (GX 1.x compares a
-- DATE column with a string bound only as text), stable order so batches partition the table.
SELECT * REPLACE (
    strftime(test_date, '%Y-%m-%d') AS test_date, strftime(linked_date, '%Y-%m-%d') AS linked_date,
    strftime(art_start_date, '%Y-%m-%d') AS art_start_date, strftime(vl_date, '%Y-%m-%d') AS vl_date)
FROM staging.screening
ORDER BY record_id
LIMIT $batch_rows OFFSET $offset
