//! Curation progress for the document list: each document's undecided
//! candidates. Stored per document (and dropped by the store whenever one
//! of its layers changes); what is missing is computed here, from the
//! layers, a few thousand documents at a time.

use std::collections::HashMap;

use super::candidates::span_candidates;
use crate::model::DocumentId;
use crate::store::{CurationReads, Reader, Store, StoreError};

/// Documents read at once when counting: bounded memory on any project.
const CHUNK_DOCUMENTS: usize = 2_000;

/// Every document's undecided candidates (0 for a document not finished
/// by two annotators), every annotator but gold and predictions voting.
/// Stored counts are taken as they are; the others are computed.
pub fn curation_progress<R: Reader + ?Sized>(
    reader: &R,
) -> Result<HashMap<DocumentId, usize>, StoreError> {
    let _snapshot = reader.snapshot()?;
    let mut progress = reader.stored_curation_progress()?;
    let missing: Vec<DocumentId> = reader
        .document_ids()?
        .into_iter()
        .filter(|id| !progress.contains_key(id))
        .collect();
    for chunk in missing.chunks(CHUNK_DOCUMENTS) {
        for layers in reader.curation_layers(chunk)? {
            let undecided = span_candidates(&layers, None).undecided();
            progress.insert(layers.document, undecided);
        }
    }
    Ok(progress)
}

/// Stores the counts (so the next [`curation_progress`] reads them
/// instead of computing them); nothing on a read-only store.
pub fn store_curation_progress(
    store: &mut Store,
    progress: &HashMap<DocumentId, usize>,
) -> Result<(), StoreError> {
    if store.read_only_reason().is_some() {
        return Ok(());
    }
    let stored = store.stored_curation_progress()?;
    store.write(|tx| {
        for (document, undecided) in progress {
            if stored.get(document) != Some(undecided) {
                tx.set_curation_progress(*document, *undecided)?;
            }
        }
        Ok::<_, StoreError>(())
    })
}
