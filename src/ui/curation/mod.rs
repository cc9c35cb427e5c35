//! Curation mode (Project › Curate…): the open document's candidates from
//! the annotators' layers, coloured by state, the one the keys act on, and
//! stepping through the undecided ones. Gold is the layer the article edits
//! meanwhile; the annotators' layers are drawn beside it (View › Layers).
//!
//! - `bar.rs`: the row over the article (legend, current candidate, buttons).
//! - `progress.rs`: each document's undecided candidates, for the list.
//! - `walk.rs`: the order Tab goes through span and relation candidates.

mod bar;
pub mod progress;
pub mod walk;

use std::sync::Arc;

pub use bar::{CURATION_BAR_LABEL, MERGE_BUTTON_LABEL, STOP_BUTTON_LABEL};
pub use progress::{Counts, CurationMark, CurationProgress, ProgressCounter};
pub use walk::{Stop, Target};

use std::collections::HashMap;

use crate::curate::{CandidateState, RelationCandidate, SpanCandidate};
use crate::model::{DocumentId, SpanId, SpanKey};
use crate::session::Session;
use crate::store::StoreError;
use crate::ui::article::{ArticleState, CandidateArc, CandidateMark, CandidateOverlay};
use crate::ui::theme;

#[derive(Debug, Default)]
pub struct CurationView {
    active: bool,
    /// The document the candidates were last read for.
    document: Option<DocumentId>,
    /// The candidate the keys act on, while the article still shows it.
    current: Option<Stop>,
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

    /// The open document's relation candidates whose ends are in gold, by key.
    pub fn relations<'a>(&self, session: &'a Session) -> &'a [RelationCandidate] {
        session
            .curation()
            .filter(|_| self.active)
            .map_or(&[], |o| o.candidates.relations.as_slice())
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
    /// article still shows it (a relation candidate is reached only so);
    /// else an undecided span candidate exactly where the selection is; else
    /// the shortest undecided one under the caret.
    pub fn target<'a>(&self, session: &'a Session, state: &ArticleState) -> Option<Target<'a>> {
        let candidates = self.candidates(session);
        match self.current.filter(|stop| stop.is_shown(state)) {
            Some(Stop::Span(key)) => {
                if let Some(current) = candidates.iter().find(|c| c.key == key) {
                    return Some(Target::Span(current));
                }
            }
            Some(Stop::Relation(key)) => {
                return self
                    .relations(session)
                    .iter()
                    .find(|c| c.key == key)
                    .map(Target::Relation);
            }
            None => {}
        }
        let undecided = || candidates.iter().filter(|c| c.state.is_undecided());
        if let Some((start, end)) = state.selected_range() {
            return undecided()
                .find(|c| c.key.start_char == start && c.key.end_char == end)
                .map(Target::Span);
        }
        let caret = state.caret();
        undecided()
            .filter(|c| c.key.start_char <= caret && caret < c.key.end_char)
            .min_by_key(|c| c.key.end_char - c.key.start_char)
            .map(Target::Span)
    }

    /// Tab / Shift+Tab: the next (previous) undecided candidate, span or
    /// relation ([`walk`]'s order), after the current one or the caret;
    /// wraps around. Becomes current.
    pub fn step(&mut self, session: &Session, forward: bool, state: &ArticleState) -> Option<Stop> {
        let stops = session
            .curation()
            .filter(|_| self.active)
            .map(|o| walk::undecided_stops(&o.candidates))
            .unwrap_or_default();
        let from = self.current.filter(|stop| stop.is_shown(state));
        let next = walk::next_stop(&stops, from, state.caret(), forward);
        self.current = next;
        next
    }

    /// The relation types a key picks for a relation candidate, numbered
    /// from 1 as the relation picker numbers them between its two gold ends:
    /// those the schema allows first, then the others.
    pub fn relation_types(
        &self,
        session: &Session,
        key: crate::model::RelationKey,
    ) -> Vec<crate::model::LabelId> {
        let Some(open) = session.open() else {
            return Vec::new();
        };
        let gold = |end: SpanKey| {
            open.spans
                .iter()
                .find(|s| crate::curate::candidates::span_key(s) == end)
                .map(|s| s.id)
        };
        let (Some(from), Some(to)) = (gold(key.from), gold(key.to)) else {
            return Vec::new();
        };
        let (mut usable, others) = session.relation_types_for(from, to);
        usable.extend(others);
        usable
    }

    /// The place of `stop` among the undecided ones, from 1, in walking
    /// order (counted, not sorted: the bar asks every frame).
    pub fn place(&self, session: &Session, stop: Stop) -> Option<usize> {
        walk::place(&session.curation()?.candidates, stop)
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
        let target = self.target(session, state);
        let target_range = match target {
            Some(Target::Span(c)) => Some((c.key.start_char, c.key.end_char)),
            _ => None,
        };
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
            if target_range == Some(range) {
                current = Some(marks.len());
            }
            marks.push(CandidateMark {
                start_char: range.0,
                end_char: range.1,
                color: theme::candidate_color(shown, dark_mode),
                struck: shown == CandidateState::Rejected,
            });
        }
        let current_relation = match target {
            Some(Target::Relation(c)) => Some(c.key),
            _ => None,
        };
        CandidateOverlay {
            current,
            marks: Arc::from(marks),
            arcs: Arc::from(self.arcs(session, current_relation, dark_mode)),
        }
    }

    /// The relation candidates drawn between their gold ends: the undecided
    /// ones in their state's colour, the rejected ones grey and struck
    /// through (accepted ones are gold's own relations, drawn as such).
    fn arcs(
        &self,
        session: &Session,
        current: Option<crate::model::RelationKey>,
        dark_mode: bool,
    ) -> Vec<CandidateArc> {
        let relations = self.relations(session);
        let Some(open) = session.open().filter(|_| !relations.is_empty()) else {
            return Vec::new();
        };
        let gold: HashMap<SpanKey, SpanId> = open
            .spans
            .iter()
            .map(|s| (crate::curate::candidates::span_key(s), s.id))
            .collect();
        relations
            .iter()
            .filter(|c| c.state != CandidateState::Accepted)
            .filter_map(|c| {
                Some(CandidateArc {
                    from: *gold.get(&c.key.from)?,
                    to: *gold.get(&c.key.to)?,
                    label: c.key.label,
                    color: theme::candidate_color(c.state, dark_mode),
                    struck: c.state == CandidateState::Rejected,
                    current: current == Some(c.key),
                })
            })
            .collect()
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
