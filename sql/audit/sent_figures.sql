-- Mark the published release as sent to donors at $sent_at: its published figures (rows of
-- report.indicators not suppressed) are added to audit.sent_figures, which small_revisions compares with.
INSERT INTO audit.sent_figures
SELECT $sent_at, period, dimension, category, indicator, numerator, denominator
FROM report.indicators
WHERE NOT suppressed
