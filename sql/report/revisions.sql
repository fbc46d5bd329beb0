-- Rows of report.indicators published here whose numerator, denominator or their difference (e.g. tests -
-- positives, the negatives) differ by 1 to 4 from the same row's figures in an earlier release (the temp
-- table earlier: sql/report/earlier_replaced.sql and the files it names): a reader holding both subtracts
-- them and learns a count of 1-4, say one late test with its month, country, key population and result.
-- Coverage's denominator is a target the officer sets, not people: only its numerator is compared.
-- A row whose figures are those of a release sent to donors tells them nothing they cannot work out from
-- the releases they hold; equal to those of a release perhaps not sent, it may (a donor holding the first
-- release and this one subtracts them). One row per period: the rows revised, and the rows compared (each
-- once).
WITH pairs AS (
    SELECT n.period, n.dimension, n.category, n.indicator,
           o.sent AND n.numerator = o.numerator AND n.denominator IS NOT DISTINCT FROM o.denominator AS held,
           abs(n.numerator - o.numerator) AS numerator_change,
           CASE WHEN n.indicator <> 'coverage' THEN abs(n.denominator - o.denominator) END AS denominator_change,
           CASE WHEN n.indicator <> 'coverage'
                THEN abs((n.denominator - n.numerator) - (o.denominator - o.numerator)) END AS difference_change
    FROM report.indicators AS n
    JOIN earlier AS o USING (period, dimension, category, indicator)
    WHERE NOT n.suppressed
), compared AS (
    SELECT period, dimension, category, indicator,
           bool_or(numerator_change BETWEEN 1 AND 4 OR denominator_change BETWEEN 1 AND 4
                   OR difference_change BETWEEN 1 AND 4) AND NOT bool_or(held) AS revised
    FROM pairs
    GROUP BY period, dimension, category, indicator
)
SELECT period, count(*) FILTER (WHERE revised) AS revised, count(*) AS compared
FROM compared
GROUP BY period
ORDER BY period
