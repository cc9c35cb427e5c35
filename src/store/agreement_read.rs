//! The agreement report's input, read from the project's layers (schema version 3
//! and later): the one place that knows how layers sit in the database.
//!
//! Every compared annotator gets a layer of every document: their stored layer
//! with its own status, or an empty `new` one where they have none (it counts as
//! unfinished, so it contributes no units). The curated `gold` layer is not an
//! annotator and is left out.

use std::collections::HashMap;

use super::read::Conn;
use super::{Reader, StoreError};
use crate::agreement::statistics::CreatedPerDay;
use crate::agreement::{
    AgreementInput, AttributeKey, InputDocument, InputLayer, InputRelation, InputSpan,
};
use crate::model::{Attributes, DocumentId, DocumentStatus, GOLD_LAYER};

/// Reads every annotator's layers of every document, in project order.
pub fn read_agreement_input<R: Reader + ?Sized>(reader: &R) -> Result<AgreementInput, StoreError> {
    let _snapshot = reader.snapshot()?;
    let conn = reader.conn();
    let schema = reader.schema()?;
    let labels: Vec<String> = schema.span_labels().map(|l| l.name.clone()).collect();
    let label_index: HashMap<i64, u32> = schema
        .span_labels()
        .enumerate()
        .map(|(index, label)| (label.id.0, index as u32))
        .collect();
    let relation_labels: Vec<String> = schema.relation_labels().map(|l| l.name.clone()).collect();
    let relation_index: HashMap<i64, u32> = schema
        .relation_labels()
        .enumerate()
        .map(|(index, label)| (label.id.0, index as u32))
        .collect();
    let attributes: Vec<AttributeKey> = schema
        .attributes
        .iter()
        .filter_map(|def| {
            Some(AttributeKey {
                label: *label_index.get(&def.label_id.0)?,
                name: def.name.clone(),
            })
        })
        .collect();

    // The annotators who have layers, by name; gold is the curated result.
    let mut annotators: Vec<String> = conn
        .prepare(
            "SELECT DISTINCT a.name FROM layers l JOIN annotators a ON a.id = l.annotator_id
             WHERE a.name <> ?1",
        )?
        .query_map([GOLD_LAYER], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    annotators.sort();
    let by_name: HashMap<&str, u32> = annotators
        .iter()
        .enumerate()
        .map(|(index, name)| (name.as_str(), index as u32))
        .collect();
    let mut annotator_index: HashMap<i64, u32> = HashMap::new();
    let mut statement = conn.prepare("SELECT id, name FROM annotators")?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let name: String = row.get(1)?;
        if let Some(&index) = by_name.get(name.as_str()) {
            annotator_index.insert(row.get(0)?, index);
        }
    }

    let mut documents = Vec::new();
    let mut document_index: HashMap<i64, usize> = HashMap::new();
    let mut statement =
        conn.prepare("SELECT id, external_id, len_chars FROM documents ORDER BY sort_order, id")?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let external_id: String = row.get(1)?;
        let len_chars = offset(&external_id, row.get(2)?)?;
        document_index.insert(id, documents.len());
        documents.push(InputDocument {
            id: DocumentId(id),
            external_id,
            len_chars,
            layers: (0..annotators.len() as u32)
                .map(|annotator| InputLayer {
                    annotator,
                    status: DocumentStatus::New,
                    spans: Vec::new(),
                    relations: Vec::new(),
                })
                .collect(),
        });
    }

    // Each stored layer's own status.
    let mut statement = conn.prepare("SELECT document_id, annotator_id, status FROM layers")?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let (Some(&document), Some(&annotator)) = (
            document_index.get(&row.get::<_, i64>(0)?),
            annotator_index.get(&row.get::<_, i64>(1)?),
        ) else {
            continue; // gold, or a layer of no compared annotator
        };
        let status: String = row.get(2)?;
        documents[document].layers[annotator as usize].status = DocumentStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown layer status {status:?}")))?;
    }

    let mut span_attributes: HashMap<i64, Attributes> = HashMap::new();
    let mut statement = conn.prepare("SELECT span_id, name, value FROM span_attributes")?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        span_attributes
            .entry(row.get(0)?)
            .or_default()
            .insert(row.get(1)?, row.get(2)?);
    }
    // Span id → (document, layer, index in the layer), for relations; a map of every
    // span costs ~100 MB at 3,000,000 spans, so only when there are relations.
    let any_relations: bool =
        conn.query_row("SELECT EXISTS (SELECT 1 FROM relations)", [], |row| {
            row.get(0)
        })?;
    let mut span_place: HashMap<i64, (usize, u32, u32)> = HashMap::new();
    let mut statement = conn.prepare(
        "SELECT id, document_id, start_char, end_char, label_id, annotator_id FROM spans",
    )?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let (Some(&document), Some(&label), Some(&annotator)) = (
            document_index.get(&row.get::<_, i64>(1)?),
            label_index.get(&row.get::<_, i64>(4)?),
            annotator_index.get(&row.get::<_, i64>(5)?),
        ) else {
            continue; // a gold span, or one the foreign keys make unreachable
        };
        let document_entry = &mut documents[document];
        let start = offset(&document_entry.external_id, row.get(2)?)?;
        let end = offset(&document_entry.external_id, row.get(3)?)?;
        let layer = &mut document_entry.layers[annotator as usize];
        if any_relations {
            span_place.insert(id, (document, annotator, layer.spans.len() as u32));
        }
        layer.spans.push(InputSpan {
            start,
            end,
            label,
            attributes: span_attributes.remove(&id).unwrap_or_default(),
        });
    }

    let mut statement = conn.prepare("SELECT from_span_id, to_span_id, label_id FROM relations")?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let (Some(&(document, from_layer, from)), Some(&(_, to_layer, to)), Some(&label)) = (
            span_place.get(&row.get::<_, i64>(0)?),
            span_place.get(&row.get::<_, i64>(1)?),
            relation_index.get(&row.get::<_, i64>(2)?),
        ) else {
            continue;
        };
        // A relation belongs to the layer of the spans it joins (imports often leave
        // its own annotator empty); one between two annotators' spans has no layer.
        if from_layer != to_layer {
            continue;
        }
        documents[document].layers[from_layer as usize]
            .relations
            .push(InputRelation { label, from, to });
    }
    Ok(AgreementInput {
        annotators,
        labels,
        relation_labels,
        attributes,
        documents,
    })
}

/// An offset or length as the report keeps it (u32: four billion characters).
fn offset(document: &str, value: i64) -> Result<u32, StoreError> {
    u32::try_from(value).map_err(|_| {
        StoreError::Corrupt(format!(
            "document {document:?}: offset {value} is negative or past 4,294,967,295 characters"
        ))
    })
}

/// Spans made per day (UTC, `YYYY-MM-DD`) per annotator, from each span's
/// `created_at` (imported spans carry the import's time), the curated `gold`
/// layer left out: annotators in name order, days in order.
pub fn read_spans_created_per_day<R: Reader + ?Sized>(
    reader: &R,
) -> Result<CreatedPerDay, StoreError> {
    let conn = reader.conn();
    // Days since 1970 counted in SQL (both engines divide integers the same
    // way, truncating: the CASE floors times before 1970), the date made
    // here: SQLite's strftime and PostgreSQL's to_char do not share a name.
    let mut statement = conn.prepare(
        "SELECT a.name,
                CASE WHEN s.created_at >= 0 THEN s.created_at / 86400000
                     ELSE (s.created_at + 1) / 86400000 - 1 END AS day,
                COUNT(*)
         FROM spans s JOIN annotators a ON a.id = s.annotator_id
         WHERE a.name <> ?1
         GROUP BY a.name, day ORDER BY a.name, day",
    )?;
    let mut rows = statement.query([GOLD_LAYER])?;
    let mut per_annotator: CreatedPerDay = Vec::new();
    while let Some(row) = rows.next()? {
        let (name, day, count): (String, i64, i64) = (row.get(0)?, row.get(1)?, row.get(2)?);
        let (year, month, day) = super::backup::civil_from_days(day);
        let day = format!("{year:04}-{month:02}-{day:02}");
        let count = u64::try_from(count).unwrap_or(0);
        match per_annotator.last_mut() {
            Some((last, days)) if *last == name => days.push((day, count)),
            _ => per_annotator.push((name, vec![(day, count)])),
        }
    }
    Ok(per_annotator)
}

#[cfg(test)]
mod tests {
    use crate::model::SpanData;
    use crate::store::{Reader, Store};

    /// Days are UTC calendar days, floored: a span made one millisecond
    /// before 1970 belongs to 1969-12-31, not to 1970-01-01.
    #[test]
    fn spans_count_on_their_utc_day() {
        let mut store = Store::in_memory().unwrap();
        crate::project::seed_sample(&mut store).unwrap();
        let document = store.document_ids().unwrap()[0];
        let label = store.schema().unwrap().span_labels().next().unwrap().id;
        let day_ms = 86_400_000;
        store
            .write(|tx| {
                for (at, start) in [(-1, 0), (0, 1), (day_ms - 1, 2), (day_ms, 3), (-day_ms, 4)] {
                    let span = SpanData {
                        document_id: document,
                        start_char: start,
                        end_char: start + 1,
                        label_id: label,
                        attributes: Default::default(),
                        annotator: "ana".into(),
                        note: String::new(),
                    };
                    tx.insert_span_at(None, &span, (at, at))?;
                }
                Ok::<_, crate::store::StoreError>(())
            })
            .unwrap();
        let per_day = super::read_spans_created_per_day(&store).unwrap();
        let days = |pairs: &[(&str, u64)]| -> Vec<(String, u64)> {
            pairs.iter().map(|(d, n)| (d.to_string(), *n)).collect()
        };
        assert_eq!(
            per_day,
            vec![(
                "ana".to_string(),
                days(&[("1969-12-31", 2), ("1970-01-01", 2), ("1970-01-02", 1)])
            )]
        );
    }
}
