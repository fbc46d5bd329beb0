-- audit.build: one row describing how the warehouse's staging was judged. Parameters: $contract_sha,
-- $mode (full | incremental), $as_of, $files_read (the inbox files this build read: every file in a
-- full build, the new ones in an incremental build).
CREATE OR REPLACE TABLE audit.build AS
SELECT $contract_sha::VARCHAR AS contract_sha, $mode::VARCHAR AS mode, $as_of::DATE AS as_of,
       $files_read::VARCHAR[] AS files_read
