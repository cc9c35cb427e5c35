//! The CoNLL import: one token per line with its tag, in the dialects seen in
//! the wild: `token<TAB>tag`, one or two spaces, CoNLL-2003's four columns
//! (`EU NNP B-NP B-ORG`), Label Studio's `token -X- _ TAG`; IOB2, IOB1, BIOES
//! and BILOU tags; `-DOCSTART-` lines between documents.

use std::path::Path;

use super::tokens::is_separator;
use super::{TOKENIZATION_KEY, WHITE_SPACE_TOKENS};
use crate::formats::{ImportDocument, ImportError, ImportSpan, Location, Notice, ParsedInput};

/// Which column holds the tag.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ConllOptions {
    /// 1-based column of the tag (`--tag-column N`); the last when `None`.
    pub tag_column: Option<usize>,
}

/// What a tag says about its token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Position {
    Outside,
    /// `B-`: a span starts here.
    Begin,
    /// `I-`: inside the span of the same label (IOB1: starts one otherwise).
    Inside,
    /// `E-` / `L-`: the last token of the span.
    End,
    /// `S-` / `U-`: a span of this one token.
    Single,
}

/// Reads `text` with the tag in the last column.
pub fn parse_conll(path: &Path, text: &str) -> Result<ParsedInput, ImportError> {
    parse_conll_with(path, text, ConllOptions::default())
}

/// Reads `text`. A line that has no tag where one is expected, or a tag that
/// is none of O, B-, I-, E-, L-, S-, U- with a label, is an error with its
/// line number.
pub fn parse_conll_with(
    path: &Path,
    text: &str,
    options: ConllOptions,
) -> Result<ParsedInput, ImportError> {
    let mut parsed = ParsedInput::default();
    let mut builder = DocumentBuilder::new(path, 1);
    let mut lenient_i = 0;
    for (index, line) in text.split('\n').enumerate() {
        let line_number = index + 1;
        let line = line.trim_end_matches('\r');
        let fields: Vec<&str> = line.split(is_separator).filter(|f| !f.is_empty()).collect();
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
        let tag = tag_field(&fields, options).map_err(|m| at(format!("{m}: {line:?}")))?;
        let (position, label) = parse_tag(tag).ok_or_else(|| {
            at(format!(
                "tag {tag:?} is not O or B-, I-, E-, L-, S-, U- with a label (IOB, BIOES, BILOU)"
            ))
        })?;
        if matches!(position, Position::Inside | Position::End)
            && builder.open_label() != Some(label)
        {
            lenient_i += 1;
        }
        builder.token(fields[0], position, label);
    }
    builder.finish_into(&mut parsed);
    if lenient_i > 0 {
        parsed.notices.push(Notice {
            location: Location::file(path),
            message: format!(
                "{lenient_i} I- or E- tags did not follow B- or I- of the same label; each starts a span"
            ),
        });
    }
    Ok(parsed)
}

/// The tag of a line: the column `--tag-column` names, else the last (the
/// token itself is always the first).
fn tag_field<'l>(fields: &[&'l str], options: ConllOptions) -> Result<&'l str, String> {
    match options.tag_column {
        Some(column) => fields.get(column.wrapping_sub(1)).copied().ok_or_else(|| {
            format!(
                "expected a tag in column {column} (--tag-column), found {} columns",
                fields.len()
            )
        }),
        None if fields.len() >= 2 => Ok(fields[fields.len() - 1]),
        None => Err("expected \"token<TAB>tag\", found 1 column".into()),
    }
}

fn parse_tag(tag: &str) -> Option<(Position, &str)> {
    if tag == "O" {
        return Some((Position::Outside, ""));
    }
    let (prefix, label) = tag.split_once('-')?;
    let position = match prefix {
        "B" => Position::Begin,
        "I" => Position::Inside,
        "E" | "L" => Position::End,
        "S" | "U" => Position::Single,
        _ => return None,
    };
    (!label.is_empty()).then_some((position, label))
}

/// The text rebuilt from tokens (one space between tokens, a line break
/// between sentences) and the spans over it.
struct DocumentBuilder<'a> {
    path: &'a Path,
    first_line: usize,
    text: String,
    len_chars: usize,
    spans: Vec<ImportSpan>,
    /// The span being read: where it starts, and its label.
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

    /// Ends the open span at the current end of the text.
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

    /// Adds a token. `I-` and `E-`/`L-` go on with an open span of their
    /// label and start one otherwise (IOB1, or a lenient file); `E-`/`L-` and
    /// `S-`/`U-` close theirs at the token.
    fn token(&mut self, token: &str, position: Position, label: &str) {
        let continues = matches!(position, Position::Inside | Position::End)
            && self.open_label() == Some(label);
        if !continues {
            self.close();
        }
        if !self.text.is_empty() {
            self.push(if self.at_sentence_start { "\n" } else { " " });
        }
        self.at_sentence_start = false;
        if position != Position::Outside && !continues {
            self.open = Some((self.len_chars, label.to_string()));
        }
        self.push(token);
        if matches!(position, Position::End | Position::Single) {
            self.close();
        }
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
        // The export cuts this text at white space again: the same tokens.
        document
            .meta
            .insert(TOKENIZATION_KEY.into(), WHITE_SPACE_TOKENS.into());
        parsed.documents.push(document);
    }
}
