-- An incremental run whose new files sort among the published ones (a site's new month before another
-- site's published files): rows are judged in file order, so a new file's record_ids must not come in
-- a published file after it, whose rows were judged without them (accepted rows, which join the judging
-- as screening_preloaded, and held rows). The first such case, if any: the run then builds in full.
SELECT fn.file_name AS new_file, fp.file_name AS published_file
FROM screening_checked AS n
JOIN (SELECT record_id, file_seq FROM screening_checked WHERE preloaded
      UNION ALL
      SELECT h.record_id, f.file_seq FROM audit.held_rows AS h JOIN file_list AS f USING (file_name)) AS p
    USING (record_id)
JOIN file_list AS fn ON fn.file_seq = n.file_seq
JOIN file_list AS fp ON fp.file_seq = p.file_seq
WHERE NOT n.preloaded AND p.file_seq > n.file_seq
ORDER BY n.file_seq, n.row_number
LIMIT 1
