-- A release marked as sent: the releases published before it and not marked are taken as not sent, and
-- are no longer compared with (the officer marks every release sent).
DELETE FROM audit.released_figures
