-- Sites whose latest accepted test is more than $days days before $as_of.
SELECT site_code, max(test_date) AS last_test
FROM staging.screening
GROUP BY site_code
HAVING max(test_date) < $as_of::DATE - $days::INTEGER
ORDER BY site_code
