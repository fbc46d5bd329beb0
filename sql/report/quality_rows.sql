SELECT coalesce(sum(rows_read), 0) AS rows_read, coalesce(sum(rows_accepted), 0) AS rows_accepted,
       coalesce(sum(rows_held), 0) AS rows_held, coalesce(sum(rows_duplicate), 0) AS rows_duplicate
FROM audit.files
