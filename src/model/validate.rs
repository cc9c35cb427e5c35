//! Checks every span on its way in (import, edit): the same rules everywhere.

use super::CharIndex;

/// Why a span cannot be stored. Offsets are code points.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SpanProblem {
    #[error("start {start} is negative")]
    NegativeStart { start: i64 },
    #[error("start {start} is not before end {end}")]
    NotBeforeEnd { start: i64, end: i64 },
    #[error("end {end} is past the end of the text ({len_chars} code points)")]
    PastEnd { end: i64, len_chars: usize },
    #[error(
        "span text {claimed:?} does not match the document's text[{start}:{end}] = {actual:?}"
    )]
    TextMismatch {
        start: usize,
        end: usize,
        claimed: String,
        actual: String,
    },
}

/// Why a document title typed in the app cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TitleProblem {
    #[error("a document title cannot be empty")]
    Empty,
    #[error(
        "a document title is one line: it cannot hold a line break, tab or other control character"
    )]
    ControlCharacter,
    #[error("a document title is at most {MAX_TITLE_CHARS} characters ({0} given)")]
    TooLong(usize),
}

/// The longest title the app accepts (a list row shows far less).
pub const MAX_TITLE_CHARS: usize = 1000;

/// A title as typed, trimmed: one line, not empty, not too long.
pub fn document_title(typed: &str) -> Result<String, TitleProblem> {
    let title = typed.trim();
    if title.is_empty() {
        return Err(TitleProblem::Empty);
    }
    if title.chars().any(char::is_control) {
        return Err(TitleProblem::ControlCharacter);
    }
    let len = title.chars().count();
    if len > MAX_TITLE_CHARS {
        return Err(TitleProblem::TooLong(len));
    }
    Ok(title.to_string())
}

/// Checks `0 <= start < end <= len_chars(text)` and, when the span carries its
/// text, that it equals `text[start:end]` in code points. Returns the offsets as
/// `usize` once they are known to be good.
pub fn check_span(
    index: &CharIndex<'_>,
    start: i64,
    end: i64,
    claimed_text: Option<&str>,
) -> Result<(usize, usize), SpanProblem> {
    let (start_chars, end_chars) = check_range(start, end, index.len_chars())?;
    let Some(actual) = index.slice(start_chars, end_chars) else {
        return Err(SpanProblem::PastEnd {
            end,
            len_chars: index.len_chars(),
        });
    };
    if let Some(claimed) = claimed_text {
        if claimed != actual {
            return Err(SpanProblem::TextMismatch {
                start: start_chars,
                end: end_chars,
                claimed: shorten(claimed),
                actual: shorten(actual),
            });
        }
    }
    Ok((start_chars, end_chars))
}

/// Checks `0 <= start < end <= len_chars` and returns the offsets as `usize`.
pub fn check_range(start: i64, end: i64, len_chars: usize) -> Result<(usize, usize), SpanProblem> {
    if start < 0 {
        return Err(SpanProblem::NegativeStart { start });
    }
    if start >= end {
        return Err(SpanProblem::NotBeforeEnd { start, end });
    }
    match (usize::try_from(start), usize::try_from(end)) {
        (Ok(start_chars), Ok(end_chars)) if end_chars <= len_chars => Ok((start_chars, end_chars)),
        _ => Err(SpanProblem::PastEnd { end, len_chars }),
    }
}

/// Keeps error messages one line long even for a 10,000-character span.
fn shorten(text: &str) -> String {
    const MAX_CHARS: usize = 80;
    if text.chars().count() <= MAX_CHARS {
        text.to_string()
    } else {
        let head: String = text.chars().take(MAX_CHARS).collect();
        format!("{head}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_good_spans_and_names_each_problem() {
        let index = CharIndex::new("Kabul — 😀 peace");
        assert_eq!(check_span(&index, 0, 5, Some("Kabul")), Ok((0, 5)));
        assert_eq!(check_span(&index, 8, 9, Some("😀")), Ok((8, 9)));
        assert_eq!(
            check_span(&index, -1, 3, None),
            Err(SpanProblem::NegativeStart { start: -1 })
        );
        assert_eq!(
            check_span(&index, 3, 3, None),
            Err(SpanProblem::NotBeforeEnd { start: 3, end: 3 })
        );
        assert_eq!(
            check_span(&index, 3, 99, None),
            Err(SpanProblem::PastEnd {
                end: 99,
                len_chars: 15
            })
        );
        let mismatch = check_span(&index, 0, 5, Some("kabul")).unwrap_err();
        assert_eq!(
            mismatch.to_string(),
            "span text \"kabul\" does not match the document's text[0:5] = \"Kabul\""
        );
    }
}
