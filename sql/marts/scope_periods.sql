-- The periods the added files' valid tests fall in (their months, quarters, and 'all'); none when
-- the added files brought no valid test. Reads scope_after and added_files (sql/marts/scope.sql).
SELECT coalesce(list(DISTINCT period ORDER BY period), [])
FROM (SELECT unnest(['all', month, quarter]) AS period FROM scope_after SEMI JOIN added_files USING (file_name))
