-- Business units (gerai): the programme's seven standard kinds and others, with their KBLI.
CREATE TABLE business_units (
    id TEXT PRIMARY KEY NOT NULL,
    cooperative_id TEXT NOT NULL REFERENCES cooperatives (id),
    kind TEXT NOT NULL CHECK (kind IN ('sembako', 'apotek', 'kantor_koperasi', 'simpan_pinjam',
                                       'klinik', 'pergudangan', 'logistik', 'other')),
    kbli TEXT NOT NULL,
    name TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('planned', 'preparing', 'operating')),
    opened_on TEXT,
    created_at BIGINT NOT NULL,
    created_by TEXT REFERENCES users (id),
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX business_units_cooperative ON business_units (cooperative_id, kind);
