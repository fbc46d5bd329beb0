-- Every unsuppressed indicator row, the input of disclosure control.
SELECT * FROM marts.indicators ORDER BY period, dimension, category, indicator
