-- Accepted rows: how many the GX suite could look at; of the files $files only, unless NULL
-- (sql/checks/gx_files.sql).
SELECT count(*) FROM staging.screening
WHERE $files::VARCHAR[] IS NULL OR file_name IN (SELECT unnest($files::VARCHAR[]))
