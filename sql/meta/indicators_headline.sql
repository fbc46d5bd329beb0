-- The whole programme's indicators over all periods, unsuppressed (run metadata, seen by the officer
-- in the Dagster UI, never published).
SELECT indicator, numerator, denominator, value, ci_low, ci_high
FROM marts.indicators
WHERE period = 'all' AND dimension = 'total'
ORDER BY indicator
