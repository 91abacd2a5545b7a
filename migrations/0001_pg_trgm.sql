-- Trigram indexes let the owner's search ("durand", "dentaire") use an index
-- for substring matches on name, email and company. pg_trgm is a trusted
-- extension (PostgreSQL 13+): the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
