-- Members' savings held by each cooperative (the sum of its ledger), for the dashboards:
-- admins see savings only in aggregate, never a member's ledger.
ALTER TABLE cooperative_stats ADD COLUMN savings BIGINT NOT NULL DEFAULT 0;
