-- Duplicates across files, and the outputs: over the temp table screening_checked (every row read,
-- with the verdicts of sql/staging/screening_rules.sql) and file_list. Produces staging.screening
-- (accepted rows, typed and normalised), audit.held_rows (rows held back with every reason) and the
-- temp table row_outcomes (one outcome per row read).
CREATE OR REPLACE TEMP TABLE screening_judged AS
WITH firsts AS (
    SELECT record_id, count(*) AS copies, min(seq) FILTER (WHERE len(reasons) = 0) AS loaded_seq
    FROM screening_checked
    GROUP BY record_id
), repeated AS (  -- only a record_id read more than once needs its loaded content compared
    SELECT f.record_id, c.content AS loaded_content, l.file_name AS loaded_file, c.row_number AS loaded_row
    FROM firsts AS f JOIN screening_checked AS c ON c.seq = f.loaded_seq JOIN file_list AS l USING (file_seq)
    WHERE f.copies > 1
)
SELECT c.*,
    CASE WHEN f.loaded_seq = c.seq THEN 'accepted'
         WHEN f.loaded_seq < c.seq AND c.content IS NOT DISTINCT FROM r.loaded_content THEN 'duplicate'
         ELSE 'held' END AS outcome,
    CASE WHEN f.loaded_seq < c.seq AND c.content IS DISTINCT FROM r.loaded_content
        THEN list_prepend('record_id: ' || mh_quote(c.record_id) || ' was already loaded from ' || r.loaded_file
            || ' row ' || r.loaded_row || ' with different content', c.reasons)
        ELSE c.reasons END AS all_reasons
FROM screening_checked AS c
LEFT JOIN firsts AS f ON f.record_id = c.record_id
LEFT JOIN repeated AS r ON r.record_id = c.record_id;
-- ;;
CREATE OR REPLACE TABLE staging.screening AS
SELECT record_id, content.* REPLACE (content.age::UTINYINT AS age), file_name, row_number
FROM screening_judged JOIN file_list USING (file_seq)
WHERE outcome = 'accepted';  -- no ORDER BY: sorting ten million wide rows took longer than judging them
-- ;;
CREATE OR REPLACE TABLE audit.held_rows AS
SELECT l.file_name, j.row_number, j.record_id, array_to_string(j.all_reasons, '; ') AS reason,
       list_distinct([split_part(r, ':', 1) FOR r IN j.all_reasons]) AS reason_columns, j.raw
FROM screening_judged AS j JOIN file_list AS l USING (file_seq)
WHERE j.outcome = 'held'
ORDER BY l.file_name, j.row_number;
-- ;;
CREATE OR REPLACE TEMP TABLE row_outcomes AS
SELECT file_seq, count(*) FILTER (WHERE outcome = 'accepted') AS rows_accepted,
       count(*) FILTER (WHERE outcome = 'held') AS rows_held,
       count(*) FILTER (WHERE outcome = 'duplicate') AS rows_duplicate
FROM screening_judged GROUP BY file_seq;
