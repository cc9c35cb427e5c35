-- Glossator project file, at the schema version CURRENT_SCHEMA_VERSION in
-- src/store/migrate.rs (PRAGMA user_version).
--
-- Plain tables a user can read with the sqlite3 shell. Offsets are Unicode code
-- points into documents.text, end-exclusive (Python text[start:end]).
-- Migrations live in src/store/migrate.rs; this file is the whole current schema.

-- Facts about the project itself (e.g. whether the sample was seeded once).
CREATE TABLE project_meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE annotators (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    -- The id the document had in the file it came from ("ceasefire-1"); exported as-is.
    external_id  TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL,
    -- Exactly as imported: CRLF, tabs, NBSP and all.
    text         TEXT NOT NULL,
    len_chars    INTEGER NOT NULL CHECK (len_chars >= 0),
    -- SHA-256 of the text, hex; re-importing the same text is reported and skipped.
    content_hash TEXT NOT NULL UNIQUE,
    -- A JSON object, kept as imported (source, url, ...).
    meta_json    TEXT NOT NULL DEFAULT '{}',
    status       TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'in_progress', 'done')),
    sort_order   INTEGER NOT NULL
) STRICT;
CREATE INDEX documents_by_order ON documents (sort_order, id);
-- Version 2: status counts and "next unfinished document" without a table scan.
CREATE INDEX documents_by_status ON documents (status, sort_order);

-- Span labels (EVENT, ACTOR, CLAIM) and relation types (agent, source, ...).
CREATE TABLE labels (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('span', 'relation')),
    name       TEXT NOT NULL,
    color      TEXT NOT NULL,          -- "#rrggbb"
    shortcut   TEXT,                   -- one key, e.g. "1"; NULL for none
    sort_order INTEGER NOT NULL,
    UNIQUE (kind, name)
) STRICT;
-- New labels go last: MAX(sort_order) per kind must not scan thousands of labels.
CREATE INDEX labels_by_order ON labels (kind, sort_order);

-- Attributes a span label may carry: a closed set of values (the first is the
-- default), a yes/no flag, or free text (brat notes and normalisations).
CREATE TABLE attribute_defs (
    id         INTEGER PRIMARY KEY,
    label_id   INTEGER NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('choice', 'flag', 'text')),
    sort_order INTEGER NOT NULL,
    UNIQUE (label_id, name)
) STRICT;

CREATE TABLE attribute_values (
    attribute_id INTEGER NOT NULL REFERENCES attribute_defs (id) ON DELETE CASCADE,
    value        TEXT NOT NULL,
    sort_order   INTEGER NOT NULL,
    PRIMARY KEY (attribute_id, value)
) STRICT;

-- Which span labels a relation type may join (from -> to).
CREATE TABLE relation_rules (
    relation_label_id INTEGER NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
    from_label_id     INTEGER NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
    to_label_id       INTEGER NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
    PRIMARY KEY (relation_label_id, from_label_id, to_label_id)
) STRICT;

CREATE TABLE spans (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    start_char   INTEGER NOT NULL CHECK (start_char >= 0),
    end_char     INTEGER NOT NULL CHECK (end_char > start_char),
    label_id     INTEGER NOT NULL REFERENCES labels (id),
    annotator_id INTEGER REFERENCES annotators (id),
    note         TEXT NOT NULL DEFAULT ''
) STRICT;
-- "The spans of a document in text order" is the query every view makes.
CREATE INDEX spans_by_document ON spans (document_id, start_char, end_char);
CREATE INDEX spans_by_label ON spans (label_id);

-- Attribute values of a span, by attribute name (the label's attribute_defs say
-- which names and values are expected).
CREATE TABLE span_attributes (
    span_id INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
    name    TEXT NOT NULL,
    value   TEXT NOT NULL,
    PRIMARY KEY (span_id, name)
) STRICT;

CREATE TABLE relations (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    from_span_id INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
    to_span_id   INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
    label_id     INTEGER NOT NULL REFERENCES labels (id),
    annotator_id INTEGER REFERENCES annotators (id),
    note         TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX relations_by_document ON relations (document_id);
CREATE INDEX relations_by_from ON relations (from_span_id);
CREATE INDEX relations_by_to ON relations (to_span_id);
CREATE INDEX relations_by_label ON relations (label_id);

-- Search: a full-text index of the documents' texts (SQLite FTS5). A new
-- document's text goes in with its insert (Tx::insert_document: a trigger would
-- make FTS5 write one segment per row); triggers take it out on delete or
-- change. It stores no copy of the text (content = 'documents'), only the word
-- lists; no token counts (columnsize = 0: nothing ranks by them). Built for
-- older projects by src/store/upgrade_search.rs.
CREATE VIRTUAL TABLE documents_fts USING fts5 (
    text,
    content = 'documents',
    content_rowid = 'id',
    columnsize = 0,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF text ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO documents_fts (rowid, text) VALUES (new.id, new.text);
END;

-- ---------------------------------------------------------------------------
-- Suggestions (pre-annotation; upgrade in src/store/upgrade_suggest.rs).
-- What a dictionary, patterns, the project's own annotations or an external
-- model proposed for one annotator. Never exported: a suggestion becomes an
-- annotation only when accepted, as a normal span made through the edit path.
-- Accepted and rejected rows stay, so a rejected suggestion is not proposed
-- again for that document and each source's acceptance rate can be counted.
CREATE TABLE suggestions (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    -- Whose suggestions these are; NULL when the session has no annotator name.
    annotator_id INTEGER REFERENCES annotators (id),
    start_char   INTEGER NOT NULL CHECK (start_char >= 0),
    end_char     INTEGER NOT NULL CHECK (end_char > start_char),
    label_id     INTEGER NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
    -- How sure the source is, 0 to 1.
    score        REAL NOT NULL CHECK (score >= 0 AND score <= 1),
    -- dictionary, patterns, learned, ml-backend or command.
    source       TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending', 'accepted', 'rejected'))
) STRICT;
-- One row per place and label for an annotator: a second run updates the
-- pending row and leaves an accepted or rejected one as it was.
CREATE UNIQUE INDEX suggestions_by_place ON suggestions
    (document_id, IFNULL(annotator_id, 0), start_char, end_char, label_id);
