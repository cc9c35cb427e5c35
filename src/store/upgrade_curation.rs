//! The schema upgrade that adds curation: provenance of gold annotations,
//! decisions about candidates, and the per-document progress count. The
//! same tables and triggers as the curation block of `schema.sql`.

/// Adds the curation tables to a project written before they existed.
pub(super) const ADD_CURATION: &str = "
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
";
