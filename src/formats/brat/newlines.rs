//! Line ends as brat sees them. brat opens `.txt` files with Python's
//! universal newlines (nlplab/brat#853): CRLF and a lone CR each read as one
//! `\n`, so in a text with CRLF brat's offsets are smaller than ours by the
//! number of CRLFs before them. This maps offsets between the two views.

/// A text with CR in it, as brat reads it, and where the two views differ.
pub struct UniversalNewlines {
    /// The text with every CRLF and lone CR made `\n`.
    pub text: String,
    /// Where each CRLF's CR is in the stored text (code points, ascending).
    crlf_in_stored: Vec<usize>,
    /// Where that CRLF's `\n` is in brat's view.
    crlf_in_brat: Vec<usize>,
}

impl UniversalNewlines {
    /// brat's view of `stored`; `None` when it has no CR (both views agree).
    pub fn of(stored: &str) -> Option<Self> {
        if !stored.contains('\r') {
            return None;
        }
        let mut text = String::with_capacity(stored.len());
        let (mut crlf_in_stored, mut crlf_in_brat) = (Vec::new(), Vec::new());
        let mut chars = stored.chars().enumerate().peekable();
        while let Some((at, c)) = chars.next() {
            if c == '\r' {
                if chars.next_if(|&(_, n)| n == '\n').is_some() {
                    crlf_in_brat.push(at - crlf_in_stored.len());
                    crlf_in_stored.push(at);
                }
                text.push('\n');
            } else {
                text.push(c);
            }
        }
        Some(Self {
            text,
            crlf_in_stored,
            crlf_in_brat,
        })
    }

    /// Whether brat's offsets differ from ours anywhere (a lone CR does not
    /// move them).
    pub fn shifts_offsets(&self) -> bool {
        !self.crlf_in_stored.is_empty()
    }

    /// A stored offset in brat's view. An offset between a CR and its LF
    /// lands on the `\n`.
    pub fn to_brat(&self, stored: usize) -> usize {
        stored - self.crlf_in_stored.partition_point(|&cr| cr < stored)
    }

    /// An offset of brat's view in the stored text. A span that starts at a
    /// `\n` that was a CRLF starts at its CR; one that ends after it, after its LF.
    pub fn to_stored(&self, brat: usize) -> usize {
        brat + self.crlf_in_brat.partition_point(|&lf| lf < brat)
    }
}

/// `brat:fragments` ("0 5;10 15") with every offset mapped; `None` if it is
/// not a list of number pairs.
pub fn map_fragments(fragments: &str, map: impl Fn(usize) -> usize) -> Option<String> {
    let mut out = Vec::new();
    for fragment in fragments.split(';') {
        let numbers: Option<Vec<usize>> = fragment
            .split_whitespace()
            .map(|n| n.parse::<usize>().ok().map(&map))
            .collect();
        match numbers?.as_slice() {
            [start, end] => out.push(format!("{start} {end}")),
            _ => return None,
        }
    }
    Some(out.join(";"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_both_ways_around_crlf_and_lone_cr() {
        let stored = "ab\r\ncd\ref\r\ng";
        let view = UniversalNewlines::of(stored).unwrap();
        assert_eq!(view.text, "ab\ncd\nef\ng");
        let stored_chars: Vec<char> = stored.chars().collect();
        let brat_chars: Vec<char> = view.text.chars().collect();
        // Every character but a CRLF's LF has a place in brat's view, and back.
        for (at, &c) in stored_chars.iter().enumerate() {
            if c == '\n' && at > 0 && stored_chars[at - 1] == '\r' {
                continue;
            }
            let brat = view.to_brat(at);
            assert_eq!(view.to_stored(brat), at, "at {at}");
            if c != '\r' {
                assert_eq!(brat_chars[brat], c, "at {at}");
            }
        }
        assert_eq!(view.to_brat(stored_chars.len()), brat_chars.len());
        assert_eq!(view.to_stored(brat_chars.len()), stored_chars.len());
        // "ab\n" in brat's view is "ab\r\n" stored.
        assert_eq!(view.to_stored(3), 4);
        assert!(UniversalNewlines::of("a\nb").is_none());
        assert!(!UniversalNewlines::of("a\rb").unwrap().shifts_offsets());
    }

    #[test]
    fn fragments_map_every_offset() {
        assert_eq!(
            map_fragments("0 5;10 15", |o| o + 1).as_deref(),
            Some("1 6;11 16")
        );
        assert_eq!(map_fragments("0 x", |o| o), None);
    }
}
