-- The ingest's remaining working tables, dropped once staging and the audit are written (the judged
-- rows themselves, ten million at scale, go as soon as staging is written: sql/staging/screening.sql).
DROP TABLE IF EXISTS screening_firsts;
-- ;;
DROP TABLE IF EXISTS screening_valid;
-- ;;
DROP TABLE IF EXISTS screening_others;
-- ;;
DROP TABLE IF EXISTS row_outcomes;
