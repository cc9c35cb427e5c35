//! Typed queries, shared by the store and its write transactions.

use std::collections::HashMap;

use super::engine::{self, params, Db, OptionalExtension, Row, ToSql};

use super::StoreError;
use crate::model::{
    AttributeDef, AttributeKind, Attributes, Document, DocumentId, DocumentStatus, DocumentSummary,
    Label, LabelId, LabelKind, Relation, RelationData, RelationId, RelationRule, Schema, Span,
    SpanData, SpanId,
};

/// How many annotations carry one label.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LabelCount {
    pub label: String,
    pub count: usize,
}

/// What `glossator stats` shows.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ProjectStats {
    pub documents: usize,
    /// (status name, documents), in the order new, in_progress, done: done
    /// when every layer of it is, new when none is begun.
    pub documents_by_status: Vec<(String, usize)>,
    pub spans: usize,
    /// Every span label of the schema, in schema order, used or not.
    pub spans_by_label: Vec<LabelCount>,
    pub relations: usize,
    pub relations_by_label: Vec<LabelCount>,
    pub annotators: Vec<String>,
    /// Per annotator with at least one layer, by name.
    pub layers: Vec<super::layers::LayerStats>,
}

pub(super) const SPAN_COLUMNS: &str =
    "s.id, s.document_id, s.start_char, s.end_char, s.label_id, a.name, s.note";
pub(super) const RELATION_COLUMNS: &str =
    "r.id, r.document_id, r.from_span_id, r.to_span_id, r.label_id, a.name, r.note";

/// A read transaction held while it lives: every query inside sees one
/// snapshot of the project, and SQLite takes its shared lock once instead of
/// once a query (a 100,000-document export makes 400,000 queries). On a
/// server it is a REPEATABLE READ READ ONLY transaction.
pub struct Snapshot<'c> {
    db: &'c Db,
}

impl Drop for Snapshot<'_> {
    fn drop(&mut self) {
        // Only reads happened inside: releasing cannot lose anything.
        let _ = self.db.end_snapshot();
    }
}

/// Proof of being inside `store/`: only this module can make one, so only
/// it can reach the connection behind a [`Reader`]. SQL outside `store/` is
/// impossible, not just absent.
#[derive(Clone, Copy)]
pub struct Inside(());

/// What a [`Reader`] is made of: a connection, handed out only to `store/`.
pub trait Connected {
    fn connection(&self, inside: Inside) -> &Db;
}

/// `conn()` for the code of `store/` (this trait is not exported).
pub(super) trait Conn {
    fn conn(&self) -> &Db;
}

impl<T: Connected + ?Sized> Conn for T {
    fn conn(&self) -> &Db {
        self.connection(Inside(()))
    }
}

/// Read access to a project; implemented by [`super::Store`] and [`super::Tx`].
///
/// Its connection is sealed inside `store/`: outside, neither of these compiles.
/// ```compile_fail,E0599
/// use glossator::store::{Reader, Store};
/// fn sql(store: &Store) { let _ = store.conn(); }
/// ```
/// ```compile_fail,E0599
/// use glossator::store::{Reader, Store};
/// fn sql<R: Reader>(reader: &R) { let _ = reader.conn(); }
/// ```
/// while reading through its methods does:
/// ```
/// use glossator::store::{Reader, Store};
/// fn titles(store: &Store) -> usize { store.document_ids().map_or(0, |ids| ids.len()) }
/// ```
pub trait Reader: Connected {
    /// Starts a [`Snapshot`]; a savepoint (on a server: nothing more inside
    /// a transaction), so it nests inside a write
    /// transaction too.
    fn snapshot(&self) -> Result<Snapshot<'_>, StoreError> {
        self.conn().begin_snapshot()?;
        Ok(Snapshot { db: self.conn() })
    }

    fn schema(&self) -> Result<Schema, StoreError> {
        let conn = self.conn();
        let labels = conn
            .prepare_cached(
                "SELECT id, kind, name, color, shortcut, sort_order FROM labels
                 ORDER BY kind = 'relation', sort_order, id",
            )?
            .query_map([], |row| {
                Ok((
                    LabelId(row.get(0)?),
                    row.get::<_, String>(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                    row.get(5)?,
                ))
            })?
            .map(|row| {
                let (id, kind, name, color, shortcut, sort_order) = row?;
                let kind = LabelKind::parse(&kind)
                    .ok_or_else(|| StoreError::Corrupt(format!("label kind {kind:?}")))?;
                Ok(Label {
                    id,
                    kind,
                    name,
                    color,
                    shortcut,
                    sort_order,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;

        let mut values_by_attribute: HashMap<i64, Vec<String>> = HashMap::new();
        let mut statement = conn.prepare_cached(
            "SELECT attribute_id, value FROM attribute_values ORDER BY attribute_id, sort_order, value",
        )?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            values_by_attribute
                .entry(row.get(0)?)
                .or_default()
                .push(row.get(1)?);
        }
        let attributes = conn
            .prepare_cached(
                "SELECT d.id, d.label_id, d.name, d.kind FROM attribute_defs d
                 JOIN labels l ON l.id = d.label_id ORDER BY l.sort_order, d.label_id, d.sort_order, d.id",
            )?
            .query_map([], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    LabelId(row.get(1)?),
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                ))
            })?
            .map(|row| {
                let (id, label_id, name, kind) = row?;
                let kind = AttributeKind::parse(&kind)
                    .ok_or_else(|| StoreError::Corrupt(format!("attribute kind {kind:?}")))?;
                Ok(AttributeDef {
                    label_id,
                    name,
                    kind,
                    values: values_by_attribute.remove(&id).unwrap_or_default(),
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;

        let rules = conn
            .prepare_cached(
                "SELECT relation_label_id, from_label_id, to_label_id FROM relation_rules
                 ORDER BY relation_label_id, from_label_id, to_label_id",
            )?
            .query_map([], |row| {
                Ok(RelationRule {
                    relation: LabelId(row.get(0)?),
                    from: LabelId(row.get(1)?),
                    to: LabelId(row.get(2)?),
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Schema::new(labels, attributes, rules))
    }

    /// One label (span label or relation type).
    fn label(&self, id: LabelId) -> Result<Option<Label>, StoreError> {
        let row = self
            .conn()
            .prepare_cached(
                "SELECT kind, name, color, shortcut, sort_order FROM labels WHERE id = ?1",
            )?
            .query_row([id.0], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                ))
            })
            .optional()?;
        let Some((kind, name, color, shortcut, sort_order)) = row else {
            return Ok(None);
        };
        let kind = LabelKind::parse(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("label kind {kind:?}")))?;
        Ok(Some(Label {
            id,
            kind,
            name,
            color,
            shortcut,
            sort_order,
        }))
    }

    /// Every document without its text, in project order, as `annotator`
    /// sees it: their layer's status and span count, whether they are
    /// assigned it.
    fn document_summaries(&self, annotator: &str) -> Result<Vec<DocumentSummary>, StoreError> {
        let mut statement = self.conn().prepare_cached(
            "SELECT d.id, d.external_id, d.title, d.len_chars, COALESCE(l.status, 'new'),
                    (SELECT COUNT(*) FROM spans s
                     WHERE s.document_id = d.id AND s.annotator_id = me.id),
                    EXISTS (SELECT 1 FROM assignments x
                            WHERE x.document_id = d.id AND x.annotator_id = me.id)
             FROM documents d
             LEFT JOIN (SELECT id FROM annotators WHERE name = ?1) me ON TRUE
             LEFT JOIN layers l ON l.document_id = d.id AND l.annotator_id = me.id
             ORDER BY d.sort_order, d.id",
        )?;
        let rows = statement.query_map([annotator], |row| {
            Ok((
                DocumentId(row.get(0)?),
                row.get(1)?,
                row.get(2)?,
                row.get::<_, i64>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, i64>(5)?,
                row.get::<_, bool>(6)?,
            ))
        })?;
        rows.map(|row| {
            let (id, external_id, title, len_chars, status, span_count, assigned) = row?;
            Ok(DocumentSummary {
                id,
                external_id,
                title,
                len_chars: to_usize(len_chars)?,
                status: parse_status(&status)?,
                span_count: to_usize(span_count)?,
                assigned,
            })
        })
        .collect()
    }

    /// Ids of every document, in project order.
    fn document_ids(&self) -> Result<Vec<DocumentId>, StoreError> {
        let mut statement = self
            .conn()
            .prepare_cached("SELECT id FROM documents ORDER BY sort_order, id")?;
        let ids = statement
            .query_map([], |row| Ok(DocumentId(row.get(0)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ids)
    }

    fn document(&self, id: DocumentId) -> Result<Option<Document>, StoreError> {
        let row = self
            .conn()
            .prepare_cached(
                "SELECT external_id, title, text, len_chars, meta_json
                 FROM documents WHERE id = ?1",
            )?
            .query_row([id.0], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, i64>(3)?,
                    row.get::<_, String>(4)?,
                ))
            })
            .optional()?;
        let Some((external_id, title, text, len_chars, meta_json)) = row else {
            return Ok(None);
        };
        let meta = match serde_json::from_str(&meta_json) {
            Ok(serde_json::Value::Object(map)) => map,
            _ => {
                return Err(StoreError::Corrupt(format!(
                    "document {id}: meta_json is not a JSON object"
                )))
            }
        };
        Ok(Some(Document {
            id,
            external_id,
            title,
            text,
            len_chars: to_usize(len_chars)?,
            meta,
        }))
    }

    /// Length in code points of a document, or None when it does not exist.
    fn document_len_chars(&self, id: DocumentId) -> Result<Option<usize>, StoreError> {
        let len: Option<i64> = self
            .conn()
            .prepare_cached("SELECT len_chars FROM documents WHERE id = ?1")?
            .query_row([id.0], |row| row.get(0))
            .optional()?;
        len.map(to_usize).transpose()
    }

    fn document_by_hash(&self, content_hash: &str) -> Result<Option<DocumentId>, StoreError> {
        Ok(self
            .conn()
            .prepare_cached("SELECT id FROM documents WHERE content_hash = ?1")?
            .query_row([content_hash], |row| Ok(DocumentId(row.get(0)?)))
            .optional()?)
    }

    fn external_id_taken(&self, external_id: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn()
            .prepare_cached("SELECT 1 FROM documents WHERE external_id = ?1")?
            .query_row([external_id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Whether a span already has this id (an import keeps the ids of its file
    /// when they are free).
    fn span_id_taken(&self, id: SpanId) -> Result<bool, StoreError> {
        Ok(self
            .conn()
            .prepare_cached("SELECT 1 FROM spans WHERE id = ?1")?
            .query_row([id.0], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Whether a relation already has this id.
    fn relation_id_taken(&self, id: RelationId) -> Result<bool, StoreError> {
        Ok(self
            .conn()
            .prepare_cached("SELECT 1 FROM relations WHERE id = ?1")?
            .query_row([id.0], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// The spans of a document, every layer's, in text order (start, end,
    /// label order, id); [`super::LayerReads::layer_spans_of`] reads one layer.
    fn spans_of(&self, document: DocumentId) -> Result<Vec<Span>, StoreError> {
        spans_where(self.conn(), "s.document_id = ?1", &[&document.0])
    }

    fn span(&self, id: SpanId) -> Result<Option<Span>, StoreError> {
        let conn = self.conn();
        let sql = format!(
            "SELECT {SPAN_COLUMNS} FROM spans s
             JOIN annotators a ON a.id = s.annotator_id WHERE s.id = ?1"
        );
        let Some(mut span) = conn
            .prepare_cached(&sql)?
            .query_row([id.0], span_from_row)
            .optional()?
        else {
            return Ok(None);
        };
        let mut statement =
            conn.prepare_cached("SELECT name, value FROM span_attributes WHERE span_id = ?1")?;
        span.data.attributes = statement
            .query_map([id.0], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<_, _>>()?;
        Ok(Some(span))
    }

    /// The relations of a document, every layer's, by id.
    fn relations_of(&self, document: DocumentId) -> Result<Vec<Relation>, StoreError> {
        let sql = format!(
            "SELECT {RELATION_COLUMNS} FROM relations r
             JOIN annotators a ON a.id = r.annotator_id
             WHERE r.document_id = ?1 ORDER BY r.id"
        );
        let relations = self
            .conn()
            .prepare_cached(&sql)?
            .query_map([document.0], relation_from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(relations)
    }

    /// The layers an export of this reader writes for a document, by
    /// annotator: every layer (a [`super::LayerView`] narrows it to one).
    fn exported_layers(
        &self,
        document: DocumentId,
    ) -> Result<Vec<crate::model::LayerSummary>, StoreError> {
        super::LayerReads::layers_of(self, document)
    }

    /// Relations that start or end at a span, by id.
    fn relations_touching(&self, span: SpanId) -> Result<Vec<Relation>, StoreError> {
        let sql = format!(
            "SELECT {RELATION_COLUMNS} FROM relations r
             JOIN annotators a ON a.id = r.annotator_id
             WHERE r.from_span_id = ?1 OR r.to_span_id = ?1 ORDER BY r.id"
        );
        let relations = self
            .conn()
            .prepare_cached(&sql)?
            .query_map([span.0], relation_from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(relations)
    }

    /// The relation of type `label` from `from` to `to`, if there is one: a
    /// second would say the same thing twice.
    fn relation_between(
        &self,
        from: SpanId,
        to: SpanId,
        label: LabelId,
    ) -> Result<Option<RelationId>, StoreError> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT id FROM relations
                 WHERE from_span_id = ?1 AND to_span_id = ?2 AND label_id = ?3
                 ORDER BY id LIMIT 1",
            )?
            .query_row([from.0, to.0, label.0], |row| row.get(0).map(RelationId))
            .optional()?)
    }

    fn relation(&self, id: RelationId) -> Result<Option<Relation>, StoreError> {
        let sql = format!(
            "SELECT {RELATION_COLUMNS} FROM relations r
             JOIN annotators a ON a.id = r.annotator_id WHERE r.id = ?1"
        );
        Ok(self
            .conn()
            .prepare_cached(&sql)?
            .query_row([id.0], relation_from_row)
            .optional()?)
    }

    fn project_meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn()
            .prepare_cached("SELECT value FROM project_meta WHERE key = ?1")?
            .query_row([key], |row| row.get(0))
            .optional()?)
    }

    fn stats(&self) -> Result<ProjectStats, StoreError> {
        let conn = self.conn();
        let count = |sql: &str| -> Result<usize, StoreError> {
            to_usize(conn.query_row(sql, [], |row| row.get::<_, i64>(0))?)
        };
        // A document is done when it has layers and all are done, new when
        // it has none or all are new, in progress otherwise.
        let mut documents_by_status = Vec::new();
        for status in DocumentStatus::ALL {
            let n: i64 = conn.query_row(
                "SELECT COUNT(*) FROM (
                    SELECT CASE
                        WHEN COUNT(l.id) = 0
                          OR MIN(CASE WHEN l.status = 'new' THEN 1 ELSE 0 END) = 1 THEN 'new'
                        WHEN MIN(CASE WHEN l.status = 'done' THEN 1 ELSE 0 END) = 1 THEN 'done'
                        ELSE 'in_progress' END AS status
                    FROM documents d LEFT JOIN layers l ON l.document_id = d.id
                    GROUP BY d.id) AS by_document
                 WHERE status = ?1",
                params![status.as_str()],
                |row| row.get(0),
            )?;
            documents_by_status.push((status.as_str().to_string(), to_usize(n)?));
        }
        let layers = super::layers::layer_stats(conn)?;
        let per_label = |table: &str, kind: LabelKind| -> Result<Vec<LabelCount>, StoreError> {
            let sql = format!(
                "SELECT l.name, (SELECT COUNT(*) FROM {table} x WHERE x.label_id = l.id)
                 FROM labels l WHERE l.kind = ?1 ORDER BY l.sort_order, l.id"
            );
            let mut statement = conn.prepare(&sql)?;
            let rows = statement.query_map([kind.as_str()], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
            })?;
            rows.map(|row| {
                let (label, n) = row?;
                Ok(LabelCount {
                    label,
                    count: to_usize(n)?,
                })
            })
            .collect()
        };
        let annotators = conn
            .prepare("SELECT name FROM annotators ORDER BY name")?
            .query_map([], |row| row.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        Ok(ProjectStats {
            documents: count("SELECT COUNT(*) FROM documents")?,
            documents_by_status,
            spans: count("SELECT COUNT(*) FROM spans")?,
            spans_by_label: per_label("spans", LabelKind::Span)?,
            relations: count("SELECT COUNT(*) FROM relations")?,
            relations_by_label: per_label("relations", LabelKind::Relation)?,
            annotators,
            layers,
        })
    }
}

/// The spans `condition` picks (over `spans s` and `annotators a`), with
/// their attributes, in text order (start, end, label order, id).
pub(super) fn spans_where(
    conn: &Db,
    condition: &str,
    params: &[&dyn ToSql],
) -> Result<Vec<Span>, StoreError> {
    let mut attributes: HashMap<i64, Attributes> = HashMap::new();
    let mut statement = conn.prepare_cached(&format!(
        "SELECT sa.span_id, sa.name, sa.value FROM span_attributes sa
         JOIN spans s ON s.id = sa.span_id
         JOIN annotators a ON a.id = s.annotator_id WHERE {condition}"
    ))?;
    let mut rows = statement.query(params)?;
    while let Some(row) = rows.next()? {
        attributes
            .entry(row.get(0)?)
            .or_default()
            .insert(row.get(1)?, row.get(2)?);
    }
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {SPAN_COLUMNS} FROM spans s
         JOIN labels l ON l.id = s.label_id
         JOIN annotators a ON a.id = s.annotator_id
         WHERE {condition}
         ORDER BY s.start_char, s.end_char, l.sort_order, s.id"
    ))?;
    let spans = statement
        .query_map(params, span_from_row)?
        .map(|span| {
            let mut span = span?;
            span.data.attributes = attributes.remove(&span.id.0).unwrap_or_default();
            Ok(span)
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(spans)
}

pub(super) fn span_from_row(row: &Row<'_>) -> engine::Result<Span> {
    Ok(Span {
        id: SpanId(row.get(0)?),
        data: SpanData {
            document_id: DocumentId(row.get(1)?),
            start_char: row.get::<_, i64>(2)? as usize,
            end_char: row.get::<_, i64>(3)? as usize,
            label_id: LabelId(row.get(4)?),
            attributes: Attributes::new(),
            annotator: row.get(5)?,
            note: row.get(6)?,
        },
    })
}

pub(super) fn relation_from_row(row: &Row<'_>) -> engine::Result<Relation> {
    Ok(Relation {
        id: RelationId(row.get(0)?),
        data: RelationData {
            document_id: DocumentId(row.get(1)?),
            from_span: SpanId(row.get(2)?),
            to_span: SpanId(row.get(3)?),
            label_id: LabelId(row.get(4)?),
            annotator: row.get(5)?,
            note: row.get(6)?,
        },
    })
}

pub(super) fn to_usize(value: i64) -> Result<usize, StoreError> {
    usize::try_from(value).map_err(|_| StoreError::Corrupt(format!("negative count {value}")))
}

pub(super) fn parse_status(name: &str) -> Result<DocumentStatus, StoreError> {
    DocumentStatus::parse(name)
        .ok_or_else(|| StoreError::Corrupt(format!("unknown document status {name:?}")))
}
