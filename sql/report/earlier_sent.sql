-- The figures of every release marked as sent to donors (prev.audit.sent_figures), added to what
-- small_revisions compares with (sql/report/earlier_replaced.sql): donors hold all of them.
INSERT INTO earlier
SELECT period, dimension, category, indicator, numerator, denominator, true
FROM prev.audit.sent_figures
