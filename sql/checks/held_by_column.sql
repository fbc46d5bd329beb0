-- Rows held back per column at fault, with a few record_ids (never row content).
SELECT c AS column_name, count(*) AS rows_held, list(record_id ORDER BY file_name, row_number)[1:10] AS sample_ids
FROM audit.held_rows, unnest(reason_columns) AS t(c)
GROUP BY c
