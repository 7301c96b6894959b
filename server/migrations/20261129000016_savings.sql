-- Savings products per cooperative: pokok and wajib with their amount (wajib with its period),
-- sukarela with none. Changed by the pengurus; the change applies to bills from then on.
CREATE TABLE savings_products (
    cooperative_id TEXT NOT NULL REFERENCES cooperatives (id),
    kind TEXT NOT NULL CHECK (kind IN ('pokok', 'wajib', 'sukarela')),
    amount BIGINT,
    period TEXT CHECK (period IN ('monthly', 'yearly')),
    updated_by TEXT NOT NULL REFERENCES users (id),
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (cooperative_id, kind)
);

-- The ledger: append-only. Balances are sums of these rows; a correction is a reversing row.
-- The id is the device's record id for the entry, so a replayed entry is one entry.
CREATE TABLE savings_entries (
    id TEXT PRIMARY KEY NOT NULL,
    cooperative_id TEXT NOT NULL REFERENCES cooperatives (id),
    member_id TEXT NOT NULL REFERENCES members (id),
    kind TEXT NOT NULL CHECK (kind IN ('pokok', 'wajib', 'sukarela')),
    amount BIGINT NOT NULL,
    period TEXT,
    receipt TEXT NOT NULL,
    recorded_on TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users (id),
    reverses TEXT REFERENCES savings_entries (id),
    note TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX savings_entries_member ON savings_entries (member_id, kind);
CREATE INDEX savings_entries_cooperative ON savings_entries (cooperative_id, recorded_on);

-- One row per member and kind, touched first by every entry's transaction: entries for one
-- member's savings are checked against the ledger one at a time, so two phones recording
-- withdrawals at once cannot both spend the same rupiah. It holds no money.
CREATE TABLE savings_accounts (
    member_id TEXT NOT NULL REFERENCES members (id),
    kind TEXT NOT NULL,
    entries BIGINT NOT NULL,
    PRIMARY KEY (member_id, kind)
);
