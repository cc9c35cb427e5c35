//! The CoNLL / IOB2 export: `token<TAB>tag`, a blank line between sentences,
//! `-DOCSTART- -X- O O` (the line `spacy convert` and CoNLL-2003 readers
//! know) before each document.

use std::io::Write;

use super::tokens::{tokenize, Token};
use super::{tokenization_of, DOCSTART};
use crate::formats::bundle::{for_each_document, Bundle};
use crate::formats::jsonl::ExportSummary;
use crate::formats::ExportError;
use crate::model::Span;

/// What IOB tags could not hold, counted for the report.
#[derive(Default)]
struct Losses {
    overlapping: usize,
    without_token: usize,
    renamed: usize,
}

pub fn export_conll(
    store: &impl crate::store::Reader,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ExportSummary, ExportError> {
    let mut summary = ExportSummary::default();
    let mut losses = Losses::default();
    for_each_document(store, progress, |bundle| {
        let written = write_document(&bundle, out, &mut losses)?;
        summary.documents += 1;
        summary.spans += written;
        Ok(())
    })?;
    if losses.overlapping > 0 {
        summary.notices.push(format!("left out {} nested or overlapping spans that IOB tags cannot hold (kept the outermost, then the earliest)", losses.overlapping));
    }
    if losses.without_token > 0 {
        summary.notices.push(format!(
            "left out {} spans that cover only white space or control characters (no token to tag)",
            losses.without_token
        ));
    }
    if losses.renamed > 0 {
        summary.notices.push(format!(
            "{} spans have labels with spaces, written with '_' instead",
            losses.renamed
        ));
    }
    out.flush()?;
    Ok(summary)
}

/// One document; returns how many spans got a `B-` tag.
fn write_document(
    bundle: &Bundle<'_>,
    out: &mut dyn Write,
    losses: &mut Losses,
) -> Result<usize, ExportError> {
    let chars: Vec<char> = bundle.document.text.chars().collect();
    let (spans, left_out) = representable(&bundle.spans);
    losses.overlapping += left_out;
    // Every span boundary is a token boundary: a span on part of a word
    // ("Pakistan" in "Pakistan’s") gets a token of its own.
    let mut cuts: Vec<usize> = spans
        .iter()
        .flat_map(|s| [s.start_char(), s.end_char()])
        .collect();
    cuts.dedup();
    let tokens = tokenize(&chars, tokenization_of(&bundle.document), &cuts);
    writeln!(out, "{DOCSTART}\n")?;
    let mut line = String::new();
    let mut span_index = 0;
    let mut tagged: Option<usize> = None;
    let mut written = 0;
    let mut sentence_open = false;
    for (k, token) in tokens.iter().enumerate() {
        while spans
            .get(span_index)
            .is_some_and(|s| s.end_char() <= token.start)
        {
            span_index += 1;
        }
        let span = spans.get(span_index).filter(|s| s.start_char() < token.end);
        line.clear();
        line.extend(&chars[token.start..token.end]);
        line.push('\t');
        match span {
            Some(span) => {
                let first = tagged != Some(span_index);
                if first {
                    tagged = Some(span_index);
                    written += 1;
                }
                line.push_str(if first { "B-" } else { "I-" });
                let label = bundle.label_name(span);
                if label.contains(char::is_whitespace) {
                    losses.renamed += usize::from(first);
                    line.extend(
                        label
                            .chars()
                            .map(|c| if c.is_whitespace() { '_' } else { c }),
                    );
                } else {
                    line.push_str(label);
                }
            }
            None => line.push('O'),
        }
        writeln!(out, "{line}")?;
        sentence_open = true;
        if token.ends_sentence && !continues_span(span, tokens.get(k + 1)) {
            writeln!(out)?;
            sentence_open = false;
        }
    }
    if sentence_open {
        writeln!(out)?;
    }
    losses.without_token += spans.len() - written;
    Ok(written)
}

/// Whether the next token belongs to the same span: then no sentence may
/// end here, or the span would start a sentence with an `I-` tag.
fn continues_span(span: Option<&&Span>, next: Option<&Token>) -> bool {
    match (span, next) {
        (Some(span), Some(next)) => next.start < span.end_char(),
        _ => false,
    }
}

/// The spans IOB can hold: outermost first, then earliest; the rest are left
/// out. Sorted by start, the kept spans do not overlap, so a span overlaps a
/// kept one only if it starts before the last kept one ends: one pass.
fn representable(spans: &[Span]) -> (Vec<&Span>, usize) {
    let mut order: Vec<&Span> = spans.iter().collect();
    order.sort_by_key(|s| (s.start_char(), std::cmp::Reverse(s.end_char())));
    let mut kept: Vec<&Span> = Vec::with_capacity(order.len());
    for span in order {
        if kept
            .last()
            .is_none_or(|last| last.end_char() <= span.start_char())
        {
            kept.push(span);
        }
    }
    let left_out = spans.len() - kept.len();
    (kept, left_out)
}
