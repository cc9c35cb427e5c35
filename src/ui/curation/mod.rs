//! Curation mode (Project › Curate…): the open document's candidates from
//! the annotators' layers, coloured by state, the one the keys act on, and
//! stepping through the undecided ones. Gold is the layer the article edits
//! meanwhile; the annotators' layers are drawn beside it (View › Layers).
//!
//! - `bar.rs`: the row over the article (legend, current candidate, buttons).
//! - `progress.rs`: each document's undecided candidates, for the list.

mod bar;
pub mod progress;

use std::sync::Arc;

pub use bar::{CURATION_BAR_LABEL, MERGE_BUTTON_LABEL, STOP_BUTTON_LABEL};
pub use progress::{CurationProgress, ProgressCounter};

use crate::curate::{CandidateState, SpanCandidate};
use crate::model::{DocumentId, SpanKey};
use crate::session::Session;
use crate::store::StoreError;
use crate::ui::article::{ArticleState, CandidateMark, CandidateOverlay};
use crate::ui::theme;

#[derive(Debug, Default)]
pub struct CurationView {
    active: bool,
    /// The document the candidates were last read for.
    document: Option<DocumentId>,
    /// The candidate the keys act on, while the selection is on it.
    current: Option<SpanKey>,
}

impl CurationView {
    pub fn is_active(&self) -> bool {
        self.active
    }

    pub fn start(&mut self) {
        *self = Self {
            active: true,
            ..Self::default()
        };
    }

    pub fn stop(&mut self) {
        *self = Self::default();
    }

    /// Has the open document's candidates read (the session follows them
    /// edit by edit); another document forgets the current candidate.
    pub fn refresh(&mut self, session: &mut Session) -> Result<(), StoreError> {
        if !self.active {
            return Ok(());
        }
        if self.document != session.open_id() {
            self.document = session.open_id();
            self.current = None;
        }
        session.load_curation()
    }

    /// The open document's candidates, by position then label.
    pub fn candidates<'a>(&self, session: &'a Session) -> &'a [SpanCandidate] {
        session
            .curation()
            .filter(|_| self.active)
            .map_or(&[], |o| o.candidates.candidates.as_slice())
    }

    /// The annotators whose layers vote here (finished), by name.
    pub fn finished<'a>(&self, session: &'a Session) -> &'a [String] {
        session
            .curation()
            .filter(|_| self.active)
            .map_or(&[], |o| o.candidates.finished.as_slice())
    }

    /// Candidates left to decide here (none while fewer than two annotators
    /// have finished the document).
    pub fn undecided(&self, session: &Session) -> usize {
        session
            .curation()
            .filter(|_| self.active)
            .map_or(0, |o| o.candidates.undecided())
    }

    /// Whether the document is finished by two annotators or more.
    pub fn is_ready(&self, session: &Session) -> bool {
        session
            .curation()
            .filter(|_| self.active)
            .is_some_and(|o| o.candidates.is_ready())
    }

    /// The candidate the keys act on: the one Tab went to while the
    /// selection is still on it; else an undecided candidate exactly where
    /// the selection is; else the shortest undecided one under the caret.
    pub fn target<'a>(
        &self,
        session: &'a Session,
        state: &ArticleState,
    ) -> Option<&'a SpanCandidate> {
        let candidates = self.candidates(session);
        let selected = state.selected_range();
        if let Some(current) = self
            .current
            .and_then(|key| candidates.iter().find(|c| c.key == key))
        {
            if selected == Some((current.key.start_char, current.key.end_char)) {
                return Some(current);
            }
        }
        let undecided = || candidates.iter().filter(|c| c.state.is_undecided());
        if let Some((start, end)) = selected {
            return undecided().find(|c| c.key.start_char == start && c.key.end_char == end);
        }
        let caret = state.caret();
        undecided()
            .filter(|c| c.key.start_char <= caret && caret < c.key.end_char)
            .min_by_key(|c| c.key.end_char - c.key.start_char)
    }

    /// Tab / Shift+Tab: the next (previous) undecided candidate after the
    /// current one, or after the caret; wraps around. Becomes current.
    pub fn step(
        &mut self,
        session: &Session,
        forward: bool,
        state: &ArticleState,
    ) -> Option<SpanKey> {
        let undecided: Vec<SpanKey> = self
            .candidates(session)
            .iter()
            .filter(|c| c.state.is_undecided())
            .map(|c| c.key)
            .collect();
        let from = self
            .current
            .filter(|key| state.selected_range() == Some((key.start_char, key.end_char)));
        let next = match (from, forward) {
            (Some(from), true) => undecided.iter().find(|k| **k > from),
            (Some(from), false) => undecided.iter().rev().find(|k| **k < from),
            (None, true) => undecided.iter().find(|k| k.start_char >= state.caret()),
            (None, false) => undecided
                .iter()
                .rev()
                .find(|k| k.start_char < state.caret()),
        };
        let wrapped = if forward {
            undecided.first()
        } else {
            undecided.last()
        };
        let next = next.or(wrapped).copied();
        self.current = next;
        next
    }

    /// What the article draws: one mark per position, in the colour of
    /// what is still open there (an undecided candidate, else the one in
    /// gold), struck through only when every label there was rejected.
    pub fn overlay(
        &self,
        session: &Session,
        state: &ArticleState,
        dark_mode: bool,
    ) -> CandidateOverlay {
        if !self.active {
            return CandidateOverlay::default();
        }
        let target = self
            .target(session, state)
            .map(|c| (c.key.start_char, c.key.end_char));
        let mut marks: Vec<CandidateMark> = Vec::new();
        let mut current = None;
        // Candidates come by position, then label: a position's are together.
        for group in self.candidates(session).chunk_by(|a, b| {
            (a.key.start_char, a.key.end_char) == (b.key.start_char, b.key.end_char)
        }) {
            let Some(first) = group.first() else { continue };
            let shown = group
                .iter()
                .map(|c| c.state)
                .min_by_key(|s| shown_first(*s))
                .unwrap_or(first.state);
            let range = (first.key.start_char, first.key.end_char);
            if target == Some(range) {
                current = Some(marks.len());
            }
            marks.push(CandidateMark {
                start_char: range.0,
                end_char: range.1,
                color: theme::candidate_color(shown, dark_mode),
                struck: shown == CandidateState::Rejected,
            });
        }
        CandidateOverlay {
            current,
            marks: Arc::from(marks),
        }
    }
}

/// Which state a position's mark shows when it has several candidates:
/// what is undecided first, then what gold holds, then rejections.
fn shown_first(state: CandidateState) -> u8 {
    match state {
        CandidateState::Disagree => 0,
        CandidateState::AllAgree | CandidateState::SomeAgree | CandidateState::OnlyOne => 1,
        CandidateState::Accepted => 2,
        CandidateState::Rejected => 3,
    }
}

/// How the legend and the status line name a state.
pub fn state_name(state: CandidateState) -> &'static str {
    match state {
        CandidateState::AllAgree => "all agree",
        CandidateState::SomeAgree => "some agree",
        CandidateState::Disagree => "disagree",
        CandidateState::OnlyOne => "only one",
        CandidateState::Accepted => "in gold",
        CandidateState::Rejected => "rejected",
    }
}

/// Every state, in the legend's order.
pub const STATES: [CandidateState; 6] = [
    CandidateState::AllAgree,
    CandidateState::SomeAgree,
    CandidateState::Disagree,
    CandidateState::OnlyOne,
    CandidateState::Accepted,
    CandidateState::Rejected,
];
