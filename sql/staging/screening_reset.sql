-- A full build starts from no staged rows (the outputs are appended to by sql/staging/screening.sql).
CREATE SCHEMA IF NOT EXISTS staging;
-- ;;
CREATE SCHEMA IF NOT EXISTS audit;
-- ;;
DROP TABLE IF EXISTS staging.screening;
-- ;;
DROP TABLE IF EXISTS audit.held_rows;
-- ;;
DROP TABLE IF EXISTS staging.uic_folds;
-- ;;
DROP TABLE IF EXISTS staging.uic_lookalike_groups;
