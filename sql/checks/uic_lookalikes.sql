-- Distinct UICs that become equal when Cyrillic look-alike letters are read as Latin ones.
WITH folded AS (
    SELECT DISTINCT client_uic,
           translate(client_uic, 'АВЕКМНОРСТХ', 'ABEKMHOPCTX') AS latin
    FROM staging.screening
), groups AS (
    SELECT latin, count(*) AS n FROM folded GROUP BY latin HAVING count(*) > 1
)
SELECT count(*) AS failing,
       (SELECT list(s.record_id ORDER BY s.record_id)[1:10] FROM staging.screening AS s
        WHERE translate(s.client_uic, 'АВЕКМНОРСТХ', 'ABEKMHOPCTX') IN (SELECT latin FROM groups)) AS sample_ids
FROM groups
