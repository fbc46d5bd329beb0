-- Releases marked as sent so far, and the figures kept of them.
SELECT count(DISTINCT sent_at), count(*) FROM audit.sent_figures
