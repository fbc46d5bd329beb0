-- Whether the attached previous release (prev) has a check history to carry over.
SELECT count(*) > 0 FROM duckdb_tables()
WHERE database_name = 'prev' AND schema_name = 'audit' AND table_name = 'check_results'
