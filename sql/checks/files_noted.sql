-- Loaded files whose reason (their note) holds $mark: a column outside the contract that looks like one of its
-- own ("viral_load (the contract's vl_copies?)": pipelines/lib/column_likeness.py), whose values were not read
-- (columns_unread); rows a form tool's review marked rejected, loaded as the others
-- (pipelines/lib/review_states.py: rows_marked_rejected).
SELECT file_name, reason
FROM audit.files
WHERE status = 'loaded' AND contains(reason, $mark)
ORDER BY file_name
