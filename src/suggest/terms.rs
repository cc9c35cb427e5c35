//! Finding listed terms in a text: whole words only, longest match wins. The
//! dictionary and the learned source both propose through this.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::model::words::is_word_char;

/// A label a term carries, with how sure the source is of it.
#[derive(Clone, Debug, PartialEq)]
pub struct TermLabel {
    pub label: String,
    pub score: f64,
}

/// A place a term was found: code point offsets, end-exclusive.
#[derive(Clone, Debug, PartialEq)]
pub struct TermMatch {
    pub start_char: usize,
    pub end_char: usize,
    pub label: String,
    pub score: f64,
}

/// Terms to look for, each with one or more labels.
#[derive(Clone, Debug, Default)]
pub struct Terms {
    match_case: bool,
    /// Folded term (one char per char of the term) → its labels.
    by_term: HashMap<Vec<char>, Vec<TermLabel>, BuildHasherDefault<CharHasher>>,
    longest_chars: usize,
}

impl Terms {
    pub fn new(match_case: bool) -> Self {
        Self {
            match_case,
            ..Self::default()
        }
    }

    /// Adds `term` with `label`; the same term and label twice keeps the higher score.
    pub fn add(&mut self, term: &str, label: &str, score: f64) {
        let key = fold(term, self.match_case);
        if key.is_empty() {
            return;
        }
        self.longest_chars = self.longest_chars.max(key.len());
        let labels = self.by_term.entry(key).or_default();
        match labels.iter_mut().find(|l| l.label == label) {
            Some(existing) => existing.score = existing.score.max(score),
            None => labels.push(TermLabel {
                label: label.to_string(),
                score,
            }),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.by_term.is_empty()
    }

    /// Every place in `chars` where a term starts and ends at word edges,
    /// scanning left to right: at each place the longest term wins and the
    /// scan goes on after it, so matches never overlap. A term carrying two
    /// labels gives two matches at one place.
    pub fn find(&self, chars: &[char]) -> Vec<TermMatch> {
        let folded: Vec<char> = chars
            .iter()
            .map(|&c| fold_char(c, self.match_case))
            .collect();
        // Where a word may end: the only ends a term is looked up at.
        let ends: Vec<usize> = (1..=chars.len())
            .filter(|&at| ends_word(chars, at))
            .collect();
        let mut found = Vec::new();
        let mut start = 0;
        while start < chars.len() {
            match self.longest_at(chars, &folded, &ends, start) {
                Some((end, labels)) => {
                    found.extend(labels.iter().map(|l| TermMatch {
                        start_char: start,
                        end_char: end,
                        label: l.label.clone(),
                        score: l.score,
                    }));
                    start = end;
                }
                None => start += 1,
            }
        }
        found
    }

    fn longest_at(
        &self,
        chars: &[char],
        folded: &[char],
        ends: &[usize],
        start: usize,
    ) -> Option<(usize, &Vec<TermLabel>)> {
        if !starts_word(chars, start) {
            return None;
        }
        let last = start + self.longest_chars;
        let from = ends.partition_point(|&end| end <= start);
        let to = ends.partition_point(|&end| end <= last);
        ends[from..to]
            .iter()
            .rev()
            .find_map(|&end| self.by_term.get(&folded[start..end]).map(|l| (end, l)))
    }
}

/// A fast hash for the char slices looked up at every word of a corpus
/// (rustc's FxHash step): SipHash, the default, spent two thirds of a
/// dictionary run hashing. Terms are the user's own, so there is no
/// adversary to resist.
#[derive(Default)]
struct CharHasher(u64);

impl Hasher for CharHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u32(u32::from(byte));
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(n)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u32(n as u32);
    }
}

/// A term may start here: not in the middle of a word.
fn starts_word(chars: &[char], at: usize) -> bool {
    at == 0 || !(is_word_char(chars[at - 1]) && is_word_char(chars[at]))
}

fn ends_word(chars: &[char], at: usize) -> bool {
    at == chars.len() || !(is_word_char(chars[at - 1]) && is_word_char(chars[at]))
}

fn fold(text: &str, match_case: bool) -> Vec<char> {
    text.chars().map(|c| fold_char(c, match_case)).collect()
}

/// Lower case, one char for one char: offsets into the folded text are
/// offsets into the original (a lower case of several chars, as `İ` has,
/// stays as it is).
fn fold_char(c: char, match_case: bool) -> char {
    if match_case {
        return c;
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(terms: &Terms, text: &str) -> Vec<(usize, usize, String)> {
        let chars: Vec<char> = text.chars().collect();
        terms
            .find(&chars)
            .into_iter()
            .map(|m| (m.start_char, m.end_char, m.label))
            .collect()
    }

    #[test]
    fn the_longest_term_wins_and_matches_do_not_overlap() {
        let mut terms = Terms::new(false);
        terms.add("Pakistan", "GPE", 1.0);
        terms.add("Tehrik-i-Taliban Pakistan", "ORG", 1.0);
        let text = "The Tehrik-i-Taliban Pakistan left Pakistan.";
        assert_eq!(
            spans(&terms, text),
            vec![(4, 29, "ORG".into()), (35, 43, "GPE".into())]
        );
    }

    #[test]
    fn only_whole_words_match() {
        let mut terms = Terms::new(false);
        terms.add("Taliban", "ORG", 1.0);
        assert_eq!(
            spans(&terms, "Talibanisation of the Taliban"),
            vec![(22, 29, "ORG".into())]
        );
    }

    #[test]
    fn case_is_ignored_unless_asked() {
        let mut ignoring = Terms::new(false);
        ignoring.add("kabul", "GPE", 1.0);
        assert_eq!(spans(&ignoring, "KABUL and Kabul").len(), 2);
        let mut matching = Terms::new(true);
        matching.add("kabul", "GPE", 1.0);
        assert!(spans(&matching, "KABUL and Kabul").is_empty());
    }

    #[test]
    fn offsets_are_code_points_after_emoji_and_dotted_capitals() {
        let mut terms = Terms::new(false);
        terms.add("Kabul", "GPE", 1.0);
        // 'İ' lower-cases to two chars; it must not shift the offsets after it.
        let text = "İ 👩‍👩‍👧 Kabul";
        let found = spans(&terms, text);
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(found.len(), 1);
        let (start, end, _) = &found[0];
        assert_eq!(chars[*start..*end].iter().collect::<String>(), "Kabul");
    }

    #[test]
    fn a_term_with_two_labels_gives_both() {
        let mut terms = Terms::new(false);
        terms.add("Washington", "PER", 0.67);
        terms.add("Washington", "GPE", 0.33);
        assert_eq!(
            spans(&terms, "Washington"),
            vec![(0, 10, "PER".into()), (0, 10, "GPE".into())]
        );
    }
}
