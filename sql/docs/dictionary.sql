-- The data dictionary: every table and view of the documented schemas, every column, with comments.
WITH objects AS (
    SELECT database_name, schema_name, table_name, comment FROM duckdb_tables()
    UNION ALL
    SELECT database_name, schema_name, view_name, comment FROM duckdb_views() WHERE NOT internal
)
SELECT t.schema_name, t.table_name, t.comment AS table_comment, c.column_name, c.data_type,
       c.comment AS column_comment, c.column_index
FROM objects AS t
JOIN duckdb_columns() AS c USING (database_name, schema_name, table_name)
WHERE t.database_name = current_database()
  AND t.schema_name IN ('staging', 'marts', 'report', 'audit')
ORDER BY t.schema_name, t.table_name, c.column_index
