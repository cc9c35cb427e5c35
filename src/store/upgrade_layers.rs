//! The teams upgrade: every span and relation moves into a layer (one
//! annotator's annotation of one document), the document's status moves to
//! its layers, and spans and relations get their times.
//!
//! Work without an annotator goes to the project's only annotator, else to the
//! name the app passed in (its preferences; `temp.upgrade_annotator`, filled by
//! `migrate`), else to `unknown`. A document's old status goes to every layer
//! of it (most projects have one), and a finished or started document with no
//! spans gets a layer of that annotator to keep its status.
//!
//! `migrate` runs it with foreign keys off (tables are rebuilt: SQLite cannot
//! make a column required in place) and checks them before it commits.

/// The SQL of the upgrade; the tables it makes are those of `schema.sql`.
pub(super) const UPGRADE_LAYERS: &str = r#"
CREATE TEMP TABLE upgrade_now AS
    SELECT CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) AS ms;
CREATE TEMP TABLE upgrade_fallback AS
    SELECT CASE
        WHEN (SELECT COUNT(*) FROM annotators) = 1 THEN (SELECT name FROM annotators)
        ELSE COALESCE(
            (SELECT name FROM temp.upgrade_annotator WHERE trim(name) <> '' LIMIT 1),
            'unknown')
    END AS name;
INSERT OR IGNORE INTO annotators (name)
    SELECT name FROM temp.upgrade_fallback
    WHERE EXISTS (SELECT 1 FROM spans WHERE annotator_id IS NULL)
       OR EXISTS (SELECT 1 FROM relations WHERE annotator_id IS NULL)
       OR EXISTS (SELECT 1 FROM documents WHERE status <> 'new');
CREATE TEMP TABLE upgrade_fallback_id AS
    SELECT a.id AS id FROM annotators a JOIN temp.upgrade_fallback f ON a.name = f.name;

CREATE TABLE layers (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    annotator_id INTEGER NOT NULL REFERENCES annotators (id),
    status       TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'in_progress', 'done')),
    revision     INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0),
    updated_at   INTEGER NOT NULL,
    base_revision INTEGER,
    UNIQUE (document_id, annotator_id)
) STRICT;
CREATE INDEX layers_by_annotator ON layers (annotator_id, status, document_id);
CREATE TABLE assignments (
    document_id  INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    annotator_id INTEGER NOT NULL REFERENCES annotators (id),
    PRIMARY KEY (document_id, annotator_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX assignments_by_annotator ON assignments (annotator_id, document_id);

INSERT INTO layers (document_id, annotator_id, status, revision, updated_at)
    SELECT owned.document_id, owned.annotator_id, d.status, 0, (SELECT ms FROM temp.upgrade_now)
    FROM (
        SELECT document_id, COALESCE(annotator_id, (SELECT id FROM temp.upgrade_fallback_id)) AS annotator_id
            FROM spans
        UNION
        SELECT document_id, COALESCE(annotator_id, (SELECT id FROM temp.upgrade_fallback_id))
            FROM relations
        UNION
        SELECT id, (SELECT id FROM temp.upgrade_fallback_id) FROM documents
            WHERE status <> 'new'
              AND NOT EXISTS (SELECT 1 FROM spans s WHERE s.document_id = documents.id)
              AND NOT EXISTS (SELECT 1 FROM relations r WHERE r.document_id = documents.id)
    ) AS owned
    JOIN documents d ON d.id = owned.document_id
    ORDER BY owned.document_id, owned.annotator_id;

CREATE TABLE spans_v3 (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id  INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    start_char   INTEGER NOT NULL CHECK (start_char >= 0),
    end_char     INTEGER NOT NULL CHECK (end_char > start_char),
    label_id     INTEGER NOT NULL REFERENCES labels (id),
    annotator_id INTEGER NOT NULL REFERENCES annotators (id),
    note         TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    FOREIGN KEY (document_id, annotator_id)
        REFERENCES layers (document_id, annotator_id) ON DELETE CASCADE
) STRICT;
INSERT INTO spans_v3
    (id, document_id, start_char, end_char, label_id, annotator_id, note, created_at, updated_at)
    SELECT id, document_id, start_char, end_char, label_id,
           COALESCE(annotator_id, (SELECT id FROM temp.upgrade_fallback_id)), note,
           (SELECT ms FROM temp.upgrade_now), (SELECT ms FROM temp.upgrade_now)
    FROM spans;

CREATE TABLE relations_v3 (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id  INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    from_span_id INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
    to_span_id   INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
    label_id     INTEGER NOT NULL REFERENCES labels (id),
    annotator_id INTEGER NOT NULL REFERENCES annotators (id),
    note         TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    FOREIGN KEY (document_id, annotator_id)
        REFERENCES layers (document_id, annotator_id) ON DELETE CASCADE
) STRICT;
INSERT INTO relations_v3
    (id, document_id, from_span_id, to_span_id, label_id, annotator_id, note, created_at, updated_at)
    SELECT id, document_id, from_span_id, to_span_id, label_id,
           COALESCE(annotator_id, (SELECT id FROM temp.upgrade_fallback_id)), note,
           (SELECT ms FROM temp.upgrade_now), (SELECT ms FROM temp.upgrade_now)
    FROM relations;

DROP TABLE relations;
DROP TABLE spans;
ALTER TABLE spans_v3 RENAME TO spans;
ALTER TABLE relations_v3 RENAME TO relations;
CREATE INDEX spans_by_layer ON spans (document_id, annotator_id, start_char, end_char);
CREATE INDEX spans_by_label ON spans (label_id);
CREATE INDEX relations_by_layer ON relations (document_id, annotator_id);
CREATE INDEX relations_by_from ON relations (from_span_id);
CREATE INDEX relations_by_to ON relations (to_span_id);
CREATE INDEX relations_by_label ON relations (label_id);

DROP INDEX documents_by_status;
ALTER TABLE documents DROP COLUMN status;

DROP TABLE temp.upgrade_now;
DROP TABLE temp.upgrade_fallback;
DROP TABLE temp.upgrade_fallback_id;
"#;
