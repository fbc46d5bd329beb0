-- The cells of the published marts.indicators, back from its rows (every cell has a row for each of
-- its counts), added to cells_parts as the part 'published': what an incremental build starts from.
INSERT INTO cells_parts
SELECT 'published', period, dimension, category,
    max(numerator) FILTER (WHERE indicator = 'tests'),
    max(numerator) FILTER (WHERE indicator = 'people_tested'),
    max(numerator) FILTER (WHERE indicator = 'positives'),
    max(numerator) FILTER (WHERE indicator = 'new_diagnoses'),
    max(numerator) FILTER (WHERE indicator = 'linked'),
    max(numerator) FILTER (WHERE indicator = 'on_art'),
    max(numerator) FILTER (WHERE indicator = 'vl_tested'),
    max(numerator) FILTER (WHERE indicator = 'vl_suppressed')
FROM marts.indicators
GROUP BY period, dimension, category;
