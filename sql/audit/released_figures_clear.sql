-- Once a release is marked as sent, later releases are compared with those sent (audit.sent_figures): the
-- figures of releases published before are no longer consulted.
DELETE FROM audit.released_figures
