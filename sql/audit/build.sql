-- audit.build: one row describing how the warehouse's staging was judged. Parameters: $contract_sha,
-- $mode (full | incremental), $as_of, $timezone (the programme's, MH_TIMEZONE, in which the files were
-- read: a Parquet timestamp with a zone is dated in it), $files_read (the inbox files this build read:
-- every file in a full build, the new ones in an incremental build).
CREATE OR REPLACE TABLE audit.build AS
SELECT $contract_sha::VARCHAR AS contract_sha, $mode::VARCHAR AS mode, $as_of::DATE AS as_of,
       $timezone::VARCHAR AS timezone, $files_read::VARCHAR[] AS files_read
