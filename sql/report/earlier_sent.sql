-- What small_revisions compares with once releases were marked as sent: the figures of every release
-- sent to donors (prev.audit.sent_figures; a donor may hold any of them), as a temp table.
CREATE OR REPLACE TEMP TABLE earlier AS
SELECT period, dimension, category, indicator, numerator, denominator
FROM prev.audit.sent_figures
