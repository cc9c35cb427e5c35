//! The importer reads ahead a batch of documents, then checks and writes
//! them together: what it must ask the project (which texts, document ids,
//! span and relation ids it holds) is asked once for the batch, and the
//! rows are written with a few statements (on a server each statement is a
//! round trip). What it reports, the ids it keeps and the errors it gives
//! are those of one document at a time, in the same order: a document
//! meets the earlier documents of its batch as if they were in the
//! project already.

use std::collections::{HashMap, HashSet};

use super::{document_title, id_in_key, CheckedDocument, Duplicate, Importer, LayerSkip};
use crate::formats::{ImportDocument, ImportError, Notice};
use crate::model::text::content_hash;
use crate::model::{DocumentId, RelationData, RelationId, SpanData, SpanId};
use crate::store::{BatchDocument, IdRun, IdTable, ImportBatch, LayerReads, Reader, Tx};

/// Documents a batch holds at most; a corpus of small documents is
/// written a few hundred at a time.
const BATCH_DOCUMENTS: usize = 500;
/// Bytes of text a batch holds at most, so that memory stays bounded when
/// documents are large (four 1 MB documents make a batch; a 16 MB one is one).
const BATCH_TEXT_BYTES: usize = 4 << 20;

/// What the project held when the batch began, asked once for the batch.
struct Lookups {
    documents_by_hash: HashMap<String, DocumentId>,
    external_ids: HashSet<String>,
    span_ids: HashSet<i64>,
    relation_ids: HashSet<i64>,
    /// Whether the ids above are all the ids taken: an annotator who may
    /// not read the others' layers sees only their own.
    sees_every_id: bool,
}

/// A batch being planned: its rows, and what its documents took so far
/// (a later document of the batch sees them as taken).
struct Planned<'p> {
    rows: ImportBatch<'p>,
    documents_by_hash: HashMap<String, DocumentId>,
    external_ids: HashSet<String>,
    span_ids: HashSet<i64>,
    relation_ids: HashSet<i64>,
    document_run: IdRun,
    span_run: IdRun,
    relation_run: IdRun,
}

impl<'t, 'c> Importer<'t, 'c> {
    /// Takes a document into the batch; a full batch is checked and written.
    pub(super) fn document(&mut self, document: ImportDocument) -> Result<(), ImportError> {
        self.pending_bytes += document.text.len();
        self.pending.push(document);
        if self.pending.len() >= BATCH_DOCUMENTS || self.pending_bytes >= BATCH_TEXT_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes what is left of the batch and returns the report.
    pub(super) fn finish(mut self) -> Result<super::ImportReport, ImportError> {
        self.flush()?;
        Ok(std::mem::take(&mut self.report))
    }

    /// Checks and writes the documents read so far, in the order read.
    pub(super) fn flush(&mut self) -> Result<(), ImportError> {
        let pending = std::mem::take(&mut self.pending);
        self.pending_bytes = 0;
        if pending.is_empty() {
            return Ok(());
        }
        let hashes: Vec<String> = pending.iter().map(|d| content_hash(&d.text)).collect();
        let lookups = self.lookups(&pending, &hashes)?;
        let mut planned = Planned {
            rows: ImportBatch::default(),
            documents_by_hash: HashMap::new(),
            external_ids: HashSet::new(),
            span_ids: HashSet::new(),
            relation_ids: HashSet::new(),
            document_run: self.tx.id_run(IdTable::Documents)?,
            span_run: self.tx.id_run(IdTable::Spans)?,
            relation_run: self.tx.id_run(IdTable::Relations)?,
        };
        for (document, hash) in pending.iter().zip(hashes) {
            self.plan_document(document, hash, &lookups, &mut planned)?;
        }
        self.tx.write_import_batch(&planned.rows, &mut self.memo)?;
        self.tx.finish_id_run(planned.document_run)?;
        self.tx.finish_id_run(planned.span_run)?;
        self.tx.finish_id_run(planned.relation_run)?;
        Ok(())
    }

    /// What the project holds of the batch's texts, document ids and the
    /// span and relation ids its files give.
    fn lookups(
        &self,
        pending: &[ImportDocument],
        hashes: &[String],
    ) -> Result<Lookups, ImportError> {
        let hashes: Vec<&str> = hashes.iter().map(String::as_str).collect();
        let external_ids: Vec<String> = pending.iter().map(wanted_external_id).collect();
        let external_ids: Vec<&str> = external_ids.iter().map(String::as_str).collect();
        let span_ids: Vec<i64> = pending
            .iter()
            .flat_map(|d| &d.spans)
            .filter_map(|span| id_in_key(span.key.as_deref(), 's'))
            .collect();
        let relation_ids: Vec<i64> = pending
            .iter()
            .flat_map(|d| &d.relations)
            .filter_map(|relation| id_in_key(relation.key.as_deref(), 'r'))
            .collect();
        Ok(Lookups {
            documents_by_hash: self.tx.documents_by_hashes(&hashes)?,
            external_ids: self.tx.external_ids_taken(&external_ids)?,
            span_ids: self.tx.ids_taken(IdTable::Spans, &span_ids)?,
            relation_ids: self.tx.ids_taken(IdTable::Relations, &relation_ids)?,
            sees_every_id: self.tx.sees_every_layer()?,
        })
    }

    /// One document of the batch: left out (a duplicate, or a layer the
    /// annotator has), or checked and added to the batch's rows.
    fn plan_document<'p>(
        &mut self,
        document: &'p ImportDocument,
        hash: String,
        lookups: &Lookups,
        planned: &mut Planned<'p>,
    ) -> Result<(), ImportError> {
        let location = &document.location;
        let title = document_title(document);
        let existing = planned
            .documents_by_hash
            .get(&hash)
            .or_else(|| lookups.documents_by_hash.get(&hash))
            .copied();
        if let Some(existing) = existing {
            match &self.forced_annotator {
                Some(annotator) if has_layer(self.tx, &planned.rows, existing, annotator)? => {
                    self.report.layers_skipped.push(LayerSkip {
                        location: location.clone(),
                        title,
                        annotator: annotator.clone(),
                    });
                    return Ok(());
                }
                Some(_) => {}
                None => {
                    self.report.duplicates.push(Duplicate {
                        location: location.clone(),
                        title,
                    });
                    return Ok(());
                }
            }
        }
        let checked = self.check_document(document)?;
        let document_id = match existing {
            Some(existing) => {
                self.report.layers_added += 1;
                existing
            }
            None => {
                let external_id = self.free_external_id(document, lookups, planned)?;
                self.report.documents += 1;
                let id = DocumentId(planned.document_run.next_id());
                planned.external_ids.insert(external_id.clone());
                planned.documents_by_hash.insert(hash.clone(), id);
                planned.rows.documents.push(BatchDocument {
                    id,
                    external_id,
                    title,
                    text: &document.text,
                    len_chars: checked.len_chars,
                    content_hash: hash,
                    meta: &document.meta,
                });
                id
            }
        };
        for (annotator, status) in &checked.layer_statuses {
            planned
                .rows
                .set_layer_status(document_id, annotator, *status);
        }
        self.plan_annotations(document, document_id, checked, lookups, planned);
        Ok(())
    }

    /// A checked document's spans and relations, with their ids: an id its
    /// file gives (`s12`) is kept where neither the project nor an earlier
    /// document of the batch has it; the others are new.
    fn plan_annotations<'p>(
        &mut self,
        document: &'p ImportDocument,
        document_id: DocumentId,
        checked: CheckedDocument<'p>,
        lookups: &Lookups,
        planned: &mut Planned<'p>,
    ) {
        let wanted = document
            .spans
            .iter()
            .map(|span| id_in_key(span.key.as_deref(), 's'));
        let span_ids = self.give_ids(
            wanted,
            (&lookups.span_ids, lookups.sees_every_id),
            &mut planned.span_ids,
            &mut planned.span_run,
        );
        for ((checked, span), id) in checked
            .spans
            .into_iter()
            .zip(&document.spans)
            .zip(&span_ids)
        {
            planned.rows.ensure_layer(document_id, &checked.owner);
            planned.rows.spans.push((
                SpanId(*id),
                SpanData {
                    document_id,
                    start_char: checked.start_char,
                    end_char: checked.end_char,
                    label_id: checked.label_id,
                    attributes: checked.attributes,
                    annotator: checked.owner,
                    note: span.note.clone(),
                },
            ));
        }
        let wanted = checked
            .relations
            .iter()
            .map(|checked| id_in_key(checked.relation.key.as_deref(), 'r'));
        let relation_ids = self.give_ids(
            wanted,
            (&lookups.relation_ids, lookups.sees_every_id),
            &mut planned.relation_ids,
            &mut planned.relation_run,
        );
        self.report.spans += span_ids.len();
        self.report.relations += relation_ids.len();
        for (checked, id) in checked.relations.into_iter().zip(relation_ids) {
            planned.rows.ensure_layer(document_id, &checked.owner);
            planned.rows.relations.push((
                RelationId(id),
                RelationData {
                    document_id,
                    from_span: SpanId(span_ids[checked.from]),
                    to_span: SpanId(span_ids[checked.to]),
                    label_id: checked.label_id,
                    annotator: checked.owner,
                    note: checked.relation.note.clone(),
                },
            ));
        }
    }

    /// The ids of one document's spans (or relations), in order: the ids
    /// kept first, then the new ones after them (as the engine gives ids
    /// to rows inserted in that order). A wanted id that is taken counts as
    /// renumbered. When the project's ids seen are not all its ids (a
    /// blind annotator's), an id the table handed out before may be
    /// another's: only ids past those are kept.
    fn give_ids(
        &mut self,
        wanted: impl Iterator<Item = Option<i64>>,
        (in_project, seen_all): (&HashSet<i64>, bool),
        in_batch: &mut HashSet<i64>,
        run: &mut IdRun,
    ) -> Vec<i64> {
        let kept: Vec<Option<i64>> = wanted
            .map(|wanted| {
                let kept = wanted.filter(|id| {
                    !in_project.contains(id)
                        && !in_batch.contains(id)
                        && (seen_all || !run.given_before(*id))
                });
                if wanted.is_some() && kept.is_none() {
                    self.report.renumbered_ids += 1;
                }
                kept
            })
            .collect();
        for id in kept.iter().flatten() {
            run.keep(*id);
            in_batch.insert(*id);
        }
        kept.into_iter()
            .map(|kept| {
                kept.unwrap_or_else(|| {
                    let id = run.next_id();
                    in_batch.insert(id);
                    id
                })
            })
            .collect()
    }

    /// The document's id from the file, or one made from the file name; when
    /// the project or the batch already uses it, a numbered variant, reported.
    fn free_external_id(
        &mut self,
        document: &ImportDocument,
        lookups: &Lookups,
        planned: &Planned<'_>,
    ) -> Result<String, ImportError> {
        let wanted = wanted_external_id(document);
        if !lookups.external_ids.contains(&wanted) && !planned.external_ids.contains(&wanted) {
            return Ok(wanted);
        }
        // Numbering resumes where the last document with this id stopped:
        // 20,000 documents called "doc" try one candidate each, not 2..n.
        let mut suffix = self.next_id_suffix.get(&wanted).copied().unwrap_or(2);
        loop {
            let candidate = format!("{wanted}-{suffix}");
            let taken = planned.external_ids.contains(&candidate)
                || self.tx.external_id_taken(&candidate)?;
            if !taken {
                self.next_id_suffix.insert(wanted.clone(), suffix + 1);
                self.report.notices.push(Notice {
                    location: document.location.clone(),
                    message: format!(
                        "document id {wanted:?} is already used in the project; stored as {candidate:?}"
                    ),
                });
                return Ok(candidate);
            }
            suffix += 1;
        }
    }
}

/// Whether `annotator` has a layer of `document`, in the project or made by
/// an earlier document of the batch.
fn has_layer(
    tx: &Tx<'_>,
    rows: &ImportBatch<'_>,
    document: DocumentId,
    annotator: &str,
) -> Result<bool, ImportError> {
    Ok(rows.has_layer(document, annotator) || tx.layer_status(document, annotator)?.is_some())
}

/// The document's id from the file, or one made from the file name (and
/// the line, for a file of many documents).
fn wanted_external_id(document: &ImportDocument) -> String {
    document.external_id.clone().unwrap_or_else(|| {
        let stem = document
            .location
            .file
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_else(|| "document".into());
        match document.location.line {
            Some(line) => format!("{stem}-{line}"),
            None => stem,
        }
    })
}
