-- Files that arrived after the report day of the month following their latest test (late files).
SELECT count(*) AS late_files, coalesce(sum(f.rows_read), 0) AS late_rows
FROM audit.files AS f
JOIN (SELECT file_name, max(test_date) AS last_test FROM staging.screening GROUP BY file_name) AS s
    USING (file_name)
WHERE f.status = 'loaded'
  AND f.arrived_at >= date_trunc('month', s.last_test) + INTERVAL 1 MONTH + to_days($report_day::INTEGER)
