//! A server's search index, made here rather than by PostgreSQL's text
//! parser: each document's distinct words as FTS5's `unicode61
//! remove_diacritics 2` cuts and folds them ([`fts_match`]), stored as a
//! tsvector of lexemes without positions in `documents_fts` (search.pg.sql),
//! and each query's words folded the same way into a tsquery.
//!
//! Why not `to_tsvector` on the server: its parser read about 10 MB of text
//! a second, a quarter of an import's time on a server, and it cuts words
//! otherwise than FTS5 ("3.5" is one word to it, two to FTS5), so its index
//! could miss a document FTS5 finds. Folded here, the index holds exactly
//! FTS5's words: the documents it narrows a search to are a superset of
//! those that match, and [`fts_match::FtsQuery::places`] decides the hits.
//!
//! [`fts_match`]: super::fts_match

use std::borrow::Cow;

use super::engine::{params, Db, Value};
use super::fts_match::{fold_words, FtsQuery, Phrase};
use super::StoreError;

/// A tsvector lexeme holds at most 2,047 bytes; a longer word is indexed as
/// its first bytes (a prefix), and a query word that long looks for that
/// prefix.
const MAX_LEXEME_BYTES: usize = 2_000;

/// A tsvector's lexemes hold at most 1 MB together. A document with more
/// distinct words than that is indexed as NULL: every search takes it as a
/// candidate, and its hits are found in its text.
const MAX_VECTOR_BYTES: usize = 1_000_000;

/// The words of `text` for `documents_fts.words`, each once, sorted, joined
/// by spaces (a folded word holds no space) for
/// `array_to_tsvector(string_to_array(words, ' '))`; None when they are
/// more than a tsvector holds.
pub(super) fn index_words(text: &str) -> Option<String> {
    let mut folded = String::with_capacity(text.len() + 1);
    fold_words(text, &mut folded);
    let mut words: Vec<&str> = folded
        .split(' ')
        .filter(|word| !word.is_empty())
        .map(|word| &word[..lexeme_cut(word)])
        .collect();
    words.sort_unstable();
    words.dedup();
    let bytes: usize = words.iter().map(|w| w.len() + 1).sum();
    (bytes <= MAX_VECTOR_BYTES).then(|| words.join(" "))
}

/// Writes the `documents_fts` rows of these documents on a server, from
/// their [`index_words`] (in the same order): one statement.
pub(super) fn write_server_words(
    db: &Db,
    ids: &[i64],
    words: Vec<Option<String>>,
) -> Result<(), StoreError> {
    // Arrays hold no NULL here: a flag says which documents are indexed.
    let indexed: Vec<i64> = words.iter().map(|w| i64::from(w.is_some())).collect();
    let words: Vec<Cow<'_, str>> = words
        .into_iter()
        .map(|w| Cow::Owned(w.unwrap_or_default()))
        .collect();
    db.prepare_cached(
        "INSERT INTO documents_fts (document_id, words)
         SELECT id, CASE WHEN indexed = 1
                         THEN array_to_tsvector(string_to_array(words, ' ')) END
         FROM UNNEST(CAST(?1 AS BIGINT[]), CAST(?2 AS TEXT[]), CAST(?3 AS BIGINT[]))
              AS batch (id, words, indexed)",
    )?
    .execute(params![
        Value::Integers(ids.into()),
        Value::Texts(words),
        Value::Integers(indexed.into())
    ])?;
    Ok(())
}

/// The tsquery (its text form) that narrows a search to a superset of the
/// documents `query` matches: each group's phrases ORed, the groups ANDed,
/// a phrase its words ANDed (not adjacent: the index has no positions),
/// its last word a prefix when the phrase is one. Excluded phrases are left
/// to [`FtsQuery::places`] (a NOT of words would drop documents that hold
/// the words but not the phrase). None when nothing narrows: every document
/// is a candidate.
pub(super) fn tsquery(query: &FtsQuery) -> Option<String> {
    let narrowing: Vec<String> = query
        .groups
        .iter()
        .filter_map(|group| {
            let phrases: Option<Vec<String>> = group.iter().map(phrase_tsquery).collect();
            phrases.map(|p| format!("({})", p.join(" | ")))
        })
        .collect();
    (!narrowing.is_empty()).then(|| narrowing.join(" & "))
}

/// A phrase's words ANDed; None for a phrase without a word.
fn phrase_tsquery(phrase: &Phrase) -> Option<String> {
    let last = phrase.words.len().checked_sub(1)?;
    let terms: Vec<String> = phrase
        .words
        .iter()
        .enumerate()
        .map(|(at, word)| {
            let cut = lexeme_cut(word);
            let prefix = cut < word.len() || (phrase.prefix && at == last);
            format!("{}{}", quoted(&word[..cut]), if prefix { ":*" } else { "" })
        })
        .collect();
    Some(format!("({})", terms.join(" & ")))
}

/// Where a word's lexeme ends: its whole length, or the last character
/// boundary within [`MAX_LEXEME_BYTES`].
fn lexeme_cut(word: &str) -> usize {
    if word.len() <= MAX_LEXEME_BYTES {
        return word.len();
    }
    (0..=MAX_LEXEME_BYTES)
        .rev()
        .find(|&at| word.is_char_boundary(at))
        .unwrap_or(0)
}

/// A lexeme quoted for a tsquery's text form. A folded word holds only
/// letters, digits and private-use characters; the escapes are for safety.
fn quoted(lexeme: &str) -> String {
    let mut out = String::with_capacity(lexeme.len() + 2);
    out.push('\'');
    for c in lexeme.chars() {
        match c {
            '\'' => out.push_str("''"),
            '\\' => out.push_str("\\\\"),
            _ => out.push(c),
        }
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_indexed_as_its_folded_words_once_each() {
        assert_eq!(
            index_words("Café CAFE naïve 3.5, café!").as_deref(),
            Some("3 5 cafe naive")
        );
        assert_eq!(index_words(" ,; ").as_deref(), Some(""));
    }

    #[test]
    fn a_long_word_is_indexed_and_found_as_its_first_bytes() {
        let long = "é".repeat(1_500); // 3,000 bytes folded to "e" × 1,500
        let words = index_words(&long).unwrap();
        assert_eq!(words.len(), 1_500);
        let long = "ж".repeat(1_500); // 3,000 bytes that stay 2 each
        let words = index_words(&long).unwrap();
        assert_eq!(words.len(), 2_000);
        let query = FtsQuery::parse(&format!("\"{long}\"")).unwrap();
        assert_eq!(tsquery(&query).unwrap(), format!("(('{words}':*))"));
    }

    #[test]
    fn more_words_than_a_tsvector_holds_index_nothing() {
        let text: String = (0..200_000).map(|n| format!("w{n} ")).collect();
        assert_eq!(index_words(&text), None);
    }

    #[test]
    fn a_query_becomes_its_groups_of_phrases() {
        let query =
            FtsQuery::parse("(\"ttp\" OR \"peace tal\" *) AND \"Naïve\" NOT \"doha\"").unwrap();
        assert_eq!(
            tsquery(&query).unwrap(),
            "(('ttp') | ('peace' & 'tal':*)) & (('naive'))"
        );
        // A phrase with no word cannot narrow its group.
        let query = FtsQuery::parse("(\"!!\" OR \"x\") AND \"y\"").unwrap();
        assert_eq!(tsquery(&query).unwrap(), "(('y'))");
        let query = FtsQuery::parse("\"--\"").unwrap();
        assert_eq!(tsquery(&query), None);
        assert_eq!(quoted("it's a \\"), "'it''s a \\\\'");
    }
}
