-- The data dictionary: every table and column of the documented schemas with its comment.
SELECT t.schema_name, t.table_name, t.comment AS table_comment, c.column_name, c.data_type,
       c.comment AS column_comment, c.column_index
FROM duckdb_tables() AS t
JOIN duckdb_columns() AS c USING (database_name, schema_name, table_name)
WHERE t.database_name = current_database()
  AND t.schema_name IN ('staging', 'marts', 'report', 'audit')
ORDER BY t.schema_name, t.table_name, c.column_index
