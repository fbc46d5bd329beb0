-- The sites of the published warehouse's accepted tests, to check the analysts' site_code filter against.
SELECT DISTINCT site_code FROM wh.staging.screening ORDER BY site_code
