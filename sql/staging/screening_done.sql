-- The ingest's working tables, dropped once staging and the audit are written: the judged rows of
-- every file read (ten million rows at scale) would otherwise hold memory for the rest of the session.
DROP TABLE IF EXISTS screening_checked;
-- ;;
DROP TABLE IF EXISTS screening_firsts;
-- ;;
DROP TABLE IF EXISTS screening_valid;
-- ;;
DROP TABLE IF EXISTS screening_others;
-- ;;
DROP TABLE IF EXISTS row_outcomes;
