-- Distinct UICs that become equal when Cyrillic look-alike letters are read as Latin ones (only a
-- UIC holding such a letter is folded; the others are compared as they are).
WITH uics AS (
    SELECT DISTINCT client_uic FROM staging.screening
), members AS (
    SELECT client_uic,
           CASE WHEN regexp_matches(client_uic, '[АВЕКМНОРСТХ]')
                THEN translate(client_uic, 'АВЕКМНОРСТХ', 'ABEKMHOPCTX') ELSE client_uic END AS latin
    FROM uics
), groups AS (
    SELECT latin FROM members GROUP BY latin HAVING count(*) > 1
)
SELECT count(*) AS failing,
       (SELECT min(s.record_id, 10) FROM staging.screening AS s
        WHERE s.client_uic IN (SELECT client_uic FROM members WHERE latin IN (SELECT latin FROM groups)))
           AS sample_ids
FROM groups
