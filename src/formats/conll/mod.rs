//! CoNLL / IOB2: one token per line with its tag, a blank line between
//! sentences, `-DOCSTART-` between documents.
//!
//! - [`tokens`]: where the export cuts tokens and ends sentences;
//! - [`read`]: the import, in the dialects seen in the wild;
//! - [`write`]: the export.

mod read;
pub mod tokens;
mod write;

pub use read::{parse_conll, parse_conll_with, ConllOptions};
pub use write::export_conll;

use crate::model::Document;
use tokens::Tokenization;

/// The line before each exported document: CoNLL-2003's, which `spacy
/// convert` splits documents at (a bare `-DOCSTART-` would be a token to it).
pub const DOCSTART: &str = "-DOCSTART- -X- O O";

/// The `meta` key a CoNLL import sets: its text is tokens joined by spaces and
/// sentences by line breaks, so the export cuts there and nowhere else.
pub const TOKENIZATION_KEY: &str = "tokenization";
pub const WHITE_SPACE_TOKENS: &str = "white space";

/// How to cut `document` into tokens for the export.
fn tokenization_of(document: &Document) -> Tokenization {
    match document.meta.get(TOKENIZATION_KEY).and_then(|v| v.as_str()) {
        Some(WHITE_SPACE_TOKENS) => Tokenization::WhiteSpace,
        _ => Tokenization::Words,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn spans(parsed: &crate::formats::ParsedInput) -> Vec<(i64, i64, &str)> {
        parsed.documents[0]
            .spans
            .iter()
            .map(|s| (s.start, s.end, s.label.as_str()))
            .collect()
    }

    #[test]
    fn dialects_and_errors() {
        let parsed = parse_conll(
            Path::new("a.conll"),
            "EU  B-ORG\nrejects O\nPeter\tB-PER\nBlackburn\tI-PER\n\n\n",
        )
        .unwrap();
        assert_eq!(parsed.documents[0].text, "EU rejects Peter Blackburn");
        assert_eq!(spans(&parsed), [(0, 2, "ORG"), (11, 26, "PER")]);
        let err = parse_conll(Path::new("b.conll"), "ok\tO\nSOCCER\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "b.conll:2: expected \"token<TAB>tag\", found 1 column: \"SOCCER\""
        );
        let err = parse_conll(Path::new("c.conll"), "x\tX-Y\n").unwrap_err();
        assert!(
            err.to_string()
                .contains("is not O or B-, I-, E-, L-, S-, U- with a label"),
            "{err}"
        );
    }

    #[test]
    fn four_columns_take_the_last_or_the_named_one() {
        let text = "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\n";
        let parsed = parse_conll(Path::new("a.conll"), text).unwrap();
        assert_eq!(parsed.documents[0].text, "EU rejects German");
        assert_eq!(spans(&parsed), [(0, 2, "ORG"), (11, 17, "MISC")]);
        let chunks = parse_conll_with(
            Path::new("a.conll"),
            text,
            ConllOptions {
                tag_column: Some(3),
            },
        )
        .unwrap();
        assert_eq!(
            spans(&chunks),
            [(0, 2, "NP"), (3, 10, "VP"), (11, 17, "NP")]
        );
        let err = parse_conll_with(
            Path::new("a.conll"),
            "EU B-ORG\n",
            ConllOptions {
                tag_column: Some(4),
            },
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "a.conll:1: expected a tag in column 4 (--tag-column), found 2 columns: \"EU B-ORG\""
        );
    }

    #[test]
    fn bioes_and_bilou_become_spans() {
        for (begin, inside, end, single) in [("B", "I", "E", "S"), ("B", "I", "L", "U")] {
            let text = format!(
                "New\t{begin}-LOC\nYork\t{inside}-LOC\nCity\t{end}-LOC\nand\tO\nParis\t{single}-LOC\nParis\t{single}-LOC\n"
            );
            let parsed = parse_conll(Path::new("a.conll"), &text).unwrap();
            assert_eq!(
                spans(&parsed),
                [(0, 13, "LOC"), (18, 23, "LOC"), (24, 29, "LOC")],
                "{begin}{inside}{end}{single}"
            );
            assert!(parsed.notices.is_empty(), "{:?}", parsed.notices);
        }
    }

    #[test]
    fn imported_text_is_marked_as_white_space_tokens() {
        let parsed = parse_conll(Path::new("a.conll"), "U.S.\tB-LOC\n").unwrap();
        assert_eq!(
            parsed.documents[0].meta.get(TOKENIZATION_KEY),
            Some(&WHITE_SPACE_TOKENS.into())
        );
    }
}
