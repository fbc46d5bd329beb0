-- Carry the figures of the releases published since the last one marked as sent into the build (run only
-- when prev has them; an incremental build, a copy of prev, has them already).
CREATE TABLE IF NOT EXISTS audit.released_figures AS SELECT * FROM prev.audit.released_figures
