//! A place in a document's text that a search found, with its context.

use serde::Serialize;

use crate::model::DocumentId;

/// How many characters of context a hit carries on each side.
pub const CONTEXT_CHARS: usize = 40;

/// One hit: `text` is the document's `start..end` (code points, end
/// exclusive), `before` and `after` up to [`CONTEXT_CHARS`] around it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hit {
    #[serde(skip)]
    pub document_id: DocumentId,
    /// The document's id as imported ("doc-000001").
    pub document: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub before: String,
    pub after: String,
}

impl Hit {
    /// `doc-000001  12..19  …the [Taliban] said…`: keyword in context, on
    /// one line (line breaks and tabs in the context shown as spaces).
    pub fn kwic_line(&self) -> String {
        let flat = |text: &str| text.replace(['\r', '\n', '\t'], " ");
        format!(
            "{}  {}..{}  {}[{}]{}",
            self.document,
            self.start,
            self.end,
            flat(&self.before),
            flat(&self.text),
            flat(&self.after)
        )
    }
}

/// Byte offsets of every character of a text, and of its end: code point
/// offsets become slices in O(1).
pub struct CharIndex<'t> {
    text: &'t str,
    bytes: Vec<usize>,
}

impl<'t> CharIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        Self { text, bytes }
    }

    pub fn len_chars(&self) -> usize {
        self.bytes.len() - 1
    }

    /// The byte offset of code point `index` (the end for anything past it).
    pub fn byte(&self, index: usize) -> usize {
        self.bytes[index.min(self.len_chars())]
    }

    /// The code point at byte offset `byte` (a character boundary).
    pub fn char_at_byte(&self, byte: usize) -> usize {
        self.bytes.partition_point(|&b| b < byte)
    }

    pub fn slice(&self, start: usize, end: usize) -> &'t str {
        &self.text[self.byte(start)..self.byte(end)]
    }

    /// The hit at `start..end` of this text, with its context.
    pub fn hit(&self, document_id: DocumentId, document: &str, start: usize, end: usize) -> Hit {
        Hit {
            document_id,
            document: document.to_string(),
            start,
            end,
            text: self.slice(start, end).to_string(),
            before: self
                .slice(start.saturating_sub(CONTEXT_CHARS), start)
                .to_string(),
            after: self
                .slice(end, (end + CONTEXT_CHARS).min(self.len_chars()))
                .to_string(),
        }
    }
}
