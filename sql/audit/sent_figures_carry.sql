-- Carry the figures of the releases marked as sent to donors into the build (run only when prev has them;
-- an incremental build, a copy of prev, has them already).
CREATE TABLE IF NOT EXISTS audit.sent_figures AS SELECT * FROM prev.audit.sent_figures
