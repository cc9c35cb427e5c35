//! Which documents the full-text index can rule out before a regex or a
//! "tag all" scans texts itself. Every narrowing here must be sound: a
//! document it rules out holds no match. When that cannot be promised, it
//! returns None and every document is scanned.

use regex_syntax::hir::{Hir, HirKind, Look};

/// An FTS5 query that every document with a match of `pattern` satisfies,
/// when the pattern starts with a word boundary and a literal word
/// (`\bTaliban`, `\bpakist\w+`): the match then starts a token of the index,
/// so a prefix query on the literal's first word finds it (case and
/// diacritics aside, which the index ignores and so only widens).
pub fn regex_narrowing(pattern: &str) -> Option<String> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let parts = match hir.kind() {
        HirKind::Concat(parts) => parts.as_slice(),
        _ => return None,
    };
    let [first, second, ..] = parts else {
        return None;
    };
    let starts_word = matches!(
        first.kind(),
        HirKind::Look(
            Look::WordUnicode
                | Look::WordAscii
                | Look::WordStartUnicode
                | Look::WordStartAscii
                | Look::WordStartHalfUnicode
                | Look::WordStartHalfAscii
        )
    );
    if !starts_word {
        return None;
    }
    let literal = leading_literal(second)?;
    let word: String = literal
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect();
    (!word.is_empty()).then(|| format!("\"{word}\" *"))
}

fn leading_literal(hir: &Hir) -> Option<String> {
    match hir.kind() {
        HirKind::Literal(literal) => std::str::from_utf8(&literal.0).ok().map(str::to_string),
        HirKind::Capture(capture) => leading_literal(&capture.sub),
        HirKind::Concat(parts) => parts.first().and_then(leading_literal),
        _ => None,
    }
}

/// An FTS5 query every document holding `term` (anywhere, even inside a
/// word) satisfies: the part of the term after its first space or ASCII
/// punctuation starts a token in the document as in the term, and its last
/// token may run on (so a prefix). A term with no such break could start in
/// the middle of a token: no narrowing.
pub fn term_narrowing(term: &str, whole_word: bool) -> Option<String> {
    let rest = if whole_word && term.chars().next().is_some_and(char::is_alphanumeric) {
        term
    } else {
        let cut = term.find(|c: char| c.is_whitespace() || c.is_ascii_punctuation())?;
        &term[cut..]
    };
    rest.chars()
        .any(char::is_alphanumeric)
        .then(|| format!("\"{}\" *", rest.replace('"', "\"\"")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regex_narrows_only_from_a_word_boundary_and_a_literal() {
        assert_eq!(regex_narrowing(r"\bTaliban"), Some("\"Taliban\" *".into()));
        assert_eq!(regex_narrowing(r"\bpakist\w+"), Some("\"pakist\" *".into()));
        assert_eq!(
            regex_narrowing(r"\b(Tehrik)-i"),
            Some("\"Tehrik\" *".into())
        );
        assert_eq!(regex_narrowing(r"Taliban"), None);
        assert_eq!(regex_narrowing(r"\b\d+"), None);
        assert_eq!(regex_narrowing(r"(?i)\btaliban"), None);
    }

    #[test]
    fn a_term_narrows_from_its_first_break() {
        assert_eq!(
            term_narrowing("Tehrik-i-Taliban", false),
            Some("\"-i-Taliban\" *".into())
        );
        assert_eq!(
            term_narrowing("Tehrik-i-Taliban", true),
            Some("\"Tehrik-i-Taliban\" *".into())
        );
        assert_eq!(term_narrowing("Taliban", false), None);
        assert_eq!(
            term_narrowing("👩‍👩‍👧 family", false),
            Some("\" family\" *".into())
        );
        assert_eq!(term_narrowing("«»", true), None);
    }
}
