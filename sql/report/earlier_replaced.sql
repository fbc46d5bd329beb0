-- What small_revisions compares with when no release was marked as sent: the published figures of the
-- release this build replaces (prev, attached), as a temp table (prev is detached after).
CREATE OR REPLACE TEMP TABLE earlier AS
SELECT period, dimension, category, indicator, numerator, denominator
FROM prev.report.indicators
WHERE NOT suppressed
