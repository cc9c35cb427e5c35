//! `glossator check`, and the crash tests' verdict on a file.

use std::path::Path;

use super::engine::{self, Row};

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
        // The stored length against the text: an inflated len_chars would
        // let the span check below pass spans past the real end.
        problems.extend(self.lines(
            "SELECT id, len_chars, length(text) FROM documents
             WHERE typeof(text) != 'text' OR len_chars != length(text)",
            |row| {
                Ok(Some(format!(
                    "document {} says it is {} characters long; its text is {}",
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, i64>(2)?
                )))
            },
        )?);
        problems.extend(self.lines(
            "SELECT s.id, s.start_char, s.end_char, length(d.text) FROM spans s
             JOIN documents d ON d.id = s.document_id
             WHERE s.start_char < 0 OR s.end_char <= s.start_char
                OR s.end_char > length(d.text)",
            |row| {
                Ok(Some(format!(
                    "span {} has offsets {}..{}, outside its document's {} characters",
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, i64>(2)?,
                    row.get::<_, i64>(3)?
                )))
            },
        )?);
        for (table, expected) in [("spans", "span"), ("relations", "relation")] {
            problems.extend(self.lines(
                &format!(
                    "SELECT t.id, l.name, l.kind FROM {table} t
                     JOIN labels l ON l.id = t.label_id WHERE l.kind != '{expected}'"
                ),
                |row| {
                    Ok(Some(format!(
                        "{expected} {} is typed with {:?}, a {} label",
                        row.get::<_, i64>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, String>(2)?
                    )))
                },
            )?);
        }
        problems.extend(self.invalid_utf8()?);
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

    /// Refuses a project damaged anywhere, before a bulk write (an import)
    /// goes into it.
    /// Opening checks the header and the schema only: SQLite meets a garbled
    /// page when it reads it, which for an import may be after much was
    /// written. `quick_check` reads every page (about 0.6 s per 188 MB),
    /// which an import can afford and a click in the app could not.
    pub fn refuse_if_damaged(&self) -> Result<(), StoreError> {
        let damaged = |detail: String| StoreError::Damaged {
            path: self.path().map_or_else(Default::default, Path::to_path_buf),
            detail,
        };
        let verdict = self.lines("PRAGMA quick_check", |row| {
            let line: String = row.get(0)?;
            Ok((line != "ok").then_some(line))
        });
        match verdict {
            Ok(problems) => match problems.into_iter().next() {
                None => Ok(()),
                Some(first) => Err(damaged(first)),
            },
            Err(StoreError::DamagedWhileOpen(detail)) => Err(damaged(detail)),
            Err(other) => Err(other),
        }
    }

    /// Text columns holding bytes that are not UTF-8 (SQLite stores what it is
    /// given): reading such a row fails, so every export would.
    fn invalid_utf8(&self) -> Result<Vec<String>, StoreError> {
        const TEXT_COLUMNS: [(&str, &str); 9] = [
            ("documents", "external_id"),
            ("documents", "title"),
            ("documents", "text"),
            ("documents", "meta_json"),
            ("labels", "name"),
            ("spans", "note"),
            ("relations", "note"),
            ("span_attributes", "name"),
            ("span_attributes", "value"),
        ];
        let mut problems = Vec::new();
        for (table, column) in TEXT_COLUMNS {
            let row_id = if table == "span_attributes" {
                "span_id"
            } else {
                "id"
            };
            problems.extend(self.lines(
                &format!("SELECT {row_id}, CAST({column} AS BLOB) FROM {table}"),
                |row| {
                    let bytes: Vec<u8> = row.get::<_, Option<Vec<u8>>>(1)?.unwrap_or_default();
                    Ok(std::str::from_utf8(&bytes).err().map(|err| {
                        format!(
                            "{table} row {}: {column} is not valid UTF-8 (at byte {})",
                            row.get::<_, i64>(0).unwrap_or_default(),
                            err.valid_up_to()
                        )
                    }))
                },
            )?);
        }
        Ok(problems)
    }

    /// The problem lines `describe` makes of the rows of `sql`.
    pub(super) fn lines(
        &self,
        sql: &str,
        describe: impl Fn(&Row<'_>) -> engine::Result<Option<String>>,
    ) -> Result<Vec<String>, StoreError> {
        let mut statement = self.db.prepare(sql)?;
        let rows = statement.query_map([], |row| describe(row))?;
        let mut lines = Vec::new();
        for line in rows {
            lines.extend(line?);
        }
        Ok(lines)
    }
}
