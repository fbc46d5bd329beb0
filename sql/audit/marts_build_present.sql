-- Whether the build holds indicators with a record of what they were computed from (a fresh build
-- does not: its staging was rebuilt from the whole inbox).
SELECT count(*) = 2 FROM duckdb_tables()
WHERE database_name = current_database()
  AND ((schema_name, table_name) IN (('audit', 'marts_build'), ('marts', 'indicators')))
