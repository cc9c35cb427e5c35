//! Where a search query matches in a text, found in Rust the way SQLite's
//! FTS5 finds it (tokenizer `unicode61 remove_diacritics 2`, `highlight()`),
//! for a project on a server: the server's index (search_words, the words
//! folded here) narrows the documents, and this decides the hits, so both
//! engines show the same places for words, phrases and prefixes.
//!
//! The queries are the small language `search::query` and `search::narrow`
//! write (never what the user typed): quoted terms, `*` after a term (its
//! last word is a prefix), `(a OR b)` groups joined by `AND`, then `NOT`
//! terms.

use unicode_general_category::{get_general_category, GeneralCategory};
use unicode_normalization::UnicodeNormalization;

/// One quoted term: its words, folded, and whether the last is a prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Phrase {
    pub words: Vec<String>,
    pub prefix: bool,
    /// The term as the user wrote it (between the quotes, unescaped).
    pub text: String,
}

/// A parsed query: every group must match (one of its phrases), no
/// excluded phrase may.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct FtsQuery {
    pub groups: Vec<Vec<Phrase>>,
    pub excluded: Vec<Phrase>,
}

/// A word of a text: where it is (code points) and its folded form.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Word {
    start_char: usize,
    end_char: usize,
    folded: String,
}

impl FtsQuery {
    /// Parses a query of the language above; None for anything else (which
    /// only a bug could produce).
    pub fn parse(fts: &str) -> Option<Self> {
        let mut lexer = Lexer {
            chars: fts.chars().collect(),
            pos: 0,
        };
        let mut query = FtsQuery {
            groups: Vec::new(),
            excluded: Vec::new(),
        };
        let mut next = lexer.next()?;
        loop {
            match next {
                Lexeme::Open => {
                    let mut group = vec![lexer.phrase()?];
                    loop {
                        match lexer.next()? {
                            Lexeme::Word(word) if word == "OR" => group.push(lexer.phrase()?),
                            Lexeme::Close => break,
                            _ => return None,
                        }
                    }
                    query.groups.push(group);
                    next = lexer.next()?;
                }
                Lexeme::Quoted(text) => {
                    let (phrase, after) = lexer.after_quoted(text)?;
                    query.groups.push(vec![phrase]);
                    next = after;
                }
                _ => return None,
            }
            match next {
                Lexeme::End => return Some(query),
                Lexeme::Word(word) if word == "AND" => next = lexer.next()?,
                Lexeme::Word(word) if word == "NOT" => break,
                _ => return None,
            }
        }
        loop {
            query.excluded.push(lexer.phrase()?);
            match lexer.next()? {
                Lexeme::End => return Some(query),
                Lexeme::Word(word) if word == "NOT" => {}
                _ => return None,
            }
        }
    }

    /// The places (code points, end-exclusive) the query matches in `text`,
    /// as FTS5's `highlight()` marks them (overlapping matches merged); None
    /// when the text does not match the query.
    pub fn places(&self, text: &str) -> Option<Vec<(usize, usize)>> {
        let words = words(text);
        let found = |phrase: &Phrase| instances(phrase, &words);
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for group in &self.groups {
            let mut any = false;
            for phrase in group {
                let instances = found(phrase);
                any |= !instances.is_empty();
                spans.extend(instances);
            }
            if !any {
                return None;
            }
        }
        if self.excluded.iter().any(|phrase| !found(phrase).is_empty()) {
            return None;
        }
        // Word positions, then merged where they overlap (not where they
        // only touch), as highlight() does.
        spans.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (first, last) in spans {
            match merged.last_mut() {
                Some((_, end)) if first <= *end => *end = (*end).max(last),
                _ => merged.push((first, last)),
            }
        }
        Some(
            merged
                .into_iter()
                .map(|(first, last)| (words[first].start_char, words[last].end_char))
                .collect(),
        )
    }
}

/// (first word, last word) of each place `phrase` occurs in `words`.
fn instances(phrase: &Phrase, words: &[Word]) -> Vec<(usize, usize)> {
    let n = phrase.words.len();
    if n == 0 || words.len() < n {
        return Vec::new();
    }
    (0..=words.len() - n)
        .filter(|&at| {
            phrase.words.iter().enumerate().all(|(i, wanted)| {
                let word = &words[at + i].folded;
                if phrase.prefix && i == n - 1 {
                    word.starts_with(wanted.as_str())
                } else {
                    word == wanted
                }
            })
        })
        .map(|at| (at, at + n - 1))
        .collect()
}

/// The words of `text` as unicode61 cuts them: runs of letters, numbers and
/// private-use characters (a combining diacritic inside a run continues
/// it), lower-cased, Latin diacritics removed.
fn words(text: &str) -> Vec<Word> {
    let mut words = Vec::new();
    let mut current: Option<Word> = None;
    for (at, c) in text.chars().enumerate() {
        if is_word_char(c) || (current.is_some() && is_diacritic(c)) {
            let word = current.get_or_insert_with(|| Word {
                start_char: at,
                end_char: at,
                folded: String::new(),
            });
            word.end_char = at + 1;
            fold_into(c, &mut word.folded);
        } else if let Some(word) = current.take() {
            words.push(word);
        }
    }
    words.extend(current);
    words
}

/// The folded words of `text`, each followed by a space, appended to
/// `out`: what [`words`] folds, without positions or a string a word (a
/// server's search index folds every text it stores), and ASCII without
/// the Unicode tables.
pub(super) fn fold_words(text: &str, out: &mut String) {
    let mut in_word = false;
    for c in text.chars() {
        let continues = if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            is_word_char(c) || (in_word && is_diacritic(c))
        };
        if continues {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                fold_into(c, out);
            }
            in_word = true;
        } else if in_word {
            out.push(' ');
            in_word = false;
        }
    }
    if in_word {
        out.push(' ');
    }
}

/// The folded words of a query term.
fn term_words(text: &str) -> Vec<String> {
    words(text).into_iter().map(|w| w.folded).collect()
}

/// unicode61's default token characters: categories L*, N* and Co.
fn is_word_char(c: char) -> bool {
    use GeneralCategory as G;
    matches!(
        get_general_category(c),
        G::UppercaseLetter
            | G::LowercaseLetter
            | G::TitlecaseLetter
            | G::ModifierLetter
            | G::OtherLetter
            | G::DecimalNumber
            | G::LetterNumber
            | G::OtherNumber
            | G::PrivateUse
    )
}

/// The combining diacritical marks FTS5 folds away inside a word.
fn is_diacritic(c: char) -> bool {
    ('\u{300}'..='\u{36F}').contains(&c)
}

/// `c` lower-cased, and without its diacritics when it is a Latin letter
/// carrying some (remove_diacritics 2), appended to `out`.
fn fold_into(c: char, out: &mut String) {
    if is_diacritic(c) {
        return;
    }
    // (İ lower-cases to i and a combining dot, which goes like any diacritic.)
    for lower in c.to_lowercase().filter(|c| !is_diacritic(*c)) {
        let latin = matches!(lower as u32, 0xC0..=0x24F | 0x1E00..=0x1EFF);
        if latin {
            let mut decomposed = std::iter::once(lower).nfd();
            if let Some(base) = decomposed.next() {
                if base.is_ascii_alphabetic() && decomposed.all(is_diacritic) {
                    out.push(base);
                    continue;
                }
            }
        }
        out.push(lower);
    }
}

enum Lexeme {
    Quoted(String),
    Star,
    Open,
    Close,
    Word(String),
    End,
}

struct Lexer {
    chars: Vec<char>,
    pos: usize,
}

impl Lexer {
    fn next(&mut self) -> Option<Lexeme> {
        while self.chars.get(self.pos).is_some_and(|c| c.is_whitespace()) {
            self.pos += 1;
        }
        let Some(&c) = self.chars.get(self.pos) else {
            return Some(Lexeme::End);
        };
        self.pos += 1;
        Some(match c {
            '"' => {
                let mut text = String::new();
                loop {
                    match self.chars.get(self.pos) {
                        Some('"') if self.chars.get(self.pos + 1) == Some(&'"') => {
                            text.push('"');
                            self.pos += 2;
                        }
                        Some('"') => {
                            self.pos += 1;
                            break Lexeme::Quoted(text);
                        }
                        Some(&c) => {
                            text.push(c);
                            self.pos += 1;
                        }
                        None => return None,
                    }
                }
            }
            '*' => Lexeme::Star,
            '(' => Lexeme::Open,
            ')' => Lexeme::Close,
            _ => {
                let mut word = String::from(c);
                while let Some(&c) = self.chars.get(self.pos).filter(|c| c.is_ascii_alphabetic()) {
                    word.push(c);
                    self.pos += 1;
                }
                Lexeme::Word(word)
            }
        })
    }

    /// A quoted term and its `*` if it has one.
    fn phrase(&mut self) -> Option<Phrase> {
        let Lexeme::Quoted(text) = self.next()? else {
            return None;
        };
        let save = self.pos;
        let prefix = matches!(self.next()?, Lexeme::Star);
        if !prefix {
            self.pos = save;
        }
        Some(phrase(text, prefix))
    }

    /// The phrase of `text` (just read) and the lexeme after it.
    fn after_quoted(&mut self, text: String) -> Option<(Phrase, Lexeme)> {
        match self.next()? {
            Lexeme::Star => Some((phrase(text, true), self.next()?)),
            other => Some((phrase(text, false), other)),
        }
    }
}

fn phrase(text: String, prefix: bool) -> Phrase {
    Phrase {
        words: term_words(&text),
        prefix,
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{NewDocument, SearchQueries, Store};

    /// What FTS5 itself marks, for comparison: the places `fts` matches in
    /// `text`, through a project in memory.
    fn fts5_places(text: &str, fts: &str) -> Option<Vec<(usize, usize)>> {
        let mut store = Store::in_memory().unwrap();
        let meta = serde_json::Map::new();
        let id = store
            .write(|tx| {
                tx.insert_document(&NewDocument {
                    external_id: "d",
                    title: "d",
                    text,
                    len_chars: text.chars().count(),
                    content_hash: "h",
                    meta: &meta,
                })
            })
            .unwrap();
        let marked = store
            .highlighted(fts, id, "\u{FDD0}", "\u{FDD1}")
            .unwrap()?;
        let (mut places, mut at, mut start) = (Vec::new(), 0, 0);
        for c in marked.chars() {
            match c {
                '\u{FDD0}' => start = at,
                '\u{FDD1}' => places.push((start, at)),
                _ => at += 1,
            }
        }
        Some(places)
    }

    fn texts() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/samples");
        let mut texts: Vec<String> = ["afghanistan-pakistan-ceasefire.txt", "unicode-torture.txt"]
            .iter()
            .map(|name| std::fs::read_to_string(root.join(name)).unwrap())
            .collect();
        texts.push(
            "Café CAFE cafe\u{301} naïve Ærø Straße İstanbul ǖ 3.5 -2 a@example.com x_y".into(),
        );
        texts
    }

    /// The same places as FTS5 for words, phrases, prefixes, OR, NOT, on
    /// the samples (Arabic script, CJK, emoji, combining accents, CRLF).
    #[test]
    fn places_are_the_ones_fts5_marks() {
        let queries = [
            "\"taliban\"",
            "\"Taliban\" *",
            "\"pakist\" *",
            "\"peace talks\"",
            "\"peace tal\" *",
            "(\"ttp\" OR \"taliban\") AND \"talks\" NOT \"doha\"",
            "\"talks\" NOT \"zzz\"",
            "\"ceasefire\" AND (\"kabul\" OR \"islamabad\")",
            "\"cafe\"",
            "\"naive\"",
            "\"CAFÉ\"",
            "\"پښتو\"",
            "\"伊斯坦布尔\"",
            "\"durand line\"",
            "\"zabihullah\"",
            "\"tehrik-i-taliban\"",
            "\"i\"",
            "\"example\"",
            "\"3\"",
            "\"x\" *",
            "\"straße\"",
            "\"aerø\"",
            "\"ærø\"",
            "\"istanbul\"",
            "\"u\"",
            "\"tab separated\"",
        ];
        for text in texts() {
            for fts in queries {
                let query = FtsQuery::parse(fts).unwrap_or_else(|| panic!("{fts}"));
                assert_eq!(
                    query.places(&text),
                    fts5_places(&text, fts),
                    "{fts} in {:?}",
                    &text.chars().take(40).collect::<String>()
                );
            }
        }
    }

    #[test]
    fn fold_words_folds_as_words_does() {
        for text in texts() {
            let mut folded = String::new();
            fold_words(&text, &mut folded);
            let expected: String = words(&text).into_iter().map(|w| w.folded + " ").collect();
            assert_eq!(folded, expected);
        }
    }

    #[test]
    fn the_query_language_parses_back() {
        let query = FtsQuery::parse(
            "(\"ttp\" OR \"a \"\"b\"\"\" *) AND \"talks\" NOT \"doha\" NOT \"x\" *",
        )
        .unwrap();
        assert_eq!(query.groups.len(), 2);
        assert_eq!(query.groups[0][1].text, "a \"b\"");
        assert!(query.groups[0][1].prefix);
        assert_eq!(query.groups[0][1].words, ["a", "b"]);
        assert_eq!(query.excluded.len(), 2);
        assert!(query.excluded[1].prefix);
        assert!(FtsQuery::parse("taliban").is_none());
        assert!(FtsQuery::parse("\"open").is_none());
    }
}
