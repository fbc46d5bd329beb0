-- The recorded marts build against the build's loaded files: (definition_sha, loaded files it does
-- not count yet, files it counts that are no longer loaded).
SELECT m.definition_sha,
       (SELECT coalesce(list(file_name ORDER BY file_name), []) FROM audit.files
        WHERE status = 'loaded' AND NOT list_contains(m.files, file_name)) AS added,
       (SELECT count(*) FROM unnest(m.files) AS u(f)
        WHERE f NOT IN (SELECT file_name FROM audit.files WHERE status = 'loaded')) AS gone
FROM audit.marts_build AS m
