-- Held rows whose text as read was not kept (held only for a conflict with an earlier file), by file.
SELECT file_name, list(row_number ORDER BY row_number) FROM audit.held_rows WHERE raw IS NULL
GROUP BY file_name ORDER BY file_name
