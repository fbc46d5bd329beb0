-- report.indicators: the donor-facing copy of marts.indicators, from the disclosure-controlled
-- frame published_df (pipelines/lib/disclosure.py). Suppressed rows carry no figures, only their mark.
CREATE SCHEMA IF NOT EXISTS report;
-- ;;
CREATE OR REPLACE TABLE report.indicators AS
SELECT period, dimension, category, indicator,
       numerator::BIGINT AS numerator, denominator::BIGINT AS denominator, value::DOUBLE AS value,
       ci_low::DOUBLE AS ci_low, ci_high::DOUBLE AS ci_high, suppressed::BOOLEAN AS suppressed,
       mark::VARCHAR AS mark
FROM published_df
ORDER BY period, dimension, category, indicator;
