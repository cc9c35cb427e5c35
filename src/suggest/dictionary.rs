//! The dictionary source: a TSV of `term<TAB>label`, one term a line.

use std::path::Path;

use super::error::bad_line;
use super::terms::Terms;
use super::{read_text_file, SuggestError};

/// Reads a dictionary. Blank lines and lines starting with `#` are skipped;
/// every other line must be `term<TAB>label` with neither empty. A term may
/// appear under several labels (each is suggested).
pub fn read_dictionary(path: &Path, match_case: bool) -> Result<Terms, SuggestError> {
    let text = read_text_file(path)?;
    parse_dictionary(&text, match_case).map_err(|e| bad_line(path, e))
}

/// The dictionary in `text`; an error is (line number, what was expected).
pub fn parse_dictionary(text: &str, match_case: bool) -> Result<Terms, (usize, String)> {
    let mut terms = Terms::new(match_case);
    for (index, line) in text.lines().enumerate() {
        let line_number = index + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((term, label)) = line.split_once('\t') else {
            return Err((
                line_number,
                "expected term<TAB>label; this line has no tab".to_string(),
            ));
        };
        let (term, label) = (term.trim(), label.trim());
        if term.is_empty() {
            return Err((line_number, "the term before the tab is empty".to_string()));
        }
        if label.is_empty() || label.contains('\t') {
            return Err((
                line_number,
                format!("expected one label after the tab, found {label:?}"),
            ));
        }
        terms.add(term, label, 1.0);
    }
    if terms.is_empty() {
        return Err((0, "the dictionary lists no terms".to_string()));
    }
    Ok(terms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_terms_skipping_comments_blank_lines_and_crlf() {
        let terms = parse_dictionary("# actors\r\nTaliban\tACTOR\r\n\r\nKabul\tPLACE\r\n", false)
            .expect("a good dictionary");
        let chars: Vec<char> = "Kabul and the Taliban".chars().collect();
        let found: Vec<_> = terms.find(&chars).into_iter().map(|m| m.label).collect();
        assert_eq!(found, vec!["PLACE", "ACTOR"]);
    }

    #[test]
    fn a_line_without_a_tab_names_its_line() {
        let (line, reason) = parse_dictionary("Taliban\tACTOR\nKabul PLACE\n", false).unwrap_err();
        assert_eq!(line, 2);
        assert!(reason.contains("no tab"), "{reason}");
    }

    #[test]
    fn empty_terms_labels_and_files_are_refused() {
        assert_eq!(parse_dictionary("\tACTOR\n", false).unwrap_err().0, 1);
        assert_eq!(parse_dictionary("Taliban\t\n", false).unwrap_err().0, 1);
        assert_eq!(parse_dictionary("Taliban\tA\tB\n", false).unwrap_err().0, 1);
        assert!(parse_dictionary("# nothing\n", false)
            .unwrap_err()
            .1
            .contains("no terms"));
    }
}
