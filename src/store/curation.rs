//! Curation's tables: provenance of gold annotations, decisions about
//! candidates, per-document progress. The reads, as a trait every
//! [`Reader`] has, and the writes of a [`Tx`].

use std::collections::{BTreeMap, HashMap, HashSet};

use super::engine::{params, Db, Engine, OptionalExtension, Row};

use super::read::{parse_status, relation_from_row, to_usize, Conn, RELATION_COLUMNS};
use super::{Reader, StoreError, Tx};
use crate::model::{
    AnnotatorLayer, Attributes, Decision, DocumentId, DocumentLayers, LabelId, Origin, Provenance,
    RelationId, RelationKey, Span, SpanData, SpanId, SpanKey, Verdict, GOLD_LAYER,
    PREDICTIONS_LAYER,
};

/// Reads of curation; every [`Reader`] has them.
pub trait CurationReads: Reader {
    /// Every layer of each of `documents` with its spans (attributes
    /// included) and relations, and the decisions taken there; in the order
    /// of `documents`, one entry each (documents that do not exist are left
    /// out). A handful of queries for the whole slice: curating 100,000
    /// documents reads them a few thousand at a time.
    fn curation_layers(&self, documents: &[DocumentId]) -> Result<Vec<DocumentLayers>, StoreError> {
        read_curation_layers(self.conn(), documents)
    }

    /// The provenance of a gold span; None when it has none recorded (drawn
    /// by hand in the gold layer, or not a gold span).
    fn span_provenance(&self, span: SpanId) -> Result<Option<Provenance>, StoreError> {
        let row = self
            .conn()
            .prepare_cached(
                "SELECT origin, voters, at_ms, review FROM gold_span_provenance WHERE span_id = ?1",
            )?
            .query_row([span.0], raw_provenance)
            .optional()?;
        row.map(provenance_from_raw).transpose()
    }

    /// The provenance of a gold relation (see [`CurationReads::span_provenance`]).
    fn relation_provenance(&self, relation: RelationId) -> Result<Option<Provenance>, StoreError> {
        let row = self
            .conn()
            .prepare_cached(
                "SELECT origin, voters, at_ms, review FROM gold_relation_provenance
                 WHERE relation_id = ?1",
            )?
            .query_row([relation.0], raw_provenance)
            .optional()?;
        row.map(provenance_from_raw).transpose()
    }

    /// The provenance of every gold span and relation of a document that has
    /// one (an export reads it once per document).
    fn gold_provenance_of(&self, document: DocumentId) -> Result<GoldProvenance, StoreError> {
        let mut gold = GoldProvenance::default();
        let mut statement = self.conn().prepare_cached(
            "SELECT p.origin, p.voters, p.at_ms, p.review, p.span_id FROM gold_span_provenance p
             JOIN spans s ON s.id = p.span_id WHERE s.document_id = ?1",
        )?;
        let mut rows = statement.query([document.0])?;
        while let Some(row) = rows.next()? {
            let provenance = provenance_from_raw(raw_provenance(&row)?)?;
            gold.spans.insert(SpanId(row.get(4)?), provenance);
        }
        let mut statement = self.conn().prepare_cached(
            "SELECT p.origin, p.voters, p.at_ms, p.review, p.relation_id
             FROM gold_relation_provenance p
             JOIN relations r ON r.id = p.relation_id WHERE r.document_id = ?1",
        )?;
        let mut rows = statement.query([document.0])?;
        while let Some(row) = rows.next()? {
            let provenance = provenance_from_raw(raw_provenance(&row)?)?;
            gold.relations.insert(RelationId(row.get(4)?), provenance);
        }
        Ok(gold)
    }

    /// The gold span of a document at a position with a label, if any.
    fn gold_span_at(
        &self,
        document: DocumentId,
        key: SpanKey,
    ) -> Result<Option<SpanId>, StoreError> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT s.id FROM spans s JOIN annotators a ON a.id = s.annotator_id
                 WHERE s.document_id = ?1 AND a.name = ?5
                   AND s.start_char = ?2 AND s.end_char = ?3 AND s.label_id = ?4
                 ORDER BY s.id LIMIT 1",
            )?
            .query_row(
                params![
                    document.0,
                    key.start_char as i64,
                    key.end_char as i64,
                    key.label.0,
                    GOLD_LAYER
                ],
                |row| Ok(SpanId(row.get(0)?)),
            )
            .optional()?)
    }

    /// The decision about one span candidate, if any.
    fn span_decision(
        &self,
        document: DocumentId,
        key: SpanKey,
    ) -> Result<Option<Decision>, StoreError> {
        let row = self
            .conn()
            .prepare_cached(
                "SELECT verdict, at_ms, origin FROM curation_span_decisions
                 WHERE document_id = ?1 AND start_char = ?2 AND end_char = ?3 AND label_id = ?4",
            )?
            .query_row(
                params![
                    document.0,
                    key.start_char as i64,
                    key.end_char as i64,
                    key.label.0
                ],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()?;
        row.map(decision_from_raw).transpose()
    }

    /// The decision about one relation candidate, if any.
    fn relation_decision(
        &self,
        document: DocumentId,
        key: RelationKey,
    ) -> Result<Option<Decision>, StoreError> {
        let row = self
            .conn()
            .prepare_cached(
                "SELECT verdict, at_ms, origin FROM curation_relation_decisions
                 WHERE document_id = ?1 AND label_id = ?2 AND from_start = ?3 AND from_end = ?4
                   AND from_label_id = ?5 AND to_start = ?6 AND to_end = ?7 AND to_label_id = ?8",
            )?
            .query_row(relation_key_params(document, key), |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })
            .optional()?;
        row.map(decision_from_raw).transpose()
    }

    /// The stored count of undecided candidates of each document that has a
    /// current one (see `curate::curation_progress` for all documents).
    fn stored_curation_progress(&self) -> Result<HashMap<DocumentId, usize>, StoreError> {
        let mut statement = self
            .conn()
            .prepare_cached("SELECT document_id, undecided FROM curation_progress")?;
        let mut rows = statement.query([])?;
        let mut progress = HashMap::new();
        while let Some(row) = rows.next()? {
            progress.insert(DocumentId(row.get(0)?), to_usize(row.get(1)?)?);
        }
        Ok(progress)
    }

    /// The documents ready to curate: finished (`done`) by at least two
    /// annotators who vote by default (all but gold and predictions). One
    /// query for the whole project, for the document list.
    fn documents_ready_to_curate(&self) -> Result<HashSet<DocumentId>, StoreError> {
        let mut statement = self.conn().prepare_cached(
            // Through layers_by_annotator (annotator, status, document),
            // covering: a quarter faster than joining every layer row.
            "SELECT document_id FROM layers
             WHERE status = 'done'
               AND annotator_id IN (SELECT id FROM annotators WHERE name <> ?1 AND name <> ?2)
             GROUP BY document_id HAVING COUNT(*) >= 2",
        )?;
        let rows = statement.query_map(params![GOLD_LAYER, PREDICTIONS_LAYER], |row| {
            Ok(DocumentId(row.get(0)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every gold span marked for review (an attribute vote tied), as
    /// `glossator check` lists them: (span, document's external id, start,
    /// end, label id, why), in project order.
    fn gold_spans_for_review(&self) -> Result<Vec<ReviewMark>, StoreError> {
        let mut statement = self.conn().prepare_cached(
            "SELECT s.id, d.external_id, s.start_char, s.end_char, s.label_id, p.review
             FROM gold_span_provenance p JOIN spans s ON s.id = p.span_id
             JOIN documents d ON d.id = s.document_id
             WHERE p.review IS NOT NULL ORDER BY d.sort_order, d.id, s.start_char, s.id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(ReviewMark {
                span: SpanId(row.get(0)?),
                document: row.get(1)?,
                start_char: row.get::<_, i64>(2)? as usize,
                end_char: row.get::<_, i64>(3)? as usize,
                label: LabelId(row.get(4)?),
                review: row.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many gold spans and relations `documents` hold: what
    /// `curate --replace` would remove (the app names it before asking).
    fn gold_annotation_count(&self, documents: &[DocumentId]) -> Result<usize, StoreError> {
        let ids = ids_json(documents);
        let count = |table: &str| -> Result<i64, StoreError> {
            Ok(self
                .conn()
                .prepare_cached(&ids_in(
                    self.conn(),
                    &format!(
                        "SELECT COUNT(*) FROM {table} x JOIN annotators a ON a.id = x.annotator_id
                 WHERE a.name = ?2 AND x.document_id IN ({{IDS_IN}})"
                    ),
                ))?
                .query_row(params![ids, GOLD_LAYER], |row| row.get(0))?)
        };
        to_usize(count("spans")? + count("relations")?)
    }
}

impl<T: Reader + ?Sized> CurationReads for T {}

/// A gold span a curator should look at again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewMark {
    pub span: SpanId,
    /// The document's external id.
    pub document: String,
    pub start_char: usize,
    pub end_char: usize,
    pub label: LabelId,
    pub review: String,
}

/// Provenance of one document's gold annotations, by id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GoldProvenance {
    pub spans: HashMap<SpanId, Provenance>,
    pub relations: HashMap<RelationId, Provenance>,
}

type RawProvenance = (String, String, i64, Option<String>);

/// A provenance table's statements, written out once (a curation run sets
/// a provenance per gold span: building the SQL each time showed).
struct ProvenanceTable {
    delete: &'static str,
    upsert: &'static str,
}

const SPAN_PROVENANCE: ProvenanceTable = ProvenanceTable {
    delete: "DELETE FROM gold_span_provenance WHERE span_id = ?1",
    upsert: "INSERT INTO gold_span_provenance (span_id, origin, voters, at_ms, review)
        VALUES (?1, ?2, ?3, ?4, ?5)
        ON CONFLICT (span_id) DO UPDATE SET origin = excluded.origin,
          voters = excluded.voters, at_ms = excluded.at_ms, review = excluded.review",
};

const RELATION_PROVENANCE: ProvenanceTable = ProvenanceTable {
    delete: "DELETE FROM gold_relation_provenance WHERE relation_id = ?1",
    upsert: "INSERT INTO gold_relation_provenance (relation_id, origin, voters, at_ms, review)
        VALUES (?1, ?2, ?3, ?4, ?5)
        ON CONFLICT (relation_id) DO UPDATE SET origin = excluded.origin,
          voters = excluded.voters, at_ms = excluded.at_ms, review = excluded.review",
};

fn raw_provenance(row: &Row<'_>) -> super::engine::Result<RawProvenance> {
    Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
}

fn provenance_from_raw(
    (origin, voters, at_ms, review): RawProvenance,
) -> Result<Provenance, StoreError> {
    Ok(Provenance {
        origin: parse_origin(&origin)?,
        voters: serde_json::from_str(&voters).map_err(|_| {
            StoreError::Corrupt(format!(
                "provenance voters {voters:?} are not a JSON list of names"
            ))
        })?,
        at_ms,
        review,
    })
}

fn parse_origin(text: &str) -> Result<Origin, StoreError> {
    Origin::parse(text).ok_or_else(|| StoreError::Corrupt(format!("curation origin {text:?}")))
}

fn decision_from_raw((verdict, at_ms, by): (String, i64, String)) -> Result<Decision, StoreError> {
    Ok(Decision {
        verdict: Verdict::parse(&verdict)
            .ok_or_else(|| StoreError::Corrupt(format!("curation verdict {verdict:?}")))?,
        at_ms,
        by: parse_origin(&by)?,
    })
}

fn relation_key_params(document: DocumentId, key: RelationKey) -> [i64; 8] {
    [
        document.0,
        key.label.0,
        key.from.start_char as i64,
        key.from.end_char as i64,
        key.from.label.0,
        key.to.start_char as i64,
        key.to.end_char as i64,
        key.to.label.0,
    ]
}

/// `sql` with `{IDS_IN}` replaced by the ids of the JSON array bound as `?1`,
/// in this engine's words (SQLite's `json_each`, PostgreSQL's
/// `json_array_elements_text`, whose text values are cast back to ids).
fn ids_in(db: &Db, sql: &str) -> String {
    sql.replace(
        "{IDS_IN}",
        match db.engine() {
            Engine::Sqlite => "SELECT value FROM json_each(?1)",
            Engine::Postgres => {
                "SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST(CAST(?1 AS TEXT) AS JSON))"
            }
        },
    )
}

/// The ids as a JSON array, for `IN (SELECT value FROM json_each(?))`: one
/// statement for any number of documents.
fn ids_json(documents: &[DocumentId]) -> String {
    let ids: Vec<i64> = documents.iter().map(|d| d.0).collect();
    serde_json::to_string(&ids).unwrap_or_else(|_| "[]".to_string())
}

fn read_curation_layers(
    conn: &Db,
    documents: &[DocumentId],
) -> Result<Vec<DocumentLayers>, StoreError> {
    let ids = ids_json(documents);
    let mut by_document: HashMap<DocumentId, DocumentLayers> = HashMap::new();
    let mut statement = conn.prepare_cached(&ids_in(
        conn,
        "SELECT l.document_id, a.name, l.status FROM layers l
         JOIN annotators a ON a.id = l.annotator_id
         WHERE l.document_id IN ({IDS_IN}) ORDER BY l.document_id, a.name",
    ))?;
    let mut rows = statement.query([&ids])?;
    while let Some(row) = rows.next()? {
        let document = DocumentId(row.get(0)?);
        let annotator: String = row.get(1)?;
        let status = parse_status(&row.get::<_, String>(2)?)?;
        let entry = by_document
            .entry(document)
            .or_insert_with(|| empty_document(document));
        let layer = AnnotatorLayer {
            status,
            ..AnnotatorLayer::empty(&annotator)
        };
        if annotator == GOLD_LAYER {
            entry.gold = layer;
        } else {
            entry.layers.push(layer);
        }
    }

    read_spans(conn, &ids, &mut by_document)?;
    let mut statement = conn.prepare_cached(&ids_in(
        conn,
        &format!(
            "SELECT {RELATION_COLUMNS} FROM relations r
         JOIN annotators a ON a.id = r.annotator_id
         WHERE r.document_id IN ({{IDS_IN}}) ORDER BY r.id"
        ),
    ))?;
    let mut rows = statement.query([&ids])?;
    while let Some(row) = rows.next()? {
        let relation = relation_from_row(&row)?;
        let (document, annotator) = (relation.data.document_id, relation.data.annotator.clone());
        if let Some(layer) = layer_mut(&mut by_document, document, &annotator) {
            layer.relations.push(relation);
        }
    }
    read_decisions(conn, &ids, &mut by_document)?;
    Ok(documents
        .iter()
        .filter_map(|document| {
            by_document
                .remove(document)
                .or_else(|| Some(empty_document(*document)))
        })
        .collect())
}

/// The spans of the documents into their layers, in text order (start,
/// end, label order, id). Read in the index's order with no join and no
/// sort in SQL (names and label order come from two small tables): a
/// curation run reads three million spans this way.
fn read_spans(
    conn: &Db,
    ids: &str,
    by_document: &mut HashMap<DocumentId, DocumentLayers>,
) -> Result<(), StoreError> {
    let names: HashMap<i64, String> = conn
        .prepare_cached("SELECT id, name FROM annotators")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let label_order: HashMap<i64, i64> = conn
        .prepare_cached("SELECT id, sort_order FROM labels")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut attributes: HashMap<i64, Attributes> = HashMap::new();
    let mut statement = conn.prepare_cached(&ids_in(
        conn,
        "SELECT sa.span_id, sa.name, sa.value FROM span_attributes sa
         JOIN spans s ON s.id = sa.span_id
         WHERE s.document_id IN ({IDS_IN})",
    ))?;
    let mut rows = statement.query([ids])?;
    while let Some(row) = rows.next()? {
        attributes
            .entry(row.get(0)?)
            .or_default()
            .insert(row.get(1)?, row.get(2)?);
    }
    let mut statement = conn.prepare_cached(&ids_in(
        conn,
        "SELECT s.id, s.document_id, s.start_char, s.end_char, s.label_id, s.annotator_id, s.note
         FROM spans s WHERE s.document_id IN ({IDS_IN})",
    ))?;
    let mut rows = statement.query([ids])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let annotator_id: i64 = row.get(5)?;
        let Some(annotator) = names.get(&annotator_id) else {
            return Err(StoreError::Corrupt(format!(
                "span {id} names annotator row {annotator_id}, which does not exist"
            )));
        };
        let span = Span {
            id: SpanId(id),
            data: SpanData {
                document_id: DocumentId(row.get(1)?),
                start_char: to_usize(row.get(2)?)?,
                end_char: to_usize(row.get(3)?)?,
                label_id: LabelId(row.get(4)?),
                attributes: attributes.remove(&id).unwrap_or_default(),
                annotator: annotator.clone(),
                note: row.get(6)?,
            },
        };
        if let Some(layer) = layer_mut(by_document, span.data.document_id, annotator) {
            layer.spans.push(span);
        }
    }
    let order = |span: &Span| {
        let label = label_order
            .get(&span.data.label_id.0)
            .copied()
            .unwrap_or(i64::MAX);
        (span.data.start_char, span.data.end_char, label, span.id)
    };
    for document in by_document.values_mut() {
        for layer in document.layers.iter_mut().chain([&mut document.gold]) {
            layer.spans.sort_by_cached_key(order);
        }
    }
    Ok(())
}

fn read_decisions(
    conn: &Db,
    ids: &str,
    by_document: &mut HashMap<DocumentId, DocumentLayers>,
) -> Result<(), StoreError> {
    let mut statement = conn.prepare_cached(&ids_in(
        conn,
        "SELECT document_id, start_char, end_char, label_id, verdict, at_ms, origin
         FROM curation_span_decisions WHERE document_id IN ({IDS_IN})",
    ))?;
    let mut rows = statement.query([ids])?;
    while let Some(row) = rows.next()? {
        let document = DocumentId(row.get(0)?);
        let key = SpanKey {
            start_char: to_usize(row.get(1)?)?,
            end_char: to_usize(row.get(2)?)?,
            label: LabelId(row.get(3)?),
        };
        let decision = decision_from_raw((row.get(4)?, row.get(5)?, row.get(6)?))?;
        by_document
            .entry(document)
            .or_insert_with(|| empty_document(document))
            .span_decisions
            .insert(key, decision);
    }
    let mut statement = conn.prepare_cached(&ids_in(
        conn,
        "SELECT document_id, label_id, from_start, from_end, from_label_id,
                to_start, to_end, to_label_id, verdict, at_ms, origin
         FROM curation_relation_decisions WHERE document_id IN ({IDS_IN})",
    ))?;
    let mut rows = statement.query([ids])?;
    while let Some(row) = rows.next()? {
        let document = DocumentId(row.get(0)?);
        let key = RelationKey {
            label: LabelId(row.get(1)?),
            from: SpanKey {
                start_char: to_usize(row.get(2)?)?,
                end_char: to_usize(row.get(3)?)?,
                label: LabelId(row.get(4)?),
            },
            to: SpanKey {
                start_char: to_usize(row.get(5)?)?,
                end_char: to_usize(row.get(6)?)?,
                label: LabelId(row.get(7)?),
            },
        };
        let decision = decision_from_raw((row.get(8)?, row.get(9)?, row.get(10)?))?;
        by_document
            .entry(document)
            .or_insert_with(|| empty_document(document))
            .relation_decisions
            .insert(key, decision);
    }
    Ok(())
}

fn empty_document(document: DocumentId) -> DocumentLayers {
    DocumentLayers {
        document,
        layers: Vec::new(),
        gold: AnnotatorLayer::empty(GOLD_LAYER),
        span_decisions: BTreeMap::new(),
        relation_decisions: BTreeMap::new(),
    }
}

fn layer_mut<'a>(
    by_document: &'a mut HashMap<DocumentId, DocumentLayers>,
    document: DocumentId,
    annotator: &str,
) -> Option<&'a mut AnnotatorLayer> {
    let entry = by_document.get_mut(&document)?;
    if annotator == GOLD_LAYER {
        return Some(&mut entry.gold);
    }
    entry.layers.iter_mut().find(|l| l.annotator == annotator)
}

impl Tx<'_> {
    /// Records (Some) or forgets (None) where a gold span came from.
    pub fn set_span_provenance(
        &self,
        span: SpanId,
        provenance: Option<&Provenance>,
    ) -> Result<(), StoreError> {
        self.set_provenance(&SPAN_PROVENANCE, span.0, provenance)
    }

    /// Records (Some) or forgets (None) where a gold relation came from.
    pub fn set_relation_provenance(
        &self,
        relation: RelationId,
        provenance: Option<&Provenance>,
    ) -> Result<(), StoreError> {
        self.set_provenance(&RELATION_PROVENANCE, relation.0, provenance)
    }

    fn set_provenance(
        &self,
        table: &ProvenanceTable,
        id: i64,
        provenance: Option<&Provenance>,
    ) -> Result<(), StoreError> {
        let conn = self.conn();
        let Some(provenance) = provenance else {
            conn.prepare_cached(table.delete)?.execute([id])?;
            return Ok(());
        };
        let voters = serde_json::to_string(&provenance.voters)
            .map_err(|err| StoreError::Corrupt(format!("provenance voters: {err}")))?;
        conn.prepare_cached(table.upsert)?.execute(params![
            id,
            provenance.origin.as_text(),
            voters,
            provenance.at_ms,
            provenance.review
        ])?;
        Ok(())
    }

    /// Records (Some) or forgets (None) the decision about a span candidate.
    pub fn set_span_decision(
        &self,
        document: DocumentId,
        key: SpanKey,
        decision: Option<&Decision>,
    ) -> Result<(), StoreError> {
        let conn = self.conn();
        let place = params![
            document.0,
            key.start_char as i64,
            key.end_char as i64,
            key.label.0
        ];
        match decision {
            None => {
                conn.prepare_cached(
                    "DELETE FROM curation_span_decisions
                     WHERE document_id = ?1 AND start_char = ?2 AND end_char = ?3 AND label_id = ?4",
                )?
                .execute(place)?;
            }
            Some(decision) => {
                conn.prepare_cached(
                    "INSERT INTO curation_span_decisions
                       (document_id, start_char, end_char, label_id, verdict, at_ms, origin)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                     ON CONFLICT (document_id, start_char, end_char, label_id) DO UPDATE
                     SET verdict = excluded.verdict, at_ms = excluded.at_ms, origin = excluded.origin",
                )?
                .execute(params![
                    document.0,
                    key.start_char as i64,
                    key.end_char as i64,
                    key.label.0,
                    decision.verdict.as_str(),
                    decision.at_ms,
                    decision.by.as_text()
                ])?;
            }
        }
        Ok(())
    }

    /// Records (Some) or forgets (None) the decision about a relation candidate.
    pub fn set_relation_decision(
        &self,
        document: DocumentId,
        key: RelationKey,
        decision: Option<&Decision>,
    ) -> Result<(), StoreError> {
        let conn = self.conn();
        let place = relation_key_params(document, key);
        match decision {
            None => {
                conn.prepare_cached(
                    "DELETE FROM curation_relation_decisions
                     WHERE document_id = ?1 AND label_id = ?2 AND from_start = ?3 AND from_end = ?4
                       AND from_label_id = ?5 AND to_start = ?6 AND to_end = ?7 AND to_label_id = ?8",
                )?
                .execute(place)?;
            }
            Some(decision) => {
                let [d, l, fs, fe, fl, ts, te, tl] = place;
                conn.prepare_cached(
                    "INSERT INTO curation_relation_decisions
                       (document_id, label_id, from_start, from_end, from_label_id,
                        to_start, to_end, to_label_id, verdict, at_ms, origin)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                     ON CONFLICT (document_id, label_id, from_start, from_end, from_label_id,
                                  to_start, to_end, to_label_id) DO UPDATE
                     SET verdict = excluded.verdict, at_ms = excluded.at_ms, origin = excluded.origin",
                )?
                .execute(params![
                    d,
                    l,
                    fs,
                    fe,
                    fl,
                    ts,
                    te,
                    tl,
                    decision.verdict.as_str(),
                    decision.at_ms,
                    decision.by.as_text()
                ])?;
            }
        }
        Ok(())
    }

    /// Stores the count of undecided candidates of a document (current until
    /// one of its layers changes).
    pub fn set_curation_progress(
        &self,
        document: DocumentId,
        undecided: usize,
    ) -> Result<(), StoreError> {
        self.conn()
            .prepare_cached(
                "INSERT INTO curation_progress (document_id, undecided) VALUES (?1, ?2)
                 ON CONFLICT (document_id) DO UPDATE SET undecided = excluded.undecided",
            )?
            .execute(params![document.0, undecided as i64])?;
        Ok(())
    }

    /// Drops a document's stored progress count (a decision changed it).
    pub fn forget_curation_progress(&self, document: DocumentId) -> Result<(), StoreError> {
        self.conn()
            .prepare_cached("DELETE FROM curation_progress WHERE document_id = ?1")?
            .execute([document.0])?;
        Ok(())
    }

    /// Drops every stored progress count (a change no layer records, such as
    /// a label merged into another).
    pub fn forget_all_curation_progress(&self) -> Result<(), StoreError> {
        self.conn().execute("DELETE FROM curation_progress", [])?;
        Ok(())
    }

    /// `curate --replace`: removes the gold layers of `documents` (spans,
    /// relations and their provenance with them) and every decision taken
    /// there. Returns how many gold spans and relations went.
    pub fn remove_gold(&self, documents: &[DocumentId]) -> Result<usize, StoreError> {
        let removed = self.gold_annotation_count(documents)?;
        let ids = ids_json(documents);
        let conn = self.conn();
        conn.prepare_cached(&ids_in(
            conn,
            "DELETE FROM layers WHERE document_id IN ({IDS_IN})
               AND annotator_id = (SELECT id FROM annotators WHERE name = ?2)",
        ))?
        .execute(params![ids, GOLD_LAYER])?;
        for table in ["curation_span_decisions", "curation_relation_decisions"] {
            conn.prepare_cached(&ids_in(
                conn,
                &format!("DELETE FROM {table} WHERE document_id IN ({{IDS_IN}})"),
            ))?
            .execute([&ids])?;
        }
        Ok(removed)
    }
}
