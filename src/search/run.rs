//! Running a [`Query`]: the index (and the filters) choose the documents,
//! then each is searched for the places: FTS5's `highlight()` for words,
//! the `regex` crate for a pattern, the spans themselves for filters alone.

use std::ops::ControlFlow;

use crate::model::{DocumentId, LabelKind, Schema, Span};
use crate::store::{
    Candidate, DocumentFilter, Reader, SearchQueries, SpanCondition, HIGHLIGHT_MARKS,
};

use super::error::{QueryError, QueryProblem, SearchError};
use super::hit::{CharIndex, Hit};
use super::narrow::regex_narrowing;
use super::query::{FilterKind, Query, TextQuery};

/// What a search found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Found {
    /// In project order, then by position.
    pub hits: Vec<Hit>,
    /// There are more hits than the limit let through.
    pub more: bool,
    /// The search was stopped before the end: `hits` are those found so far.
    pub cancelled: bool,
}

/// Where to look, and how much to bring back.
#[derive(Clone, Debug, Default)]
pub struct SearchScope {
    /// Only these documents (None: the whole project).
    pub documents: Option<Vec<DocumentId>>,
    /// At most this many hits.
    pub limit: usize,
}

/// Called with (documents searched, documents to search; 0 when unknown)
/// after each document; `Break` stops the search.
pub type SearchProgress<'p> = dyn FnMut(usize, usize) -> ControlFlow<()> + 'p;

/// Runs `query` over the project behind `reader`.
pub fn search<R: Reader + ?Sized>(
    reader: &R,
    query: &Query,
    scope: &SearchScope,
    progress: &mut SearchProgress<'_>,
) -> Result<Found, SearchError> {
    let schema = reader.schema()?;
    let (mut filter, span_match) = resolve_filters(query, &schema)?;
    filter.only = scope.documents.clone();
    match &query.text {
        TextQuery::Words { fts } => {
            filter.fts = Some(fts.clone());
            filter.highlight = true;
        }
        TextQuery::Regex(regex) => filter.fts = regex_narrowing(regex.as_str()),
        TextQuery::None => {
            if span_match.is_none() {
                let at = query.filters.first().map_or(1, |f| f.at);
                return Err(QueryError::new(at, QueryProblem::StatusAlone).into());
            }
        }
    }
    if filter.fts.is_some() && !reader.has_search_index()? {
        return Err(SearchError::NoIndex);
    }
    let total = match query.text {
        // Counting costs as much as a short word search: only a scan that
        // shows progress asks.
        TextQuery::Regex(_) => reader.count_candidates(&filter)?,
        _ => 0,
    };
    let mut found = Found::default();
    let mut searched = 0;
    let mut failure = None;
    reader.for_each_candidate(&filter, |candidate| {
        let hits = match places(reader, query, span_match.as_ref(), &candidate) {
            Ok(hits) => hits,
            Err(err) => {
                failure = Some(err);
                return ControlFlow::Break(());
            }
        };
        let room = scope.limit.saturating_sub(found.hits.len());
        if hits.len() > room {
            found.more = true;
        }
        found.hits.extend(hits.into_iter().take(room));
        searched += 1;
        if found.more {
            return ControlFlow::Break(());
        }
        if progress(searched, total).is_break() {
            found.cancelled = true;
            return ControlFlow::Break(());
        }
        ControlFlow::Continue(())
    })?;
    match failure {
        Some(err) => Err(err),
        None => Ok(found),
    }
}

/// The hits in one document.
fn places<R: Reader + ?Sized>(
    reader: &R,
    query: &Query,
    span_match: Option<&SpanMatch>,
    candidate: &Candidate,
) -> Result<Vec<Hit>, SearchError> {
    let index = CharIndex::new(&candidate.text);
    let hit =
        |(start, end): (usize, usize)| index.hit(candidate.id, &candidate.external_id, start, end);
    // The SQL filter checked label, annotator and attribute on some span;
    // the span's text, and the spans that are hits, are checked here.
    let spans = match span_match {
        Some(m) if m.text.is_some() || matches!(query.text, TextQuery::None) => {
            let spans: Vec<Span> = reader
                .spans_of(candidate.id)?
                .into_iter()
                .filter(|span| m.accepts(span, &index))
                .collect();
            if spans.is_empty() {
                return Ok(Vec::new());
            }
            spans
        }
        _ => Vec::new(),
    };
    Ok(match &query.text {
        TextQuery::None => {
            let mut ranges: Vec<(usize, usize)> = spans
                .iter()
                .map(|s| (s.data.start_char, s.data.end_char))
                .collect();
            ranges.dedup();
            ranges.into_iter().map(hit).collect()
        }
        TextQuery::Words { fts } => highlighted_ranges(reader, fts, candidate)?
            .into_iter()
            .map(hit)
            .collect(),
        TextQuery::Regex(regex) => regex
            .find_iter(&candidate.text)
            .filter(|m| !m.is_empty())
            .map(|m| (index.char_at_byte(m.start()), index.char_at_byte(m.end())))
            .map(hit)
            .collect(),
    })
}

/// Where FTS5 matched in a document, in code points: its `highlight()` with
/// two marker characters the text does not hold, then the markers counted
/// out. The index's own tokenizer decides, so hits agree with what it
/// narrowed to (diacritics, case, prefixes, phrases).
fn highlighted_ranges<R: Reader + ?Sized>(
    reader: &R,
    fts: &str,
    candidate: &Candidate,
) -> Result<Vec<(usize, usize)>, SearchError> {
    if let Some(marked) = &candidate.highlighted {
        let (open, close) = HIGHLIGHT_MARKS;
        return Ok(marked_ranges(marked, open, close));
    }
    // The text holds the usual marks: other noncharacters, asked for one
    // document (a text may hold any).
    let Some((open, close)) = ('\u{FDD2}'..='\u{FDEF}')
        .step_by(2)
        .filter_map(|open| char::from_u32(open as u32 + 1).map(|close| (open, close)))
        .find(|(open, close)| !candidate.text.contains([*open, *close]))
    else {
        return Ok(Vec::new());
    };
    let marked = reader.highlighted(
        fts,
        candidate.id,
        open.encode_utf8(&mut [0; 4]),
        close.encode_utf8(&mut [0; 4]),
    )?;
    Ok(marked.map_or_else(Vec::new, |marked| marked_ranges(&marked, open, close)))
}

/// The (start, end) code points between `open` and `close` marks, the marks
/// not counted.
fn marked_ranges(marked: &str, open: char, close: char) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let (mut at, mut start) = (0, 0);
    for c in marked.chars() {
        if c == open {
            start = at;
        } else if c == close {
            ranges.push((start, at));
        } else {
            at += 1;
        }
    }
    ranges
}

/// The span filters, checked on each span in Rust (the span's text needs
/// the document's text).
#[derive(Clone, Debug)]
struct SpanMatch {
    condition: SpanCondition,
    /// Lowercased.
    text: Option<String>,
}

impl SpanMatch {
    fn accepts(&self, span: &Span, index: &CharIndex<'_>) -> bool {
        let c = &self.condition;
        c.label.is_none_or(|label| span.data.label_id == label)
            && c.annotator
                .as_ref()
                .is_none_or(|name| span.data.annotator == *name)
            && c.attribute
                .as_ref()
                .is_none_or(|(name, value)| span.data.attributes.get(name) == Some(value))
            && self.text.as_ref().is_none_or(|text| {
                index
                    .slice(span.data.start_char, span.data.end_char)
                    .to_lowercase()
                    == *text
            })
    }
}

/// The query's filters against the project's schema: the documents' SQL
/// filter, and what a span must be (None: no span filter).
fn resolve_filters(
    query: &Query,
    schema: &Schema,
) -> Result<(DocumentFilter, Option<SpanMatch>), QueryError> {
    let mut filter = DocumentFilter::default();
    let mut condition = SpanCondition::default();
    let mut text = None;
    let mut any_span_filter = false;
    let label_id = |name: &str, at: usize| {
        schema
            .label_by_name(LabelKind::Span, name)
            .map(|label| label.id)
            .ok_or_else(|| {
                let known: Vec<&str> = schema.span_labels().map(|l| l.name.as_str()).collect();
                QueryError::new(
                    at,
                    QueryProblem::UnknownLabel {
                        name: name.to_string(),
                        known: known.join(", "),
                    },
                )
            })
    };
    for f in &query.filters {
        match &f.kind {
            FilterKind::Status(status) => {
                filter.status = Some(*status);
                continue;
            }
            FilterKind::Label(name) => {
                let id = label_id(name, f.at)?;
                // `EVENT.type:Attack` named a label already.
                if condition.label.is_some_and(|other| other != id) {
                    return Err(QueryError::new(
                        f.at,
                        QueryProblem::RepeatedFilter("label:"),
                    ));
                }
                condition.label = Some(id);
            }
            FilterKind::SpanText(value) => text = Some(value.to_lowercase()),
            FilterKind::Annotator(name) => condition.annotator = Some(name.clone()),
            FilterKind::Attribute { label, name, value } => {
                let id = label_id(label, f.at)?;
                if condition.label.is_some_and(|other| other != id) {
                    return Err(QueryError::new(
                        f.at,
                        QueryProblem::RepeatedFilter("label:"),
                    ));
                }
                if !schema.attributes_of(id).any(|a| a.name == *name) {
                    return Err(QueryError::new(
                        f.at,
                        QueryProblem::UnknownAttribute {
                            label: label.clone(),
                            name: name.clone(),
                        },
                    ));
                }
                condition.label = Some(id);
                condition.attribute = Some((name.clone(), value.clone()));
            }
        }
        any_span_filter = true;
    }
    if !any_span_filter {
        return Ok((filter, None));
    }
    filter.span = Some(condition.clone());
    Ok((filter, Some(SpanMatch { condition, text })))
}
