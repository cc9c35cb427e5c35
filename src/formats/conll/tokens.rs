//! Tokens and sentence ends for the CoNLL export.
//!
//! A token is a run of letters, digits and marks (hyphens and apostrophes
//! inside it included), a known abbreviation with its period (`Gen.`, `Oct.`,
//! `U.S.`, `e.g.`, a single capital initial `J.`), or any other single
//! character that is not white space. White space is what Python's
//! `str.split()` splits at (so U+001C–U+001F separate tokens, as they do for
//! spaCy), and no control character is ever a token.
//!
//! A sentence ends at a line break (LF, CR or CRLF), and after `.`, `!` or `?`
//! (with a closing quote or bracket after it, if any) followed by white space.
//! An abbreviation never ends a sentence. The exporter adds the rule that
//! matters most: no sentence ends inside a span.

use crate::model::words::is_word_char;

/// A token: code point offsets, and whether a sentence may end after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub ends_sentence: bool,
}

/// How the exporter cuts a document into tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tokenization {
    /// Words, punctuation and abbreviations (see the module docs).
    Words,
    /// Tokens are what lies between white space and sentences are lines: the
    /// layout a CoNLL import rebuilds, so conll → import → conll is stable.
    WhiteSpace,
}

/// Separators: Python's white space plus every other control character,
/// none of which a reader of one-token-a-line files can take as a token.
pub fn is_separator(c: char) -> bool {
    c.is_whitespace() || c.is_control()
}

/// Abbreviations whose period belongs to them and ends no sentence. Dotted
/// letter runs (`U.S.`, `e.g.`, `a.m.`) and single capital initials are
/// recognised by shape, not listed.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Messrs", "Dr", "Prof", "Rev", "Hon", "Sr", "Jr", "St", "Mt", "Ft", "Gen",
    "Lt", "Col", "Maj", "Capt", "Cpt", "Sgt", "Cpl", "Pvt", "Adm", "Brig", "Cmdr", "Gov", "Sen",
    "Rep", "Pres", "Amb", "Supt", "Insp", "Det", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug",
    "Sep", "Sept", "Oct", "Nov", "Dec", "Tue", "Tues", "Thu", "Thur", "Thurs", "Inc", "Ltd", "Co",
    "Corp", "Bros", "Dept", "Univ", "Assn", "Ave", "Blvd", "Rd", "Fig", "Vol", "vs", "etc",
    "approx", "cf", "al", "ca",
];

/// The tokens of `chars`, cut also at every offset in `cuts` (ascending), so
/// that every span boundary is a token boundary.
pub fn tokenize(chars: &[char], tokenization: Tokenization, cuts: &[usize]) -> Vec<Token> {
    let tokens = match tokenization {
        Tokenization::Words => words(chars),
        Tokenization::WhiteSpace => white_space_tokens(chars),
    };
    cut_at(tokens, cuts)
}

fn words(chars: &[char]) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if skip_separator(chars, i, &mut tokens) {
            i += 1;
            continue;
        }
        let start = i;
        let mut abbreviation = false;
        if let Some(end) = dotted_letters(chars, i) {
            i = end;
            abbreviation = true;
        } else if is_word_char(c) {
            i = word_end(chars, i);
            if chars.get(i) == Some(&'.') && is_abbreviation(&chars[start..i]) {
                i += 1;
                abbreviation = true;
            }
        } else {
            i += 1;
        }
        let follows_space = chars.get(i).is_none_or(|&n| is_separator(n));
        let ends_sentence = !abbreviation
            && follows_space
            && ((is_final_mark(c) && i - start == 1)
                || (is_closing(c)
                    && tokens
                        .last()
                        .is_some_and(|t| t.end == start && t_is_final(chars, t))));
        tokens.push(Token {
            start,
            end: i,
            ends_sentence,
        });
    }
    tokens
}

fn white_space_tokens(chars: &[char]) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if skip_separator(chars, i, &mut tokens) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && !is_separator(chars[i]) {
            i += 1;
        }
        tokens.push(Token {
            start,
            end: i,
            ends_sentence: false,
        });
    }
    tokens
}

/// Whether `chars[i]` separates tokens; a line break ends the sentence of
/// the token before it.
fn skip_separator(chars: &[char], i: usize, tokens: &mut [Token]) -> bool {
    if !is_separator(chars[i]) {
        return false;
    }
    if is_line_break(chars, i) {
        if let Some(last) = tokens.last_mut() {
            last.ends_sentence = true;
        }
    }
    true
}

/// LF, or a CR not followed by LF (a CRLF counts once, at its LF).
fn is_line_break(chars: &[char], i: usize) -> bool {
    chars[i] == '\n' || (chars[i] == '\r' && chars.get(i + 1) != Some(&'\n'))
}

fn is_final_mark(c: char) -> bool {
    matches!(c, '.' | '!' | '?')
}

fn t_is_final(chars: &[char], token: &Token) -> bool {
    token.end - token.start == 1 && is_final_mark(chars[token.start])
}

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']')
}

fn word_end(chars: &[char], mut i: usize) -> usize {
    i += 1;
    while i < chars.len()
        && (is_word_char(chars[i])
            || (matches!(chars[i], '-' | '\'' | '’')
                && i + 1 < chars.len()
                && is_word_char(chars[i + 1])))
    {
        i += 1;
    }
    i
}

/// `U.S.`, `e.g.`, `a.m.`, `U.S.A.` (single letters each followed by a
/// period, at least two), or a single capital initial `J.`: the end offset.
fn dotted_letters(chars: &[char], start: usize) -> Option<usize> {
    let single_letter_then_dot = |i: usize| {
        chars.get(i).is_some_and(|c| c.is_alphabetic())
            && chars.get(i + 1) == Some(&'.')
            && !chars
                .get(i + 2)
                .is_some_and(|&c| is_word_char(c) && !c.is_alphabetic())
    };
    // A letter run longer than one ("Oct.") is not dotted letters.
    if start > 0 && is_word_char(chars[start - 1]) {
        return None;
    }
    let mut i = start;
    let mut letters = 0;
    while single_letter_then_dot(i) {
        letters += 1;
        i += 2;
        if chars.get(i).is_some_and(|&c| c.is_alphabetic()) && !single_letter_then_dot(i) {
            // "U.Soldiers": the letters go on as a word; not an abbreviation.
            return None;
        }
    }
    match letters {
        0 => None,
        1 if !chars[start].is_uppercase() => None,
        _ => Some(i),
    }
}

fn is_abbreviation(word: &[char]) -> bool {
    ABBREVIATIONS
        .iter()
        .any(|a| a.chars().eq(word.iter().copied()))
}

/// Splits tokens at `cuts` (ascending): linear in tokens + cuts.
fn cut_at(tokens: Vec<Token>, cuts: &[usize]) -> Vec<Token> {
    if cuts.is_empty() {
        return tokens;
    }
    let mut out = Vec::with_capacity(tokens.len() + cuts.len());
    let mut next_cut = 0;
    for token in tokens {
        while next_cut < cuts.len() && cuts[next_cut] <= token.start {
            next_cut += 1;
        }
        let mut start = token.start;
        while next_cut < cuts.len() && cuts[next_cut] < token.end {
            out.push(Token {
                start,
                end: cuts[next_cut],
                ends_sentence: false,
            });
            start = cuts[next_cut];
            next_cut += 1;
        }
        out.push(Token { start, ..token });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, tokenization: Tokenization) -> Vec<(String, bool)> {
        let chars: Vec<char> = text.chars().collect();
        tokenize(&chars, tokenization, &[])
            .iter()
            .map(|t| (chars[t.start..t.end].iter().collect(), t.ends_sentence))
            .collect()
    }

    fn words_of(text: &str) -> Vec<String> {
        texts(text, Tokenization::Words)
            .into_iter()
            .map(|(t, _)| t)
            .collect()
    }

    fn sentence_ends(text: &str) -> Vec<String> {
        texts(text, Tokenization::Words)
            .into_iter()
            .filter(|(_, end)| *end)
            .map(|(t, _)| t)
            .collect()
    }

    #[test]
    fn tokens_and_sentences() {
        assert_eq!(
            words_of("The cease-fire held. Pakistan’s “view”\nNext"),
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
        assert_eq!(
            sentence_ends("The cease-fire held. Pakistan’s “view”\nNext"),
            [".", "”"]
        );
    }

    #[test]
    fn abbreviations_keep_their_period_and_end_no_sentence() {
        let text =
            "Gen. Asim Munir met U.S. envoys on Oct. 3, e.g. in the a.m. with J. Smith. Done.";
        assert_eq!(
            words_of(text),
            [
                "Gen.", "Asim", "Munir", "met", "U.S.", "envoys", "on", "Oct.", "3", ",", "e.g.",
                "in", "the", "a.m.", "with", "J.", "Smith", ".", "Done", "."
            ]
        );
        assert_eq!(sentence_ends(text), [".", "."]);
        // Not abbreviations: a lowercase single letter, a word that is not listed.
        assert_eq!(words_of("plan b. Then"), ["plan", "b", ".", "Then"]);
        assert_eq!(sentence_ends("They left Oman. Then"), ["."]);
    }

    #[test]
    fn a_quote_ends_its_sentence_after_the_closing_mark() {
        assert_eq!(
            sentence_ends("He said \"We will fight. We will win.\" Then he left."),
            [".", "\"", "."]
        );
    }

    #[test]
    fn line_breaks_of_every_kind_end_sentences_once() {
        for text in ["a\nb", "a\r\nb", "a\rb"] {
            assert_eq!(
                texts(text, Tokenization::Words),
                [("a".into(), true), ("b".into(), false)],
                "{text:?}"
            );
        }
    }

    #[test]
    fn control_characters_are_never_tokens() {
        assert_eq!(
            words_of("a\u{1c}b\u{1d}c\u{1e}d\u{1f}e\u{7}f\u{85}g"),
            ["a", "b", "c", "d", "e", "f", "g"]
        );
        assert_eq!(
            texts("a\u{1f}b c\nd", Tokenization::WhiteSpace),
            [
                ("a".into(), false),
                ("b".into(), false),
                ("c".into(), true),
                ("d".into(), false)
            ]
        );
    }

    #[test]
    fn cuts_split_tokens_at_span_boundaries() {
        let chars: Vec<char> = "Pakistan’s army".chars().collect();
        let tokens = tokenize(&chars, Tokenization::Words, &[0, 8, 10]);
        let texts: Vec<String> = tokens
            .iter()
            .map(|t| chars[t.start..t.end].iter().collect())
            .collect();
        assert_eq!(texts, ["Pakistan", "’s", "army"]);
    }
}
