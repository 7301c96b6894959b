-- Pembaruan data mandiri: a member asks to change their own name, phone or address; a pengurus
-- of the cooperative (never the member themselves) approves or rejects it with a reason.
CREATE TABLE member_change_requests (
    -- Made on the device, so a request queued offline has its id before the server sees it.
    id TEXT PRIMARY KEY NOT NULL,
    member_id TEXT NOT NULL REFERENCES members (id),
    cooperative_id TEXT NOT NULL REFERENCES cooperatives (id),
    requested_by TEXT NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    phone TEXT,
    address TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    reason TEXT,
    requested_at BIGINT NOT NULL,
    decided_at BIGINT,
    decided_by TEXT REFERENCES users (id)
);
CREATE INDEX member_change_requests_cooperative ON member_change_requests (cooperative_id, status);
CREATE INDEX member_change_requests_member ON member_change_requests (member_id);
