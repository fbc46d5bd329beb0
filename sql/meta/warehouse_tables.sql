-- The number of tables a release publishes (run metadata).
SELECT count(*) FROM duckdb_tables() WHERE schema_name IN ('staging', 'marts', 'report', 'audit')
