-- One row per inbox file with its fate; rows_read = rows_accepted + rows_held + rows_duplicate.
CREATE OR REPLACE TABLE audit.files AS
SELECT f.file_name, f.sha256, f.status, f.rows_read::BIGINT AS rows_read,
       coalesce(o.rows_accepted, 0)::BIGINT AS rows_accepted,
       coalesce(o.rows_held, 0)::BIGINT AS rows_held,
       coalesce(o.rows_duplicate, 0)::BIGINT AS rows_duplicate,
       f.reason,
       f.arrived_at
FROM file_list AS f
LEFT JOIN row_outcomes AS o USING (file_seq)
ORDER BY f.file_seq;
