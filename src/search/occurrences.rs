//! Where a literal text occurs in a document, for "tag all occurrences":
//! case folded or not, whole words or not, and never splitting a
//! user-perceived character (an emoji sequence, a letter and its accents).

use regex::Regex;
use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

use super::error::SearchError;
use super::hit::CharIndex;

/// How a term must match.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MatchOptions {
    /// Not inside a longer word: no letter or digit right before or after.
    pub whole_word: bool,
    /// Letter case must agree ("Taliban" does not match "TALIBAN").
    pub match_case: bool,
}

/// A term compiled for repeated searching.
#[derive(Clone, Debug)]
pub struct TermMatcher {
    regex: Regex,
    whole_word: bool,
}

impl TermMatcher {
    pub fn new(term: &str, options: MatchOptions) -> Result<Self, SearchError> {
        if term.is_empty() {
            return Err(SearchError::EmptyTerm);
        }
        let pattern = if options.match_case {
            regex::escape(term)
        } else {
            format!("(?i){}", regex::escape(term))
        };
        let regex = Regex::new(&pattern).map_err(|err| {
            SearchError::Query(super::QueryError::new(
                1,
                super::QueryProblem::Regex(err.to_string()),
            ))
        })?;
        Ok(Self {
            regex,
            whole_word: options.whole_word,
        })
    }

    /// Every occurrence in `text`, as code point ranges, in order and not
    /// overlapping.
    pub fn find(&self, text: &str, index: &CharIndex<'_>) -> Vec<(usize, usize)> {
        let mut ranges = Vec::new();
        let mut from = 0;
        while let Some(m) = self.regex.find_at(text, from) {
            if self.acceptable(text, m.start(), m.end()) {
                ranges.push((index.char_at_byte(m.start()), index.char_at_byte(m.end())));
                from = m.end();
            } else {
                // A refused match may hide one starting inside it.
                from = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
            }
            if from > text.len() {
                break;
            }
        }
        ranges
    }

    fn acceptable(&self, text: &str, start: usize, end: usize) -> bool {
        if start == end || !is_grapheme_boundary(text, start) || !is_grapheme_boundary(text, end) {
            return false;
        }
        if !self.whole_word {
            return true;
        }
        let matched = &text[start..end];
        let wordy = |grapheme: Option<&str>| {
            grapheme
                .and_then(|g| g.chars().next())
                .is_some_and(char::is_alphanumeric)
        };
        let starts_word = wordy(matched.graphemes(true).next());
        let ends_word = wordy(matched.graphemes(true).next_back());
        let before = text[..start].graphemes(true).next_back();
        let after = text[end..].graphemes(true).next();
        let glued_before = starts_word && wordy(before);
        let glued_after = ends_word && wordy(after);
        !glued_before && !glued_after
    }
}

fn is_grapheme_boundary(text: &str, byte: usize) -> bool {
    GraphemeCursor::new(byte, text.len(), true)
        .is_boundary(text, 0)
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(term: &str, text: &str, whole_word: bool, match_case: bool) -> Vec<(usize, usize)> {
        let options = MatchOptions {
            whole_word,
            match_case,
        };
        TermMatcher::new(term, options)
            .unwrap()
            .find(text, &CharIndex::new(text))
    }

    #[test]
    fn case_and_whole_words() {
        let text = "Taliban, TALIBAN and the Talibans";
        assert_eq!(
            find("taliban", text, false, false),
            vec![(0, 7), (9, 16), (25, 32)]
        );
        assert_eq!(find("taliban", text, true, false), vec![(0, 7), (9, 16)]);
        assert_eq!(find("Taliban", text, true, true), vec![(0, 7)]);
    }

    #[test]
    fn never_splits_an_emoji_sequence_or_a_letter_from_its_accent() {
        // 👩‍👩‍👧 is five code points; 👩‍👩 alone is a different character.
        let text = "the 👩‍👩‍👧 family and 👩‍👩 pair";
        assert_eq!(find("👩‍👩", text, false, false), vec![(21, 24)]);
        assert_eq!(find("👩‍👩‍👧 family", text, false, false), vec![(4, 16)]);
        // "cafe" is not the start of "café" written with a combining accent.
        let text = "cafe\u{301} and cafe";
        assert_eq!(find("cafe", text, false, false), vec![(10, 14)]);
        assert_eq!(find("cafe\u{301}", text, true, false), vec![(0, 5)]);
    }

    #[test]
    fn a_refused_match_does_not_hide_the_next() {
        assert_eq!(find("aa", "xaaa aa", true, false), vec![(5, 7)]);
        assert_eq!(find("ana", "anana", false, true), vec![(0, 3)]);
    }
}
