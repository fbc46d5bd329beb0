-- audit.build: one row describing how the warehouse's staging was judged. Parameters: $contract_sha,
-- $mode (full | incremental), $as_of.
CREATE OR REPLACE TABLE audit.build AS
SELECT $contract_sha::VARCHAR AS contract_sha, $mode::VARCHAR AS mode, $as_of::DATE AS as_of
