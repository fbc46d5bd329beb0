-- Accepted record_ids that occur more than once (must be none).
SELECT count(*) AS failing, list(record_id ORDER BY record_id)[1:10] AS sample_ids
FROM (SELECT record_id FROM staging.screening GROUP BY record_id HAVING count(*) > 1)
