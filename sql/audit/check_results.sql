-- audit.check_results: the history of check evaluations, kept across releases. The previous
-- release's history (attached as prev, when there is one) is carried over, then this run's rows
-- (temp table run_checks) are appended.
CREATE TABLE IF NOT EXISTS audit.check_results (
    run_id VARCHAR, released_at TIMESTAMP, asset VARCHAR, check_name VARCHAR, passed BOOLEAN,
    severity VARCHAR, failing BIGINT);
-- ;;
INSERT INTO audit.check_results
SELECT run_id, released_at, asset, check_name, passed, severity, failing FROM run_checks;
