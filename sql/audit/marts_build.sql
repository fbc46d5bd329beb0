-- audit.marts_build: what marts.indicators was computed from, written with it in one transaction:
-- the definitions' fingerprint ($definition_sha) and the loaded files whose rows it counts.
CREATE OR REPLACE TABLE audit.marts_build AS
SELECT $definition_sha::VARCHAR AS definition_sha,
       (SELECT coalesce(list(file_name ORDER BY file_name), []) FROM audit.files WHERE status = 'loaded') AS files
