//! How far curation is in each document: ready or not, and the candidates
//! still undecided, for the document list's column and its "Needs
//! curation" filter.

use std::collections::{HashMap, HashSet};

use crate::model::{DocumentId, GOLD_LAYER, PREDICTIONS_LAYER};
use crate::session::Session;
use crate::store::{CurationReads as _, LayerReads as _, Reader as _, Store, StoreError};
use crate::ui::error::UiError;
use crate::ui::promise::Promise;

/// Each document's undecided candidates (0 for one not ready to curate),
/// and which documents are ready (finished by at least two annotators);
/// empty while the project has fewer than two annotators.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub left: HashMap<DocumentId, usize>,
    pub ready: HashSet<DocumentId>,
}

/// Where a document stands in curation, as the list marks it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CurationMark {
    /// Fewer than two annotators finished it: nothing to curate yet.
    NotReady,
    /// Ready, with this many candidates left to decide.
    Left(usize),
    /// Ready, and every candidate decided.
    Curated,
}

/// The counts the list shows, and how often they were counted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CurationProgress {
    counts: Counts,
    /// Grows with every re-count: the list's filter is recomputed then.
    generation: u64,
}

impl CurationProgress {
    pub fn new(counts: Counts, generation: u64) -> Self {
        Self { counts, generation }
    }

    /// The undecided candidates left in `document`; None when it has no
    /// count (the project has no curation, or it was not counted yet).
    pub fn left(&self, document: DocumentId) -> Option<usize> {
        self.counts.left.get(&document).copied()
    }

    /// How the list marks `document`; None when it has no count.
    pub fn mark(&self, document: DocumentId) -> Option<CurationMark> {
        let left = self.left(document)?;
        Some(if !self.counts.ready.contains(&document) {
            CurationMark::NotReady
        } else if left == 0 {
            CurationMark::Curated
        } else {
            CurationMark::Left(left)
        })
    }

    /// Whether `document` still has candidates to decide.
    pub fn needs_curation(&self, document: DocumentId) -> bool {
        self.left(document).is_some_and(|left| left > 0)
    }

    /// Whether any document has curation at all (else the list shows no
    /// column and no filter for it).
    pub fn any(&self) -> bool {
        !self.counts.left.is_empty()
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
    counting: Option<Promise<Result<Counts, StoreError>>>,
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
                session.keep_curation_progress(&counts.left)?;
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
                    session.keep_curation_progress(&counts.left)?;
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

/// The progress of every document: its candidates left, and whether it is
/// ready to curate (one query for the whole project: a layer's status is
/// all it takes); none at all while fewer than two annotators have layers.
fn count(store: &Store) -> Result<Counts, StoreError> {
    let voters = store
        .layer_names()?
        .into_iter()
        .filter(|name| name != GOLD_LAYER && name != PREDICTIONS_LAYER)
        .count();
    if voters < 2 {
        return Ok(Counts::default());
    }
    let _snapshot = store.snapshot()?;
    Ok(Counts {
        left: crate::curate::curation_progress(store)?,
        ready: store.documents_ready_to_curate()?,
    })
}
