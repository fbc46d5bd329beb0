-- The published file audit, in processing (file-name) order.
SELECT file_name, sha256, status, reason, rows_read, rows_accepted, rows_held, rows_duplicate, arrived_at
FROM audit.files ORDER BY file_name
