//! CoNLL / IOB2: one token per line, `token<TAB>tag`, a blank line between
//! sentences, `-DOCSTART-` between documents.
//!
//! Tokens: a run of letters, digits and marks (hyphens and apostrophes inside
//! it included), or any other single non-space character. Sentences end at a
//! line break and after `.`, `!` or `?` followed by white space.

use std::io::Write;
use std::path::Path;

use super::bundle::for_each_document;
use super::jsonl::ExportSummary;
use super::{ExportError, ImportDocument, ImportError, ImportSpan, Location, Notice, ParsedInput};
use crate::model::words::is_word_char;
use crate::model::Span;

/// A token: code point offsets, and whether a sentence ends after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub ends_sentence: bool,
}

pub fn tokenize(chars: &[char]) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            if c == '\n' {
                if let Some(last) = tokens.last_mut() {
                    last.ends_sentence = true;
                }
            }
            i += 1;
            continue;
        }
        let start = i;
        if is_word_char(c) {
            i += 1;
            while i < chars.len()
                && (is_word_char(chars[i])
                    || (matches!(chars[i], '-' | '\'' | '’')
                        && i + 1 < chars.len()
                        && is_word_char(chars[i + 1])))
            {
                i += 1;
            }
        } else {
            i += 1;
        }
        let ends_sentence = matches!(c, '.' | '!' | '?')
            && i - start == 1
            && chars.get(i).is_none_or(|n| n.is_whitespace());
        tokens.push(Token {
            start,
            end: i,
            ends_sentence,
        });
    }
    tokens
}

/// The spans IOB can hold: outermost first, then earliest; the rest are left out.
fn representable(spans: &[Span]) -> (Vec<&Span>, usize) {
    let mut order: Vec<&Span> = spans.iter().collect();
    order.sort_by_key(|s| (s.start_char(), std::cmp::Reverse(s.end_char())));
    let mut kept: Vec<&Span> = Vec::new();
    let mut left_out = 0;
    for span in order {
        if kept
            .iter()
            .any(|k| k.start_char() < span.end_char() && span.start_char() < k.end_char())
        {
            left_out += 1;
        } else {
            kept.push(span);
        }
    }
    (kept, left_out)
}

pub fn export_conll(
    store: &impl crate::store::Reader,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ExportSummary, ExportError> {
    let mut summary = ExportSummary::default();
    let (mut overlapping, mut renamed) = (0, 0);
    for_each_document(store, progress, |bundle| {
        let chars: Vec<char> = bundle.document.text.chars().collect();
        let (spans, left_out) = representable(&bundle.spans);
        overlapping += left_out;
        writeln!(out, "-DOCSTART-\tO\n")?;
        let mut span_index = 0;
        let mut sentence_open = false;
        for token in tokenize(&chars) {
            while span_index < spans.len() && spans[span_index].end_char() <= token.start {
                span_index += 1;
            }
            let tag = match spans.get(span_index) {
                Some(span) if span.start_char() < token.end => {
                    let label = bundle.label_name(span);
                    let clean: String = label
                        .chars()
                        .map(|c| if c.is_whitespace() { '_' } else { c })
                        .collect();
                    if clean != label && token.start <= span.start_char() {
                        renamed += 1;
                    }
                    let prefix = if token.start <= span.start_char() {
                        "B"
                    } else {
                        "I"
                    };
                    format!("{prefix}-{clean}")
                }
                _ => "O".to_string(),
            };
            let text: String = chars[token.start..token.end].iter().collect();
            writeln!(out, "{text}\t{tag}")?;
            sentence_open = true;
            if token.ends_sentence {
                writeln!(out)?;
                sentence_open = false;
            }
        }
        if sentence_open {
            writeln!(out)?;
        }
        summary.documents += 1;
        summary.spans += spans.len();
        Ok(())
    })?;
    if overlapping > 0 {
        summary.notices.push(format!("left out {overlapping} nested or overlapping spans that IOB tags cannot hold (kept the outermost, then the earliest)"));
    }
    if renamed > 0 {
        summary.notices.push(format!(
            "{renamed} spans have labels with spaces, written with '_' instead"
        ));
    }
    out.flush()?;
    Ok(summary)
}

/// Reads the dialects seen in the wild: tab, one or two spaces between token
/// and tag; trailing blank lines; `-DOCSTART-` splits documents. A line that
/// is not "token tag" is an error with its number.
pub fn parse_conll(path: &Path, text: &str) -> Result<ParsedInput, ImportError> {
    let mut parsed = ParsedInput::default();
    let mut builder = DocumentBuilder::new(path, 1);
    let mut lenient_i = 0;
    for (index, line) in text.split('\n').enumerate() {
        let line_number = index + 1;
        let line = line.trim_end_matches('\r');
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.is_empty() {
            builder.end_sentence();
            continue;
        }
        if fields[0] == "-DOCSTART-" {
            builder.finish_into(&mut parsed);
            builder = DocumentBuilder::new(path, line_number + 1);
            continue;
        }
        if line.starts_with("# ") {
            continue;
        }
        let at = |message: String| ImportError::at(Location::line(path, line_number), message);
        let [token, tag] = fields.as_slice() else {
            return Err(at(format!(
                "expected \"token<TAB>tag\", found {} fields: {line:?}",
                fields.len()
            )));
        };
        let (prefix, label) = match *tag {
            "O" => ("O", ""),
            _ => tag
                .split_once('-')
                .filter(|(p, l)| matches!(*p, "B" | "I") && !l.is_empty())
                .ok_or_else(|| at(format!("tag {tag:?} is not O, B-LABEL or I-LABEL")))?,
        };
        if prefix == "I" && builder.open_label() != Some(label) {
            lenient_i += 1;
        }
        builder.token(token, prefix, label);
    }
    builder.finish_into(&mut parsed);
    if lenient_i > 0 {
        parsed.notices.push(Notice {
            location: Location::file(path),
            message: format!(
                "{lenient_i} I- tags did not follow B- or I- of the same label; each starts a span"
            ),
        });
    }
    Ok(parsed)
}

struct DocumentBuilder<'a> {
    path: &'a Path,
    first_line: usize,
    text: String,
    len_chars: usize,
    spans: Vec<ImportSpan>,
    open: Option<(usize, String)>,
    at_sentence_start: bool,
}

impl<'a> DocumentBuilder<'a> {
    fn new(path: &'a Path, first_line: usize) -> Self {
        Self {
            path,
            first_line,
            text: String::new(),
            len_chars: 0,
            spans: Vec::new(),
            open: None,
            at_sentence_start: true,
        }
    }

    fn open_label(&self) -> Option<&str> {
        self.open.as_ref().map(|(_, l)| l.as_str())
    }

    fn close(&mut self) {
        if let Some((start, label)) = self.open.take() {
            self.spans.push(ImportSpan {
                key: None,
                start: start as i64,
                end: self.len_chars as i64,
                label,
                text: None,
                attributes: Vec::new(),
                annotator: None,
                note: String::new(),
            });
        }
    }

    fn push(&mut self, text: &str) {
        self.text.push_str(text);
        self.len_chars += text.chars().count();
    }

    fn token(&mut self, token: &str, prefix: &str, label: &str) {
        let continues = prefix == "I" && self.open_label() == Some(label);
        if !continues {
            self.close();
        }
        if !self.text.is_empty() {
            self.push(if self.at_sentence_start { "\n" } else { " " });
        }
        self.at_sentence_start = false;
        if prefix != "O" && !continues {
            self.open = Some((self.len_chars, label.to_string()));
        }
        self.push(token);
    }

    fn end_sentence(&mut self) {
        self.close();
        self.at_sentence_start = true;
    }

    fn finish_into(mut self, parsed: &mut ParsedInput) {
        self.close();
        if self.text.is_empty() {
            return;
        }
        let mut document =
            ImportDocument::plain(Location::line(self.path, self.first_line), self.text);
        document.spans = self.spans;
        parsed.documents.push(document);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_sentences() {
        let chars: Vec<char> = "The cease-fire held. Pakistan’s “view”\nNext"
            .chars()
            .collect();
        let tokens: Vec<String> = tokenize(&chars)
            .iter()
            .map(|t| chars[t.start..t.end].iter().collect())
            .collect();
        assert_eq!(
            tokens,
            [
                "The",
                "cease-fire",
                "held",
                ".",
                "Pakistan’s",
                "“",
                "view",
                "”",
                "Next"
            ]
        );
        let ends: Vec<bool> = tokenize(&chars).iter().map(|t| t.ends_sentence).collect();
        assert_eq!(
            ends,
            [false, false, false, true, false, false, false, true, false]
        );
    }

    #[test]
    fn dialects_and_errors() {
        let parsed = parse_conll(
            Path::new("a.conll"),
            "EU  B-ORG\nrejects O\nPeter\tB-PER\nBlackburn\tI-PER\n\n\n",
        )
        .unwrap();
        let document = &parsed.documents[0];
        assert_eq!(document.text, "EU rejects Peter Blackburn");
        let spans: Vec<(i64, i64, &str)> = document
            .spans
            .iter()
            .map(|s| (s.start, s.end, s.label.as_str()))
            .collect();
        assert_eq!(spans, [(0, 2, "ORG"), (11, 26, "PER")]);
        let err =
            parse_conll(Path::new("b.conll"), "ok\tO\nSOCCERO SOCCERO SOCCERO\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "b.conll:2: expected \"token<TAB>tag\", found 3 fields: \"SOCCERO SOCCERO SOCCERO\""
        );
        let err = parse_conll(Path::new("c.conll"), "x\tX-Y\n").unwrap_err();
        assert!(
            err.to_string().contains("is not O, B-LABEL or I-LABEL"),
            "{err}"
        );
    }
}
