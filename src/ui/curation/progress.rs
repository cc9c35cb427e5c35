//! How far curation is in each document: the candidates still undecided,
//! for the document list's column and its "Needs curation" filter.

use std::collections::HashMap;

use crate::model::{DocumentId, GOLD_LAYER, PREDICTIONS_LAYER};
use crate::session::Session;
use crate::store::{LayerReads as _, Store, StoreError};
use crate::ui::error::UiError;
use crate::ui::promise::Promise;

/// Undecided candidates per document that has curation (finished by at
/// least two annotators); documents without curation are absent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CurationProgress {
    left: HashMap<DocumentId, usize>,
    /// Grows with every re-count: the list's filter is recomputed then.
    generation: u64,
}

impl CurationProgress {
    pub fn new(left: HashMap<DocumentId, usize>, generation: u64) -> Self {
        Self { left, generation }
    }

    /// The undecided candidates left in `document`; None when it has no
    /// curation.
    pub fn left(&self, document: DocumentId) -> Option<usize> {
        self.left.get(&document).copied()
    }

    /// Whether `document` still has candidates to decide.
    pub fn needs_curation(&self, document: DocumentId) -> bool {
        self.left(document).is_some_and(|left| left > 0)
    }

    /// Whether any document has curation at all (else the list shows no
    /// column and no filter for it).
    pub fn any(&self) -> bool {
        !self.left.is_empty()
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }
}

/// Counts the documents' progress (a large project in the background, on its own read-only
/// connection: the window keeps drawing), again after each change of the
/// project; the counts are then kept in the project, so the next count
/// computes only the documents whose layers changed.
#[derive(Default)]
pub struct ProgressCounter {
    shown: CurationProgress,
    counting: Option<Promise<Result<HashMap<DocumentId, usize>, StoreError>>>,
    /// The session's change count the last count started at.
    counted_at: Option<u64>,
}

impl ProgressCounter {
    pub fn progress(&self) -> &CurationProgress {
        &self.shown
    }

    /// Takes a finished count in and starts the next when the project
    /// changed since. `keep` is false while a job holds the project (the
    /// counts are kept after it).
    pub fn tick(
        &mut self,
        session: &mut Session,
        ctx: &egui::Context,
        keep: bool,
    ) -> Result<(), UiError> {
        if let Some(counting) = &mut self.counting {
            let Some(result) = counting.poll() else {
                return Ok(());
            };
            self.counting = None;
            let counts = result
                .map_err(|_| UiError::WorkerLost("Counting the curation progress".into()))??;
            if keep {
                session.keep_curation_progress(&counts)?;
            }
            self.shown = CurationProgress::new(counts, self.shown.generation + 1);
        }
        if self.counted_at == Some(session.change_count()) {
            return Ok(());
        }
        self.counted_at = Some(session.change_count());
        match session.location() {
            Some(path) if session.documents().len() > IN_FRAME_DOCUMENTS => {
                self.counting = Some(Promise::spawn(ctx, move |_| {
                    let store = Store::open_read_only(&path, "counting curation progress")?;
                    count(&store)
                }));
            }
            // A small project is counted at once (a few milliseconds).
            _ => {
                let counts = count(session.store())?;
                if keep {
                    session.keep_curation_progress(&counts)?;
                }
                self.shown = CurationProgress::new(counts, self.shown.generation + 1);
            }
        }
        Ok(())
    }

    /// Waits for a running count (tests).
    pub fn is_counting(&self) -> bool {
        self.counting.is_some()
    }
}

/// Projects with at most this many documents are counted within the frame:
/// reading their layers takes milliseconds, and the list shows the counts
/// at once.
const IN_FRAME_DOCUMENTS: usize = 1_000;

/// The progress of every document with curation: documents with candidates
/// left; none at all while fewer than two annotators have layers.
fn count(store: &Store) -> Result<HashMap<DocumentId, usize>, StoreError> {
    let voters = store
        .layer_names()?
        .into_iter()
        .filter(|name| name != GOLD_LAYER && name != PREDICTIONS_LAYER)
        .count();
    if voters < 2 {
        return Ok(HashMap::new());
    }
    crate::curate::curation_progress(store)
}
