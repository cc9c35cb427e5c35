//! What a strategy run does to one document, decided before anything is
//! written: the gold spans and relations to add (with provenance), and the
//! tally for the report. Pure: from [`DocumentLayers`] only.

use std::collections::{BTreeMap, HashSet};

use super::candidates::{
    ends_of, gold_relation_keys, relation_undecided, relation_votes, span_key, votes_by_key,
    voting_layers,
};
use super::commands::{gold_span, voted_spans};
use super::merge::{merge_attributes, merge_notes};
use super::strategy::{Judgement, Strategy};
use crate::model::{
    AnnotatorLayer, DocumentLayers, LabelId, Origin, Provenance, RelationKey, Schema, SpanData,
    SpanKey,
};

/// How one document's candidates came out, by label.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    /// Span candidates put into gold by this run.
    pub accepted: usize,
    /// Span candidates at a position where labels disagree and none passed.
    pub disputed: usize,
    /// Span candidates with one vote that were not accepted.
    pub left: usize,
    /// Span candidates outvoted by the label accepted at their position, or
    /// with more than one vote and still short of the strategy.
    pub unmet: usize,
    /// Span candidates the strategy accepts that were already decided (in
    /// gold, accepted or rejected before, or another label chosen there):
    /// left as they are.
    pub kept: usize,
}

impl Tally {
    pub fn add(&mut self, other: &Tally) {
        self.accepted += other.accepted;
        self.disputed += other.disputed;
        self.left += other.left;
        self.unmet += other.unmet;
        self.kept += other.kept;
    }
}

/// A gold relation to add, its ends named by position and label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedRelation {
    pub key: RelationKey,
    pub note: String,
    pub provenance: Provenance,
}

/// What to write for one document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocumentPlan {
    /// Whether at least two chosen annotators finished it.
    pub ready: bool,
    pub spans: Vec<(SpanData, Provenance)>,
    pub relations: Vec<PlannedRelation>,
    /// Relation candidates kept as they were (decided before, or in gold).
    pub relations_kept: usize,
    /// Relation candidates the strategy passed whose ends are not both in gold.
    pub relations_without_ends: usize,
    /// By span label.
    pub tally: BTreeMap<LabelId, Tally>,
    /// The document's candidates left undecided once this plan is written
    /// (curation progress; 0 for a document not ready).
    pub undecided: usize,
}

/// Plans one document: `strategy` over the votes of the `done` layers of
/// `annotators` (every layer but gold and predictions when None), leaving
/// alone every candidate already decided.
pub fn plan_document(
    strategy: &Strategy,
    schema: &Schema,
    layers: &DocumentLayers,
    annotators: Option<&[String]>,
    at_ms: i64,
) -> DocumentPlan {
    let voting = voting_layers(layers, annotators);
    let mut plan = DocumentPlan {
        ready: voting.len() >= 2,
        ..DocumentPlan::default()
    };
    if !plan.ready {
        return plan;
    }
    let finished = voting.len();
    let origin = Origin::Strategy(strategy.name().to_string());
    let votes = votes_by_key(&voting);
    let gold_keys: HashSet<SpanKey> = layers.gold.spans.iter().map(span_key).collect();
    let gold_positions: HashSet<(usize, usize)> = gold_keys
        .iter()
        .map(|k| (k.start_char, k.end_char))
        .collect();
    let mut in_gold = gold_keys.clone();
    for ((start, end), at_position) in group_by_position(&votes) {
        let counts: Vec<(LabelId, usize)> = at_position
            .iter()
            .map(|(key, voters)| (key.label, voters.len()))
            .collect();
        let present = present_at(&at_position);
        let judgement = strategy.judge(&counts, present, finished);
        for (key, voters) in &at_position {
            let tally = plan.tally.entry(key.label).or_default();
            match judgement {
                Judgement::Accept(label) if label == key.label => {
                    let decided = gold_keys.contains(key)
                        || layers.span_decisions.contains_key(key)
                        || gold_positions.contains(&(start, end));
                    if decided {
                        tally.kept += 1;
                        continue;
                    }
                    tally.accepted += 1;
                    let voted = voted_spans(layers, **key, voters);
                    let (attributes, review) = merge_attributes(schema, key.label, &voted);
                    let span = gold_span(layers, **key, key.label, attributes, &voted);
                    let provenance = Provenance {
                        origin: origin.clone(),
                        voters: voters.iter().map(|v| v.to_string()).collect(),
                        at_ms,
                        review,
                    };
                    in_gold.insert(**key);
                    plan.spans.push((span, provenance));
                }
                Judgement::Disputed => tally.disputed += 1,
                Judgement::Left => tally.left += 1,
                // Outvoted by the label accepted here, or short of the rule.
                Judgement::Accept(_) | Judgement::Unmet => tally.unmet += 1,
            }
        }
    }
    plan.undecided = undecided_after(&votes, layers, &in_gold);
    plan_relations(
        strategy, layers, &voting, &in_gold, &origin, at_ms, &mut plan,
    );
    plan
}

/// The candidates still to decide once the plan is written (the rule of
/// `candidates::span_candidates`: in gold, decided before, or at a place gold
/// holds with another label, is decided).
fn undecided_after(
    votes: &BTreeMap<SpanKey, Vec<&str>>,
    layers: &DocumentLayers,
    in_gold: &HashSet<SpanKey>,
) -> usize {
    let positions: HashSet<(usize, usize)> =
        in_gold.iter().map(|k| (k.start_char, k.end_char)).collect();
    votes
        .keys()
        .filter(|key| {
            !(in_gold.contains(key)
                || layers.span_decisions.contains_key(key)
                || positions.contains(&(key.start_char, key.end_char)))
        })
        .count()
}

/// The labels voted at one position, each with its voters.
type SpanVotes<'a> = Vec<(&'a SpanKey, &'a Vec<&'a str>)>;

/// The relation types voted between two ends, each with its voters and
/// their notes.
type RelationVotes = Vec<(RelationKey, Vec<(String, String)>)>;

/// Span votes grouped by position (start, end), labels in key order.
fn group_by_position<'a>(
    votes: &'a BTreeMap<SpanKey, Vec<&'a str>>,
) -> Vec<((usize, usize), SpanVotes<'a>)> {
    let mut groups: Vec<((usize, usize), SpanVotes<'_>)> = Vec::new();
    for (key, voters) in votes {
        let position = (key.start_char, key.end_char);
        match groups.last_mut() {
            Some((at, members)) if *at == position => members.push((key, voters)),
            _ => groups.push((position, vec![(key, voters)])),
        }
    }
    groups
}

/// How many annotators have anything at a position (any label).
fn present_at<K>(at_position: &[(K, &Vec<&str>)]) -> usize {
    let mut names: Vec<&str> = at_position
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .collect();
    names.sort();
    names.dedup();
    names.len()
}

/// Relations: the same strategy over (type, from, to), between two ends
/// that are both in gold (before or by this run).
fn plan_relations(
    strategy: &Strategy,
    layers: &DocumentLayers,
    voting: &[&AnnotatorLayer],
    in_gold: &HashSet<SpanKey>,
    origin: &Origin,
    at_ms: i64,
    plan: &mut DocumentPlan,
) {
    let votes = relation_votes(voting);
    let gold_relations = gold_relation_keys(&layers.gold);
    let mut gold_ends = ends_of(&gold_relations);
    let voted: Vec<RelationKey> = votes.keys().copied().collect();
    // Judged per pair of ends, as spans are per position.
    let mut by_ends: BTreeMap<(SpanKey, SpanKey), RelationVotes> = BTreeMap::new();
    for (key, voters) in votes {
        by_ends
            .entry((key.from, key.to))
            .or_default()
            .push((key, voters));
    }
    for ((from, to), members) in by_ends {
        let counts: Vec<(LabelId, usize)> =
            members.iter().map(|(k, v)| (k.label, v.len())).collect();
        let mut names: Vec<&String> = members
            .iter()
            .flat_map(|(_, v)| v.iter().map(|(n, _)| n))
            .collect();
        names.sort();
        names.dedup();
        let Judgement::Accept(label) = strategy.judge(&counts, names.len(), voting.len()) else {
            continue;
        };
        let Some((key, voters)) = members.into_iter().find(|(k, _)| k.label == label) else {
            continue;
        };
        if !(in_gold.contains(&from) && in_gold.contains(&to)) {
            plan.relations_without_ends += 1;
            continue;
        }
        // Gold holding another type between these ends is a choice made, as
        // another label at a span's position is.
        if gold_ends.contains(&(from, to)) || layers.relation_decisions.contains_key(&key) {
            plan.relations_kept += 1;
            continue;
        }
        let mut voters = voters;
        voters.sort();
        plan.relations.push(PlannedRelation {
            key,
            note: merge_notes(voters.iter().map(|(n, note)| (n.as_str(), note.as_str()))),
            provenance: Provenance {
                origin: origin.clone(),
                voters: voters.into_iter().map(|(n, _)| n).collect(),
                at_ms,
                review: None,
            },
        });
    }
    // Progress: the relation candidates left to decide once the plan is
    // written (ends in gold then, no gold relation between them).
    gold_ends.extend(plan.relations.iter().map(|r| (r.key.from, r.key.to)));
    plan.undecided += voted
        .iter()
        .filter(|key| relation_undecided(key, in_gold, &gold_ends, &layers.relation_decisions))
        .count();
}
