-- Does the published warehouse carry a build record and the file audit? (plan of a run)
SELECT count(*) FILTER (WHERE table_name = 'build') > 0, count(*) FILTER (WHERE table_name = 'files') > 0
FROM duckdb_tables() WHERE schema_name = 'audit'
