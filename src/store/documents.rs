//! The document list's tools: renaming, finding documents by a piece of
//! their text (a substring, until full-text search), and counting what
//! deleting one would lose.

use super::engine::{params, OptionalExtension};

use super::read::Conn;
use super::{Reader, StoreError, Tx};
use crate::model::DocumentId;

/// The annotations a document holds: what deleting it loses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DocumentWeight {
    pub spans: usize,
    pub relations: usize,
}

impl Tx<'_> {
    /// Sets a document's title (checked by the caller: `model::validate`'s
    /// rules for titles).
    pub fn rename_document(&self, id: DocumentId, title: &str) -> Result<(), StoreError> {
        self.conn()
            .prepare_cached("UPDATE documents SET title = ?2 WHERE id = ?1")?
            .execute(params![id.0, title])?;
        Ok(())
    }
}

pub trait DocumentQueries: Reader {
    fn document_title(&self, id: DocumentId) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn()
            .prepare_cached("SELECT title FROM documents WHERE id = ?1")?
            .query_row([id.0], |row| row.get(0))
            .optional()?)
    }

    /// The documents whose text holds `needle`, ignoring case (Unicode
    /// lower case, not only ASCII as SQLite's `lower`), in project order.
    /// Reads every text once: for a corpus of many megabytes, full-text
    /// search is the tool.
    fn documents_containing(&self, needle: &str) -> Result<Vec<DocumentId>, StoreError> {
        let needle = needle.to_lowercase();
        let mut statement = self
            .conn()
            .prepare_cached("SELECT id, text FROM documents ORDER BY sort_order, id")?;
        let mut rows = statement.query([])?;
        let mut found = Vec::new();
        while let Some(row) = rows.next()? {
            let text: String = row.get(1)?;
            if contains_ignoring_case(&text, &needle) {
                found.push(DocumentId(row.get(0)?));
            }
        }
        Ok(found)
    }

    fn document_weight(&self, id: DocumentId) -> Result<DocumentWeight, StoreError> {
        let count = |sql: &str| -> Result<usize, StoreError> {
            let n: i64 = self
                .conn()
                .prepare_cached(sql)?
                .query_row([id.0], |row| row.get(0))?;
            Ok(usize::try_from(n).unwrap_or(0))
        };
        Ok(DocumentWeight {
            spans: count("SELECT COUNT(*) FROM spans WHERE document_id = ?1")?,
            relations: count("SELECT COUNT(*) FROM relations WHERE document_id = ?1")?,
        })
    }
}

impl<T: Reader + ?Sized> DocumentQueries for T {}

/// Whether `text` holds `lower_needle` (already lower case), ignoring case;
/// exact text is tried first, as lower-casing a long text costs a copy.
fn contains_ignoring_case(text: &str, lower_needle: &str) -> bool {
    text.contains(lower_needle) || text.to_lowercase().contains(lower_needle)
}
