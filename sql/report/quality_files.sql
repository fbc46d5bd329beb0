SELECT status, count(*) AS files FROM audit.files GROUP BY status ORDER BY status
