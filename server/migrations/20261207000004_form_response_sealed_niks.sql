-- NIKs answered in forms are sealed like members' NIKs: `answers` keeps them masked to the last
-- four digits, this column holds {field: sealed number} (JSON). NULL marks a response stored
-- before, whose answers the server seals when it starts (forms::seal_stored_niks).
ALTER TABLE form_responses ADD COLUMN sealed_niks TEXT;
CREATE INDEX form_responses_unsealed ON form_responses (id) WHERE sealed_niks IS NULL;
