-- The audit trail is read, not only written: across the country newest first, and by who did
-- what. Keyset paging walks (at, id).
CREATE INDEX audit_log_at ON audit_log (at, id);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at);
