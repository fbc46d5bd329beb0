-- Rows held back per column at fault and still to fix (audit.held_rows_open), those fixed since (sent again
-- corrected), a few record_ids of the open ones, and where the first open ones are (file and row, as the
-- officer finds them; never row content).
WITH held AS (
    SELECT c, count(*) AS n FROM audit.held_rows, unnest(reason_columns) AS t(c) GROUP BY c
), still AS (
    SELECT c, count(*) AS n, list(record_id ORDER BY file_name, row_number)[1:10] AS ids,
           list((file_name, row_number) ORDER BY file_name, row_number)[1:10] AS places
    FROM audit.held_rows_open, unnest(reason_columns) AS t(c) GROUP BY c
)
SELECT held.c AS column_name, coalesce(still.n, 0) AS rows_held, held.n - coalesce(still.n, 0) AS rows_fixed,
       coalesce(still.ids, []) AS sample_ids, coalesce(still.places, []) AS first_places
FROM held LEFT JOIN still USING (c)
