//! Where selections may start and end: grapheme boundaries, words, and the
//! "snap to words" rule. Offsets are code points, as everywhere.

use unicode_segmentation::UnicodeSegmentation;

/// Code point offsets of every grapheme cluster boundary of `text`, from 0 to
/// `len_chars`, ascending. A selection that ends between two of these would
/// split an emoji sequence or an accent from its letter.
pub fn grapheme_boundaries(text: &str) -> Vec<usize> {
    let mut boundaries = Vec::with_capacity(text.len() / 2 + 1);
    let mut offset_chars = 0;
    boundaries.push(0);
    for grapheme in text.graphemes(true) {
        offset_chars += grapheme.chars().count();
        boundaries.push(offset_chars);
    }
    boundaries
}

/// Letters, digits and marks: what a word is made of. Hyphens and apostrophes
/// are boundaries, so "Pakistan’s" snaps to "Pakistan".
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

fn is_mark(c: char) -> bool {
    // Combining marks (U+0300–036F and friends), ZWJ, variation selectors.
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F | 0x200D | 0xFE00..=0xFE0F)
        || (c as u32 >= 0x0610 && c as u32 <= 0x061A)
        || (c as u32 >= 0x064B && c as u32 <= 0x065F)
        || is_rtl_script_mark(c)
}

/// Arabic-script and Hebrew marks that are not letters to
/// `char::is_alphanumeric` but belong to the word they sit in: the
/// superscript alef, Quranic annotation signs, Arabic Extended-A marks,
/// Hebrew points (niqqud) and accents, and the zero-width non-joiner that
/// Persian and Urdu put inside words (می‌خواهم).
fn is_rtl_script_mark(c: char) -> bool {
    matches!(c,
        '\u{0670}'
            | '\u{06D6}'..='\u{06DC}'
            | '\u{06DF}'..='\u{06E4}'
            | '\u{06E7}'..='\u{06E8}'
            | '\u{06EA}'..='\u{06ED}'
            | '\u{08D3}'..='\u{08FF}'
            | '\u{0591}'..='\u{05BD}'
            | '\u{05BF}'
            | '\u{05C1}'..='\u{05C2}'
            | '\u{05C4}'..='\u{05C5}'
            | '\u{05C7}'
            | '\u{200C}')
}

/// Joiners inside a word when letters stand on both sides: hyphens, the
/// Hebrew maqaf, and the geresh and gershayim of Hebrew abbreviations
/// (צה״ל).
fn is_inner_joiner(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}' | '\u{2011}' | '\u{05BE}' | '\u{05F3}' | '\u{05F4}'
    )
}

/// Whether the character at `i` belongs to a word: a word character, or a
/// hyphen or another inner joiner between two ("cease-fire",
/// "Tehrik-i-Taliban", צה״ל).
fn is_word_at(chars: &[char], i: usize) -> bool {
    let c = chars[i];
    is_word_char(c) || (is_inner_joiner(c) && between_word_chars(chars, i))
}

/// Whether the characters either side of `i` are word characters.
fn between_word_chars(chars: &[char], i: usize) -> bool {
    i > 0 && i + 1 < chars.len() && is_word_char(chars[i - 1]) && is_word_char(chars[i + 1])
}

/// Whether the character at `i` belongs to a token for word motion: a word
/// character, or a hyphen, apostrophe or dot between two word characters.
fn in_token(chars: &[char], i: usize) -> bool {
    let c = chars[i];
    is_word_char(c)
        || ((is_inner_joiner(c) || matches!(c, '\'' | '’' | '.')) && between_word_chars(chars, i))
}

/// Characters trimmed from the ends of a snapped selection.
fn is_edge_punctuation(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            ',' | ';'
                | ':'
                | '!'
                | '?'
                | '.'
                | '('
                | ')'
                | '['
                | ']'
                | '{'
                | '}'
                | '"'
                | '\''
                | '“'
                | '”'
                | '‘'
                | '’'
                | '«'
                | '»'
                | '—'
                | '–'
                | '-'
                | '…'
                | '/'
                | '\\'
                | '*'
                // Arabic script: comma, semicolon, question mark, Urdu's
                // full stop; Hebrew's sof pasuq.
                | '،'
                | '؛'
                | '؟'
                | '۔'
                | '׃'
        )
}

/// A selection widened to whole words and trimmed of surrounding whitespace
/// and punctuation, the way an annotator means it: dragging from the middle
/// of "Afgh|anistan" to "Pakis|tan," gives "Afghanistan and Pakistan". A
/// word cut at either end is taken when the selection covers more than half
/// of it and left out otherwise ("Afghanis|tan and Pak|istan" gives "and"),
/// unless that leaves no word (a selection inside one word takes it).
/// A dot closing an abbreviation ("T.T.P.", "U.S.") is kept. A selection of
/// nothing but punctuation or symbols (an emoji) is kept as it is.
pub fn snap_to_words(chars: &[char], start: usize, end: usize) -> (usize, usize) {
    let len = chars.len();
    let (mut start, mut end) = (start.min(len), end.min(len));
    if start >= end {
        return (start, end);
    }
    let original = (start, end);
    let first = cut_word(chars, start);
    let last = cut_word(chars, end);
    let more_than_half = move |(word_start, word_end): (usize, usize)| {
        let covered = word_end.min(original.1) - word_start.max(original.0);
        covered * 2 > word_end - word_start
    };
    // Words the selection cuts: taken whole, or left out when it covers
    // half of them or less.
    let widened = (first.map_or(start, |w| w.0), last.map_or(end, |w| w.1));
    if let Some(word) = first {
        start = if more_than_half(word) { word.0 } else { word.1 };
    }
    if let Some(word) = last {
        end = if more_than_half(word) { word.1 } else { word.0 };
    }
    if start >= end || !chars[start..end].iter().any(|&c| is_word_char(c)) {
        (start, end) = widened;
    }
    // Trim what surrounds the words.
    while start < end && is_edge_punctuation(chars[start]) {
        start += 1;
    }
    while end > start && is_edge_punctuation(chars[end - 1]) {
        if chars[end - 1] == '.' && is_abbreviation_dot(chars, end - 1) {
            break;
        }
        end -= 1;
    }
    if start >= end || !chars[start..end].iter().any(|&c| is_word_char(c)) {
        return original;
    }
    (start, end)
}

/// The word that a selection boundary at `offset` cuts in two, if any.
fn cut_word(chars: &[char], offset: usize) -> Option<(usize, usize)> {
    if offset == 0 || offset >= chars.len() {
        return None;
    }
    if !(is_word_at(chars, offset - 1) && is_word_at(chars, offset)) {
        return None;
    }
    let mut start = offset;
    while start > 0 && is_word_at(chars, start - 1) {
        start -= 1;
    }
    let mut end = offset;
    while end < chars.len() && is_word_at(chars, end) {
        end += 1;
    }
    Some((start, end))
}

/// "T.T.P." and "U.S.": a dot after a single letter that follows a dot or starts a word.
fn is_abbreviation_dot(chars: &[char], dot: usize) -> bool {
    if dot == 0 || !chars[dot - 1].is_alphabetic() {
        return false;
    }
    dot < 2 || chars[dot - 2] == '.' || !is_word_char(chars[dot - 2])
}

/// The word around `offset` (for a double click): a run of grapheme clusters
/// that begin with a word character, or the single cluster there when it is
/// not part of a word. `boundaries` are [`grapheme_boundaries`] of `chars`, so
/// a double click on 👩 inside 👨‍👩‍👧 takes the whole family.
pub fn word_at(chars: &[char], boundaries: &[usize], offset: usize) -> (usize, usize) {
    let len = chars.len();
    if len == 0 {
        return (0, 0);
    }
    let cluster = floor_boundary(boundaries, offset.min(len - 1));
    let cluster_end = next_cluster(boundaries, cluster, len);
    if !is_word_at(chars, cluster) {
        return (cluster, cluster_end);
    }
    let mut start = cluster;
    while start > 0 {
        let before = previous_cluster(boundaries, start);
        if !is_word_at(chars, before) {
            break;
        }
        start = before;
    }
    let mut end = cluster_end;
    while end < len && is_word_at(chars, end) {
        end = next_cluster(boundaries, end, len);
    }
    (start, end)
}

/// The start of the next word after `offset` (Ctrl+→), on a grapheme
/// boundary: a cluster counts as a word when it begins with a word character.
/// Runs of punctuation and space are skipped, never a stop, and punctuation
/// inside a token ("cease-fire", "Pakistan’s", "U.S.") is part of it.
pub fn next_word_boundary(chars: &[char], boundaries: &[usize], offset: usize) -> usize {
    let len = chars.len();
    let mut i = ceil_boundary(boundaries, offset.min(len));
    while i < len && in_token(chars, i) {
        i = next_cluster(boundaries, i, len);
    }
    while i < len && !in_token(chars, i) {
        i = next_cluster(boundaries, i, len);
    }
    i
}

/// The start of the word before `offset` (Ctrl+←), on a grapheme boundary.
pub fn previous_word_boundary(chars: &[char], boundaries: &[usize], offset: usize) -> usize {
    let mut i = floor_boundary(boundaries, offset.min(chars.len()));
    while i > 0 && !in_token(chars, previous_cluster(boundaries, i)) {
        i = previous_cluster(boundaries, i);
    }
    while i > 0 && in_token(chars, previous_cluster(boundaries, i)) {
        i = previous_cluster(boundaries, i);
    }
    i
}

/// The end of the next word after `offset` (a span's end moved right by a
/// word), on a grapheme boundary.
pub fn next_word_end(chars: &[char], boundaries: &[usize], offset: usize) -> usize {
    let len = chars.len();
    let mut i = ceil_boundary(boundaries, offset.min(len));
    while i < len && !in_token(chars, i) {
        i = next_cluster(boundaries, i, len);
    }
    while i < len && in_token(chars, i) {
        i = next_cluster(boundaries, i, len);
    }
    i
}

/// The end of the word before `offset` (a span's end moved left by a word),
/// on a grapheme boundary.
pub fn previous_word_end(chars: &[char], boundaries: &[usize], offset: usize) -> usize {
    let mut i = floor_boundary(boundaries, offset.min(chars.len()));
    while i > 0 && in_token(chars, previous_cluster(boundaries, i)) {
        i = previous_cluster(boundaries, i);
    }
    while i > 0 && !in_token(chars, previous_cluster(boundaries, i)) {
        i = previous_cluster(boundaries, i);
    }
    i
}

/// The boundary after the cluster that starts at `start` (at most `len`).
fn next_cluster(boundaries: &[usize], start: usize, len: usize) -> usize {
    ceil_boundary(boundaries, start + 1).clamp(start + 1, len.max(start + 1))
}

/// The start of the cluster that ends at `end` (> 0).
fn previous_cluster(boundaries: &[usize], end: usize) -> usize {
    floor_boundary(boundaries, end - 1)
}

/// The nearest grapheme boundary at or before `offset`.
pub fn floor_boundary(boundaries: &[usize], offset: usize) -> usize {
    match boundaries.binary_search(&offset) {
        Ok(i) => boundaries[i],
        Err(0) => 0,
        Err(i) => boundaries[i - 1],
    }
}

/// The nearest grapheme boundary at or after `offset`.
pub fn ceil_boundary(boundaries: &[usize], offset: usize) -> usize {
    match boundaries.binary_search(&offset) {
        Ok(i) => boundaries[i],
        Err(i) => boundaries.get(i).copied().unwrap_or(offset),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(text: &str, start: usize, end: usize) -> String {
        let chars: Vec<char> = text.chars().collect();
        let (s, e) = snap_to_words(&chars, start, end);
        chars[s..e].iter().collect()
    }

    #[test]
    fn snapping_widens_cut_words_and_trims_punctuation() {
        let text = "by Afghanistan and Pakistan, on Sunday.";
        assert_eq!(snap(text, 7, 24), "Afghanistan and Pakistan");
        assert_eq!(snap(text, 2, 28), "Afghanistan and Pakistan");
        assert_eq!(snap(text, 31, 39), "Sunday");
        assert_eq!(snap("“Terrorism,” he said", 0, 12), "Terrorism");
        assert_eq!(snap("Pakistan’s soil", 0, 8), "Pakistan");
        assert_eq!(snap("Pakistan’s soil", 2, 7), "Pakistan");
        assert_eq!(snap("Pakistan’s soil", 2, 10), "Pakistan’s");
        assert_eq!(snap("a T.T.P. attack", 2, 8), "T.T.P.");
        assert_eq!(snap("in the U.S. and", 7, 12), "U.S.");
        assert_eq!(snap("the cease-fire held", 5, 9), "cease-fire");
    }

    /// Arabic script: harakat stay with their letters, Urdu's comma and
    /// full stop are trimmed like Latin punctuation, a zero-width
    /// non-joiner stays inside its word; Hebrew niqqud and gershayim too.
    #[test]
    fn arabic_script_and_hebrew_words() {
        let chars = |t: &str| t.chars().collect::<Vec<char>>();
        let word = |text: &str, offset: usize| {
            let c = chars(text);
            let (s, e) = word_at(&c, &grapheme_boundaries(text), offset);
            c[s..e].iter().collect::<String>()
        };
        assert_eq!(word("بِسْمِ اللّٰهِ", 2), "بِسْمِ");
        assert_eq!(word("بِسْمِ اللّٰهِ", 9), "اللّٰهِ");
        assert_eq!(word("من می‌خواهم", 5), "می‌خواهم");
        assert_eq!(word("שָׁלוֹם עליכם", 1), "שָׁלוֹם");
        assert_eq!(word("דובר צה״ל אמר", 6), "צה״ל");
        let urdu = "کہا: \"ہم امن چاہتے ہیں، جنگ نہیں۔\"";
        assert_eq!(snap(urdu, 6, 34), "ہم امن چاہتے ہیں، جنگ نہیں");
        assert_eq!(snap("ہیں، جنگ", 1, 5), "ہیں");
        assert_eq!(snap("سلام؟", 0, 5), "سلام");
    }

    /// Issue 16: a word the drag barely touched was taken whole.
    #[test]
    fn snapping_takes_only_words_covered_more_than_half() {
        let text = "by Afghanistan and Pakistan, on Sunday.";
        // "stan and Pak": 4 of 11 and 3 of 8 letters.
        assert_eq!(snap(text, 10, 22), "and");
        // "hanistan and Pakis": 8 of 11 and 5 of 8.
        assert_eq!(snap(text, 6, 24), "Afghanistan and Pakistan");
        // "istan and Pa": more than half of one, less of the other.
        assert_eq!(snap(text, 8, 21), "Afghanistan and");
        // Exactly half is not more than half.
        assert_eq!(snap("abcd efgh", 2, 9), "efgh");
        // Inside one word, or touching too little of two: the words anyway.
        assert_eq!(snap("the cease-fire held", 5, 9), "cease-fire");
        assert_eq!(snap("abcdefgh ijklmnop", 6, 11), "abcdefgh ijklmnop");
    }

    /// Issue 16: Ctrl+→ stopped inside "cease-fire", "Pakistan’s" and "U.S.";
    /// punctuation runs are skipped, never a stop.
    #[test]
    fn word_motion_skips_punctuation_runs() {
        let text = "the cease-fire, Pakistan’s U.S.-backed “plan” — ok.";
        let (chars, b) = chars_and_boundaries(text);
        let at = |word: &str| text[..text.find(word).unwrap()].chars().count();
        let stops = ["cease", "Pakistan", "U.S", "backed", "plan", "ok"];
        let mut caret = 0;
        for stop in stops {
            caret = next_word_boundary(&chars, &b, caret);
            assert_eq!(caret, at(stop), "Ctrl+→ to {stop}");
        }
        assert_eq!(next_word_boundary(&chars, &b, caret), chars.len());
        for stop in stops.iter().rev().skip(1) {
            caret = previous_word_boundary(&chars, &b, caret);
            assert_eq!(caret, at(stop), "Ctrl+← to {stop}");
        }
        // A span's end moved by a word ends after the token, not inside it.
        assert_eq!(next_word_end(&chars, &b, 3), at("cease") + 10);
    }

    #[test]
    fn symbols_and_emoji_alone_are_kept() {
        assert_eq!(snap("x — 😀 y", 2, 5), "— 😀");
        assert_eq!(snap("a, b", 1, 2), ",");
    }

    #[test]
    fn combining_marks_belong_to_their_word() {
        let text = "Zabihulla\u{301}h and cafe\u{301}";
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(snap(text, 0, 5), "Zabihulla\u{301}h");
        assert_eq!(snap(text, 17, 20), "cafe\u{301}");
        assert_eq!(word_at(&chars, &grapheme_boundaries(text), 3), (0, 11));
    }

    #[test]
    fn grapheme_boundaries_keep_zwj_sequences_whole() {
        let text = "a👨‍👩‍👧b";
        let boundaries = grapheme_boundaries(text);
        assert_eq!(boundaries, vec![0, 1, 6, 7]);
        assert_eq!(floor_boundary(&boundaries, 3), 1);
        assert_eq!(ceil_boundary(&boundaries, 3), 6);
    }

    fn chars_and_boundaries(text: &str) -> (Vec<char>, Vec<usize>) {
        (text.chars().collect(), grapheme_boundaries(text))
    }

    #[test]
    fn word_motion() {
        let (chars, b) = chars_and_boundaries("one, two three");
        assert_eq!(next_word_boundary(&chars, &b, 0), 5);
        assert_eq!(next_word_boundary(&chars, &b, 5), 9);
        assert_eq!(previous_word_boundary(&chars, &b, 9), 5);
        assert_eq!(previous_word_boundary(&chars, &b, 4), 0);
        assert_eq!(word_at(&chars, &b, 6), (5, 8));
        assert_eq!(word_at(&chars, &b, 3), (3, 4));
    }

    /// A span's end moved by a word lands after a word, never on the space.
    #[test]
    fn word_ends() {
        let (chars, b) = chars_and_boundaries("one two, three");
        assert_eq!(next_word_end(&chars, &b, 3), 7);
        assert_eq!(next_word_end(&chars, &b, 7), 14);
        assert_eq!(next_word_end(&chars, &b, 14), 14);
        assert_eq!(previous_word_end(&chars, &b, 7), 3);
        assert_eq!(previous_word_end(&chars, &b, 14), 7);
        assert_eq!(previous_word_end(&chars, &b, 2), 0);
    }

    /// Issue 16 bug 4: 👨‍👩‍👧 is one cluster of five code points (two ZWJ).
    #[test]
    fn words_never_split_a_zwj_sequence() {
        let text = "we 👨‍👩‍👧 go";
        let (chars, b) = chars_and_boundaries(text);
        // The family is 3..8; each of its code points picks all of it.
        for offset in 3..8 {
            assert_eq!(word_at(&chars, &b, offset), (3, 8), "at {offset}");
        }
        assert_eq!(next_word_boundary(&chars, &b, 0), 9);
        assert_eq!(next_word_boundary(&chars, &b, 4), 9);
        assert_eq!(previous_word_boundary(&chars, &b, 9), 0);
        assert_eq!(word_at(&chars, &b, 9), (9, 11));
        // A word right after the family, and a CRLF, stay whole clusters.
        let (chars, b) = chars_and_boundaries("👨‍👩‍👧abc\r\nx");
        assert_eq!(word_at(&chars, &b, 6), (5, 8));
        assert_eq!(word_at(&chars, &b, 8), (8, 10));
        assert_eq!(next_word_boundary(&chars, &b, 5), 10);
    }
}
