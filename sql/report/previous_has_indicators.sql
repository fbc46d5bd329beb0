-- Whether the attached previous release (prev) has a report.indicators to compare with.
SELECT count(*) > 0 FROM duckdb_tables()
WHERE database_name = 'prev' AND schema_name = 'report' AND table_name = 'indicators'
