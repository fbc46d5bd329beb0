-- The files the published warehouse (attached as prev) loaded rows from that this build has neither by name
-- nor by bytes: taken out of the inbox, or missing from it (a share synced in part). Their rows are no longer
-- counted. A file sent again under its name with other bytes (a corrected export) or renamed is not listed.
SELECT count(*) AS files, coalesce(sum(p.rows_accepted), 0) AS rows_accepted,
       coalesce(sum(p.rows_held), 0) AS rows_held, coalesce(list(p.file_name ORDER BY p.file_name), []) AS names
FROM prev.audit.files AS p
WHERE p.status = 'loaded'
  AND p.file_name NOT IN (SELECT file_name FROM audit.files)
  AND p.sha256 NOT IN (SELECT sha256 FROM audit.files WHERE sha256 IS NOT NULL)
