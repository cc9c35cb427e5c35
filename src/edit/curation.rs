//! Applying curation's commands: accepting a candidate into gold, deciding
//! about a candidate, and keeping provenance with gold spans and relations
//! through delete and undo.

use super::apply::{check_span_data, touch};
use super::{Command, EditError};
use crate::model::{
    Decision, DocumentId, Origin, Provenance, Relation, RelationData, RelationKey, SpanData,
    SpanId, SpanKey, Verdict, GOLD_LAYER,
};
use crate::store::{CurationReads, Reader, StoreError, Tx};

/// Puts a gold span in (unless gold holds it already) with its provenance,
/// and records its position and label as accepted by a curator.
pub(super) fn accept_candidate(
    tx: &Tx<'_>,
    span: &SpanData,
    provenance: &Provenance,
) -> Result<Command, EditError> {
    if span.annotator != GOLD_LAYER {
        return Err(EditError::NotGold(span.annotator.clone()));
    }
    let document = span.document_id;
    let key = SpanKey {
        start_char: span.start_char,
        end_char: span.end_char,
        label: span.label_id,
    };
    let before = tx.span_decision(document, key)?;
    let mut inverse = Vec::new();
    if tx.gold_span_at(document, key)?.is_none() {
        check_span_data(tx, span)?;
        let id = tx.insert_span(None, span)?;
        tx.set_span_provenance(id, Some(provenance))?;
        touch(tx, document, GOLD_LAYER)?;
        inverse.push(Command::DeleteSpan { id });
    }
    let decision = Decision {
        verdict: Verdict::Accepted,
        at_ms: provenance.at_ms,
        by: Origin::Curator,
    };
    tx.set_span_decision(document, key, Some(&decision))?;
    tx.forget_curation_progress(document)?;
    inverse.push(Command::SetSpanDecision {
        document,
        key,
        decision: before,
    });
    Ok(Command::Batch(inverse))
}

/// Records or forgets a decision; the inverse restores the one before.
pub(super) fn set_span_decision(
    tx: &Tx<'_>,
    document: DocumentId,
    key: SpanKey,
    decision: Option<&Decision>,
) -> Result<Command, EditError> {
    if tx.document_len_chars(document)?.is_none() {
        return Err(EditError::NoSuchDocument(document));
    }
    let before = tx.span_decision(document, key)?;
    tx.set_span_decision(document, key, decision)?;
    tx.forget_curation_progress(document)?;
    Ok(Command::SetSpanDecision {
        document,
        key,
        decision: before,
    })
}

/// Puts a gold relation in (unless gold holds it already) with its
/// provenance, and records it as accepted by a curator; when it has
/// another type than the candidate `key`, the candidate is recorded as
/// rejected (the curator chose that type instead).
pub(super) fn accept_relation_candidate(
    tx: &Tx<'_>,
    key: RelationKey,
    relation: &RelationData,
    provenance: &Provenance,
) -> Result<Command, EditError> {
    if relation.annotator != GOLD_LAYER {
        return Err(EditError::RelationNotGold(relation.annotator.clone()));
    }
    let document = relation.document_id;
    let mut inverse = Vec::new();
    let existing = tx.relation_between(relation.from_span, relation.to_span, relation.label_id)?;
    if existing.is_none() {
        // The same checks as any relation (both ends gold spans of this
        // document); the schema's rules not: annotators drew it.
        let add = Command::AddRelation {
            id: None,
            relation: relation.clone(),
            any_labels: true,
        };
        let Command::DeleteRelation { id } = super::apply::apply_in(tx, &add)? else {
            return Err(EditError::NotCreated("relation"));
        };
        tx.set_relation_provenance(id, Some(provenance))?;
        inverse.push(Command::DeleteRelation { id });
    }
    // The decision names what gold now holds, by its ends as they are.
    let end = |id: SpanId| -> Result<SpanKey, EditError> {
        let span = tx.span(id)?.ok_or(EditError::NoSuchSpan(id))?;
        Ok(SpanKey {
            start_char: span.data.start_char,
            end_char: span.data.end_char,
            label: span.data.label_id,
        })
    };
    let accepted = RelationKey {
        label: relation.label_id,
        from: end(relation.from_span)?,
        to: end(relation.to_span)?,
    };
    let by = |verdict| Decision {
        verdict,
        at_ms: provenance.at_ms,
        by: Origin::Curator,
    };
    inverse.push(set_relation_decision(
        tx,
        document,
        accepted,
        Some(&by(Verdict::Accepted)),
    )?);
    if accepted != key {
        inverse.push(set_relation_decision(
            tx,
            document,
            key,
            Some(&by(Verdict::Rejected)),
        )?);
    }
    // Undone last to first.
    inverse.reverse();
    Ok(Command::Batch(inverse))
}

/// Records or forgets a relation decision; the inverse restores the one
/// before.
pub(super) fn set_relation_decision(
    tx: &Tx<'_>,
    document: DocumentId,
    key: RelationKey,
    decision: Option<&Decision>,
) -> Result<Command, EditError> {
    if tx.document_len_chars(document)?.is_none() {
        return Err(EditError::NoSuchDocument(document));
    }
    let before = tx.relation_decision(document, key)?;
    tx.set_relation_decision(document, key, decision)?;
    tx.forget_curation_progress(document)?;
    Ok(Command::SetRelationDecision {
        document,
        key,
        decision: before,
    })
}

/// The provenance a deleted span takes with it (its own, and that of the
/// relations that go with it), as commands restoring it after the span.
pub(super) fn provenance_to_restore(
    tx: &Tx<'_>,
    span: SpanId,
    relations: &[Relation],
) -> Result<Vec<Command>, StoreError> {
    let mut restore = Vec::new();
    if let Some(provenance) = tx.span_provenance(span)? {
        restore.push(Command::SetSpanProvenance {
            id: span,
            provenance: Some(provenance),
        });
    }
    for relation in relations {
        if let Some(provenance) = tx.relation_provenance(relation.id)? {
            restore.push(Command::SetRelationProvenance {
                id: relation.id,
                provenance: Some(provenance),
            });
        }
    }
    Ok(restore)
}

/// `restore` (an add) followed by the provenance it brings back; the add
/// alone when there is none (every layer but gold).
pub(super) fn with_provenance(restore: Command, provenance: Vec<Command>) -> Command {
    if provenance.is_empty() {
        return restore;
    }
    let mut batch = vec![restore];
    batch.extend(provenance);
    Command::Batch(batch)
}
