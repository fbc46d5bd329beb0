-- Files whose rows do not add up (must be none); file names stand in for record ids.
SELECT count(*) AS failing, list(file_name ORDER BY file_name)[1:10] AS sample_ids
FROM audit.files
WHERE rows_read <> rows_accepted + rows_held + rows_duplicate
