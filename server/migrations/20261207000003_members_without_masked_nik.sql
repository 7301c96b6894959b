-- A masked NIK kept its district in clear beside the birth date and gender, which together give
-- the whole number back. The mask is now made from the sealed number when it is shown.
ALTER TABLE members DROP COLUMN nik_masked;
