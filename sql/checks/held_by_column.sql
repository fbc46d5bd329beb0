-- Rows held back per column at fault and still to fix (audit.held_rows_open), those fixed since (sent again
-- corrected), and the first open ones: file, row (as the officer finds them) and record_id (never row content).
WITH held AS (
    SELECT c, count(*) AS n FROM audit.held_rows, unnest(reason_columns) AS t(c) GROUP BY c
), still AS (
    SELECT c, count(*) AS n, list((file_name, row_number, record_id) ORDER BY file_name, row_number)[1:10] AS first
    FROM audit.held_rows_open, unnest(reason_columns) AS t(c) GROUP BY c
)
SELECT held.c AS column_name, coalesce(still.n, 0) AS rows_held, held.n - coalesce(still.n, 0) AS rows_fixed,
       coalesce(still.first, []) AS first_open
FROM held LEFT JOIN still USING (c)
