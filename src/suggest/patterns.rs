//! The patterns source: Prodigy's patterns JSONL, matched on the tokens the
//! CoNLL export makes (`formats::conll::tokens`, word tokenization).
//!
//! `{"label": "ORG", "pattern": "Apple Inc."}` matches the phrase's tokens
//! exactly; `{"label": "GPE", "pattern": [{"lower": "new"}, {"lower": "york"}]}`
//! matches token by token with `lower`, `orth` (or `text`), `regex`,
//! `is_digit`, `is_title` and `op` (`?`, `+`, `*`, `!`, `1`). spaCy's
//! `{"TEXT": {"REGEX": "…"}}` form and upper-case keys are read too. Where
//! matches overlap, the longer wins (spaCy's `filter_spans`).

use std::collections::HashMap;
use std::path::Path;

use regex::Regex;
use serde_json::{Map, Value};

use super::error::bad_line;
use super::{read_text_file, SuggestError};
use crate::formats::conll::tokens::{tokenize, Token, Tokenization};

/// No match is longer than this many tokens: a `*` over any token must not
/// turn one pattern into a scan of the whole document from every token.
pub const MAX_MATCH_TOKENS: usize = 100;

/// How many times a token test may repeat.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    One,
    Optional,
    OneOrMore,
    ZeroOrMore,
    /// The token must not pass the test (it is still consumed).
    Not,
}

/// One condition on a token.
#[derive(Clone, Debug)]
enum Test {
    Orth(String),
    Lower(String),
    TextRegex(Regex),
    LowerRegex(Regex),
    IsDigit(bool),
    IsTitle(bool),
}

#[derive(Clone, Debug)]
struct Element {
    tests: Vec<Test>,
    op: Op,
}

#[derive(Clone, Debug)]
struct Pattern {
    label: String,
    elements: Vec<Element>,
}

/// Every pattern of a file.
#[derive(Clone, Debug, Default)]
pub struct Patterns {
    patterns: Vec<Pattern>,
}

/// A place a pattern matched: code point offsets, end-exclusive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternMatch {
    pub start_char: usize,
    pub end_char: usize,
    pub label: String,
}

pub fn read_patterns(path: &Path) -> Result<Patterns, SuggestError> {
    let text = read_text_file(path)?;
    parse_patterns(&text).map_err(|e| bad_line(path, e))
}

/// The patterns in `text`, one JSON object a line; an error is (line number,
/// what was expected).
pub fn parse_patterns(text: &str) -> Result<Patterns, (usize, String)> {
    let mut patterns = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let pattern = parse_line(line).map_err(|reason| (index + 1, reason))?;
        patterns.push(pattern);
    }
    if patterns.is_empty() {
        return Err((0, "the file holds no patterns".to_string()));
    }
    Ok(Patterns { patterns })
}

fn parse_line(line: &str) -> Result<Pattern, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let Value::Object(object) = value else {
        return Err("expected an object with \"label\" and \"pattern\"".to_string());
    };
    let label = match object.get("label") {
        Some(Value::String(label)) if !label.trim().is_empty() => label.trim().to_string(),
        _ => return Err("expected \"label\": a non-empty string".to_string()),
    };
    let elements = match object.get("pattern") {
        Some(Value::String(phrase)) => phrase_elements(phrase)?,
        Some(Value::Array(tokens)) => tokens
            .iter()
            .enumerate()
            .map(|(i, token)| token_element(token).map_err(|e| format!("token {}: {e}", i + 1)))
            .collect::<Result<Vec<_>, _>>()?,
        _ => {
            return Err(
                "expected \"pattern\": a phrase (string) or a list of token objects".to_string(),
            )
        }
    };
    if elements.is_empty() {
        return Err("the pattern is empty".to_string());
    }
    if elements
        .iter()
        .all(|e| matches!(e.op, Op::Optional | Op::ZeroOrMore))
    {
        return Err("every token is optional, so the pattern could match nothing".to_string());
    }
    Ok(Pattern { label, elements })
}

/// A phrase matches its own tokens, exactly.
fn phrase_elements(phrase: &str) -> Result<Vec<Element>, String> {
    let chars: Vec<char> = phrase.chars().collect();
    let elements: Vec<Element> = tokenize(&chars, Tokenization::Words, &[])
        .iter()
        .map(|t| Element {
            tests: vec![Test::Orth(chars[t.start..t.end].iter().collect())],
            op: Op::One,
        })
        .collect();
    if elements.is_empty() {
        return Err("the phrase has no tokens".to_string());
    }
    Ok(elements)
}

fn token_element(token: &Value) -> Result<Element, String> {
    let Value::Object(attributes) = token else {
        return Err("expected an object such as {\"lower\": \"york\"}".to_string());
    };
    let mut element = Element {
        tests: Vec::new(),
        op: Op::One,
    };
    for (key, value) in attributes {
        match key.to_ascii_lowercase().as_str() {
            "orth" | "text" => element.tests.push(text_test(value, false)?),
            "lower" => element.tests.push(text_test(value, true)?),
            "regex" => element.tests.push(Test::TextRegex(regex(value)?)),
            "is_digit" => element.tests.push(Test::IsDigit(flag(key, value)?)),
            "is_title" => element.tests.push(Test::IsTitle(flag(key, value)?)),
            "op" => element.op = op(value)?,
            _ => {
                return Err(format!(
                "unknown key {key:?} (expected lower, orth, text, regex, is_digit, is_title or op)"
            ))
            }
        }
    }
    Ok(element)
}

/// `"york"`, or spaCy's `{"REGEX": "…"}`.
fn text_test(value: &Value, lower: bool) -> Result<Test, String> {
    match value {
        Value::String(text) if lower => Ok(Test::Lower(text.to_lowercase())),
        Value::String(text) => Ok(Test::Orth(text.clone())),
        Value::Object(inner) => match single_regex(inner) {
            Some(pattern) => {
                let regex = regex(pattern)?;
                Ok(if lower {
                    Test::LowerRegex(regex)
                } else {
                    Test::TextRegex(regex)
                })
            }
            None => Err("expected a string or {\"REGEX\": \"…\"}".to_string()),
        },
        _ => Err("expected a string or {\"REGEX\": \"…\"}".to_string()),
    }
}

fn single_regex(inner: &Map<String, Value>) -> Option<&Value> {
    match inner.iter().next() {
        Some((key, value)) if inner.len() == 1 && key.eq_ignore_ascii_case("regex") => Some(value),
        _ => None,
    }
}

fn regex(value: &Value) -> Result<Regex, String> {
    let Value::String(pattern) = value else {
        return Err("a regex must be a string".to_string());
    };
    Regex::new(pattern).map_err(|e| format!("bad regex {pattern:?}: {e}"))
}

fn flag(key: &str, value: &Value) -> Result<bool, String> {
    value
        .as_bool()
        .ok_or_else(|| format!("{key} must be true or false"))
}

fn op(value: &Value) -> Result<Op, String> {
    match value.as_str() {
        Some("?") => Ok(Op::Optional),
        Some("+") => Ok(Op::OneOrMore),
        Some("*") => Ok(Op::ZeroOrMore),
        Some("!") => Ok(Op::Not),
        Some("1") => Ok(Op::One),
        _ => Err(format!("op must be one of ?, +, *, !, 1; found {value}")),
    }
}

/// A token's text as the tests see it.
struct TokenText {
    start: usize,
    end: usize,
    text: String,
    lower: String,
}

impl Test {
    fn passes(&self, token: &TokenText) -> bool {
        match self {
            Test::Orth(text) => token.text == *text,
            Test::Lower(text) => token.lower == *text,
            Test::TextRegex(regex) => regex.is_match(&token.text),
            Test::LowerRegex(regex) => regex.is_match(&token.lower),
            Test::IsDigit(want) => is_digit(&token.text) == *want,
            Test::IsTitle(want) => is_title(&token.text) == *want,
        }
    }
}

/// Python's `str.isdigit()` for the common case: every char a decimal digit.
fn is_digit(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_numeric())
}

/// Python's `str.istitle()`: at least one cased letter, and each run of
/// letters starts upper case and goes on lower case.
fn is_title(text: &str) -> bool {
    let mut cased = false;
    let mut previous_cased = false;
    for c in text.chars() {
        if c.is_uppercase() {
            if previous_cased {
                return false;
            }
            previous_cased = true;
            cased = true;
        } else if c.is_lowercase() {
            if !previous_cased {
                return false;
            }
            previous_cased = true;
            cased = true;
        } else {
            previous_cased = false;
        }
    }
    cased
}

impl Element {
    fn passes(&self, token: &TokenText) -> bool {
        self.tests.iter().all(|t| t.passes(token))
    }
}

impl Pattern {
    /// The end (token index, exclusive) of the longest match starting at
    /// token `start`, if any; at least one token long.
    fn longest_match(&self, tokens: &[TokenText], start: usize) -> Option<usize> {
        // Most places fail the first token: say so before any bookkeeping.
        if let Some(first) = self.elements.first() {
            let required = matches!(first.op, Op::One | Op::OneOrMore);
            if required && !tokens.get(start).is_some_and(|t| first.passes(t)) {
                return None;
            }
        }
        let limit = tokens.len().min(start + MAX_MATCH_TOKENS);
        let mut memo = HashMap::new();
        self.match_from(&tokens[..limit], 0, start, &mut memo)
            .filter(|&end| end > start)
    }

    fn match_from(
        &self,
        tokens: &[TokenText],
        element: usize,
        at: usize,
        memo: &mut HashMap<(usize, usize), Option<usize>>,
    ) -> Option<usize> {
        let Some(e) = self.elements.get(element) else {
            return Some(at);
        };
        if let Some(known) = memo.get(&(element, at)) {
            return *known;
        }
        let has_token = at < tokens.len();
        let passes = tokens.get(at).is_some_and(|t| e.passes(t));
        let mut next = |element| self.match_from(tokens, element, at + 1, memo);
        let result = match e.op {
            Op::One if passes => next(element + 1),
            Op::Not if has_token && !passes => next(element + 1),
            Op::One | Op::Not => None,
            // One taken; the next may be another of the same, or the element after.
            Op::OneOrMore if passes => next(element).max(next(element + 1)),
            Op::OneOrMore => None,
            Op::Optional => {
                let take = if passes { next(element + 1) } else { None };
                take.max(self.match_from(tokens, element + 1, at, memo))
            }
            Op::ZeroOrMore => {
                let take = if passes { next(element) } else { None };
                take.max(self.match_from(tokens, element + 1, at, memo))
            }
        };
        memo.insert((element, at), result);
        result
    }
}

impl Patterns {
    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Every match in `chars`, in text order. Where matches overlap the
    /// longest wins (then the earliest); one place matched with two labels
    /// gives both.
    pub fn find(&self, chars: &[char]) -> Vec<PatternMatch> {
        let tokens: Vec<TokenText> = tokenize(chars, Tokenization::Words, &[])
            .iter()
            .map(|&Token { start, end, .. }| {
                let text: String = chars[start..end].iter().collect();
                TokenText {
                    start,
                    end,
                    lower: text.to_lowercase(),
                    text,
                }
            })
            .collect();
        let mut found: Vec<(usize, usize, &str)> = Vec::new();
        for pattern in &self.patterns {
            for start in 0..tokens.len() {
                if let Some(end) = pattern.longest_match(&tokens, start) {
                    found.push((start, end, &pattern.label));
                }
            }
        }
        // Longest first, then earliest: spaCy's filter_spans.
        found.sort_by_key(|&(start, end, label)| (std::cmp::Reverse(end - start), start, label));
        let mut kept: Vec<(usize, usize, &str)> = Vec::new();
        for candidate in found {
            let (start, end, label) = candidate;
            let clashes = kept.iter().any(|&(s, e, l)| {
                let same_place = s == start && e == end;
                (same_place && l == label) || (!same_place && s < end && start < e)
            });
            if !clashes {
                kept.push(candidate);
            }
        }
        kept.sort_by_key(|&(start, end, label)| (start, end, label));
        kept.into_iter()
            .map(|(start, end, label)| PatternMatch {
                start_char: tokens[start].start,
                end_char: tokens[end - 1].end,
                label: label.to_string(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (patterns JSONL, text, expected (text, label) matches in order).
    /// (text, label) of one expected match.
    type Expected = &'static [(&'static str, &'static str)];

    const CASES: &[(&str, &str, Expected)] = &[
        (
            r#"{"label": "ORG", "pattern": "Apple"}"#,
            "Apple bought apple.",
            &[("Apple", "ORG")],
        ),
        (
            r#"{"label": "ORG", "pattern": "Tehrik-i-Taliban Pakistan"}"#,
            "The Tehrik-i-Taliban Pakistan (TTP) said.",
            &[("Tehrik-i-Taliban Pakistan", "ORG")],
        ),
        (
            r#"{"label": "GPE", "pattern": [{"lower": "new"}, {"lower": "york"}]}"#,
            "NEW YORK and New York, not newyork.",
            &[("NEW YORK", "GPE"), ("New York", "GPE")],
        ),
        (
            r#"{"label": "X", "pattern": [{"orth": "Gen."}, {"is_title": true}]}"#,
            "Gen. Bajwa met Gen. bajwa.",
            &[("Gen. Bajwa", "X")],
        ),
        (
            r#"{"label": "MONEY", "pattern": [{"is_digit": true}, {"lower": "million"}]}"#,
            "paid 20 million, not twenty million",
            &[("20 million", "MONEY")],
        ),
        (
            r#"{"label": "YEAR", "pattern": [{"regex": "^(19|20)\\d\\d$"}]}"#,
            "In 2021 and 1999, not 3021.",
            &[("2021", "YEAR"), ("1999", "YEAR")],
        ),
        (
            r#"{"label": "YEAR", "pattern": [{"TEXT": {"REGEX": "^20\\d\\d$"}}]}"#,
            "In 2021.",
            &[("2021", "YEAR")],
        ),
        // op "?": the optional token is taken when it is there (longest).
        (
            r#"{"label": "ORG", "pattern": [{"lower": "the", "op": "?"}, {"lower": "taliban"}]}"#,
            "the Taliban and Taliban",
            &[("the Taliban", "ORG"), ("Taliban", "ORG")],
        ),
        // op "+": one or more, as many as there are.
        (
            r#"{"label": "PER", "pattern": [{"is_title": true, "op": "+"}, {"lower": "said"}]}"#,
            "then Imran Khan Niazi said so",
            &[("Imran Khan Niazi said", "PER")],
        ),
        // op "+" needs at least one.
        (
            r#"{"label": "PER", "pattern": [{"is_title": true, "op": "+"}, {"lower": "said"}]}"#,
            "he said",
            &[],
        ),
        // op "*": zero or more between two fixed tokens.
        (
            r#"{"label": "E", "pattern": [{"lower": "cease"}, {"orth": "-", "op": "*"}, {"lower": "fire"}]}"#,
            // ("cease-fire" is one token: hyphens inside a word stay in it.)
            "cease fire, cease - - fire, cease-fire",
            &[("cease fire", "E"), ("cease - - fire", "E")],
        ),
        // op "!": a token that is not "not".
        (
            r#"{"label": "V", "pattern": [{"lower": "did"}, {"lower": "not", "op": "!"}]}"#,
            "did go, did not",
            &[("did go", "V")],
        ),
        // Overlapping matches from two patterns: the longer wins.
        (
            "{\"label\": \"GPE\", \"pattern\": \"Pakistan\"}\n{\"label\": \"ORG\", \"pattern\": \"Tehrik-i-Taliban Pakistan\"}",
            "Tehrik-i-Taliban Pakistan in Pakistan",
            &[("Tehrik-i-Taliban Pakistan", "ORG"), ("Pakistan", "GPE")],
        ),
        // Code points, not bytes, after emoji.
        (
            r#"{"label": "GPE", "pattern": [{"lower": "kabul"}]}"#,
            "👩‍👩‍👧 Kabul",
            &[("Kabul", "GPE")],
        ),
    ];

    #[test]
    fn patterns_times_texts_give_the_expected_spans() {
        for (jsonl, text, expected) in CASES {
            let patterns = parse_patterns(jsonl).unwrap_or_else(|e| panic!("{jsonl}: {e:?}"));
            let chars: Vec<char> = text.chars().collect();
            let found: Vec<(String, String)> = patterns
                .find(&chars)
                .into_iter()
                .map(|m| (chars[m.start_char..m.end_char].iter().collect(), m.label))
                .collect();
            let expected: Vec<(String, String)> = expected
                .iter()
                .map(|(t, l)| (t.to_string(), l.to_string()))
                .collect();
            assert_eq!(found, expected, "pattern {jsonl} on {text:?}");
        }
    }

    #[test]
    fn bad_lines_name_their_line_and_problem() {
        let cases = [
            ("not json", "not JSON"),
            (r#"{"pattern": "x"}"#, "label"),
            (r#"{"label": "X"}"#, "pattern"),
            (
                r#"{"label": "X", "pattern": [{"pos": "NOUN"}]}"#,
                "unknown key \"pos\"",
            ),
            (
                r#"{"label": "X", "pattern": [{"regex": "("}]}"#,
                "bad regex",
            ),
            (
                r#"{"label": "X", "pattern": [{"lower": "a", "op": "{2}"}]}"#,
                "op must be",
            ),
            (
                r#"{"label": "X", "pattern": [{"lower": "a", "op": "*"}]}"#,
                "optional",
            ),
            (
                r#"{"label": "X", "pattern": [{"is_digit": "yes"}]}"#,
                "true or false",
            ),
        ];
        for (line, expected) in cases {
            let text = format!("{{\"label\": \"OK\", \"pattern\": \"fine\"}}\n{line}\n");
            let (number, reason) = parse_patterns(&text).unwrap_err();
            assert_eq!(number, 2, "{line}");
            assert!(reason.contains(expected), "{line}: {reason}");
        }
    }

    #[test]
    fn title_and_digit_follow_python() {
        assert!(is_title("Kabul") && is_title("Tehrik-I") && !is_title("KABUL") && !is_title("1"));
        assert!(is_digit("2021") && !is_digit("20.5") && !is_digit(""));
    }
}
