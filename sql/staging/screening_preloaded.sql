-- An incremental run: rows the published build loaded whose record_id comes again in the new files
-- join the judging as the loaded row of their record_id (so a re-sent row is a duplicate, a changed
-- one is held), and are not written again.
INSERT INTO screening_checked
SELECT f.file_seq, s.row_number, f.file_seq::BIGINT * 4294967296 + s.row_number, s.record_id, mh_content(s),
       []::VARCHAR[], true, NULL
FROM staging.screening AS s JOIN file_list AS f USING (file_name)
WHERE s.record_id IN (SELECT record_id FROM screening_checked WHERE NOT preloaded)
