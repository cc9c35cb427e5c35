//! The schema upgrade that adds suggestions (pre-annotation): the same table
//! and index as the suggestions block of `schema.sql`.

/// Adds the `suggestions` table to a project written before it existed.
pub(super) const ADD_SUGGESTIONS: &str = "
CREATE TABLE suggestions (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    annotator_id INTEGER REFERENCES annotators (id),
    start_char   INTEGER NOT NULL CHECK (start_char >= 0),
    end_char     INTEGER NOT NULL CHECK (end_char > start_char),
    label_id     INTEGER NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
    score        REAL NOT NULL CHECK (score >= 0 AND score <= 1),
    source       TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending', 'accepted', 'rejected'))
) STRICT;
CREATE UNIQUE INDEX suggestions_by_place ON suggestions
    (document_id, IFNULL(annotator_id, 0), start_char, end_char, label_id);
";
