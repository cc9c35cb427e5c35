//! `glossator check`, and the crash tests' verdict on a file.

use super::{Store, StoreError};

impl Store {
    /// Everything wrong with the file, one line each; empty when it is sound.
    /// SQLite's own integrity check, foreign keys, and our invariants: spans
    /// inside their document's text, relations within one document.
    pub fn check_integrity(&self) -> Result<Vec<String>, StoreError> {
        let mut problems = Vec::new();
        let mut statement = self.conn.prepare("PRAGMA integrity_check")?;
        for row in statement.query_map([], |row| row.get::<_, String>(0))? {
            let row = row?;
            if row != "ok" {
                problems.push(format!("integrity: {row}"));
            }
        }
        let mut statement = self.conn.prepare("PRAGMA foreign_key_check")?;
        let rows = statement.query_map([], |row| {
            Ok(format!(
                "foreign key: {} row {} refers to a missing {}",
                row.get::<_, String>(0)?,
                row.get::<_, Option<i64>>(1)?.unwrap_or_default(),
                row.get::<_, String>(2)?
            ))
        })?;
        for row in rows {
            problems.push(row?);
        }
        let mut statement = self.conn.prepare(
            "SELECT s.id, s.end_char, d.len_chars FROM spans s
             JOIN documents d ON d.id = s.document_id WHERE s.end_char > d.len_chars",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(format!(
                "span {} ends at {} past its document's {} characters",
                row.get::<_, i64>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, i64>(2)?
            ))
        })?;
        for row in rows {
            problems.push(row?);
        }
        let mut statement = self.conn.prepare(
            "SELECT r.id FROM relations r
             JOIN spans f ON f.id = r.from_span_id JOIN spans t ON t.id = r.to_span_id
             WHERE f.document_id != r.document_id OR t.document_id != r.document_id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(format!(
                "relation {} joins spans of another document",
                row.get::<_, i64>(0)?
            ))
        })?;
        for row in rows {
            problems.push(row?);
        }
        Ok(problems)
    }
}
