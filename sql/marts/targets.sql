-- The coverage targets of this build (registered relation targets_df: period, dimension, category,
-- target) as the temp table targets, which sql/marts/indicators.sql joins for the coverage indicator.
CREATE OR REPLACE TEMP TABLE targets AS SELECT * FROM targets_df
