-- Whether the attached previous release (prev) has the table $schema.$table (to carry over or compare with).
SELECT count(*) > 0 FROM duckdb_tables()
WHERE database_name = 'prev' AND schema_name = $schema AND table_name = $table
