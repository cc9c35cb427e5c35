//! Code point offsets over Rust strings.
//!
//! The model counts in Unicode code points (Python `str` indices). Rust slices by
//! byte, so every conversion happens here, once per document, not per span.

/// Maps code point offsets of one text to byte offsets, in O(1) per lookup.
///
/// For ASCII text (the common case) no table is built: offsets are equal.
#[derive(Clone, Debug)]
pub struct CharIndex<'a> {
    text: &'a str,
    /// `byte_of_char[i]` is the byte offset of code point `i`; one extra entry
    /// holds `text.len()`. Empty when the text is ASCII.
    byte_of_char: Vec<usize>,
}

impl<'a> CharIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let byte_of_char = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices()
                .map(|(byte, _)| byte)
                .chain(std::iter::once(text.len()))
                .collect()
        };
        Self { text, byte_of_char }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    pub fn len_chars(&self) -> usize {
        if self.byte_of_char.is_empty() {
            self.text.len()
        } else {
            self.byte_of_char.len() - 1
        }
    }

    /// Byte offset of code point `offset_chars`, or None past the end.
    pub fn byte_offset(&self, offset_chars: usize) -> Option<usize> {
        if self.byte_of_char.is_empty() {
            (offset_chars <= self.text.len()).then_some(offset_chars)
        } else {
            self.byte_of_char.get(offset_chars).copied()
        }
    }

    /// Code point offset of a byte offset that falls on a char boundary.
    pub fn char_offset(&self, offset_bytes: usize) -> Option<usize> {
        if self.byte_of_char.is_empty() {
            (offset_bytes <= self.text.len()).then_some(offset_bytes)
        } else {
            self.byte_of_char.binary_search(&offset_bytes).ok()
        }
    }

    /// `text[start:end]` in code points, or None when the range is out of bounds or reversed.
    pub fn slice(&self, start_chars: usize, end_chars: usize) -> Option<&'a str> {
        if start_chars > end_chars {
            return None;
        }
        let start = self.byte_offset(start_chars)?;
        let end = self.byte_offset(end_chars)?;
        self.text.get(start..end)
    }
}

/// Number of code points in `text`.
pub fn len_chars(text: &str) -> usize {
    text.chars().count()
}

/// SHA-256 of the text, as hex: how a re-import recognises a document it already has.
pub fn content_hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// UTF-16 code units before each code point offset, for formats that count in UTF-16
/// (doccano, JavaScript editors). Returns a table with `len_chars + 1` entries.
pub fn utf16_offsets(text: &str) -> Vec<usize> {
    let mut table = Vec::with_capacity(text.len() + 1);
    let mut units = 0;
    for ch in text.chars() {
        table.push(units);
        units += ch.len_utf16();
    }
    table.push(units);
    table
}

/// Code point offset for a UTF-16 offset, given the table from [`utf16_offsets`];
/// None when the offset is past the end or splits a surrogate pair.
pub fn char_offset_from_utf16(table: &[usize], offset_utf16: usize) -> Option<usize> {
    table.binary_search(&offset_utf16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_and_non_ascii_agree_with_chars() {
        for text in ["plain ascii", "Kabul — 😀 “peace”\r\n", "", "é"] {
            let index = CharIndex::new(text);
            let chars: Vec<char> = text.chars().collect();
            assert_eq!(index.len_chars(), chars.len());
            for start in 0..=chars.len() {
                for end in start..=chars.len() {
                    let expected: String = chars[start..end].iter().collect();
                    assert_eq!(index.slice(start, end), Some(expected.as_str()));
                }
            }
            assert_eq!(index.slice(0, chars.len() + 1), None);
        }
    }

    #[test]
    fn reversed_range_is_none() {
        assert_eq!(CharIndex::new("abc").slice(2, 1), None);
    }

    #[test]
    fn utf16_counts_emoji_twice() {
        let table = utf16_offsets("a😀b");
        assert_eq!(table, vec![0, 1, 3, 4]);
        assert_eq!(char_offset_from_utf16(&table, 3), Some(2));
        assert_eq!(char_offset_from_utf16(&table, 2), None);
    }

    #[test]
    fn char_offset_from_byte() {
        let index = CharIndex::new("é😀x");
        assert_eq!(index.char_offset(2), Some(1));
        assert_eq!(index.char_offset(6), Some(2));
        assert_eq!(index.char_offset(3), None);
    }
}
