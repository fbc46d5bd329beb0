-- audit.sent_figures, empty until the officer marks a release as sent (job mark_report_sent), and
-- audit.released_figures, the figures of every release published since the last one marked. Created where
-- a warehouse released before these tables existed meets them.
CREATE TABLE IF NOT EXISTS audit.sent_figures (
    sent_at TIMESTAMP, period VARCHAR, dimension VARCHAR, category VARCHAR, indicator VARCHAR,
    numerator BIGINT, denominator BIGINT
);
-- ;;
CREATE TABLE IF NOT EXISTS audit.released_figures (
    released_at TIMESTAMP, period VARCHAR, dimension VARCHAR, category VARCHAR, indicator VARCHAR,
    numerator BIGINT, denominator BIGINT
)
