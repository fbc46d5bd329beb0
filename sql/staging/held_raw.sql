-- The text as read of some held rows of one file (relation file_rows, read again).
-- Parameters: $file_name, $rows (their row numbers).
UPDATE audit.held_rows AS h SET raw = mh_raw_json(r)
FROM file_rows AS r
WHERE h.file_name = $file_name AND h.row_number = r.row_number AND list_contains($rows, r.row_number)
