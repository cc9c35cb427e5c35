//! N / Shift+N after opening a document from the agreement report: select and scroll
//! to the next span the compared annotators disagree on. The compared layers are
//! read from the project (the article shows only the current annotator's layer):
//! a span of mine is selected, another annotator's is shown as a selected range.

use super::GlossatorApp;
use crate::agreement::disagreements::{disagreements, step, LayerSpan};
use crate::model::Span;
use crate::store::LayerReads as _;
use crate::ui::error::UiError;

impl GlossatorApp {
    pub(super) fn step_disagreement(&mut self, forward: bool) -> Result<(), UiError> {
        let Some(annotators) = &self.review else {
            self.status.info(
                "Open a document from Project › Agreement… to step through its disagreements",
            );
            return Ok(());
        };
        let Some(open) = self.session.open() else {
            return Ok(());
        };
        let schema = self.session.schema();
        // Every compared layer's spans, each with its annotator's place in the list.
        let mut spans: Vec<(usize, Span)> = Vec::new();
        for (index, name) in annotators.iter().enumerate() {
            let layer = if name == open.annotator.as_str() {
                open.spans.clone()
            } else {
                self.session
                    .store()
                    .layer_spans_of(open.document.id, name)?
            };
            spans.extend(layer.into_iter().map(|span| (index, span)));
        }
        spans.sort_by_key(|(index, span)| (span.start_char(), span.end_char(), *index));
        let layer_spans: Vec<LayerSpan> = spans
            .iter()
            .map(|(index, span)| LayerSpan {
                annotator: *index,
                start: span.start_char(),
                end: span.end_char(),
                label: schema
                    .span_labels()
                    .position(|label| label.id == span.label_id())
                    .map_or(u32::MAX, |i| i as u32),
            })
            .collect();
        let differing = disagreements(&layer_spans, annotators.len());
        // Where N went last, while the selection is still there.
        let selected = self.review_at.filter(|&at| {
            spans
                .get(at)
                .map(|(_, span)| (span.start_char(), span.end_char()))
                == self.article_state.selected_range()
        });
        let Some(next) = step(&differing, &layer_spans, selected, forward) else {
            self.status
                .info("The compared annotators agree on every span of this document");
            return Ok(());
        };
        self.review_at = Some(next);
        let (index, span) = &spans[next];
        let place = differing.iter().position(|&i| i == next).unwrap_or(0) + 1;
        let who = annotators[*index].clone();
        let label = schema.label_name(span.label_id()).to_string();
        let (start, end, id) = (span.start_char(), span.end_char(), span.id);
        if who == open.annotator {
            self.article_state
                .select_span(Some(id), self.session.open(), true);
        } else {
            self.article_state.select_span(None, None, false);
            self.article_state.set_selected_range(start, end);
            self.article_state.scroll_to(start);
        }
        self.status.info(format!(
            "Disagreement {place} of {}: {who}'s {label} span [{start}, {end}) (N next, Shift+N previous)",
            differing.len()
        ));
        Ok(())
    }
}
