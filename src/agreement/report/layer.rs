//! One compared annotator's finished layer of one document, ready to compare: the
//! kept spans sorted once, their relations as comparable keys.

use crate::agreement::input::{InputLayer, InputSpan};
use crate::agreement::{AgreementError, LabelledSpan, SpanSet};

/// A relation as the report compares it: (label, from (start, end, label), to (start,
/// end, label)); the document is the one being compared.
pub(super) type RelationKey = (u32, (u32, u32, u32), (u32, u32, u32));

pub(super) struct FinishedLayer<'a> {
    /// Index into the compared annotators.
    pub rater: usize,
    /// The spans of kept labels.
    pub spans: Vec<&'a InputSpan>,
    /// The same spans for F1, all in "document" 0 (one document at a time).
    pub set: SpanSet,
    /// Relations between two kept spans, sorted.
    pub relations: Vec<RelationKey>,
}

impl<'a> FinishedLayer<'a> {
    pub fn new(
        rater: usize,
        layer: &'a InputLayer,
        kept_labels: &[bool],
    ) -> Result<Self, AgreementError> {
        let kept = |span: &InputSpan| kept_labels.get(span.label as usize) == Some(&true);
        let spans: Vec<&InputSpan> = layer.spans.iter().filter(|span| kept(span)).collect();
        let set = SpanSet::new(
            spans
                .iter()
                .map(|span| LabelledSpan {
                    document: 0,
                    start: span.start,
                    end: span.end,
                    label: span.label,
                })
                .collect(),
        )?;
        let key = |index: u32| {
            let span = layer.spans.get(index as usize)?;
            kept(span).then_some((span.start, span.end, span.label))
        };
        let mut relations: Vec<RelationKey> = layer
            .relations
            .iter()
            .filter_map(|relation| Some((relation.label, key(relation.from)?, key(relation.to)?)))
            .collect();
        relations.sort_unstable();
        Ok(Self {
            rater,
            spans,
            set,
            relations,
        })
    }
}
