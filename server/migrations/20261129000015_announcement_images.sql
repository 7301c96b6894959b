-- An announcement may carry one picture (re-encoded on upload, see media).
ALTER TABLE announcements ADD COLUMN image TEXT REFERENCES media (hash);
