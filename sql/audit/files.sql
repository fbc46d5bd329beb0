-- One row per inbox file with its fate; rows_read = rows_accepted + rows_held + rows_duplicate.
-- Files an incremental run did not read keep the counts of the build that did (prev_*).
CREATE OR REPLACE TABLE audit.files AS
SELECT f.file_name, f.sha256, f.status, f.rows_read::BIGINT AS rows_read,
       coalesce(o.rows_accepted, f.prev_accepted, 0)::BIGINT AS rows_accepted,
       coalesce(o.rows_held, f.prev_held, 0)::BIGINT AS rows_held,
       coalesce(o.rows_duplicate, f.prev_duplicate, 0)::BIGINT AS rows_duplicate,
       f.reason,
       f.arrived_at
FROM file_list AS f
LEFT JOIN row_outcomes AS o USING (file_seq)
ORDER BY f.file_seq;
