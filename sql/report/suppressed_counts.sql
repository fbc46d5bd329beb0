-- Rows of report.indicators, and how many of them are suppressed.
SELECT count(*), count(*) FILTER (WHERE suppressed) FROM report.indicators
