//! The candidates of one document: every position with a label that a
//! finished annotator marked, with its voters and its state for the view.
//! Pure: built from [`DocumentLayers`], no store, no window.

use std::collections::BTreeMap;

use crate::model::{
    AnnotatorLayer, DocumentLayers, DocumentStatus, LabelId, SpanKey, PREDICTIONS_LAYER,
};

/// Where a candidate stands, for the view's colours and for progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CandidateState {
    /// Every annotator who finished the document voted for it.
    AllAgree,
    /// Two or more voted for it, not all.
    SomeAgree,
    /// Another label was voted for at the same position.
    Disagree,
    /// Only one annotator voted for it.
    OnlyOne,
    /// Gold holds a span at this position with this label.
    Accepted,
    /// Rejected by a curator, accepted then removed from gold, or decided
    /// otherwise (gold holds another label at this position).
    Rejected,
}

impl CandidateState {
    /// Whether a curator (or a strategy) has still to decide it.
    pub fn is_undecided(self) -> bool {
        !matches!(self, Self::Accepted | Self::Rejected)
    }
}

/// One candidate: a position with a label, and who voted for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpanCandidate {
    pub key: SpanKey,
    /// The finished annotators with a span here with this label, by name.
    pub voters: Vec<String>,
    pub state: CandidateState,
}

/// The candidates of one document, by position then label id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentCandidates {
    /// The annotators whose layers vote (chosen and `done`), by name.
    pub finished: Vec<String>,
    pub candidates: Vec<SpanCandidate>,
}

impl DocumentCandidates {
    /// Whether the document is ready to curate: finished by at least two of
    /// the chosen annotators.
    pub fn is_ready(&self) -> bool {
        self.finished.len() >= 2
    }

    /// Curation progress: the candidates left to decide, 0 for a document
    /// not ready to curate.
    pub fn undecided(&self) -> usize {
        if !self.is_ready() {
            return 0;
        }
        self.candidates
            .iter()
            .filter(|c| c.state.is_undecided())
            .count()
    }
}

/// The layers that may vote when no annotators are chosen: every one but
/// gold (kept apart in [`DocumentLayers`]) and a model's predictions.
pub fn default_voter(layer: &AnnotatorLayer) -> bool {
    layer.annotator != PREDICTIONS_LAYER
}

/// The layers of `document` that vote: chosen (every [`default_voter`] when
/// `annotators` is None) and done.
pub fn voting_layers<'a>(
    document: &'a DocumentLayers,
    annotators: Option<&[String]>,
) -> Vec<&'a AnnotatorLayer> {
    document
        .layers
        .iter()
        .filter(|layer| layer.status == DocumentStatus::Done)
        .filter(|layer| match annotators {
            Some(names) => names.contains(&layer.annotator),
            None => default_voter(layer),
        })
        .collect()
}

/// Every candidate of `document` among the layers that vote, with its state.
pub fn span_candidates(
    document: &DocumentLayers,
    annotators: Option<&[String]>,
) -> DocumentCandidates {
    let voting = voting_layers(document, annotators);
    let finished: Vec<String> = voting.iter().map(|l| l.annotator.clone()).collect();
    let votes = votes_by_key(&voting);
    let mut labels_at: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for key in votes.keys() {
        *labels_at.entry((key.start_char, key.end_char)).or_default() += 1;
    }
    let gold: std::collections::HashSet<SpanKey> =
        document.gold.spans.iter().map(span_key).collect();
    let gold_positions: std::collections::HashSet<(usize, usize)> = gold
        .iter()
        .map(|key| (key.start_char, key.end_char))
        .collect();
    let candidates = votes
        .into_iter()
        .map(|(key, voters)| {
            let position = (key.start_char, key.end_char);
            let state = if gold.contains(&key) {
                CandidateState::Accepted
            } else if document.span_decisions.contains_key(&key)
                || gold_positions.contains(&position)
            {
                // A rejection, an acceptance since removed from gold, or
                // another label chosen here: decided, not in gold.
                CandidateState::Rejected
            } else if labels_at.get(&position).copied().unwrap_or(0) > 1 {
                CandidateState::Disagree
            } else if voters.len() == 1 {
                CandidateState::OnlyOne
            } else if voters.len() == finished.len() {
                CandidateState::AllAgree
            } else {
                CandidateState::SomeAgree
            };
            let voters = voters.into_iter().map(str::to_string).collect();
            SpanCandidate { key, voters, state }
        })
        .collect();
    DocumentCandidates {
        finished,
        candidates,
    }
}

/// The voters of each (position, label) among `voting`, names in order
/// (borrowed: a curation run counts three million votes).
pub(super) fn votes_by_key<'a>(voting: &[&'a AnnotatorLayer]) -> BTreeMap<SpanKey, Vec<&'a str>> {
    let mut votes: BTreeMap<SpanKey, Vec<&'a str>> = BTreeMap::new();
    for layer in voting {
        for span in &layer.spans {
            votes
                .entry(span_key(span))
                .or_default()
                .push(layer.annotator.as_str());
        }
    }
    for voters in votes.values_mut() {
        // Two spans of one layer at one place with one label are one vote.
        voters.sort_unstable();
        voters.dedup();
    }
    votes
}

/// The candidate key of a span.
pub fn span_key(span: &crate::model::Span) -> SpanKey {
    SpanKey {
        start_char: span.data.start_char,
        end_char: span.data.end_char,
        label: span.data.label_id,
    }
}

/// The candidate of `candidates` at `key`, if any.
pub fn find_candidate(candidates: &DocumentCandidates, key: SpanKey) -> Option<&SpanCandidate> {
    candidates
        .candidates
        .binary_search_by(|c| c.key.cmp(&key))
        .ok()
        .and_then(|i| candidates.candidates.get(i))
}

/// Labels voted at a position, for "accept with another label" menus.
pub fn labels_at(
    candidates: &DocumentCandidates,
    start_char: usize,
    end_char: usize,
) -> Vec<LabelId> {
    candidates
        .candidates
        .iter()
        .filter(|c| c.key.start_char == start_char && c.key.end_char == end_char)
        .map(|c| c.key.label)
        .collect()
}
