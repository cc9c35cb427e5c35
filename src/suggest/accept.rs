//! Accepting suggestions: each becomes an ordinary span of the annotator,
//! made through the edit path (`edit::apply_in`), never by writing spans here.

use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap};

use super::SuggestError;
use crate::edit::{apply_in, Command};
use crate::model::{
    DocumentId, DocumentStatus, Schema, Span, SpanData, Suggestion, SuggestionStatus,
};
use crate::store::{LayerReads as _, Reader, Store, StoreError, SuggestionQueries, Tx};

/// What an accept did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AcceptReport {
    /// Spans made.
    pub accepted: usize,
    /// Suggestions an identical span already said (marked accepted, no span made).
    pub already_there: usize,
    pub documents: usize,
}

impl std::fmt::Display for AcceptReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Accepted {} suggestions in {} documents",
            self.accepted, self.documents
        )?;
        if self.already_there > 0 {
            write!(f, " ({} were already annotated)", self.already_there)?;
        }
        Ok(())
    }
}

/// Accepts every pending suggestion of `annotator` scoring at least
/// `min_score` (from `source` when given), in one transaction: all or none.
pub fn accept_pending(
    store: &mut Store,
    annotator: Option<&str>,
    source: Option<&str>,
    min_score: f64,
) -> Result<AcceptReport, SuggestError> {
    // Layers always name their annotator: `unknown` when none is given.
    let annotator = annotator.unwrap_or(crate::model::UNKNOWN_ANNOTATOR);
    let schema = store.schema()?;
    store.write(|tx| {
        let pending = tx.pending_suggestions(Some(annotator), source, min_score)?;
        accept_in(tx, &schema, annotator, &pending)
    })
}

/// Accepts `suggestions` inside `tx`, as one batch of commands through the
/// edit path; the command undoing it is not kept (the CLI has no undo).
pub fn accept_in(
    tx: &Tx<'_>,
    schema: &Schema,
    annotator: &str,
    suggestions: &[Suggestion],
) -> Result<AcceptReport, SuggestError> {
    let mut report = AcceptReport::default();
    let commands = accept_commands(tx, schema, annotator, suggestions, &mut report)?;
    apply_in(tx, &Command::Batch(commands))?;
    Ok(report)
}

/// The commands that accept `suggestions`: each marked accepted, an
/// `AddSpan` for each one that no identical span of the annotator already
/// says, and "in progress" for each new document among them (as when a span
/// is made by hand).
pub fn accept_commands(
    reader: &impl Reader,
    schema: &Schema,
    annotator: &str,
    suggestions: &[Suggestion],
    report: &mut AcceptReport,
) -> Result<Vec<Command>, StoreError> {
    let mut commands = Vec::new();
    let mut documents = BTreeSet::new();
    let mut started = BTreeSet::new();
    let mut spans_of: HashMap<DocumentId, Vec<Span>> = HashMap::new();
    for s in suggestions {
        commands.push(Command::SetSuggestionStatus {
            id: s.id,
            status: SuggestionStatus::Accepted,
        });
        let spans = match spans_of.entry(s.document_id) {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => entry.insert(reader.layer_spans_of(s.document_id, annotator)?),
        };
        // The annotator's own layer: an identical span there already says it.
        let there = spans.iter().any(|span| {
            span.start_char() == s.start_char
                && span.end_char() == s.end_char
                && span.label_id() == s.label_id
        });
        if there {
            report.already_there += 1;
            continue;
        }
        commands.push(Command::AddSpan {
            id: None,
            span: SpanData {
                document_id: s.document_id,
                start_char: s.start_char,
                end_char: s.end_char,
                label_id: s.label_id,
                attributes: schema.default_attributes(s.label_id),
                annotator: annotator.to_string(),
                note: String::new(),
            },
            relations: Vec::new(),
        });
        report.accepted += 1;
        documents.insert(s.document_id);
        if started.insert(s.document_id)
            && reader
                .layer_status(s.document_id, annotator)?
                .unwrap_or(DocumentStatus::New)
                == DocumentStatus::New
        {
            commands.push(Command::SetDocumentStatus {
                id: s.document_id,
                annotator: annotator.to_string(),
                status: DocumentStatus::InProgress,
            });
        }
    }
    report.documents = documents.len();
    Ok(commands)
}
