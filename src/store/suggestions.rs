//! Suggestions (pre-annotation): stored per annotator, never exported; a
//! rejected one stays so that no later run proposes it again.

use super::engine::{self, params, OptionalExtension, Row, Rows};

use super::read::Conn;
use super::{Reader, StoreError, Tx};
use crate::model::{
    DocumentId, LabelId, NewSuggestion, SourceTally, Suggestion, SuggestionId, SuggestionStatus,
};

/// Rows of one annotator (`?1` is the name, NULL for none): an annotator
/// unknown to the project has none.
const OF_ANNOTATOR: &str = "((?1 IS NULL AND s.annotator_id IS NULL)
     OR s.annotator_id = (SELECT id FROM annotators WHERE name = ?1))";

const COLUMNS: &str =
    "s.id, s.document_id, s.start_char, s.end_char, s.label_id, s.score, s.source, s.status";

/// What a run of a source stored.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StoredSuggestions {
    /// Pending now (new, or updated from an earlier run).
    pub pending: usize,
    /// Proposed again where the annotator had already accepted or rejected.
    pub already_decided: usize,
}

impl Tx<'_> {
    /// Replaces `source`'s pending suggestions for `annotator` in `documents`
    /// with `suggestions`. A place already accepted or rejected keeps its
    /// decision (a rejected suggestion is never proposed again there).
    pub fn store_suggestions(
        &self,
        annotator: Option<&str>,
        source: &str,
        documents: &[DocumentId],
        suggestions: &[NewSuggestion],
    ) -> Result<StoredSuggestions, StoreError> {
        let annotator_id = self.annotator_id(annotator)?;
        let mut clear = self.conn().prepare_cached(
            "DELETE FROM suggestions WHERE document_id = ?1 AND annotator_id IS ?2
               AND source = ?3 AND status = 'pending'",
        )?;
        for document in documents {
            clear.execute(params![document.0, annotator_id, source])?;
        }
        let mut insert = self.conn().prepare_cached(
            "INSERT INTO suggestions
               (document_id, annotator_id, start_char, end_char, label_id, score, source)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (document_id, IFNULL(annotator_id, 0), start_char, end_char, label_id)
             DO UPDATE SET score = MAX(score, excluded.score), source = excluded.source
             WHERE status = 'pending'",
        )?;
        let mut stored = StoredSuggestions::default();
        for s in suggestions {
            let changed = insert.execute(params![
                s.document_id.0,
                annotator_id,
                s.start_char as i64,
                s.end_char as i64,
                s.label_id.0,
                s.score,
                source,
            ])?;
            if changed == 0 {
                stored.already_decided += 1;
            } else {
                stored.pending += 1;
            }
        }
        Ok(stored)
    }

    /// Records the annotator's decision on a suggestion.
    pub fn set_suggestion_status(
        &self,
        id: SuggestionId,
        status: SuggestionStatus,
    ) -> Result<(), StoreError> {
        self.conn()
            .prepare_cached("UPDATE suggestions SET status = ?2 WHERE id = ?1")?
            .execute(params![id.0, status.as_str()])?;
        Ok(())
    }
}

/// Queries on suggestions, for the store and its transactions alike.
pub trait SuggestionQueries: Reader {
    /// The pending suggestions of `annotator` in one document, in text order
    /// (start, end, best score first).
    fn pending_suggestions_of(
        &self,
        document: DocumentId,
        annotator: Option<&str>,
    ) -> Result<Vec<Suggestion>, StoreError> {
        if !has_suggestions(self)? {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {COLUMNS} FROM suggestions s
             WHERE {OF_ANNOTATOR} AND s.document_id = ?2 AND s.status = 'pending'
             ORDER BY s.start_char, s.end_char, s.score DESC, s.id"
        );
        self.conn()
            .prepare_cached(&sql)?
            .query_map(params![annotator, document.0], suggestion_from_row)?
            .map(|row| row?)
            .collect()
    }

    /// Every pending suggestion of `annotator` scoring at least `min_score`,
    /// from `source` when given, in document and text order.
    fn pending_suggestions(
        &self,
        annotator: Option<&str>,
        source: Option<&str>,
        min_score: f64,
    ) -> Result<Vec<Suggestion>, StoreError> {
        if !has_suggestions(self)? {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {COLUMNS} FROM suggestions s JOIN documents d ON d.id = s.document_id
             WHERE {OF_ANNOTATOR} AND s.status = 'pending' AND s.score >= ?2
               AND (?3 IS NULL OR s.source = ?3)
             ORDER BY d.sort_order, d.id, s.start_char, s.end_char, s.score DESC, s.id"
        );
        self.conn()
            .prepare_cached(&sql)?
            .query_map(params![annotator, min_score, source], suggestion_from_row)?
            .map(|row| row?)
            .collect()
    }

    fn suggestion(&self, id: SuggestionId) -> Result<Option<Suggestion>, StoreError> {
        if !has_suggestions(self)? {
            return Ok(None);
        }
        let sql = format!("SELECT {COLUMNS} FROM suggestions s WHERE s.id = ?1");
        self.conn()
            .prepare_cached(&sql)?
            .query_row([id.0], suggestion_from_row)
            .optional()?
            .transpose()
    }

    /// Pending, accepted and rejected suggestions per source for `annotator`,
    /// by source name.
    fn suggestion_tallies(&self, annotator: Option<&str>) -> Result<Vec<SourceTally>, StoreError> {
        if !has_suggestions(self)? {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT s.source, s.status, COUNT(*) FROM suggestions s
             WHERE {OF_ANNOTATOR} GROUP BY s.source, s.status ORDER BY s.source"
        );
        let mut statement = self.conn().prepare_cached(&sql)?;
        let rows = statement.query([annotator])?;
        tallies_from(rows)
    }

    /// The same, over every annotator (`glossator stats`).
    fn all_suggestion_tallies(&self) -> Result<Vec<SourceTally>, StoreError> {
        if !has_suggestions(self)? {
            return Ok(Vec::new());
        }
        let mut statement = self.conn().prepare_cached(
            "SELECT s.source, s.status, COUNT(*) FROM suggestions s
             GROUP BY s.source, s.status ORDER BY s.source",
        )?;
        let rows = statement.query([])?;
        tallies_from(rows)
    }
}

/// (source, status, count) rows in source order, folded into one tally a source.
fn tallies_from(mut rows: Rows<'_>) -> Result<Vec<SourceTally>, StoreError> {
    let mut tallies: Vec<SourceTally> = Vec::new();
    while let Some(row) = rows.next()? {
        let source: String = row.get(0)?;
        let status = parse_status(&row.get::<_, String>(1)?)?;
        let count = usize::try_from(row.get::<_, i64>(2)?).unwrap_or(0);
        if tallies.last().is_none_or(|t| t.source != source) {
            tallies.push(SourceTally {
                source,
                ..SourceTally::default()
            });
        }
        if let Some(tally) = tallies.last_mut() {
            match status {
                SuggestionStatus::Pending => tally.pending += count,
                SuggestionStatus::Accepted => tally.accepted += count,
                SuggestionStatus::Rejected => tally.rejected += count,
            }
        }
    }
    Ok(tallies)
}

impl<T: Reader + ?Sized> SuggestionQueries for T {}

/// Whether the file has the suggestions table: a read-only open reads an
/// older file as it is, without the upgrade that adds it.
fn has_suggestions(reader: &(impl Reader + ?Sized)) -> Result<bool, StoreError> {
    Ok(reader
        .conn()
        .prepare_cached(
            "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'suggestions'",
        )?
        .query_row([], |_| Ok(()))
        .optional()?
        .is_some())
}

fn suggestion_from_row(row: &Row<'_>) -> engine::Result<Result<Suggestion, StoreError>> {
    let status: String = row.get(7)?;
    let to_usize = |value: i64| {
        usize::try_from(value)
            .map_err(|_| StoreError::Corrupt(format!("suggestion offset {value}")))
    };
    let (start, end): (i64, i64) = (row.get(2)?, row.get(3)?);
    Ok((|| {
        Ok(Suggestion {
            id: SuggestionId(row.get(0)?),
            document_id: DocumentId(row.get(1)?),
            start_char: to_usize(start)?,
            end_char: to_usize(end)?,
            label_id: LabelId(row.get(4)?),
            score: row.get(5)?,
            source: row.get(6)?,
            status: parse_status(&status)?,
        })
    })())
}

fn parse_status(name: &str) -> Result<SuggestionStatus, StoreError> {
    SuggestionStatus::parse(name)
        .ok_or_else(|| StoreError::Corrupt(format!("unknown suggestion status {name:?}")))
}
