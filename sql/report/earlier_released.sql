-- The figures of every release published since the last one marked as sent, or since the first while none
-- is (prev.audit.released_figures), added to what small_revisions compares with
-- (sql/report/earlier_replaced.sql): any of them may have been sent without being marked. Comparing with
-- the replaced release alone let a revision of 7 followed by one of -5 pass both times, though the first
-- release and the third differ by 2.
INSERT INTO earlier
SELECT period, dimension, category, indicator, numerator, denominator, false
FROM prev.audit.released_figures
