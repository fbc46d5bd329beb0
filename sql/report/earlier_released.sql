-- What small_revisions compares with when no release was marked as sent: the published figures of every
-- release so far, any of which a donor may hold (prev.audit.released_figures), and of the release this
-- build replaces (prev.report.indicators, in case it was published before that table existed), as a temp
-- table (prev is detached after). Comparing with the replaced release alone let a revision of 7 followed
-- by one of -5 pass both times, though the first release and the third differ by 2.
CREATE OR REPLACE TEMP TABLE earlier AS
SELECT period, dimension, category, indicator, numerator, denominator
FROM prev.audit.released_figures
UNION
SELECT period, dimension, category, indicator, numerator, denominator
FROM prev.report.indicators
WHERE NOT suppressed
