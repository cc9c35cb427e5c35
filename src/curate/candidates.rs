//! The candidates of one document: every position with a label that a
//! finished annotator marked, with its voters and its state for the view.
//! Pure: built from [`DocumentLayers`], no store, no window.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::model::{
    AnnotatorLayer, Decision, DocumentLayers, DocumentStatus, LabelId, RelationKey, SpanId,
    SpanKey, PREDICTIONS_LAYER,
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

/// One relation candidate: a type between two ends (each a position with a
/// label), and who voted for it. Only those whose two ends are in gold are
/// candidates: a relation can go into gold only between gold spans.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelationCandidate {
    pub key: RelationKey,
    /// The finished annotators with this relation between spans at these
    /// two ends with these labels, by name.
    pub voters: Vec<String>,
    pub state: CandidateState,
}

/// The candidates of one document: spans by position then label id,
/// relations by key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentCandidates {
    /// The annotators whose layers vote (chosen and `done`), by name.
    pub finished: Vec<String>,
    pub candidates: Vec<SpanCandidate>,
    /// Relation candidates whose two ends are in gold.
    pub relations: Vec<RelationCandidate>,
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
        let spans = self
            .candidates
            .iter()
            .filter(|c| c.state.is_undecided())
            .count();
        let relations = self
            .relations
            .iter()
            .filter(|c| c.state.is_undecided())
            .count();
        spans + relations
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
    candidates_with(document, &voting, &RelationVotes::of(&voting))
}

/// [`span_candidates`] among `voting`, its relations' votes read already
/// (the view keeps them while a curator works on the document).
pub fn candidates_with(
    document: &DocumentLayers,
    voting: &[&AnnotatorLayer],
    relations: &RelationVotes,
) -> DocumentCandidates {
    let finished: Vec<String> = voting.iter().map(|l| l.annotator.clone()).collect();
    let votes = votes_by_key(voting);
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
    let relations = relations.candidates(document);
    DocumentCandidates {
        finished,
        candidates,
        relations,
    }
}

/// Every relation the voting layers of a document drew, by key with its
/// voters: what does not change while a curator works on the document (only
/// gold and decisions do), so the view reads it once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RelationVotes {
    voters: BTreeMap<RelationKey, Vec<String>>,
    /// How many types were voted between each pair of ends (from, to).
    types_between: HashMap<(SpanKey, SpanKey), usize>,
    /// How many layers vote.
    finished: usize,
}

impl RelationVotes {
    pub fn of(voting: &[&AnnotatorLayer]) -> Self {
        let voters: BTreeMap<RelationKey, Vec<String>> = relation_votes(voting)
            .into_iter()
            .map(|(key, votes)| (key, votes.into_iter().map(|(name, _)| name).collect()))
            .collect();
        let mut types_between: HashMap<(SpanKey, SpanKey), usize> = HashMap::new();
        for key in voters.keys() {
            *types_between.entry((key.from, key.to)).or_default() += 1;
        }
        Self {
            voters,
            types_between,
            finished: voting.len(),
        }
    }

    /// The relation candidates of `document` whose two ends are in gold, by
    /// key, with their states, by the rules of span candidates: in gold →
    /// accepted; a decision (rejected, or accepted and since removed from
    /// gold) or gold holding another type between the same two ends →
    /// rejected; another type voted between them → disagree; then one
    /// voter, all, some.
    pub fn candidates(&self, document: &DocumentLayers) -> Vec<RelationCandidate> {
        if self.voters.is_empty() {
            return Vec::new();
        }
        let gold_spans: HashSet<SpanKey> = document.gold.spans.iter().map(span_key).collect();
        let gold_relations = gold_relation_keys(&document.gold);
        let gold_ends = ends_of(&gold_relations);
        self.voters
            .iter()
            .filter(|(key, _)| gold_spans.contains(&key.from) && gold_spans.contains(&key.to))
            .map(|(key, voters)| {
                let ends = (key.from, key.to);
                let state = if gold_relations.contains(key) {
                    CandidateState::Accepted
                } else if document.relation_decisions.contains_key(key) || gold_ends.contains(&ends)
                {
                    CandidateState::Rejected
                } else if self.types_between.get(&ends).copied().unwrap_or(0) > 1 {
                    CandidateState::Disagree
                } else if voters.len() == 1 {
                    CandidateState::OnlyOne
                } else if voters.len() == self.finished {
                    CandidateState::AllAgree
                } else {
                    CandidateState::SomeAgree
                };
                RelationCandidate {
                    key: *key,
                    voters: voters.clone(),
                    state,
                }
            })
            .collect()
    }
}

/// Each voter's note on the relation `key` (the first, if a layer holds
/// two), in `voters`' order: what a gold relation accepted from it notes.
pub fn relation_notes(
    layers: &DocumentLayers,
    key: RelationKey,
    voters: &[String],
) -> Vec<(String, String)> {
    voters
        .iter()
        .filter_map(|voter| {
            let layer = layers.layers.iter().find(|l| l.annotator == *voter)?;
            let at = |end: SpanKey| -> Vec<SpanId> {
                layer
                    .spans
                    .iter()
                    .filter(|s| span_key(s) == end)
                    .map(|s| s.id)
                    .collect()
            };
            let (from, to) = (at(key.from), at(key.to));
            let relation = layer.relations.iter().find(|r| {
                r.data.label_id == key.label
                    && from.contains(&r.data.from_span)
                    && to.contains(&r.data.to_span)
            })?;
            Some((voter.clone(), relation.data.note.clone()))
        })
        .collect()
}

/// The voters of each relation key among `voting`, with their notes, in
/// layer order (one vote per layer: two relations of one layer with one key
/// are one vote, the first one's note).
pub(super) fn relation_votes(
    voting: &[&AnnotatorLayer],
) -> BTreeMap<RelationKey, Vec<(String, String)>> {
    let mut votes: BTreeMap<RelationKey, Vec<(String, String)>> = BTreeMap::new();
    for layer in voting {
        if layer.relations.is_empty() {
            continue;
        }
        let keys: HashMap<SpanId, SpanKey> =
            layer.spans.iter().map(|s| (s.id, span_key(s))).collect();
        for relation in &layer.relations {
            let (Some(from), Some(to)) = (
                keys.get(&relation.data.from_span),
                keys.get(&relation.data.to_span),
            ) else {
                continue;
            };
            let key = RelationKey {
                label: relation.data.label_id,
                from: *from,
                to: *to,
            };
            let voters = votes.entry(key).or_default();
            if !voters.iter().any(|(name, _)| *name == layer.annotator) {
                voters.push((layer.annotator.clone(), relation.data.note.clone()));
            }
        }
    }
    votes
}

/// The relation keys of the gold layer.
pub(super) fn gold_relation_keys(gold: &AnnotatorLayer) -> HashSet<RelationKey> {
    let keys: HashMap<SpanId, SpanKey> = gold.spans.iter().map(|s| (s.id, span_key(s))).collect();
    gold.relations
        .iter()
        .filter_map(|r| {
            Some(RelationKey {
                label: r.data.label_id,
                from: *keys.get(&r.data.from_span)?,
                to: *keys.get(&r.data.to_span)?,
            })
        })
        .collect()
}

/// The pairs of ends (from, to) that `relations` join.
pub(super) fn ends_of(relations: &HashSet<RelationKey>) -> HashSet<(SpanKey, SpanKey)> {
    relations.iter().map(|k| (k.from, k.to)).collect()
}

/// Whether a relation candidate is still to decide once gold holds the
/// spans `gold_spans` and relations between the pairs of ends `gold_ends`:
/// both its ends in gold, no gold relation between them, and no decision
/// taken (the rule of [`relation_candidates`], for a strategy run's
/// progress count).
pub(super) fn relation_undecided(
    key: &RelationKey,
    gold_spans: &HashSet<SpanKey>,
    gold_ends: &HashSet<(SpanKey, SpanKey)>,
    decisions: &BTreeMap<RelationKey, Decision>,
) -> bool {
    gold_spans.contains(&key.from)
        && gold_spans.contains(&key.to)
        && !gold_ends.contains(&(key.from, key.to))
        && !decisions.contains_key(key)
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

/// The relation candidate of `candidates` at `key`, if any.
pub fn find_relation_candidate(
    candidates: &DocumentCandidates,
    key: RelationKey,
) -> Option<&RelationCandidate> {
    candidates
        .relations
        .binary_search_by(|c| c.key.cmp(&key))
        .ok()
        .and_then(|i| candidates.relations.get(i))
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
