use crate::model::{
    Attributes, Decision, DocumentId, DocumentStatus, LabelId, Provenance, Relation, RelationData,
    RelationId, RelationKey, SpanData, SpanId, SpanKey, SuggestionId, SuggestionStatus,
};

/// One user-visible change to a project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Adds a span. `id` and `relations` are set when undo restores a deleted span
    /// under its old id, with the relations that went with it.
    AddSpan {
        id: Option<SpanId>,
        span: SpanData,
        relations: Vec<Relation>,
    },
    /// Deletes a span and the relations that start or end at it.
    DeleteSpan {
        id: SpanId,
    },
    /// Moves a span's boundaries (code points); everything else about it,
    /// its relations too, stays.
    MoveSpan {
        id: SpanId,
        start_char: usize,
        end_char: usize,
    },
    /// Gives a span another label; its attributes are replaced by `attributes`.
    Relabel {
        id: SpanId,
        label: LabelId,
        attributes: Attributes,
    },
    /// Sets (Some) or clears (None) one attribute of a span.
    SetSpanAttribute {
        id: SpanId,
        name: String,
        value: Option<String>,
    },
    SetSpanNote {
        id: SpanId,
        note: String,
    },
    /// Adds a relation; `id` is set when undo restores a deleted one. The
    /// relation type must allow the two spans' labels (the schema's rules)
    /// unless `any_labels` says the user chose to override them.
    AddRelation {
        id: Option<RelationId>,
        relation: RelationData,
        any_labels: bool,
    },
    /// Gives a relation another type.
    RetypeRelation {
        id: RelationId,
        label: LabelId,
    },
    DeleteRelation {
        id: RelationId,
    },
    SetRelationNote {
        id: RelationId,
        note: String,
    },
    /// Sets the status of `annotator`'s layer of document `id` (making the
    /// layer when there is none).
    SetDocumentStatus {
        id: DocumentId,
        annotator: String,
        status: DocumentStatus,
    },
    /// Gives a document another title (its text and id stay).
    RenameDocument {
        id: DocumentId,
        title: String,
    },
    /// Records the annotator's decision on a suggestion (accepting one also
    /// adds its span, in the same batch), so that undo brings it back.
    SetSuggestionStatus {
        id: SuggestionId,
        status: SuggestionStatus,
    },
    /// Curation: puts `span` (a gold span) into gold with its provenance and
    /// records its position and label as accepted by a curator. When gold
    /// already holds that span, only the decision is recorded.
    AcceptCandidate {
        span: SpanData,
        provenance: Provenance,
    },
    /// Curation: records (Some) or forgets (None) the decision about a span
    /// candidate of a document (a rejection; undo of an acceptance).
    SetSpanDecision {
        document: DocumentId,
        key: SpanKey,
        decision: Option<Decision>,
    },
    /// Curation: puts `relation` (between two gold spans) into gold with its
    /// provenance, unless gold holds it already, and records it as accepted
    /// by a curator. `key` is the candidate accepted: when `relation` has
    /// another type, the curator chose that type instead, and the candidate
    /// is recorded as rejected.
    AcceptRelationCandidate {
        key: RelationKey,
        relation: RelationData,
        provenance: Provenance,
    },
    /// Curation: records (Some) or forgets (None) the decision about a
    /// relation candidate of a document.
    SetRelationDecision {
        document: DocumentId,
        key: RelationKey,
        decision: Option<Decision>,
    },
    /// Curation: sets or clears where a gold span came from (undo of a
    /// deletion brings it back with the span).
    SetSpanProvenance {
        id: SpanId,
        provenance: Option<Provenance>,
    },
    /// Curation: sets or clears where a gold relation came from.
    SetRelationProvenance {
        id: RelationId,
        provenance: Option<Provenance>,
    },
    /// Several commands as one step (undone together, in reverse).
    Batch(Vec<Command>),
}

impl Command {
    /// The spans and relations this command names: with those its inverse
    /// names, everything an applied command may have changed (a span's
    /// deletion also removes the relations at it).
    pub fn touched(&self, spans: &mut Vec<SpanId>, relations: &mut Vec<RelationId>) {
        match self {
            Self::AddSpan {
                id,
                relations: restored,
                ..
            } => {
                spans.extend(*id);
                relations.extend(restored.iter().map(|r| r.id));
            }
            Self::DeleteSpan { id }
            | Self::MoveSpan { id, .. }
            | Self::Relabel { id, .. }
            | Self::SetSpanAttribute { id, .. }
            | Self::SetSpanNote { id, .. } => spans.push(*id),
            Self::AddRelation { id, .. } => relations.extend(*id),
            Self::RetypeRelation { id, .. }
            | Self::DeleteRelation { id }
            | Self::SetRelationNote { id, .. } => relations.push(*id),
            Self::SetSpanProvenance { id, .. } => spans.push(*id),
            Self::SetRelationProvenance { id, .. } => relations.push(*id),
            Self::SetDocumentStatus { .. }
            | Self::RenameDocument { .. }
            | Self::SetSuggestionStatus { .. }
            | Self::AcceptCandidate { .. }
            | Self::SetSpanDecision { .. }
            | Self::AcceptRelationCandidate { .. }
            | Self::SetRelationDecision { .. } => {}
            Self::Batch(commands) => {
                for command in commands {
                    command.touched(spans, relations);
                }
            }
        }
    }

    /// A short description for menus and the status line ("Undo: delete span").
    pub fn describe(&self) -> &'static str {
        match self {
            Self::AddSpan { .. } => "add span",
            Self::DeleteSpan { .. } => "delete span",
            Self::MoveSpan { .. } => "move span boundary",
            Self::Relabel { .. } => "relabel span",
            Self::SetSpanAttribute { .. } => "set attribute",
            Self::SetSpanNote { .. } => "set note",
            Self::AddRelation { .. } => "add relation",
            Self::RetypeRelation { .. } => "change relation type",
            Self::DeleteRelation { .. } => "delete relation",
            Self::SetRelationNote { .. } => "set relation note",
            Self::SetDocumentStatus { .. } => "set document status",
            Self::RenameDocument { .. } => "rename document",
            Self::SetSuggestionStatus { status, .. } => match status {
                SuggestionStatus::Accepted => "accept suggestion",
                SuggestionStatus::Rejected => "reject suggestion",
                SuggestionStatus::Pending => "bring back suggestion",
            },
            Self::AcceptCandidate { .. } => "accept into gold",
            Self::SetSpanDecision { decision, .. } => match decision.as_ref().map(|d| d.verdict) {
                Some(crate::model::Verdict::Rejected) => "reject candidate",
                Some(crate::model::Verdict::Accepted) => "accept candidate",
                None => "bring back candidate",
            },
            Self::AcceptRelationCandidate { .. } => "accept relation into gold",
            Self::SetRelationDecision { decision, .. } => {
                match decision.as_ref().map(|d| d.verdict) {
                    Some(crate::model::Verdict::Rejected) => "reject relation candidate",
                    Some(crate::model::Verdict::Accepted) => "accept relation candidate",
                    None => "bring back relation candidate",
                }
            }
            Self::SetSpanProvenance { .. } | Self::SetRelationProvenance { .. } => "set provenance",
            Self::Batch(commands) => commands.first().map_or("several edits", Self::describe),
        }
    }

    /// For an inverse on the undo stack: what undoing it undoes, in words (the
    /// inverse of an added span deletes it, so undoing it is "add span").
    pub fn undone_action(&self) -> &'static str {
        match self {
            Self::DeleteSpan { .. } => "add span",
            Self::AddSpan { .. } => "delete span",
            Self::DeleteRelation { .. } => "add relation",
            Self::AddRelation { .. } => "delete relation",
            // Accepting is a batch of the spans and the suggestions' status;
            // its inverse deletes those spans and brings the suggestions back.
            Self::Batch(commands)
                if commands
                    .iter()
                    .any(|c| matches!(c, Self::SetSuggestionStatus { .. })) =>
            {
                "accept suggestion"
            }
            // Accepting into gold: its inverse deletes the span and restores
            // the decision.
            Self::Batch(commands)
                if commands
                    .iter()
                    .any(|c| matches!(c, Self::SetSpanDecision { .. })) =>
            {
                "accept into gold"
            }
            // Accepting a relation into gold: its inverse deletes the
            // relation and restores the decision.
            Self::Batch(commands)
                if commands
                    .iter()
                    .any(|c| matches!(c, Self::SetRelationDecision { .. })) =>
            {
                "accept relation into gold"
            }
            // Provenance rides along with the span or relation it belongs to.
            Self::Batch(commands) => commands
                .iter()
                .rev()
                .find(|c| !c.is_provenance())
                .map_or("several edits", Self::undone_action),
            // Alone, it brings back a rejected candidate.
            Self::SetSpanDecision { .. } => "reject candidate",
            Self::SetRelationDecision { .. } => "reject relation candidate",
            // Alone, it brings back a rejected suggestion.
            Self::SetSuggestionStatus { .. } => "reject suggestion",
            other => other.describe(),
        }
    }

    fn is_provenance(&self) -> bool {
        matches!(
            self,
            Self::SetSpanProvenance { .. } | Self::SetRelationProvenance { .. }
        )
    }

    /// Whether this inverse, pushed right after `earlier`, is part of the
    /// same undo step: a note is saved as it is typed, and one undo should
    /// bring back the note as it was before the typing (which `earlier`
    /// already restores), not each pause in it.
    pub fn continues(&self, earlier: &Command) -> bool {
        match (self, earlier) {
            (Self::SetSpanNote { id, .. }, Self::SetSpanNote { id: before, .. }) => id == before,
            (Self::SetRelationNote { id, .. }, Self::SetRelationNote { id: before, .. }) => {
                id == before
            }
            _ => false,
        }
    }

    /// The document a command changes, when there is one to name up front.
    pub fn document(&self) -> Option<DocumentId> {
        match self {
            Self::AddSpan { span, .. } => Some(span.document_id),
            Self::AddRelation { relation, .. } => Some(relation.document_id),
            Self::SetDocumentStatus { id, .. } | Self::RenameDocument { id, .. } => Some(*id),
            Self::AcceptCandidate { span, .. } => Some(span.document_id),
            Self::SetSpanDecision { document, .. } | Self::SetRelationDecision { document, .. } => {
                Some(*document)
            }
            Self::AcceptRelationCandidate { relation, .. } => Some(relation.document_id),
            _ => None,
        }
    }
}
