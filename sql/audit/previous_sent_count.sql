-- Releases marked as sent to donors, as the attached previous release (prev) records them.
SELECT count(DISTINCT sent_at) FROM prev.audit.sent_figures
