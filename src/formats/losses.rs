//! What an export could not write, counted for the report: the README
//! promises every loss is reported, on stderr and in the app.

use std::collections::BTreeMap;

use crate::formats::bundle::Bundle;

/// Counts of what a format has no place for, by what it is ("attributes of
/// spans"), reported once per export.
#[derive(Debug, Default)]
pub struct Losses {
    counts: BTreeMap<&'static str, usize>,
}

/// What a format leaves out of each document, to count.
#[derive(Clone, Copy, Debug, Default)]
pub struct Drops {
    pub title: bool,
    pub meta: bool,
    pub status: bool,
    pub span_attributes: bool,
    pub span_notes: bool,
    pub span_annotators: bool,
    pub relations: bool,
    pub relation_notes: bool,
    pub relation_annotators: bool,
    /// A document with no span writes no row (CSV).
    pub documents_without_spans: bool,
}

impl Losses {
    pub fn add(&mut self, what: &'static str, count: usize) {
        if count > 0 {
            *self.counts.entry(what).or_default() += count;
        }
    }

    /// Counts what `drops` leaves out of `bundle`.
    pub fn count(&mut self, bundle: &Bundle<'_>, drops: Drops) {
        let document = &bundle.document;
        let spans = &bundle.spans;
        let relations = &bundle.relations;
        let when = |dropped: bool, count: usize| if dropped { count } else { 0 };
        // A one-layer export is that annotator's by choice: naming them on
        // each span would say nothing more.
        let several_layers = bundle.layers.len() > 1;
        self.add(
            "document titles",
            when(drops.title, usize::from(!document.title.is_empty())),
        );
        self.add(
            "documents' meta",
            when(drops.meta, usize::from(!document.meta.is_empty())),
        );
        self.add(
            "document statuses (in progress or done)",
            when(
                drops.status,
                usize::from(bundle.status != crate::model::DocumentStatus::New),
            ),
        );
        let spans_with =
            |has: fn(&crate::model::Span) -> bool| spans.iter().filter(|s| has(s)).count();
        self.add(
            "span attributes (spans that have some)",
            when(
                drops.span_attributes,
                spans_with(|s| !s.data.attributes.is_empty()),
            ),
        );
        self.add(
            "span notes",
            when(drops.span_notes, spans_with(|s| !s.data.note.is_empty())),
        );
        self.add(
            "span annotators",
            when(drops.span_annotators && several_layers, spans.len()),
        );
        self.add("relations", when(drops.relations, relations.len()));
        let relations_with =
            |has: fn(&crate::model::Relation) -> bool| relations.iter().filter(|r| has(r)).count();
        self.add(
            "relation notes",
            when(
                drops.relation_notes && !drops.relations,
                relations_with(|r| !r.data.note.is_empty()),
            ),
        );
        self.add(
            "relation annotators",
            when(
                drops.relation_annotators && !drops.relations && several_layers,
                relations.len(),
            ),
        );
        self.add(
            "documents without spans (no row)",
            when(drops.documents_without_spans, usize::from(spans.is_empty())),
        );
    }

    /// One line for the report, or none when nothing was lost.
    pub fn notices(&self, format: &str) -> Vec<String> {
        if self.counts.is_empty() {
            return Vec::new();
        }
        let parts: Vec<String> = self
            .counts
            .iter()
            .map(|(what, count)| format!("{count} {what}"))
            .collect();
        vec![format!(
            "{format} has no place for these, not written: {} (native JSONL keeps everything)",
            parts.join(", ")
        )]
    }
}
