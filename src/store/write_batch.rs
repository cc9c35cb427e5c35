//! An import's documents written a batch at a time: hundreds of documents
//! with their layers, spans, attributes and relations. On SQLite a statement
//! is a function call and rows go one by one; on a server each statement is
//! a round trip (tens of microseconds on loopback, more across a network),
//! so there each table takes one statement per batch, its rows' columns
//! bound as arrays (`INSERT … SELECT * FROM UNNEST(…)`), and each lookup one
//! statement (`= ANY(…)`). The importer gives every row its id ([`IdRun`]),
//! the id the engine would have given it, so a batch's rows can refer to
//! each other before any is written.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::engine::{params, params_from_iter, Engine, Row, ToSql, Value};
use super::search_words::{index_words, write_server_words};
use super::{now_ms, StoreError, Tx};
use crate::model::{DocumentId, DocumentStatus, RelationData, RelationId, SpanData, SpanId};

/// A new document of a batch, with the id its [`IdRun`] gave it.
pub struct BatchDocument<'a> {
    pub id: DocumentId,
    pub external_id: String,
    pub title: String,
    pub text: &'a str,
    pub len_chars: usize,
    pub content_hash: String,
    pub meta: &'a serde_json::Map<String, serde_json::Value>,
}

/// What one batch writes, in the order the importer met it.
#[derive(Default)]
pub struct ImportBatch<'a> {
    pub documents: Vec<BatchDocument<'a>>,
    pub spans: Vec<(SpanId, SpanData)>,
    pub relations: Vec<(RelationId, RelationData)>,
    /// The layers the batch makes (none of them exists yet), with their status.
    layers: Vec<(DocumentId, String, DocumentStatus)>,
    layer_index: HashMap<(DocumentId, String), usize>,
}

impl ImportBatch<'_> {
    /// Makes the layer with this status, or sets the status of the one this
    /// batch makes already (the last status given wins).
    pub fn set_layer_status(
        &mut self,
        document: DocumentId,
        annotator: &str,
        status: DocumentStatus,
    ) {
        match self.layer_index.get(&(document, annotator.to_string())) {
            Some(&index) => self.layers[index].2 = status,
            None => self.push_layer(document, annotator, status),
        }
    }

    /// Makes the layer (status new) unless this batch makes it already.
    pub fn ensure_layer(&mut self, document: DocumentId, annotator: &str) {
        if !self.has_layer(document, annotator) {
            self.push_layer(document, annotator, DocumentStatus::New);
        }
    }

    pub fn has_layer(&self, document: DocumentId, annotator: &str) -> bool {
        self.layer_index
            .contains_key(&(document, annotator.to_string()))
    }

    fn push_layer(&mut self, document: DocumentId, annotator: &str, status: DocumentStatus) {
        self.layer_index
            .insert((document, annotator.to_string()), self.layers.len());
        self.layers.push((document, annotator.to_string(), status));
    }
}

/// What an import asks the project once and keeps for all its batches:
/// annotators' row ids by name (each looked up or added once), and the
/// last document's place in the project's order. (Asked once a batch,
/// `MAX(sort_order)` took a server 28 ms a batch by the end of 100,000
/// documents: the plan it cached on the empty table scans it whole.)
#[derive(Default)]
pub struct ImportMemo {
    annotators: HashMap<String, i64>,
    last_order: Option<i64>,
}

/// The tables whose ids an import gives.
#[derive(Clone, Copy, Debug)]
pub enum IdTable {
    Documents,
    Spans,
    Relations,
}

impl IdTable {
    fn name(self) -> &'static str {
        match self {
            IdTable::Documents => "documents",
            IdTable::Spans => "spans",
            IdTable::Relations => "relations",
        }
    }
}

/// The ids of one table's new rows in a batch, handed out as the engine
/// would: an id a file gives is kept (the caller checked it is free), and a
/// new row takes the next after the highest ever given (SQLite's
/// AUTOINCREMENT, a server's sequence after [`Tx::ids_given`]).
#[must_use = "a run must be finished (Tx::finish_id_run) so the server hands the ids out"]
pub struct IdRun {
    table: IdTable,
    /// The highest id given before the batch.
    before: i64,
    last: i64,
    /// Whether this connection may set the server's sequence (its owner,
    /// a superuser); others draw from it.
    may_set: bool,
}

impl IdRun {
    /// Records an id a file gives that the caller found free.
    pub fn keep(&mut self, id: i64) {
        self.last = self.last.max(id);
    }

    /// Whether `id` is one the table had handed out before the batch (a
    /// row may have it).
    pub fn given_before(&self, id: i64) -> bool {
        id <= self.before
    }

    /// The id of the next new row.
    pub fn next_id(&mut self) -> i64 {
        self.last += 1;
        self.last
    }
}

const SPAN_COLUMNS: &[&str] = &[
    "id",
    "document_id",
    "start_char",
    "end_char",
    "label_id",
    "annotator_id",
    "note",
    "created_at",
    "updated_at",
];
const RELATION_COLUMNS: &[&str] = &[
    "id",
    "document_id",
    "from_span_id",
    "to_span_id",
    "label_id",
    "annotator_id",
    "note",
    "created_at",
    "updated_at",
];
const DOCUMENT_COLUMNS: &[&str] = &[
    "id",
    "external_id",
    "title",
    "text",
    "len_chars",
    "content_hash",
    "meta_json",
    "sort_order",
];
const LAYER_COLUMNS: &[&str] = &[
    "document_id",
    "annotator_id",
    "status",
    "revision",
    "updated_at",
];

impl Tx<'_> {
    /// The documents that hold one of these texts (by content hash).
    pub fn documents_by_hashes(
        &self,
        hashes: &[&str],
    ) -> Result<HashMap<String, DocumentId>, StoreError> {
        let found = self.select_any(
            "SELECT content_hash, id FROM documents WHERE content_hash",
            texts(hashes),
            |row| Ok((row.get::<_, String>(0)?, DocumentId(row.get(1)?))),
        )?;
        Ok(found.into_iter().collect())
    }

    /// Which of these document ids (`external_id`) the project uses.
    pub fn external_ids_taken(&self, ids: &[&str]) -> Result<HashSet<String>, StoreError> {
        let found = self.select_any(
            "SELECT external_id FROM documents WHERE external_id",
            texts(ids),
            |row| row.get::<_, String>(0),
        )?;
        Ok(found.into_iter().collect())
    }

    /// Which of `ids` rows of `table` already have.
    pub fn ids_taken(&self, table: IdTable, ids: &[i64]) -> Result<HashSet<i64>, StoreError> {
        let found = self.select_any(
            &format!("SELECT id FROM {} WHERE id", table.name()),
            Value::Integers(Cow::Borrowed(ids)),
            |row| row.get::<_, i64>(0),
        )?;
        Ok(found.into_iter().collect())
    }

    /// Whether this connection sees every layer's spans and relations, so
    /// that an id it does not see is free: on a server an annotator who
    /// may not read the others' layers does not see their ids.
    pub fn sees_every_layer(&self) -> Result<bool, StoreError> {
        Ok(match self.db.engine() {
            Engine::Sqlite => true,
            Engine::Postgres => self
                .db
                .prepare_cached(
                    "SELECT NOT row_security_active('spans') OR glossator_is_curator()
                            OR glossator_sees_other_layers()",
                )?
                .query_row([], |row| row.get(0))?,
        })
    }

    /// Starts handing out ids of `table` for a batch.
    pub fn id_run(&self, table: IdTable) -> Result<IdRun, StoreError> {
        let name = table.name();
        let (before, may_set): (i64, bool) = match self.db.engine() {
            // AUTOINCREMENT's counter (documents have none: the highest id).
            Engine::Sqlite => self
                .db
                .prepare_cached(&format!(
                    "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '{name}'), 0),
                            COALESCE((SELECT MAX(id) FROM {name}), 0)), 1"
                ))?
                .query_row([], |row| Ok((row.get(0)?, row.get(1)?)))?,
            Engine::Postgres => self.sequence_last(name)?,
        };
        Ok(IdRun {
            table,
            before,
            last: before,
            may_set,
        })
    }

    /// After the batch's rows are written: a server's sequence hands out
    /// none of the run's ids again. It is set past them when this role may
    /// (one statement), else drawn from up to the last (an annotator's role
    /// may draw from a sequence, not set it). SQLite's AUTOINCREMENT
    /// followed the rows by itself.
    pub fn finish_id_run(&self, run: IdRun) -> Result<(), StoreError> {
        if self.db.engine() == Engine::Sqlite || run.last == run.before {
            return Ok(());
        }
        let name = run.table.name();
        if run.may_set {
            self.db
                .prepare_cached(&format!(
                    "SELECT setval(pg_get_serial_sequence('{name}', 'id'), ?1)"
                ))?
                .query_row([run.last], |_| Ok(()))?;
            return Ok(());
        }
        let (first, last): (Option<i64>, Option<i64>) = self
            .db
            .prepare_cached(&format!(
                "SELECT MIN(n), MAX(n) FROM
                   (SELECT nextval(pg_get_serial_sequence('{name}', 'id')) AS n
                    FROM generate_series(1, CAST(?1 AS BIGINT))) drawn"
            ))?
            .query_row([run.last - run.before], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })?;
        if first != Some(run.before + 1) || last != Some(run.last) {
            return Err(StoreError::IdsTaken { table: name });
        }
        Ok(())
    }

    /// Writes a batch: its documents, layers, spans with their attributes,
    /// and relations.
    pub fn write_import_batch(
        &self,
        batch: &ImportBatch<'_>,
        memo: &mut ImportMemo,
    ) -> Result<(), StoreError> {
        let now = now_ms();
        let on_server = self.db.engine() == Engine::Postgres;
        std::thread::scope(|scope| {
            // A server's search words (a quarter of the import's own CPU)
            // are folded on another core while the server writes the rows.
            let words = (on_server && !batch.documents.is_empty()).then(|| {
                scope.spawn(|| {
                    let words = batch.documents.iter().map(|d| index_words(d.text));
                    words.collect::<Vec<_>>()
                })
            });
            self.write_batch_documents(&batch.documents, memo)?;
            self.write_batch_layers(&batch.layers, memo, now)?;
            self.write_batch_spans(&batch.spans, memo, now)?;
            self.write_batch_relations(&batch.relations, memo, now)?;
            if let Some(words) = words {
                let words = words
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                let ids: Vec<i64> = batch.documents.iter().map(|d| d.id.0).collect();
                write_server_words(self.db, &ids, words)?;
            }
            Ok(())
        })
    }

    fn write_batch_layers(
        &self,
        layers: &[(DocumentId, String, DocumentStatus)],
        memo: &mut ImportMemo,
        now: i64,
    ) -> Result<(), StoreError> {
        let annotator_ids = self.annotator_ids(layers.iter().map(|l| l.1.as_str()), memo)?;
        self.insert_columns(
            "layers",
            LAYER_COLUMNS,
            vec![
                integers(layers.iter().map(|l| l.0 .0)),
                Value::Integers(annotator_ids.into()),
                Value::Texts(layers.iter().map(|l| l.2.as_str().into()).collect()),
                integers(layers.iter().map(|_| 0)),
                integers(layers.iter().map(|_| now)),
            ],
        )
    }

    /// Spans, then their attributes.
    fn write_batch_spans(
        &self,
        spans: &[(SpanId, SpanData)],
        memo: &mut ImportMemo,
        now: i64,
    ) -> Result<(), StoreError> {
        let annotator_ids =
            self.annotator_ids(spans.iter().map(|s| s.1.annotator.as_str()), memo)?;
        self.insert_columns(
            "spans",
            SPAN_COLUMNS,
            vec![
                integers(spans.iter().map(|s| s.0 .0)),
                integers(spans.iter().map(|s| s.1.document_id.0)),
                integers(spans.iter().map(|s| s.1.start_char as i64)),
                integers(spans.iter().map(|s| s.1.end_char as i64)),
                integers(spans.iter().map(|s| s.1.label_id.0)),
                Value::Integers(annotator_ids.into()),
                Value::Texts(spans.iter().map(|s| s.1.note.as_str().into()).collect()),
                integers(spans.iter().map(|_| now)),
                integers(spans.iter().map(|_| now)),
            ],
        )?;
        let attributes: Vec<(i64, &str, &str)> = spans
            .iter()
            .flat_map(|(id, span)| {
                span.attributes
                    .iter()
                    .map(move |(name, value)| (id.0, name.as_str(), value.as_str()))
            })
            .collect();
        self.insert_columns(
            "span_attributes",
            &["span_id", "name", "value"],
            vec![
                integers(attributes.iter().map(|a| a.0)),
                Value::Texts(attributes.iter().map(|a| a.1.into()).collect()),
                Value::Texts(attributes.iter().map(|a| a.2.into()).collect()),
            ],
        )
    }

    fn write_batch_relations(
        &self,
        relations: &[(RelationId, RelationData)],
        memo: &mut ImportMemo,
        now: i64,
    ) -> Result<(), StoreError> {
        let annotator_ids =
            self.annotator_ids(relations.iter().map(|r| r.1.annotator.as_str()), memo)?;
        self.insert_columns(
            "relations",
            RELATION_COLUMNS,
            vec![
                integers(relations.iter().map(|r| r.0 .0)),
                integers(relations.iter().map(|r| r.1.document_id.0)),
                integers(relations.iter().map(|r| r.1.from_span.0)),
                integers(relations.iter().map(|r| r.1.to_span.0)),
                integers(relations.iter().map(|r| r.1.label_id.0)),
                Value::Integers(annotator_ids.into()),
                Value::Texts(relations.iter().map(|r| r.1.note.as_str().into()).collect()),
                integers(relations.iter().map(|_| now)),
                integers(relations.iter().map(|_| now)),
            ],
        )
    }

    /// The batch's documents, each after the last in the project's order,
    /// and on SQLite their text in the full-text index.
    fn write_batch_documents(
        &self,
        documents: &[BatchDocument<'_>],
        memo: &mut ImportMemo,
    ) -> Result<(), StoreError> {
        if documents.is_empty() {
            return Ok(());
        }
        let last_order = match memo.last_order {
            Some(last) => last,
            None => self
                .db
                .prepare_cached("SELECT COALESCE(MAX(sort_order), 0) FROM documents")?
                .query_row([], |row| row.get(0))?,
        };
        memo.last_order = Some(last_order + documents.len() as i64);
        self.insert_columns(
            "documents",
            DOCUMENT_COLUMNS,
            vec![
                integers(documents.iter().map(|d| d.id.0)),
                Value::Texts(
                    documents
                        .iter()
                        .map(|d| d.external_id.as_str().into())
                        .collect(),
                ),
                Value::Texts(documents.iter().map(|d| d.title.as_str().into()).collect()),
                Value::Texts(documents.iter().map(|d| d.text.into()).collect()),
                integers(documents.iter().map(|d| d.len_chars as i64)),
                Value::Texts(
                    documents
                        .iter()
                        .map(|d| d.content_hash.as_str().into())
                        .collect(),
                ),
                Value::Texts(
                    documents
                        .iter()
                        .map(|d| serde_json::Value::Object(d.meta.clone()).to_string().into())
                        .collect(),
                ),
                integers((1..=documents.len() as i64).map(|n| last_order + n)),
            ],
        )?;
        if self.db.engine() == Engine::Postgres {
            return Ok(()); // their words: write_import_batch, after the rows
        }
        for document in documents {
            self.index_document_text(document.id, document.text)?;
        }
        Ok(())
    }

    /// Each name's annotator row id, from `known` or looked up (and added)
    /// once.
    fn annotator_ids<'n>(
        &self,
        names: impl Iterator<Item = &'n str>,
        known: &mut ImportMemo,
    ) -> Result<Vec<i64>, StoreError> {
        names
            .map(|name| match known.annotators.get(name) {
                Some(id) => Ok(*id),
                None => {
                    let id = self.annotator_row(name)?;
                    known.annotators.insert(name.to_string(), id);
                    Ok(id)
                }
            })
            .collect()
    }

    /// The rows of `select` (SQL ending in `WHERE column`) whose column is
    /// one of `keys` (an array value): one statement on a server, one
    /// lookup a key on SQLite.
    fn select_any<T>(
        &self,
        select: &str,
        keys: Value<'_>,
        mut read: impl FnMut(&Row<'_>) -> super::engine::Result<T>,
    ) -> Result<Vec<T>, StoreError> {
        if array_len(&keys) == 0 {
            return Ok(Vec::new());
        }
        let mut found = Vec::new();
        match self.db.engine() {
            Engine::Postgres => {
                let sql = format!("{select} = ANY(CAST(?1 AS {}))", array_type(&keys));
                let mut statement = self.db.prepare_cached(&sql)?;
                let mut rows = statement.query(params_from_iter([keys]))?;
                while let Some(row) = rows.next()? {
                    found.push(read(&row)?);
                }
            }
            Engine::Sqlite => {
                let mut statement = self.db.prepare_cached(&format!("{select} = ?1"))?;
                for key in elements(&keys) {
                    let mut rows = statement.query(params![key])?;
                    while let Some(row) = rows.next()? {
                        found.push(read(&row)?);
                    }
                }
            }
        }
        Ok(found)
    }

    /// Inserts rows given as columns (each an array value, all of one
    /// length) into `table`: one statement on a server, one a row on SQLite.
    fn insert_columns(
        &self,
        table: &str,
        names: &[&str],
        columns: Vec<Value<'_>>,
    ) -> Result<(), StoreError> {
        let rows = columns.first().map_or(0, array_len);
        if rows == 0 {
            return Ok(());
        }
        match self.db.engine() {
            Engine::Postgres => {
                let arrays: Vec<String> = columns
                    .iter()
                    .enumerate()
                    .map(|(n, column)| format!("CAST(?{} AS {})", n + 1, array_type(column)))
                    .collect();
                let sql = format!(
                    "INSERT INTO {table} ({}) SELECT * FROM UNNEST({})",
                    names.join(", "),
                    arrays.join(", ")
                );
                self.db
                    .prepare_cached(&sql)?
                    .execute(params_from_iter(columns))?;
            }
            Engine::Sqlite => {
                let placeholders: Vec<String> =
                    (1..=names.len()).map(|n| format!("?{n}")).collect();
                let sql = format!(
                    "INSERT INTO {table} ({}) VALUES ({})",
                    names.join(", "),
                    placeholders.join(", ")
                );
                let mut statement = self.db.prepare_cached(&sql)?;
                let mut columns: Vec<_> = columns.iter().map(elements).collect();
                for _ in 0..rows {
                    let row = columns
                        .iter_mut()
                        .map(|column| column.next().unwrap_or(Value::Null));
                    statement.execute(params_from_iter(row))?;
                }
            }
        }
        Ok(())
    }
}

fn integers(values: impl Iterator<Item = i64>) -> Value<'static> {
    Value::Integers(Cow::Owned(values.collect()))
}

fn texts<'a>(values: &[&'a str]) -> Value<'a> {
    Value::Texts(values.iter().map(|text| Cow::Borrowed(*text)).collect())
}

fn array_len(value: &Value<'_>) -> usize {
    match value {
        Value::Integers(numbers) => numbers.len(),
        Value::Texts(texts) => texts.len(),
        _ => 1,
    }
}

/// The SQL type of an array value.
fn array_type(value: &Value<'_>) -> &'static str {
    match value {
        Value::Texts(_) => "TEXT[]",
        _ => "BIGINT[]",
    }
}

/// An array value's elements, one value each.
fn elements<'v>(value: &'v Value<'_>) -> Box<dyn Iterator<Item = Value<'v>> + 'v> {
    match value {
        Value::Integers(numbers) => Box::new(numbers.iter().map(|n| Value::Integer(*n))),
        Value::Texts(texts) => Box::new(texts.iter().map(|t| Value::Text(Cow::Borrowed(t)))),
        other => Box::new(std::iter::once(other.to_value())),
    }
}
