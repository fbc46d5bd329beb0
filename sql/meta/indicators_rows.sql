-- The rows of marts.indicators (run metadata).
SELECT count(*) FROM marts.indicators
