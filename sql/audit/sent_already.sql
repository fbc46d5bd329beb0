-- When a release with exactly the published figures (rows of report.indicators not suppressed, each with
-- its numerator and denominator) was marked as sent, if one was: marking the same figures again (say the
-- same reports sent to a second donor) adds nothing donors hold, and is not kept twice.
WITH published AS (
    SELECT period, dimension, category, indicator, numerator, denominator
    FROM report.indicators
    WHERE NOT suppressed
), releases AS (
    SELECT sent_at, count(*) AS figures FROM audit.sent_figures GROUP BY sent_at
), matched AS (
    SELECT s.sent_at, count(*) AS figures
    FROM audit.sent_figures AS s
    JOIN published AS p USING (period, dimension, category, indicator)
    WHERE s.numerator = p.numerator AND s.denominator IS NOT DISTINCT FROM p.denominator
    GROUP BY s.sent_at
)
SELECT min(r.sent_at)
FROM releases AS r
JOIN matched AS m USING (sent_at)
WHERE r.figures = m.figures AND m.figures = (SELECT count(*) FROM published)
