-- Glossator on a team server: the search index. Where SQLite has the FTS5
-- table documents_fts, a server has this table: each document's distinct
-- words as FTS5's tokenizer (unicode61, remove_diacritics 2) cuts and folds
-- them, made by Glossator as it writes the document
-- (src/store/search_words.rs: PostgreSQL's own parser is slow and cuts
-- words otherwise), as a tsvector of lexemes without positions.
-- NULL words: the text has more distinct words than a tsvector holds (1 MB);
-- every search then looks in its text. A query:
--   FROM documents d JOIN documents_fts f ON f.document_id = d.id
--   WHERE (f.words @@ CAST($1 AS tsquery) OR f.words IS NULL)
-- Installed after team.pg.sql (its policies call glossator_is_curator); an
-- earlier server's project gets it from `glossator upgrade URL`.
--
-- The GIN index merges its pending list every 4 MB (PostgreSQL's default):
-- 16 MB made a 100,000-document import no faster, and a list left to grow
-- through a whole import is merged by the next insert at once (seconds).
CREATE TABLE documents_fts (
    document_id BIGINT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    words       tsvector
);
CREATE INDEX documents_fts_words ON documents_fts USING GIN (words);
CREATE INDEX documents_fts_unindexed ON documents_fts (document_id) WHERE words IS NULL;

-- Read by the team, written by curators, like documents (team.pg.sql).
ALTER TABLE documents_fts ENABLE ROW LEVEL SECURITY;
CREATE POLICY team_reads ON documents_fts FOR SELECT USING (true);
CREATE POLICY curators_write ON documents_fts USING (glossator_is_curator());
