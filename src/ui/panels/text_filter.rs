//! The document list's text filter: the documents whose text holds what was
//! typed (a substring, ignoring case), searched in the background with the
//! project's own read connection so the list keeps drawing over a large
//! corpus. Full-text search will replace it.

use std::collections::HashSet;

use crate::model::DocumentId;
use crate::session::Session;
use crate::store::{DocumentQueries, Store, StoreError};
use crate::ui::promise::Promise;

type Found = Result<Vec<DocumentId>, StoreError>;

#[derive(Default)]
pub struct TextFilter {
    /// The text searched for last, and the documents of the project size
    /// it was searched over (an import adds documents to search).
    searched: Option<(String, usize)>,
    running: Option<Promise<Found>>,
    /// The documents that hold it; None while nothing is asked for.
    matches: Option<HashSet<DocumentId>>,
    /// Counts the results taken, so the list knows to filter again.
    generation: u64,
    /// Why the last search failed, shown under the box.
    pub error: Option<String>,
}

impl TextFilter {
    /// Starts a search when `needle` or the number of documents changed;
    /// takes a finished one. An empty needle filters nothing.
    pub fn update(&mut self, ctx: &egui::Context, session: &Session, needle: &str) {
        if let Some(done) = self.running.as_mut().and_then(Promise::poll) {
            self.running = None;
            self.generation += 1;
            match done {
                Ok(Ok(found)) => {
                    self.matches = Some(found.into_iter().collect());
                    self.error = None;
                }
                Ok(Err(error)) => self.error = Some(error.to_string()),
                Err(_) => self.error = Some("the text search stopped unexpectedly".into()),
            }
        }
        let needle = needle.trim();
        let wanted = (needle.to_string(), session.documents().len());
        if self.searched.as_ref() == Some(&wanted) {
            return;
        }
        self.searched = Some(wanted);
        if needle.is_empty() {
            self.running = None;
            self.matches = None;
            self.error = None;
            self.generation += 1;
            return;
        }
        let needle = needle.to_string();
        match session.location() {
            Some(path) => {
                // A newer search replaces one still running (its result is dropped).
                self.running = Some(Promise::spawn(ctx, move |_| {
                    let store = Store::open_read_only(&path, "searching only")?;
                    store.documents_containing(&needle)
                }));
            }
            // A project in memory (tests) has no second connection: at once.
            None => {
                let found = session.store().documents_containing(&needle);
                self.running = None;
                self.generation += 1;
                match found {
                    Ok(found) => self.matches = Some(found.into_iter().collect()),
                    Err(error) => self.error = Some(error.to_string()),
                }
            }
        }
    }

    /// Whether a search is under way.
    pub fn searching(&self) -> bool {
        self.running.is_some()
    }

    /// Whether the document passes (everything does while no text is asked for).
    pub fn passes(&self, id: DocumentId) -> bool {
        self.matches.as_ref().is_none_or(|m| m.contains(&id))
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }
}
