//! Many spans or relations of one document written at once. On SQLite a
//! statement is a function call and rows go one by one; on a server each
//! statement is a round trip (tens of microseconds on loopback, more across
//! a network), so an import writes a document's spans and relations with a
//! few statements instead of several per row.

use std::collections::{HashMap, HashSet};

use super::engine::{params_from_iter, Engine, Value};
use super::{StoreError, Tx};
use crate::model::{DocumentId, RelationData, RelationId, SpanData, SpanId};

/// Rows per multi-row statement: at most 9 values a row, far under
/// PostgreSQL's 65,535 parameters a statement.
const ROWS_PER_STATEMENT: usize = 1_000;

const SPAN_COLUMNS: &str =
    "document_id, start_char, end_char, label_id, annotator_id, note, created_at, updated_at";
const RELATION_COLUMNS: &str =
    "document_id, from_span_id, to_span_id, label_id, annotator_id, note, created_at, updated_at";

impl Tx<'_> {
    /// Inserts spans with their attributes into their annotators' layers
    /// (made now if need be); an id given is kept (the caller checked it is
    /// free: [`Tx::ids_taken`]). Returns their ids, in order.
    pub fn insert_spans(
        &self,
        spans: &[(Option<SpanId>, SpanData)],
    ) -> Result<Vec<SpanId>, StoreError> {
        if self.db.engine() == Engine::Sqlite || spans.len() < 2 {
            return one_by_one(spans, |id, span| self.insert_span(id, span));
        }
        let given: Vec<Option<i64>> = spans.iter().map(|(id, _)| id.map(|id| id.0)).collect();
        let annotator_ids = self.layers_of_rows(
            spans
                .iter()
                .map(|(_, s)| (s.document_id, s.annotator.as_str())),
        )?;
        let now = super::now_ms();
        let rows = spans
            .iter()
            .zip(&annotator_ids)
            .map(|((_, span), annotator_id)| {
                vec![
                    Value::Integer(span.document_id.0),
                    Value::Integer(span.start_char as i64),
                    Value::Integer(span.end_char as i64),
                    Value::Integer(span.label_id.0),
                    Value::Integer(*annotator_id),
                    Value::Text(span.note.as_str().into()),
                    Value::Integer(now),
                    Value::Integer(now),
                ]
            });
        let ids = self.insert_rows("spans", SPAN_COLUMNS, &given, rows.collect())?;
        let attributes: Vec<Vec<Value>> = spans
            .iter()
            .zip(&ids)
            .flat_map(|((_, span), id)| {
                span.attributes.iter().map(move |(name, value)| {
                    vec![
                        Value::Integer(*id),
                        Value::Text(name.as_str().into()),
                        Value::Text(value.as_str().into()),
                    ]
                })
            })
            .collect();
        self.insert_plain_rows("span_attributes", "span_id, name, value", attributes)?;
        Ok(ids.into_iter().map(SpanId).collect())
    }

    /// [`Tx::insert_spans`] for relations.
    pub fn insert_relations(
        &self,
        relations: &[(Option<RelationId>, RelationData)],
    ) -> Result<Vec<RelationId>, StoreError> {
        if self.db.engine() == Engine::Sqlite || relations.len() < 2 {
            return one_by_one(relations, |id, relation| self.insert_relation(id, relation));
        }
        let given: Vec<Option<i64>> = relations.iter().map(|(id, _)| id.map(|id| id.0)).collect();
        let annotator_ids = self.layers_of_rows(
            relations
                .iter()
                .map(|(_, r)| (r.document_id, r.annotator.as_str())),
        )?;
        let now = super::now_ms();
        let rows = relations
            .iter()
            .zip(&annotator_ids)
            .map(|((_, relation), annotator_id)| {
                vec![
                    Value::Integer(relation.document_id.0),
                    Value::Integer(relation.from_span.0),
                    Value::Integer(relation.to_span.0),
                    Value::Integer(relation.label_id.0),
                    Value::Integer(*annotator_id),
                    Value::Text(relation.note.as_str().into()),
                    Value::Integer(now),
                    Value::Integer(now),
                ]
            });
        let ids = self.insert_rows("relations", RELATION_COLUMNS, &given, rows.collect())?;
        Ok(ids.into_iter().map(RelationId).collect())
    }

    /// Which of `ids` rows of `table` (`spans` or `relations`) already
    /// have: one query for a document's worth.
    pub fn ids_taken(&self, table: IdTable, ids: &[i64]) -> Result<HashSet<i64>, StoreError> {
        let mut taken = HashSet::new();
        for chunk in ids.chunks(ROWS_PER_STATEMENT) {
            let sql = format!(
                "SELECT id FROM {} WHERE id IN ({})",
                table.name(),
                placeholders(0, chunk.len())
            );
            let mut statement = self.db.prepare_cached(&sql)?;
            let values = chunk.iter().map(|id| Value::Integer(*id));
            let found = statement
                .query_map(params_from_iter(values), |row| row.get::<_, i64>(0))?
                .collect::<Result<Vec<_>, _>>()?;
            taken.extend(found);
        }
        Ok(taken)
    }

    /// The annotator id of each row's layer, each layer made once.
    fn layers_of_rows<'a>(
        &self,
        rows: impl Iterator<Item = (DocumentId, &'a str)>,
    ) -> Result<Vec<i64>, StoreError> {
        let mut layers: HashMap<(i64, &str), i64> = HashMap::new();
        rows.map(
            |(document, annotator)| match layers.get(&(document.0, annotator)) {
                Some(id) => Ok(*id),
                None => {
                    let id = self.ensure_layer(document, annotator)?;
                    layers.insert((document.0, annotator), id);
                    Ok(id)
                }
            },
        )
        .collect()
    }

    /// Inserts `rows` into `table` with the ids `given`, the missing ones
    /// drawn from the table's sequence (on a server); returns every id.
    fn insert_rows(
        &self,
        table: &str,
        columns: &str,
        given: &[Option<i64>],
        rows: Vec<Vec<Value<'_>>>,
    ) -> Result<Vec<i64>, StoreError> {
        // Ids given first move the sequence past them, so the ids drawn
        // next cannot meet them.
        if let Some(highest_given) = given.iter().flatten().max() {
            self.ids_given(table, *highest_given)?;
        }
        let missing = given.iter().filter(|id| id.is_none()).count();
        let mut drawn = self.next_ids(table, missing)?.into_iter();
        let ids: Vec<i64> = given
            .iter()
            .map(|id| id.or_else(|| drawn.next()))
            .collect::<Option<_>>()
            .ok_or_else(|| StoreError::Corrupt(format!("the server gave too few {table} ids")))?;
        let with_ids = rows.into_iter().zip(&ids).map(|(mut row, id)| {
            row.insert(0, Value::Integer(*id));
            row
        });
        self.insert_plain_rows(table, &format!("id, {columns}"), with_ids.collect())?;
        Ok(ids)
    }

    /// One multi-row INSERT per [`ROWS_PER_STATEMENT`] rows.
    fn insert_plain_rows(
        &self,
        table: &str,
        columns: &str,
        rows: Vec<Vec<Value<'_>>>,
    ) -> Result<(), StoreError> {
        let Some(width) = rows.first().map(Vec::len) else {
            return Ok(());
        };
        let mut rows = rows.into_iter().peekable();
        while rows.peek().is_some() {
            let chunk: Vec<Vec<Value>> = rows.by_ref().take(ROWS_PER_STATEMENT).collect();
            let sql = format!(
                "INSERT INTO {table} ({columns}) VALUES {}",
                (0..chunk.len())
                    .map(|row| format!("({})", placeholders(row * width, width)))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            self.db
                .prepare_cached(&sql)?
                .execute(params_from_iter(chunk.into_iter().flatten()))?;
        }
        Ok(())
    }

    /// `count` ids from `table`'s sequence, never handed out again.
    fn next_ids(&self, table: &str, count: usize) -> Result<Vec<i64>, StoreError> {
        if count == 0 {
            return Ok(Vec::new());
        }
        let mut statement = self.db.prepare_cached(&format!(
            "SELECT nextval(pg_get_serial_sequence('{table}', 'id'))
             FROM generate_series(1, CAST(?1 AS BIGINT))"
        ))?;
        let ids = statement
            .query_map([count as i64], |row| row.get(0))?
            .collect::<Result<Vec<i64>, _>>()?;
        Ok(ids)
    }
}

/// The tables whose ids a file may give.
#[derive(Clone, Copy, Debug)]
pub enum IdTable {
    Spans,
    Relations,
}

impl IdTable {
    fn name(self) -> &'static str {
        match self {
            IdTable::Spans => "spans",
            IdTable::Relations => "relations",
        }
    }
}

/// SQLite: rows keeping their ids first, so a new row's id (the next after
/// the highest ever given) is never one a later row was promised.
fn one_by_one<I: Copy, T>(
    rows: &[(Option<I>, T)],
    insert: impl Fn(Option<I>, &T) -> Result<I, StoreError>,
) -> Result<Vec<I>, StoreError> {
    let mut ids: Vec<Option<I>> = vec![None; rows.len()];
    for keeping in [true, false] {
        for (index, (id, row)) in rows.iter().enumerate() {
            if id.is_some() == keeping {
                ids[index] = Some(insert(*id, row)?);
            }
        }
    }
    Ok(ids.into_iter().flatten().collect())
}

/// `?{first+1}, …, ?{first+count}`.
fn placeholders(first: usize, count: usize) -> String {
    (first + 1..=first + count)
        .map(|n| format!("?{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}
