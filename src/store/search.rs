//! The queries behind search and "tag all occurrences": which documents to
//! look in (the full-text index, status, spans they hold) and where the index
//! matched inside one of them.

use std::ops::ControlFlow;

use super::engine::{params_from_iter, Engine, OptionalExtension, ToSql, Value};
use super::fts_match::FtsQuery;
use super::search_words::{index_words, tsquery, write_server_words};

use super::read::Conn;
use super::{Reader, StoreError};
use crate::model::{DocumentId, DocumentStatus, LabelId};

/// Which documents a search looks in; every condition given must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocumentFilter {
    /// An FTS5 query over the documents' texts (built by `search::query`,
    /// never typed by the user as is).
    pub fts: Option<String>,
    pub status: Option<DocumentStatus>,
    /// The document holds a span meeting all of these.
    pub span: Option<SpanCondition>,
    /// Only these documents (a search in one document, or in the documents
    /// of earlier hits).
    pub only: Option<Vec<DocumentId>>,
    /// Bring each document's text with the places `fts` matches marked
    /// ([`Candidate::highlighted`]).
    pub highlight: bool,
}

/// What [`Candidate::highlighted`] puts around each place the index matched:
/// two noncharacters, which interchanged text does not hold (a text that
/// does gets no highlighted copy).
pub const HIGHLIGHT_MARKS: (char, char) = ('\u{FDD0}', '\u{FDD1}');

/// What a span must be for its document to qualify.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpanCondition {
    pub label: Option<LabelId>,
    pub annotator: Option<String>,
    /// (attribute name, value).
    pub attribute: Option<(String, String)>,
}

/// A document a search looks in, with its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub id: DocumentId,
    pub external_id: String,
    pub text: String,
    /// The text with [`HIGHLIGHT_MARKS`] around each match of the filter's
    /// `fts`, when asked for (and the text holds no marks of its own).
    pub highlighted: Option<String>,
}

/// Searching, for the store and its transactions alike.
pub trait SearchQueries: Reader {
    /// Whether the project has the full-text index: a file of an older
    /// schema opened read-only has not.
    fn has_search_index(&self) -> Result<bool, StoreError> {
        let db = self.conn();
        if db.engine() == Engine::Postgres {
            return Ok(true); // search.pg.sql's documents_fts, in every server layout Glossator opens
        }
        Ok(db
            .prepare_cached("SELECT 1 FROM sqlite_schema WHERE name = 'documents_fts'")?
            .query_row([], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// How many documents `filter` lets through (for progress).
    fn count_candidates(&self, filter: &DocumentFilter) -> Result<usize, StoreError> {
        let (sql, params) = candidates_sql(filter, "COUNT(*)", false, self.conn().engine());
        let count: i64 = self.conn().prepare(&sql)?.query_row(
            params_from_iter(params.iter().map(ToSql::to_value)),
            |row| row.get(0),
        )?;
        Ok(usize::try_from(count).unwrap_or(0))
    }

    /// Calls `each` with every document `filter` lets through, in project
    /// order (import order when the index drives), until it breaks. Rows are read one at a time: the first hits of
    /// a query that matches most of 100,000 documents come without reading
    /// the rest.
    fn for_each_candidate(
        &self,
        filter: &DocumentFilter,
        mut each: impl FnMut(Candidate) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        let engine = self.conn().engine();
        let highlight = filter.highlight && filter.fts.is_some();
        let columns = if highlight && engine == Engine::Sqlite {
            "d.id, d.external_id, d.text, highlight(documents_fts, 0, char(64976), char(64977))"
        } else {
            "d.id, d.external_id, d.text, CAST(NULL AS TEXT)"
        };
        // A server's index narrows by PostgreSQL's words: the query decides
        // here, as FTS5 would have (see fts_match).
        let decides = match (&filter.fts, engine) {
            (Some(fts), Engine::Postgres) => Some(parse_fts(fts)?),
            _ => None,
        };
        let (sql, params) = candidates_sql(filter, columns, true, engine);
        let mut statement = self.conn().prepare(&sql)?;
        let mut rows = statement.query(params_from_iter(params.iter().map(ToSql::to_value)))?;
        while let Some(row) = rows.next()? {
            let text: String = row.get(2)?;
            let (open, close) = HIGHLIGHT_MARKS;
            let mut highlighted = row.get::<_, Option<String>>(3)?;
            if let Some(query) = &decides {
                let Some(places) = query.places(&text) else {
                    continue;
                };
                if highlight {
                    highlighted = Some(marked(&text, &places, open, close));
                }
            }
            let highlighted = highlighted.filter(|_| !text.contains([open, close]));
            let candidate = Candidate {
                id: DocumentId(row.get(0)?),
                external_id: row.get(1)?,
                text,
                highlighted,
            };
            if each(candidate).is_break() {
                break;
            }
        }
        Ok(())
    }

    /// The text of `document` with each place `fts` matches wrapped in
    /// `open` and `close` (FTS5's `highlight()`), or None when it does not
    /// match there.
    fn highlighted(
        &self,
        fts: &str,
        document: DocumentId,
        open: &str,
        close: &str,
    ) -> Result<Option<String>, StoreError> {
        if self.conn().engine() == Engine::Postgres {
            let query = parse_fts(fts)?;
            let Some(document) = self.document(document)? else {
                return Ok(None);
            };
            return Ok(query
                .places(&document.text)
                .map(|places| marked_with(&document.text, &places, open, close)));
        }
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT highlight(documents_fts, 0, ?3, ?4) FROM documents_fts
                 WHERE documents_fts MATCH ?1 AND rowid = ?2",
            )?
            .query_row(
                super::engine::params![fts, document.0, open, close],
                |row| row.get(0),
            )
            .optional()?)
    }
}

impl<T: Reader + ?Sized> SearchQueries for T {}

impl super::Tx<'_> {
    /// Puts a new document's text into the full-text index. Here, not in an
    /// `AFTER INSERT` trigger: FTS5 flushes its pending words at every
    /// savepoint, and a trigger's statement is one, so a trigger wrote one
    /// tiny index segment per document (a 100,000-document import took
    /// several times as long). A file without the index (an older schema,
    /// the benchmark's baseline) is left as it is.
    pub(super) fn index_document_text(&self, id: DocumentId, text: &str) -> Result<(), StoreError> {
        if self.conn().engine() == Engine::Postgres {
            return write_server_words(self.conn(), &[id.0], vec![index_words(text)]);
        }
        if !self.has_search_index()? {
            return Ok(());
        }
        self.conn()
            .prepare_cached("INSERT INTO documents_fts (rowid, text) VALUES (?1, ?2)")?
            .execute(super::engine::params![id.0, text])?;
        Ok(())
    }
}

/// A query of the store's own language, or the bug that made another.
fn parse_fts(fts: &str) -> Result<FtsQuery, StoreError> {
    FtsQuery::parse(fts).ok_or_else(|| {
        StoreError::Corrupt(format!(
            "search query {fts:?} is not one the search box writes"
        ))
    })
}

/// `text` with `open` and `close` around each of `places` (code points).
fn marked(text: &str, places: &[(usize, usize)], open: char, close: char) -> String {
    marked_with(
        text,
        places,
        open.encode_utf8(&mut [0; 4]),
        close.encode_utf8(&mut [0; 4]),
    )
}

fn marked_with(text: &str, places: &[(usize, usize)], open: &str, close: &str) -> String {
    let mut out = String::with_capacity(text.len() + places.len() * 6);
    let mut next = places.iter().peekable();
    let mut inside: Option<usize> = None;
    for (at, c) in text.chars().enumerate() {
        if let Some(end) = inside {
            if at == end {
                out.push_str(close);
                inside = None;
            }
        }
        if inside.is_none() {
            if let Some(&&(start, end)) = next.peek() {
                if start == at {
                    out.push_str(open);
                    inside = Some(end);
                    next.next();
                }
            }
        }
        out.push(c);
    }
    if inside.is_some() {
        out.push_str(close);
    }
    out
}

/// The SELECT of `columns` over the documents `filter` lets through, and its
/// parameters.
fn candidates_sql(
    filter: &DocumentFilter,
    columns: &str,
    ordered: bool,
    engine: Engine,
) -> (String, Vec<Value<'static>>) {
    let mut conditions: Vec<String> = Vec::new();
    let mut params: Vec<Value<'static>> = Vec::new();
    let param = |value: Value<'static>, params: &mut Vec<Value<'static>>| {
        params.push(value);
        format!("?{}", params.len())
    };
    // With a text query the index drives, in its (rowid, so import) order:
    // rows stream, and the first hits come before the index has read its
    // whole list of a common word.
    let mut from = "documents d".to_string();
    let mut order = "d.sort_order, d.id";
    match (&filter.fts, engine) {
        (Some(fts), Engine::Sqlite) => {
            let p = param(Value::Text(fts.clone().into()), &mut params);
            from = "documents_fts JOIN documents d ON d.id = documents_fts.rowid".to_string();
            conditions.push(format!("documents_fts MATCH {p}"));
            order = "documents_fts.rowid";
        }
        (Some(fts), Engine::Postgres) => {
            // The words' GIN index narrows (search.pg.sql's documents_fts);
            // rows in id order, as FTS5 gives them (rowid is the id).
            from = "documents_fts f JOIN documents d ON d.id = f.document_id".to_string();
            if let Some(tsquery) = FtsQuery::parse(fts).as_ref().and_then(tsquery) {
                let p = param(Value::Text(tsquery.into()), &mut params);
                conditions.push(format!(
                    "(f.words @@ CAST(CAST({p} AS TEXT) AS tsquery) OR f.words IS NULL)"
                ));
            }
            order = "d.id";
        }
        (None, _) => {}
    }
    if let Some(status) = filter.status {
        let p = param(Value::Text(status.as_str().to_string().into()), &mut params);
        // Statuses live on the layers: a document matches when one of its
        // layers has that status, or, for `new`, when it has no layer yet.
        conditions.push(format!(
            "(EXISTS (SELECT 1 FROM layers l WHERE l.document_id = d.id AND l.status = {p})
              OR ({p} = 'new' AND NOT EXISTS (SELECT 1 FROM layers l WHERE l.document_id = d.id)))"
        ));
    }
    if let Some(span) = &filter.span {
        let mut inner = vec!["s.document_id = d.id".to_string()];
        if let Some(label) = span.label {
            inner.push(format!(
                "s.label_id = {}",
                param(Value::Integer(label.0), &mut params)
            ));
        }
        if let Some(annotator) = &span.annotator {
            let p = param(Value::Text(annotator.clone().into()), &mut params);
            inner.push(format!(
                "s.annotator_id = (SELECT id FROM annotators WHERE name = {p})"
            ));
        }
        if let Some((name, value)) = &span.attribute {
            let name = param(Value::Text(name.clone().into()), &mut params);
            let value = param(Value::Text(value.clone().into()), &mut params);
            inner.push(format!(
                "EXISTS (SELECT 1 FROM span_attributes sa
                         WHERE sa.span_id = s.id AND sa.name = {name} AND sa.value = {value})"
            ));
        }
        conditions.push(format!(
            "EXISTS (SELECT 1 FROM spans s WHERE {})",
            inner.join(" AND ")
        ));
    }
    if let Some(only) = &filter.only {
        // carray is not bundled: a list of literals (ids are integers).
        let ids: Vec<String> = only.iter().map(|id| id.0.to_string()).collect();
        conditions.push(format!("d.id IN ({})", ids.join(", ")));
    }
    let mut sql = format!("SELECT {columns} FROM {from}");
    if !conditions.is_empty() {
        sql += " WHERE ";
        sql += &conditions.join(" AND ");
    }
    if ordered {
        sql += " ORDER BY ";
        sql += order;
    }
    (sql, params)
}
