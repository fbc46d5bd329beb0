-- For each ($firsts[i], $originals[i]): a file judged before the file whose name its name extends
-- (pipelines/lib/file_order.py), the record_ids the two share, accepted or held in either. One row per pair
-- sharing any: (file, original, shared record_ids).
WITH pairs AS (
    SELECT unnest($firsts::VARCHAR[]) AS first, unnest($originals::VARCHAR[]) AS original
), named AS (
    SELECT first AS file_name FROM pairs UNION SELECT original FROM pairs
), ids AS (
    SELECT file_name, record_id FROM staging.screening WHERE file_name IN (SELECT file_name FROM named)
    UNION
    SELECT file_name, record_id FROM audit.held_rows
    WHERE record_id IS NOT NULL AND file_name IN (SELECT file_name FROM named)
)
SELECT p.first, p.original, count(DISTINCT a.record_id) AS shared
FROM pairs AS p
JOIN ids AS a ON a.file_name = p.first
JOIN ids AS b ON b.file_name = p.original AND b.record_id = a.record_id
GROUP BY ALL
ORDER BY p.first, p.original
