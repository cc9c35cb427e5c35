//! N / Shift+N after opening a document from the agreement report: select and scroll
//! to the next span the compared annotators disagree on.

use super::GlossatorApp;
use crate::agreement::disagreements::{disagreements, step, LayerSpan};
use crate::store::layer_of;
use crate::ui::error::UiError;
use crate::ui::windows::layer_source::current_annotator;

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
        let current = current_annotator(&self.session);
        let schema = self.session.schema();
        let layer_spans: Vec<LayerSpan> = open
            .spans
            .iter()
            .map(|span| LayerSpan {
                annotator: annotators
                    .iter()
                    .position(|name| name == layer_of(span.data.annotator.as_deref(), &current))
                    .unwrap_or(usize::MAX),
                start: span.start_char(),
                end: span.end_char(),
                label: schema
                    .span_labels()
                    .position(|label| label.id == span.label_id())
                    .map_or(u32::MAX, |i| i as u32),
            })
            .collect();
        let differing = disagreements(&layer_spans, annotators.len());
        let selected = self
            .article_state
            .selected_span()
            .and_then(|id| open.spans.iter().position(|span| span.id == id));
        let Some(next) = step(&differing, &layer_spans, selected, forward) else {
            self.status
                .info("The compared annotators agree on every span of this document");
            return Ok(());
        };
        let span = &open.spans[next];
        let place = differing.iter().position(|&i| i == next).unwrap_or(0) + 1;
        let who = layer_of(span.data.annotator.as_deref(), &current).to_string();
        let id = span.id;
        self.article_state
            .select_span(Some(id), self.session.open(), true);
        self.status.info(format!(
            "Disagreement {place} of {}: {who}'s span (N next, Shift+N previous)",
            differing.len()
        ));
        Ok(())
    }
}
