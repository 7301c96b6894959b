-- The registry reads pages in name order, in the verification queue's order (status, then
-- longest waiting) and by last change, with a total: each order gets its index so a page of a
-- national registry does not sort every cooperative.
CREATE INDEX cooperatives_name ON cooperatives (name, id);
CREATE INDEX cooperatives_queue ON cooperatives (status, submitted_at);
CREATE INDEX cooperatives_updated ON cooperatives (updated_at);
