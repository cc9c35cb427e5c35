//! One JSONL line from a stream, bounded as it is read: a line over
//! [`MAX_JSONL_LINE_BYTES`] or a document whose `"text"` passes
//! [`MAX_DOCUMENT_CHARS`] is refused at that point, so a 400 MB line costs
//! at most what the limits allow, not the whole line several times over.

use std::io::BufRead;

use crate::model::limits::{MAX_DOCUMENT_CHARS, MAX_JSONL_LINE_BYTES};

/// Why a line could not be read.
#[derive(Debug)]
pub(super) enum LineError {
    Io(std::io::Error),
    /// The line passed [`MAX_JSONL_LINE_BYTES`].
    TooLong,
    /// The top-level `"text"` passed [`MAX_DOCUMENT_CHARS`] code points.
    TextTooLong,
}

/// Appends the next line (with its `\n`, if any) to `line`; returns the
/// bytes read, 0 at the end of the input.
pub(super) fn read_bounded_line(
    reader: &mut impl BufRead,
    line: &mut Vec<u8>,
) -> Result<usize, LineError> {
    let mut counter = TextCounter::default();
    let mut read = 0;
    loop {
        let buffer = reader.fill_buf().map_err(LineError::Io)?;
        if buffer.is_empty() {
            return Ok(read);
        }
        let (chunk, ends_line) = match buffer.iter().position(|&b| b == b'\n') {
            Some(at) => (&buffer[..=at], true),
            None => (buffer, false),
        };
        if (read + chunk.len()) as u64 > MAX_JSONL_LINE_BYTES {
            return Err(LineError::TooLong);
        }
        counter.feed(chunk)?;
        line.extend_from_slice(chunk);
        let taken = chunk.len();
        reader.consume(taken);
        read += taken;
        if ends_line {
            return Ok(read);
        }
    }
}

/// Counts the code points of the line's top-level `"text"` string as its
/// bytes go by (JSON escapes count as the one character they stand for, a
/// `\uXXXX` surrogate pair as one). The full parse checks everything else.
#[derive(Default)]
struct TextCounter {
    depth: u32,
    /// The line is an object (not a list): its depth-1 strings alternate key, value.
    object: bool,
    expect_key: bool,
    in_string: bool,
    escape: Escape,
    /// Reading a depth-1 key; how many of its bytes matched `text` so far.
    key: Option<usize>,
    key_is_text: bool,
    /// Inside the value of the top-level `"text"`.
    counting: bool,
    chars: usize,
}

#[derive(Default, Clone, Copy)]
enum Escape {
    #[default]
    None,
    Backslash,
    /// `\u` read, with the hex digits still to come and the value so far.
    Unicode(u8, u32),
}

impl TextCounter {
    fn feed(&mut self, bytes: &[u8]) -> Result<(), LineError> {
        for &byte in bytes {
            if self.in_string {
                self.string_byte(byte);
                if self.chars > MAX_DOCUMENT_CHARS {
                    return Err(LineError::TextTooLong);
                }
            } else {
                self.structure_byte(byte);
            }
        }
        Ok(())
    }

    fn structure_byte(&mut self, byte: u8) {
        match byte {
            b'"' => {
                self.in_string = true;
                if self.depth == 1 && self.object {
                    if self.expect_key {
                        self.key = Some(0);
                    } else {
                        self.counting = self.key_is_text;
                    }
                }
            }
            b'{' | b'[' => {
                if self.depth == 0 {
                    self.object = byte == b'{';
                    self.expect_key = true;
                }
                self.depth += 1;
            }
            b'}' | b']' => self.depth = self.depth.saturating_sub(1),
            b':' if self.depth == 1 => self.expect_key = false,
            b',' if self.depth == 1 => self.expect_key = true,
            _ => {}
        }
    }

    fn string_byte(&mut self, byte: u8) {
        match self.escape {
            Escape::Unicode(left, value) => {
                let value = value * 16 + (byte as char).to_digit(16).unwrap_or(0);
                if left > 1 {
                    self.escape = Escape::Unicode(left - 1, value);
                } else {
                    self.escape = Escape::None;
                    // The low half of a surrogate pair adds no character.
                    self.character(!(0xDC00..=0xDFFF).contains(&value));
                }
            }
            Escape::Backslash => {
                self.escape = if byte == b'u' {
                    Escape::Unicode(4, 0)
                } else {
                    self.character(true);
                    Escape::None
                };
            }
            Escape::None => match byte {
                b'\\' => self.escape = Escape::Backslash,
                b'"' => {
                    self.in_string = false;
                    self.counting = false;
                    if let Some(matched) = self.key.take() {
                        self.key_is_text = matched == 4;
                    }
                }
                _ => {
                    if let Some(matched) = self.key.as_mut() {
                        *matched = if b"text".get(*matched) == Some(&byte) {
                            *matched + 1
                        } else {
                            usize::MAX / 2
                        };
                    }
                    // Every UTF-8 byte but a continuation byte starts a code point.
                    if byte & 0xC0 != 0x80 && self.counting {
                        self.chars += 1;
                    }
                }
            },
        }
    }

    /// An escaped character: it counts when inside the text, and an escape
    /// makes a key something other than a plain `text`.
    fn character(&mut self, counts: bool) {
        if self.counting && counts {
            self.chars += 1;
        }
        if let Some(matched) = self.key.as_mut() {
            *matched = usize::MAX / 2;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_chars(line: &str) -> usize {
        let mut counter = TextCounter::default();
        counter.feed(line.as_bytes()).unwrap();
        counter.chars
    }

    #[test]
    fn counts_only_the_top_level_text_in_code_points() {
        assert_eq!(text_chars(r#"{"text": "héllo 😀"}"#), 7);
        assert_eq!(
            text_chars(r#"{"id": "text", "text": "a\"b\\c\u00e9\ud83d\ude00"}"#),
            7
        );
        assert_eq!(
            text_chars(
                r#"{"meta": {"text": "nested, not counted"}, "title": "text", "text": "ab"}"#
            ),
            2
        );
        assert_eq!(text_chars(r#"{"texts": "abc", "tex": "abc"}"#), 0);
        assert_eq!(text_chars(r#"["text", "abc"]"#), 0);
    }

    #[test]
    fn a_line_stops_at_the_text_limit() {
        let line = format!("{{\"text\": \"{}", "a".repeat(MAX_DOCUMENT_CHARS + 1));
        let mut reader = std::io::BufReader::new(line.as_bytes());
        let result = read_bounded_line(&mut reader, &mut Vec::new());
        assert!(matches!(result, Err(LineError::TextTooLong)), "{result:?}");
    }
}
