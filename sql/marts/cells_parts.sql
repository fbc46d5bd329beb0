-- cells_parts: the parts marts.indicators is summed from (sql/marts/cells.sql, cells_published.sql):
-- one row per part x period x dimension x category with the counts the indicators are made of.
CREATE OR REPLACE TEMP TABLE cells_parts (
    part VARCHAR, period VARCHAR, dimension VARCHAR, category VARCHAR, tests BIGINT, people_tested BIGINT,
    positives BIGINT, new_diagnoses BIGINT, linked BIGINT, on_art BIGINT, vl_tested BIGINT, vl_suppressed BIGINT)
