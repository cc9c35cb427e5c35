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
    sort_order   INTEGER NOT NULL
) STRICT;
CREATE INDEX documents_by_order ON documents (sort_order, id);

-- ---------------------------------------------------------------------------
-- Teams (the layers upgrade, src/store/upgrade_layers.rs): a layer is one
-- annotator's annotation of one document, with its own status. Every span and
-- relation belongs to exactly one layer: (document_id, annotator_id).
-- The annotator named 'gold' is reserved for the curated layer.
CREATE TABLE layers (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    annotator_id INTEGER NOT NULL REFERENCES annotators (id),
    status       TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'in_progress', 'done')),
    -- Grows with every change of the layer; merge compares it with the
    -- revision a package was made from.
    revision     INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0),
    -- Milliseconds since 1970-01-01 UTC.
    updated_at   INTEGER NOT NULL,
    -- Only in a package: the revision this layer had in the project when the
    -- package was made (NULL: the project had no such layer then, or this
    -- file is not a package).
    base_revision INTEGER,
    UNIQUE (document_id, annotator_id)
) STRICT;
-- "My documents and their status" and progress per annotator.
CREATE INDEX layers_by_annotator ON layers (annotator_id, status, document_id);

-- Which annotators should annotate which documents. An assignment alone makes
-- no layer.
CREATE TABLE assignments (
    document_id  INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    annotator_id INTEGER NOT NULL REFERENCES annotators (id),
    PRIMARY KEY (document_id, annotator_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX assignments_by_annotator ON assignments (annotator_id, document_id);
-- End of the teams block (spans and relations below carry their layer).
-- ---------------------------------------------------------------------------

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

-- AUTOINCREMENT: a package hands out ids from its annotator's own range
-- (sqlite_sequence), so packages merged in any order keep the same ids.
CREATE TABLE spans (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id  INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    start_char   INTEGER NOT NULL CHECK (start_char >= 0),
    end_char     INTEGER NOT NULL CHECK (end_char > start_char),
    label_id     INTEGER NOT NULL REFERENCES labels (id),
    -- With document_id, the layer the span belongs to.
    annotator_id INTEGER NOT NULL REFERENCES annotators (id),
    note         TEXT NOT NULL DEFAULT '',
    -- Milliseconds since 1970-01-01 UTC.
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    FOREIGN KEY (document_id, annotator_id)
        REFERENCES layers (document_id, annotator_id) ON DELETE CASCADE
) STRICT;
-- "The spans of a layer in text order" is the query every view makes; it
-- serves "the spans of a document" too.
CREATE INDEX spans_by_layer ON spans (document_id, annotator_id, start_char, end_char);
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
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id  INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    from_span_id INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
    to_span_id   INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
    label_id     INTEGER NOT NULL REFERENCES labels (id),
    -- With document_id, the layer; both ends are spans of the same layer.
    annotator_id INTEGER NOT NULL REFERENCES annotators (id),
    note         TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    FOREIGN KEY (document_id, annotator_id)
        REFERENCES layers (document_id, annotator_id) ON DELETE CASCADE
) STRICT;
CREATE INDEX relations_by_layer ON relations (document_id, annotator_id);
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

-- ---------------------------------------------------------------------------
-- Curation (issue 19; upgrade in src/store/upgrade_curation.rs). Gold is an
-- ordinary layer (annotator 'gold'); these tables say where each gold
-- annotation came from and what was decided about each candidate (a position
-- with a label, or a relation between two such), so that a strategy run
-- never re-adds what a curator removed nor proposes a rejected candidate.
-- Provenance of a gold span: origin 'curator' or 'strategy:<name>', the
-- voters (a JSON array of annotator names), when (ms since 1970 UTC), and why
-- it needs a curator's look (a tied attribute vote), NULL when it does not.
CREATE TABLE gold_span_provenance (
    span_id INTEGER PRIMARY KEY REFERENCES spans (id) ON DELETE CASCADE,
    origin  TEXT NOT NULL,
    voters  TEXT NOT NULL,
    at_ms   INTEGER NOT NULL,
    review  TEXT
) STRICT;
CREATE TABLE gold_relation_provenance (
    relation_id INTEGER PRIMARY KEY REFERENCES relations (id) ON DELETE CASCADE,
    origin      TEXT NOT NULL,
    voters      TEXT NOT NULL,
    at_ms       INTEGER NOT NULL,
    review      TEXT
) STRICT;
-- Decisions about span candidates: accepted (by a strategy or a curator) or
-- rejected (by a curator). They outlive the gold span an acceptance made.
CREATE TABLE curation_span_decisions (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    start_char  INTEGER NOT NULL CHECK (start_char >= 0),
    end_char    INTEGER NOT NULL CHECK (end_char > start_char),
    label_id    INTEGER NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
    verdict     TEXT NOT NULL CHECK (verdict IN ('accepted', 'rejected')),
    at_ms       INTEGER NOT NULL,
    origin      TEXT NOT NULL,
    PRIMARY KEY (document_id, start_char, end_char, label_id)
) STRICT, WITHOUT ROWID;
-- Decisions about relation candidates: (type, from position+label, to
-- position+label).
CREATE TABLE curation_relation_decisions (
    document_id   INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    label_id      INTEGER NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
    from_start    INTEGER NOT NULL,
    from_end      INTEGER NOT NULL,
    from_label_id INTEGER NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
    to_start      INTEGER NOT NULL,
    to_end        INTEGER NOT NULL,
    to_label_id   INTEGER NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
    verdict       TEXT NOT NULL CHECK (verdict IN ('accepted', 'rejected')),
    at_ms         INTEGER NOT NULL,
    origin        TEXT NOT NULL,
    PRIMARY KEY (document_id, label_id, from_start, from_end, from_label_id,
                 to_start, to_end, to_label_id)
) STRICT, WITHOUT ROWID;
-- Curation progress for the document list: the undecided span candidates of
-- each document, as last computed. A row is dropped (by the triggers below)
-- whenever any layer of its document changes, so a row present is current;
-- a missing row is computed when asked for.
CREATE TABLE curation_progress (
    document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    undecided   INTEGER NOT NULL CHECK (undecided >= 0)
) STRICT;
CREATE TRIGGER curation_progress_layer_insert AFTER INSERT ON layers BEGIN
    DELETE FROM curation_progress WHERE document_id = new.document_id;
END;
CREATE TRIGGER curation_progress_layer_update AFTER UPDATE ON layers BEGIN
    DELETE FROM curation_progress WHERE document_id = new.document_id;
END;
CREATE TRIGGER curation_progress_layer_delete AFTER DELETE ON layers BEGIN
    DELETE FROM curation_progress WHERE document_id = old.document_id;
END;
-- End of the curation block.
-- ---------------------------------------------------------------------------
