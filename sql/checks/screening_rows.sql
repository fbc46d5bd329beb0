-- Accepted rows: how many the GX suite could look at.
SELECT count(*) FROM staging.screening
