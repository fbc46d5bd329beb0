SELECT * FROM report.indicators ORDER BY period, dimension, category, indicator
