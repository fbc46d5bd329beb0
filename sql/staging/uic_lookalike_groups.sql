-- staging.uic_lookalike_groups: each folded UIC (staging.uic_folds.latin) that two or more distinct
-- UICs share, with how many: the groups the uic_lookalikes warning counts. A full build groups every
-- fold once here (the check then reads this small table); an incremental build regroups only the folds
-- its new UICs touch (sql/staging/uic_lookalike_groups_added.sql).
CREATE OR REPLACE TABLE staging.uic_lookalike_groups AS
SELECT latin, count(*) AS uics
FROM staging.uic_folds
GROUP BY latin
HAVING count(*) > 1
