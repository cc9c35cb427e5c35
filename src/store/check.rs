//! `glossator check`, and the crash tests' verdict on a file.

use rusqlite::Row;

use super::{Store, StoreError};

impl Store {
    /// Everything wrong with the file, one line each; empty when it is sound.
    /// SQLite's own integrity check, foreign keys, and our invariants: spans
    /// inside their document's text, relations within one document.
    pub fn check_integrity(&self) -> Result<Vec<String>, StoreError> {
        let mut problems = self.lines("PRAGMA integrity_check", |row| {
            let line: String = row.get(0)?;
            Ok((line != "ok").then(|| format!("integrity: {line}")))
        })?;
        problems.extend(self.lines("PRAGMA foreign_key_check", |row| {
            Ok(Some(format!(
                "foreign key: {} row {} refers to a missing {}",
                row.get::<_, String>(0)?,
                row.get::<_, Option<i64>>(1)?.unwrap_or_default(),
                row.get::<_, String>(2)?
            )))
        })?);
        problems.extend(self.lines(
            "SELECT s.id, s.end_char, d.len_chars FROM spans s
             JOIN documents d ON d.id = s.document_id WHERE s.end_char > d.len_chars",
            |row| {
                Ok(Some(format!(
                    "span {} ends at {} past its document's {} characters",
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, i64>(2)?
                )))
            },
        )?);
        problems.extend(self.lines(
            "SELECT r.id FROM relations r
             JOIN spans f ON f.id = r.from_span_id JOIN spans t ON t.id = r.to_span_id
             WHERE f.document_id != r.document_id OR t.document_id != r.document_id",
            |row| {
                Ok(Some(format!(
                    "relation {} joins spans of another document",
                    row.get::<_, i64>(0)?
                )))
            },
        )?);
        Ok(problems)
    }

    /// The problem lines `describe` makes of the rows of `sql`.
    fn lines(
        &self,
        sql: &str,
        describe: impl Fn(&Row<'_>) -> rusqlite::Result<Option<String>>,
    ) -> Result<Vec<String>, StoreError> {
        let mut statement = self.conn.prepare(sql)?;
        let rows = statement.query_map([], |row| describe(row))?;
        let mut lines = Vec::new();
        for line in rows {
            lines.extend(line?);
        }
        Ok(lines)
    }
}
