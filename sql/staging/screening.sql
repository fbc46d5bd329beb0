-- Duplicates across files, and the outputs: over the temp table screening_checked (every row read,
-- with the verdicts of sql/staging/screening_rules.sql) and file_list. Produces staging.screening
-- (accepted rows, typed and normalised), audit.held_rows (rows held back with every reason) and the
-- temp table row_outcomes (one outcome per row read). A record_id is loaded from its first row (in
-- file-name order, then row order) that passes every rule; a later row is a duplicate when its
-- normalised content is the same, else held.
-- screening_firsts: the record_ids read more than once or never valid (few), the only ones with rows
-- other than their loaded row, with the seq of that row (none when never valid). Rows are grouped by
-- a hash of record_id first, keeping only the hashes seen more than once or never valid (writing a
-- group for each of ten million record_ids was what took seconds); only their rows are then grouped
-- by record_id itself, so two record_ids sharing a hash are merely looked at exactly, never merged.
CREATE OR REPLACE TEMP TABLE screening_firsts AS
WITH candidates AS (
    SELECT hash(record_id) AS h
    FROM screening_checked
    GROUP BY h
    HAVING count(*) > 1 OR count(*) FILTER (WHERE len(reasons) = 0) = 0
)
SELECT record_id, min(seq) FILTER (WHERE len(reasons) = 0) AS loaded_seq
FROM screening_checked
WHERE hash(record_id) IN (SELECT h FROM candidates)
GROUP BY record_id
HAVING count(*) > 1 OR loaded_seq IS NULL;
-- ;;
-- Rows that passed every rule, by file read in this run: a file's accepted rows are these less its
-- valid rows that are not the loaded row of their record_id (duplicates, conflicts).
CREATE OR REPLACE TEMP TABLE screening_valid AS
SELECT file_seq, count(*) AS valid_rows
FROM screening_checked
WHERE len(reasons) = 0 AND NOT preloaded
GROUP BY file_seq;
-- ;;
-- Every row that is not the loaded row of its record_id (few): held for its reasons, a duplicate,
-- or held for a conflict with the loaded row.
CREATE OR REPLACE TEMP TABLE screening_others AS
WITH others AS (
    SELECT c.*, f.loaded_seq
    FROM screening_checked AS c LEFT JOIN screening_firsts AS f ON f.record_id = c.record_id
    WHERE (f.record_id IS NOT NULL OR c.record_id IS NULL) AND c.seq IS DISTINCT FROM f.loaded_seq
), loaded AS (
    SELECT l.seq, l.content, f.file_name, l.row_number
    FROM screening_checked AS l JOIN file_list AS f USING (file_seq)
    WHERE l.seq IN (SELECT loaded_seq FROM others)
)
SELECT o.file_seq, o.row_number, o.record_id, o.raw, len(o.reasons) = 0 AS valid,
    CASE WHEN o.loaded_seq < o.seq AND o.content IS NOT DISTINCT FROM l.content THEN 'duplicate'
         ELSE 'held' END AS outcome,
    CASE WHEN o.loaded_seq < o.seq AND o.content IS DISTINCT FROM l.content
        THEN list_prepend('record_id: ' || mh_quote(o.record_id) || ' was already loaded from ' || l.file_name
            || ' row ' || l.row_number || ' with different content', o.reasons)
        ELSE o.reasons END AS all_reasons
FROM others AS o LEFT JOIN loaded AS l ON l.seq = o.loaded_seq;
-- ;;
-- Rows are appended: an incremental run adds the new files' rows to the published ones.
-- Unsorted: sorting ten million wide rows took longer than judging them.
CREATE OR REPLACE TEMP VIEW screening_accepted AS
SELECT record_id, content.* REPLACE (content.age::UTINYINT AS age), file_name, row_number
FROM screening_checked
JOIN file_list USING (file_seq)
-- the loaded row of each record_id: valid and not one of the (few) others
ANTI JOIN screening_others AS o ON o.file_seq = screening_checked.file_seq AND o.row_number = screening_checked.row_number
WHERE len(reasons) = 0 AND NOT preloaded;
-- ;;
-- record_id and client_uic are nearly all distinct: stored uncompressed, as DuckDB's dictionary + FSST
-- analysis of ten million such strings cost more than it saved (write 8.5 -> 6.5 s; 145 MB more disk).
CREATE TABLE IF NOT EXISTS staging.screening (
    record_id VARCHAR USING COMPRESSION uncompressed, client_uic VARCHAR USING COMPRESSION uncompressed,
    test_date DATE, site_code VARCHAR, country_of_origin VARCHAR, migrant_group VARCHAR,
    residence_status VARCHAR, sex VARCHAR, age UTINYINT, key_population VARCHAR, test_modality VARCHAR,
    result VARCHAR, previously_diagnosed VARCHAR, linked_date DATE, care_location VARCHAR,
    art_start_date DATE, vl_date DATE, vl_copies BIGINT, file_name VARCHAR, row_number BIGINT);
-- ;;
INSERT INTO staging.screening BY NAME SELECT * FROM screening_accepted;
-- ;;
-- Every row read is judged and written by now (the rest works on screening_firsts and
-- screening_others): its memory, ten million rows at scale, goes before what follows.
DROP VIEW screening_accepted;
-- ;;
DROP TABLE screening_checked;
-- ;;
-- Every distinct accepted UIC with its look-alike letters read as Latin and its number of valid tests:
-- appended after this file by the ingest (sql/staging/uic_counts.sql, pipelines/lib/uic.py,
-- sql/staging/uic_folds.sql, sql/staging/uic_folds_counted.sql).
CREATE TABLE IF NOT EXISTS staging.uic_folds (
    client_uic VARCHAR USING COMPRESSION uncompressed, latin VARCHAR USING COMPRESSION uncompressed,
    valid_tests BIGINT);
-- ;;
CREATE OR REPLACE TEMP VIEW screening_held AS
SELECT f.file_name, o.row_number, o.record_id, array_to_string(o.all_reasons, '; ') AS reason,
       list_distinct([split_part(r, ':', 1) FOR r IN o.all_reasons]) AS reason_columns, o.raw
FROM screening_others AS o JOIN file_list AS f USING (file_seq)
WHERE o.outcome = 'held'
ORDER BY f.file_name, o.row_number;
-- ;;
CREATE TABLE IF NOT EXISTS audit.held_rows AS SELECT * FROM screening_held LIMIT 0;
-- ;;
INSERT INTO audit.held_rows SELECT * FROM screening_held;
-- ;;
CREATE OR REPLACE TEMP TABLE row_outcomes AS
WITH rest AS (  -- files published before keep their counts (they are not in this run's rows)
    SELECT file_seq, count(*) FILTER (WHERE outcome = 'held') AS rows_held,
           count(*) FILTER (WHERE outcome = 'duplicate') AS rows_duplicate,
           count(*) FILTER (WHERE valid) AS valid_others
    FROM screening_others GROUP BY file_seq
)
SELECT file_seq, coalesce(v.valid_rows, 0) - coalesce(r.valid_others, 0) AS rows_accepted,
       coalesce(r.rows_held, 0) AS rows_held, coalesce(r.rows_duplicate, 0) AS rows_duplicate
FROM screening_valid AS v FULL OUTER JOIN rest AS r USING (file_seq)
WHERE file_seq IN (SELECT file_seq FROM file_list WHERE processed);
