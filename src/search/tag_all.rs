//! "Tag all occurrences": every place a text occurs (in one document, the
//! corpus, or the documents of a search), less those already tagged, as a
//! preview; then the chosen ones as ONE command, so one undo removes them all.

use std::collections::BTreeSet;
use std::ops::ControlFlow;

use crate::edit::Command;
use crate::model::{DocumentId, DocumentStatus, LabelId, Schema, SpanData};
use crate::store::{DocumentFilter, Reader, SearchQueries, StoreError};

use super::error::SearchError;
use super::hit::{CharIndex, Hit};
use super::narrow::term_narrowing;
use super::occurrences::{MatchOptions, TermMatcher};
use super::run::SearchProgress;

/// Where to look for the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TagScope {
    Document(DocumentId),
    Corpus,
    /// The documents of a search's hits.
    Documents(Vec<DocumentId>),
}

/// Which occurrences to leave alone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SkipRule {
    /// Those overlapping a span of the label being applied.
    #[default]
    SameLabel,
    /// Those overlapping any span.
    AnySpan,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagAllRequest {
    pub term: String,
    pub label: LabelId,
    pub scope: TagScope,
    pub options: MatchOptions,
    pub skip: SkipRule,
}

/// What "tag all" would do: the occurrences to tag (in project order, then
/// by position), and those the skip rule leaves alone.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TagAllPlan {
    pub to_tag: Vec<Hit>,
    pub skipped: Vec<Hit>,
    /// Stopped before the end: the plan covers the documents seen so far.
    pub cancelled: bool,
}

/// Finds the occurrences of `request.term` and sorts them into to tag and
/// skipped. Nothing is written.
pub fn plan_tag_all<R: Reader + ?Sized>(
    reader: &R,
    request: &TagAllRequest,
    progress: &mut SearchProgress<'_>,
) -> Result<TagAllPlan, SearchError> {
    let matcher = TermMatcher::new(&request.term, request.options)?;
    let mut filter = DocumentFilter::default();
    match &request.scope {
        TagScope::Document(id) => filter.only = Some(vec![*id]),
        TagScope::Documents(ids) => filter.only = Some(ids.clone()),
        TagScope::Corpus => {}
    }
    if reader.has_search_index()? {
        filter.fts = term_narrowing(&request.term, request.options.whole_word);
    }
    let total = reader.count_candidates(&filter)?;
    let mut plan = TagAllPlan::default();
    let mut failure: Option<StoreError> = None;
    let mut searched = 0;
    reader.for_each_candidate(&filter, |candidate| {
        let index = CharIndex::new(&candidate.text);
        let ranges = matcher.find(&candidate.text, &index);
        if !ranges.is_empty() {
            let spans = match reader.spans_of(candidate.id) {
                Ok(spans) => spans,
                Err(err) => {
                    failure = Some(err);
                    return ControlFlow::Break(());
                }
            };
            for (start, end) in ranges {
                let covered = spans.iter().any(|span| {
                    span.data.start_char < end
                        && start < span.data.end_char
                        && (request.skip == SkipRule::AnySpan
                            || span.data.label_id == request.label)
                });
                let hit = index.hit(candidate.id, &candidate.external_id, start, end);
                if covered {
                    plan.skipped.push(hit);
                } else {
                    plan.to_tag.push(hit);
                }
            }
        }
        searched += 1;
        if progress(searched, total).is_break() {
            plan.cancelled = true;
            return ControlFlow::Break(());
        }
        ControlFlow::Continue(())
    })?;
    match failure {
        Some(err) => Err(err.into()),
        None => Ok(plan),
    }
}

/// The one command that tags `positions` (document, start, end) with
/// `label`: default attribute values, `annotator`'s spans; a new document
/// becomes "in progress", as when a span is tagged by hand.
pub fn tag_all_command<R: Reader + ?Sized>(
    reader: &R,
    schema: &Schema,
    label: LabelId,
    positions: &[(DocumentId, usize, usize)],
    annotator: &str,
) -> Result<Command, StoreError> {
    let attributes = schema.default_attributes(label);
    let mut commands = Vec::with_capacity(positions.len());
    let mut documents = BTreeSet::new();
    for &(document_id, start_char, end_char) in positions {
        documents.insert(document_id);
        commands.push(Command::AddSpan {
            id: None,
            span: SpanData {
                document_id,
                start_char,
                end_char,
                label_id: label,
                attributes: attributes.clone(),
                annotator: annotator.to_string(),
                note: String::new(),
            },
            relations: Vec::new(),
        });
    }
    for id in documents {
        let status = crate::store::LayerReads::layer_status(reader, id, annotator)?;
        if status.unwrap_or(DocumentStatus::New) == DocumentStatus::New {
            commands.push(Command::SetDocumentStatus {
                id,
                annotator: annotator.to_string(),
                status: DocumentStatus::InProgress,
            });
        }
    }
    Ok(Command::Batch(commands))
}
