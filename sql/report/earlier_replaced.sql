-- What small_revisions compares with, begun: the published figures of the release this build replaces
-- (prev, the published warehouse, attached; detached after), as a temp table; sql/report/earlier_sent.sql
-- and sql/report/earlier_released.sql add the releases before it. sent: whether donors are known to hold
-- the figures (the release was marked as sent); this one may have been sent without being marked.
CREATE OR REPLACE TEMP TABLE earlier AS
SELECT period, dimension, category, indicator, numerator, denominator, false AS sent
FROM prev.report.indicators
WHERE NOT suppressed
