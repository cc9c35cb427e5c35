//! The full-text index of document texts (SQLite FTS5), and the upgrade that
//! builds it for a project written before it existed.
//!
//! The index holds no copy of the text (`content = 'documents'`): queries
//! read the text from `documents` when they need it (`highlight()`), so the
//! index adds only its word lists to the file. `Tx::insert_document` puts
//! each new text in (not a trigger: see `Tx::index_document_text`); triggers
//! take a text out when its document is deleted or its text changes, however
//! that happens.
//!
//! `columnsize = 0`: no table of token counts per document, which only
//! ranking (bm25) reads; search lists hits in document order.
//!
//! `remove_diacritics 2`: "cafe" finds "café" (composed or not) and "naïve"
//! finds "naive", as a reader expects of a search box.

/// The index and its two triggers, as one string literal (a macro, so that the
/// upgrade below can append to it at compile time).
macro_rules! search_index_sql {
    () => {
        "CREATE VIRTUAL TABLE documents_fts USING fts5 (
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
"
    };
}

/// The index as `schema.sql` holds it (a new project runs that file, not the
/// upgrades; a test checks the two agree).
#[cfg(test)]
const SEARCH_INDEX_SQL: &str = search_index_sql!();

/// The upgrade: the index, then every document already in the project put
/// into it.
pub(super) const UPGRADE_SEARCH_INDEX: &str = concat!(
    search_index_sql!(),
    "INSERT INTO documents_fts (documents_fts) VALUES ('rebuild');\n"
);

#[cfg(test)]
mod tests {
    #[test]
    fn schema_sql_holds_the_same_index() {
        let schema = include_str!("../../schema.sql");
        assert!(schema.contains(super::SEARCH_INDEX_SQL));
    }
}
