-- audit.sent_figures, empty until the officer marks a release as sent (job mark_report_sent).
CREATE TABLE IF NOT EXISTS audit.sent_figures (
    sent_at TIMESTAMP, period VARCHAR, dimension VARCHAR, category VARCHAR, indicator VARCHAR,
    numerator BIGINT, denominator BIGINT
)
