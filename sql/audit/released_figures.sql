-- Keep this release's published figures (rows of report.indicators not suppressed) in
-- audit.released_figures at $released_at: until a later release is marked as sent, this one may be in a
-- donor's hands, and small_revisions compares with it. Figures already kept (the same row with the same
-- numerator and denominator) are not kept twice: the table grows by what releases revise, not by the
-- releases, and marking a release as sent empties it.
INSERT INTO audit.released_figures
SELECT $released_at, period, dimension, category, indicator, numerator, denominator
FROM report.indicators AS r
WHERE NOT suppressed
  AND NOT EXISTS (SELECT 1 FROM audit.released_figures AS k
                  WHERE k.period = r.period AND k.dimension = r.dimension AND k.category = r.category
                    AND k.indicator = r.indicator AND k.numerator = r.numerator
                    AND k.denominator IS NOT DISTINCT FROM r.denominator)
