SELECT c AS "column", count(*) AS "rows" FROM audit.held_rows, unnest(reason_columns) AS t(c)
GROUP BY c ORDER BY count(*) DESC, c
