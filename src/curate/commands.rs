//! The curator's edits, as [`Command`]s for the edit history: accept a
//! candidate into gold (its label or another), reject one, accept every
//! candidate all annotators agree on. Built here from what the view shows;
//! applied (and undone) by `edit::apply`.

use super::candidates::{
    find_candidate, find_relation_candidate, relation_notes, span_key, CandidateState,
    DocumentCandidates,
};
use super::merge::{merge_attributes, merge_notes};
use crate::edit::Command;
use crate::model::{
    Attributes, Decision, DocumentLayers, LabelId, Origin, Provenance, RelationData, RelationKey,
    Schema, Span, SpanData, SpanKey, Verdict, GOLD_LAYER,
};

/// Accepts the candidate at `key` into gold, with `as_label` instead of its
/// own label when given (its attributes then start empty: they belonged to
/// the other label). Provenance `curator`, the candidate's voters; notes
/// and attributes merged as a strategy would. None when `candidates` has no
/// such candidate.
pub fn accept_candidate(
    schema: &Schema,
    layers: &DocumentLayers,
    candidates: &DocumentCandidates,
    key: SpanKey,
    as_label: Option<LabelId>,
    at_ms: i64,
) -> Option<Command> {
    let candidate = find_candidate(candidates, key)?;
    let voted = voted_spans(layers, key, &candidate.voters);
    let label = as_label.unwrap_or(key.label);
    let (attributes, review) = if label == key.label {
        merge_attributes(schema, label, &voted)
    } else {
        (Attributes::new(), None)
    };
    Some(Command::AcceptCandidate {
        span: gold_span(layers, key, label, attributes, &voted),
        provenance: Provenance {
            origin: Origin::Curator,
            voters: candidate.voters.clone(),
            at_ms,
            review,
        },
    })
}

/// Rejects the candidate at `key`: it is not proposed again for this
/// document (and no strategy run adds it).
pub fn reject_candidate(layers: &DocumentLayers, key: SpanKey, at_ms: i64) -> Command {
    Command::SetSpanDecision {
        document: layers.document,
        key,
        decision: Some(curator_rejection(at_ms)),
    }
}

/// Accepts the relation candidate at `key` into gold between the two gold
/// spans at its ends, as `as_label` instead of its own type when given (the
/// candidate itself is then recorded as rejected: the curator chose another
/// type). Provenance `curator`, the candidate's voters; their notes side by
/// side. None when `candidates` has no such candidate or gold no longer
/// holds both ends.
pub fn accept_relation_candidate(
    layers: &DocumentLayers,
    candidates: &DocumentCandidates,
    key: RelationKey,
    as_label: Option<LabelId>,
    at_ms: i64,
) -> Option<Command> {
    let candidate = find_relation_candidate(candidates, key)?;
    let gold_span = |end: SpanKey| {
        layers
            .gold
            .spans
            .iter()
            .find(|s| span_key(s) == end)
            .map(|s| s.id)
    };
    let (from_span, to_span) = (gold_span(key.from)?, gold_span(key.to)?);
    let notes = relation_notes(layers, key, &candidate.voters);
    Some(Command::AcceptRelationCandidate {
        key,
        relation: RelationData {
            document_id: layers.document,
            from_span,
            to_span,
            label_id: as_label.unwrap_or(key.label),
            annotator: GOLD_LAYER.to_string(),
            note: merge_notes(notes.iter().map(|(n, note)| (n.as_str(), note.as_str()))),
        },
        provenance: Provenance {
            origin: Origin::Curator,
            voters: candidate.voters.clone(),
            at_ms,
            review: None,
        },
    })
}

/// Rejects the relation candidate at `key`: not proposed again for this
/// document (and no strategy run adds it).
pub fn reject_relation_candidate(layers: &DocumentLayers, key: RelationKey, at_ms: i64) -> Command {
    Command::SetRelationDecision {
        document: layers.document,
        key,
        decision: Some(curator_rejection(at_ms)),
    }
}

/// A curator's rejection, made at `at_ms`.
fn curator_rejection(at_ms: i64) -> Decision {
    Decision {
        verdict: Verdict::Rejected,
        at_ms,
        by: Origin::Curator,
    }
}

/// Accepts every span candidate of the document that all finished
/// annotators agree on, as one undo step; when none is left, every relation
/// candidate they all agree on (a relation is a candidate once both its ends
/// are in gold, so the spans go first and their relations at the next
/// press). None when there is nothing left to accept.
pub fn accept_all_agreed(
    schema: &Schema,
    layers: &DocumentLayers,
    candidates: &DocumentCandidates,
    at_ms: i64,
) -> Option<Command> {
    let mut commands: Vec<Command> = candidates
        .candidates
        .iter()
        .filter(|c| c.state == CandidateState::AllAgree)
        .filter_map(|c| accept_candidate(schema, layers, candidates, c.key, None, at_ms))
        .collect();
    if commands.is_empty() {
        commands = agreed_relations(candidates)
            .filter_map(|key| accept_relation_candidate(layers, candidates, key, None, at_ms))
            .collect();
    }
    (!commands.is_empty()).then_some(Command::Batch(commands))
}

/// The relation candidates every finished annotator agrees on.
pub fn agreed_relations(candidates: &DocumentCandidates) -> impl Iterator<Item = RelationKey> + '_ {
    candidates
        .relations
        .iter()
        .filter(|c| c.state == CandidateState::AllAgree)
        .map(|c| c.key)
}

/// Each voter's span at `key` (the first, if a layer holds two), in voter order.
pub(super) fn voted_spans<'a>(
    layers: &'a DocumentLayers,
    key: SpanKey,
    voters: &[impl AsRef<str>],
) -> Vec<&'a Span> {
    voters
        .iter()
        .filter_map(|voter| {
            let layer = layers
                .layers
                .iter()
                .find(|l| l.annotator == voter.as_ref())?;
            layer.spans.iter().find(|s| {
                s.data.start_char == key.start_char
                    && s.data.end_char == key.end_char
                    && s.data.label_id == key.label
            })
        })
        .collect()
}

/// The gold span made from the voters' spans.
pub(super) fn gold_span(
    layers: &DocumentLayers,
    key: SpanKey,
    label: LabelId,
    attributes: Attributes,
    voted: &[&Span],
) -> SpanData {
    SpanData {
        document_id: layers.document,
        start_char: key.start_char,
        end_char: key.end_char,
        label_id: label,
        attributes,
        annotator: GOLD_LAYER.to_string(),
        note: merge_notes(
            voted
                .iter()
                .map(|s| (s.data.annotator.as_str(), s.data.note.as_str())),
        ),
    }
}
