-- Is the DuckDB database at MH_WAREHOUSE the pipeline's warehouse (plan of a run)? Its tables and views, and
-- how many of them are the pipeline's own: one holding tables but none of these is someone else's database,
-- which a full rebuild would replace. An empty one holds nothing to lose.
SELECT (SELECT count(*) FROM duckdb_tables()) + (SELECT count(*) FROM duckdb_views() WHERE NOT internal),
       (SELECT count(*) FROM duckdb_tables()
        WHERE (schema_name = 'audit' AND table_name IN ('files', 'build'))
           OR (schema_name = 'staging' AND table_name = 'screening'))
