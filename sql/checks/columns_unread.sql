-- Loaded files with a column the contract does not know that looks like one of its own, as the file's reason
-- notes it ("viral_load (the contract's vl_copies?)": pipelines/lib/column_likeness.py): that column's values
-- were not read. $mark: the note's opening words.
SELECT file_name, reason
FROM audit.files
WHERE status = 'loaded' AND contains(reason, $mark)
ORDER BY file_name
