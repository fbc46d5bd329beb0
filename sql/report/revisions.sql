-- Rows of report.indicators published both here and in the previous release (prev, attached) whose
-- numerator, denominator or their difference (e.g. tests - positives, the negatives) changed by 1 to 4:
-- a reader holding both releases subtracts them and learns a count of 1-4, say one late test with its
-- month, country, key population and result. One row per period: such rows, and the rows compared.
-- Coverage's denominator is a target the officer sets, not people: only its numerator is compared.
WITH pairs AS (
    SELECT n.period,
           abs(n.numerator - o.numerator) AS numerator_change,
           CASE WHEN n.indicator <> 'coverage' THEN abs(n.denominator - o.denominator) END AS denominator_change,
           CASE WHEN n.indicator <> 'coverage'
                THEN abs((n.denominator - n.numerator) - (o.denominator - o.numerator)) END AS difference_change
    FROM report.indicators AS n
    JOIN prev.report.indicators AS o USING (period, dimension, category, indicator)
    WHERE NOT n.suppressed AND NOT o.suppressed
)
SELECT period,
       count(*) FILTER (WHERE numerator_change BETWEEN 1 AND 4 OR denominator_change BETWEEN 1 AND 4
                              OR difference_change BETWEEN 1 AND 4) AS revised,
       count(*) AS compared
FROM pairs
GROUP BY period
ORDER BY period
