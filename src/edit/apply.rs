use super::Command;
use crate::model::validate::{check_range, SpanProblem};
use crate::model::{
    DocumentId, DocumentStatus, LabelId, LabelKind, RelationData, RelationId, SpanData, SpanId,
    SuggestionId,
};
use crate::store::{
    CurationReads, DocumentQueries, LayerReads, Reader, Store, StoreError, SuggestionQueries, Tx,
};

/// Why an edit was refused. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("document {0} does not exist")]
    NoSuchDocument(DocumentId),
    #[error("span {0} does not exist")]
    NoSuchSpan(SpanId),
    #[error("relation {0} does not exist")]
    NoSuchRelation(RelationId),
    #[error("label {0} does not exist")]
    NoSuchLabel(LabelId),
    #[error("suggestion {0} does not exist")]
    NoSuchSuggestion(SuggestionId),
    #[error("label {name:?} is a {actual} label; a {expected} label is needed here")]
    WrongLabelKind {
        name: String,
        expected: &'static str,
        actual: &'static str,
    },
    #[error("span {start}..{end}: {problem}")]
    BadSpan {
        start: usize,
        end: usize,
        problem: SpanProblem,
    },
    #[error("a relation must join two spans of its own document (span {0} is in another)")]
    RelationAcrossDocuments(SpanId),
    /// Both ends of a relation belong to the relation's own layer.
    #[error("a relation of {annotator}'s layer must join two spans of that layer (span {span} is {other}'s)")]
    RelationAcrossLayers {
        span: SpanId,
        annotator: String,
        other: String,
    },
    #[error("a {relation:?} relation may not join {from:?} to {to:?} (the schema's rules); choose another type or override")]
    RelationNotAllowed {
        relation: String,
        from: String,
        to: String,
    },
    #[error("these two spans are already linked as {relation:?} in this direction (relation {existing}); nothing was added")]
    DuplicateRelation {
        relation: String,
        existing: RelationId,
    },
    /// Only gold spans are accepted into gold.
    #[error(
        "only a span of the gold layer can be accepted into gold (this one is in {0}'s layer)"
    )]
    NotGold(String),
    /// Only gold relations are accepted into gold.
    #[error(
        "only a relation of the gold layer can be accepted into gold (this one is in {0}'s layer)"
    )]
    RelationNotGold(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Title(#[from] crate::model::validate::TitleProblem),
    #[error("no document is open")]
    NoDocumentOpen,
    /// An add that reported no new row: a bug, said rather than hidden.
    #[error("the {0} was not created (please report this)")]
    NotCreated(&'static str),
}

/// The outcome of a command: the command that undoes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    pub inverse: Command,
}

impl Applied {
    /// The span an AddSpan created (its inverse deletes it).
    pub fn created_span(&self) -> Option<SpanId> {
        match self.inverse {
            Command::DeleteSpan { id } => Some(id),
            _ => None,
        }
    }

    pub fn created_relation(&self) -> Option<RelationId> {
        match self.inverse {
            Command::DeleteRelation { id } => Some(id),
            _ => None,
        }
    }
}

/// Validates and applies `command` in one transaction, committed before this
/// returns, and gives back its inverse.
pub fn apply(store: &mut Store, command: &Command) -> Result<Applied, EditError> {
    let inverse = store.write(|tx| apply_in(tx, command))?;
    Ok(Applied { inverse })
}

/// Validates and applies `command` inside a transaction the caller holds,
/// returning its inverse: for a change that must commit together with
/// writes of its own (accepting a suggestion marks it accepted).
pub fn apply_in(tx: &Tx<'_>, command: &Command) -> Result<Command, EditError> {
    Ok(match command {
        Command::AddSpan {
            id,
            span,
            relations,
        } => {
            check_span_data(tx, span)?;
            let span_id = tx.insert_span(*id, span)?;
            for relation in relations {
                tx.insert_relation(Some(relation.id), &relation.data)?;
            }
            touch(tx, span.document_id, &span.annotator)?;
            Command::DeleteSpan { id: span_id }
        }
        Command::DeleteSpan { id } => {
            let span = existing_span(tx, *id)?;
            let relations = tx.relations_touching(*id)?;
            let provenance = super::curation::provenance_to_restore(tx, *id, &relations)?;
            tx.delete_span(*id)?;
            touch_span_layer(tx, &span)?;
            let add = Command::AddSpan {
                id: Some(*id),
                span: span.data,
                relations,
            };
            super::curation::with_provenance(add, provenance)
        }
        Command::MoveSpan {
            id,
            start_char,
            end_char,
        } => {
            let span = existing_span(tx, *id)?;
            let moved = SpanData {
                start_char: *start_char,
                end_char: *end_char,
                ..span.data.clone()
            };
            check_span_data(tx, &moved)?;
            tx.move_span(*id, *start_char, *end_char)?;
            Command::MoveSpan {
                id: *id,
                start_char: span.data.start_char,
                end_char: span.data.end_char,
            }
        }
        Command::Relabel {
            id,
            label,
            attributes,
        } => {
            let span = existing_span(tx, *id)?;
            check_label(tx, *label, LabelKind::Span)?;
            tx.relabel_span(*id, *label, attributes)?;
            touch_span_layer(tx, &span)?;
            Command::Relabel {
                id: *id,
                label: span.data.label_id,
                attributes: span.data.attributes,
            }
        }
        Command::SetSpanAttribute { id, name, value } => {
            let span = existing_span(tx, *id)?;
            tx.set_span_attribute(*id, name, value.as_deref())?;
            touch_span_layer(tx, &span)?;
            Command::SetSpanAttribute {
                id: *id,
                name: name.clone(),
                value: span.data.attributes.get(name).cloned(),
            }
        }
        Command::SetSpanNote { id, note } => {
            let span = existing_span(tx, *id)?;
            tx.set_span_note(*id, note)?;
            touch_span_layer(tx, &span)?;
            Command::SetSpanNote {
                id: *id,
                note: span.data.note,
            }
        }
        Command::AddRelation {
            id,
            relation,
            any_labels,
        } => {
            check_label(tx, relation.label_id, LabelKind::Relation)?;
            let mut labels = Vec::new();
            for end in [relation.from_span, relation.to_span] {
                let span = existing_span(tx, end)?;
                if span.data.document_id != relation.document_id {
                    return Err(EditError::RelationAcrossDocuments(end));
                }
                if span.data.annotator != relation.annotator {
                    return Err(EditError::RelationAcrossLayers {
                        span: end,
                        annotator: relation.annotator.clone(),
                        other: span.data.annotator,
                    });
                }
                labels.push(span.data.label_id);
            }
            // Undo restores a relation under its old id: it was checked when made.
            if id.is_none() {
                check_not_duplicate(tx, relation)?;
                if !any_labels {
                    check_rules(tx, relation.label_id, labels[0], labels[1])?;
                }
            }
            let relation_id = tx.insert_relation(*id, relation)?;
            touch(tx, relation.document_id, &relation.annotator)?;
            Command::DeleteRelation { id: relation_id }
        }
        Command::RetypeRelation { id, label } => {
            let relation = tx.relation(*id)?.ok_or(EditError::NoSuchRelation(*id))?;
            check_label(tx, *label, LabelKind::Relation)?;
            tx.retype_relation(*id, *label)?;
            touch_relation_layer(tx, &relation)?;
            Command::RetypeRelation {
                id: *id,
                label: relation.data.label_id,
            }
        }
        Command::DeleteRelation { id } => {
            let relation = tx.relation(*id)?.ok_or(EditError::NoSuchRelation(*id))?;
            let provenance = tx.relation_provenance(*id)?;
            tx.delete_relation(*id)?;
            touch_relation_layer(tx, &relation)?;
            let add = Command::AddRelation {
                id: Some(*id),
                relation: relation.data,
                any_labels: true,
            };
            super::curation::with_provenance(
                add,
                provenance
                    .map(|p| Command::SetRelationProvenance {
                        id: *id,
                        provenance: Some(p),
                    })
                    .into_iter()
                    .collect(),
            )
        }
        Command::SetRelationNote { id, note } => {
            let relation = tx.relation(*id)?.ok_or(EditError::NoSuchRelation(*id))?;
            tx.set_relation_note(*id, note)?;
            touch_relation_layer(tx, &relation)?;
            Command::SetRelationNote {
                id: *id,
                note: relation.data.note,
            }
        }
        Command::SetDocumentStatus {
            id,
            annotator,
            status,
        } => {
            if tx.document_len_chars(*id)?.is_none() {
                return Err(EditError::NoSuchDocument(*id));
            }
            let before = tx
                .layer_status(*id, annotator)?
                .unwrap_or(DocumentStatus::New);
            tx.set_layer_status(*id, annotator, *status)?;
            touch(tx, *id, annotator)?;
            Command::SetDocumentStatus {
                id: *id,
                annotator: annotator.clone(),
                status: before,
            }
        }
        Command::RenameDocument { id, title } => {
            let old = tx
                .document_title(*id)?
                .ok_or(EditError::NoSuchDocument(*id))?;
            let title = crate::model::validate::document_title(title)?;
            tx.rename_document(*id, &title)?;
            Command::RenameDocument {
                id: *id,
                title: old,
            }
        }
        Command::SetSuggestionStatus { id, status } => {
            let suggestion = tx
                .suggestion(*id)?
                .ok_or(EditError::NoSuchSuggestion(*id))?;
            tx.set_suggestion_status(*id, *status)?;
            Command::SetSuggestionStatus {
                id: *id,
                status: suggestion.status,
            }
        }
        Command::AcceptCandidate { span, provenance } => {
            super::curation::accept_candidate(tx, span, provenance)?
        }
        Command::SetSpanDecision {
            document,
            key,
            decision,
        } => super::curation::set_span_decision(tx, *document, *key, decision.as_ref())?,
        Command::AcceptRelationCandidate {
            key,
            relation,
            provenance,
        } => super::curation::accept_relation_candidate(tx, *key, relation, provenance)?,
        Command::SetRelationDecision {
            document,
            key,
            decision,
        } => super::curation::set_relation_decision(tx, *document, *key, decision.as_ref())?,
        Command::SetSpanProvenance { id, provenance } => {
            existing_span(tx, *id)?;
            let before = tx.span_provenance(*id)?;
            tx.set_span_provenance(*id, provenance.as_ref())?;
            Command::SetSpanProvenance {
                id: *id,
                provenance: before,
            }
        }
        Command::SetRelationProvenance { id, provenance } => {
            tx.relation(*id)?.ok_or(EditError::NoSuchRelation(*id))?;
            let before = tx.relation_provenance(*id)?;
            tx.set_relation_provenance(*id, provenance.as_ref())?;
            Command::SetRelationProvenance {
                id: *id,
                provenance: before,
            }
        }
        Command::Batch(commands) => {
            let mut inverses = commands
                .iter()
                .map(|command| apply_in(tx, command))
                .collect::<Result<Vec<_>, _>>()?;
            inverses.reverse();
            Command::Batch(inverses)
        }
    })
}

/// A change of a span is a change of its layer (revision, time).
fn touch_span_layer(tx: &Tx<'_>, span: &crate::model::Span) -> Result<(), StoreError> {
    touch(tx, span.data.document_id, &span.data.annotator)
}

fn touch_relation_layer(tx: &Tx<'_>, relation: &crate::model::Relation) -> Result<(), StoreError> {
    touch(tx, relation.data.document_id, &relation.data.annotator)
}

/// Counts a change of a layer, or removes the layer when the change left it
/// empty and new (the undo of its first change).
pub(super) fn touch(tx: &Tx<'_>, document: DocumentId, annotator: &str) -> Result<(), StoreError> {
    tx.touch_layer(document, annotator)?;
    tx.drop_layer_if_empty(document, annotator)
}

fn existing_span(tx: &Tx<'_>, id: SpanId) -> Result<crate::model::Span, EditError> {
    tx.span(id)?.ok_or(EditError::NoSuchSpan(id))
}

pub(super) fn check_span_data(tx: &Tx<'_>, span: &SpanData) -> Result<(), EditError> {
    let len_chars = tx
        .document_len_chars(span.document_id)?
        .ok_or(EditError::NoSuchDocument(span.document_id))?;
    check_range(span.start_char as i64, span.end_char as i64, len_chars).map_err(|problem| {
        EditError::BadSpan {
            start: span.start_char,
            end: span.end_char,
            problem,
        }
    })?;
    check_label(tx, span.label_id, LabelKind::Span)
}

/// The same type between the same two spans in the same direction says
/// nothing new (and exports would carry it twice); the override of the
/// schema's rules does not change that.
fn check_not_duplicate(tx: &Tx<'_>, relation: &RelationData) -> Result<(), EditError> {
    match tx.relation_between(relation.from_span, relation.to_span, relation.label_id)? {
        Some(existing) => Err(EditError::DuplicateRelation {
            relation: tx.schema()?.label_name(relation.label_id).to_string(),
            existing,
        }),
        None => Ok(()),
    }
}

/// The schema's rules for which labels a relation type may join.
fn check_rules(
    tx: &Tx<'_>,
    relation: LabelId,
    from: LabelId,
    to: LabelId,
) -> Result<(), EditError> {
    let schema = tx.schema()?;
    if schema.relation_fits(relation, from, to) {
        return Ok(());
    }
    Err(EditError::RelationNotAllowed {
        relation: schema.label_name(relation).to_string(),
        from: schema.label_name(from).to_string(),
        to: schema.label_name(to).to_string(),
    })
}

fn check_label(tx: &Tx<'_>, id: LabelId, expected: LabelKind) -> Result<(), EditError> {
    let label = tx.label(id)?.ok_or(EditError::NoSuchLabel(id))?;
    if label.kind != expected {
        return Err(EditError::WrongLabelKind {
            name: label.name,
            expected: expected.as_str(),
            actual: label.kind.as_str(),
        });
    }
    Ok(())
}
