-- Shared definitions, stored in the warehouse so that analysts' SQL uses the same rules.
-- Wilson score 95 % interval for x successes out of n (z = 1.959964); NULL when n is 0.
-- Clamped to [0, 1]: at x = 0 or x = n rounding would otherwise give -0.0 or 1.0000000000000002.
CREATE OR REPLACE MACRO wilson_low(x, n) AS CASE WHEN n > 0 THEN greatest(0.0,
    ((x / n + 1.959964 ^ 2 / (2 * n))
     - 1.959964 * sqrt((x / n) * (1 - x / n) / n + 1.959964 ^ 2 / (4 * n ^ 2)))
    / (1 + 1.959964 ^ 2 / n)) END;
-- ;;
CREATE OR REPLACE MACRO wilson_high(x, n) AS CASE WHEN n > 0 THEN least(1.0,
    ((x / n + 1.959964 ^ 2 / (2 * n))
     + 1.959964 * sqrt((x / n) * (1 - x / n) / n + 1.959964 ^ 2 / (4 * n ^ 2)))
    / (1 + 1.959964 ^ 2 / n)) END;
-- ;;
-- PEPFAR MER five-year age bands, 50+ collapsed.
CREATE OR REPLACE MACRO age_band(age) AS CASE
    WHEN age < 15 THEN '<15' WHEN age < 20 THEN '15-19' WHEN age < 25 THEN '20-24'
    WHEN age < 30 THEN '25-29' WHEN age < 35 THEN '30-34' WHEN age < 40 THEN '35-39'
    WHEN age < 45 THEN '40-44' WHEN age < 50 THEN '45-49' ELSE '50+' END;
-- ;;
-- A date's reporting quarter, e.g. 2025-Q3.
CREATE OR REPLACE MACRO quarter_of(d) AS year(d) || '-Q' || quarter(d);
-- ;;
-- A valid test: negative or positive result, and not a self-test (empty modality is not one).
CREATE OR REPLACE MACRO is_valid_test(result, test_modality) AS
    result IN ('negative', 'positive') AND coalesce(test_modality, '') <> 'self_test';
-- ;;
-- A person on ART with a viral load result (their latest in the period), and one below 1000 copies/mL.
CREATE OR REPLACE MACRO vl_tested(on_art, viral_load) AS on_art AND viral_load IS NOT NULL;
-- ;;
CREATE OR REPLACE MACRO vl_suppressed(on_art, viral_load) AS on_art AND viral_load IS NOT NULL AND viral_load < 1000;
