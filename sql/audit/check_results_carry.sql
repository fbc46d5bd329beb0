-- Carry the previous release's check history into the build (run only when prev has the table).
CREATE TABLE IF NOT EXISTS audit.check_results AS SELECT * FROM prev.audit.check_results;
