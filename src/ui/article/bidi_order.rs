//! The Unicode Bidirectional Algorithm (UAX #9, through `unicode-bidi`) cut
//! into the pieces the article lays out: each piece has one embedding level
//! and is shaped as a whole, so Arabic letters of one word stay joined.
//! Pure logic (no egui): what goes where on a line, in code point offsets
//! local to a paragraph.

use std::ops::Range;

use unicode_bidi::{bidi_class, BidiClass, BidiInfo, Level};
use unicode_segmentation::UnicodeSegmentation;

pub use crate::model::TextDirection;

/// A stretch of a paragraph shaped as one unit: one level, and either a run
/// of right-to-left letters (shaped right to left, joined), a run of text
/// with no right-to-left letters (shaped left to right), or one grapheme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    /// Code point offsets in the paragraph.
    pub chars: Range<usize>,
    pub level: u8,
    /// Whitespace: a line may break after it, and at a line's end it takes
    /// the paragraph's level (UAX #9 L1).
    pub is_space: bool,
    /// Shaped right to left: its glyphs come out in visual order.
    pub shaped_rtl: bool,
}

impl Piece {
    pub fn is_rtl(&self) -> bool {
        self.level % 2 == 1
    }
}

/// A paragraph cut into pieces, with its base level.
pub struct BidiPieces {
    pub base_level: u8,
    pub pieces: Vec<Piece>,
}

/// Whether a paragraph needs bidi layout: it holds right-to-left text or
/// explicit direction controls. Everything else keeps the plain layout.
pub fn needs_bidi(chars: &[char]) -> bool {
    // Below Hebrew nothing is right to left or a direction control: Latin
    // text is answered without a table lookup per character.
    chars.iter().any(|&c| {
        c >= '\u{0590}'
            && matches!(
                bidi_class(c),
                BidiClass::R
                    | BidiClass::AL
                    | BidiClass::AN
                    | BidiClass::RLE
                    | BidiClass::RLO
                    | BidiClass::RLI
                    | BidiClass::LRE
                    | BidiClass::LRO
                    | BidiClass::LRI
                    | BidiClass::FSI
            )
    })
}

/// Letters that a font shapes right to left and joins: they stay together
/// in one piece. Marks and joiners stay with them.
fn is_rtl_letter(c: char) -> bool {
    matches!(
        bidi_class(c),
        BidiClass::R | BidiClass::AL | BidiClass::NSM | BidiClass::BN
    )
}

/// Characters the shaper would lay out right to left, as it guesses the
/// direction from the script: never in a left-to-right piece of several.
/// Urdu's digits (۱۵, U+06F0–06F9) are European numbers to UAX #9 but of
/// Arabic script, so a run of them comes out of the shaper reversed.
fn is_rtl_script(c: char) -> bool {
    matches!(bidi_class(c), BidiClass::R | BidiClass::AL | BidiClass::AN)
        || matches!(c,
            // Hebrew, Arabic, Syriac, Arabic Supplement, Thaana, NKo, Samaritan,
            // Mandaic, Syriac Supplement, Arabic Extended
            '\u{0590}'..='\u{08FF}'
            // Hebrew and Arabic presentation forms
            | '\u{FB1D}'..='\u{FDFF}'
            | '\u{FE70}'..='\u{FEFF}')
}

/// The glyph a character shows at a right-to-left level (UAX #9 L4): an
/// opening parenthesis there opens towards the left. The pairs of
/// BidiMirroring.txt that news text uses.
pub fn mirrored(c: char) -> char {
    const PAIRS: &[(char, char)] = &[
        ('(', ')'),
        ('[', ']'),
        ('{', '}'),
        ('<', '>'),
        ('«', '»'),
        ('‹', '›'),
        ('≤', '≥'),
        ('⁅', '⁆'),
        ('⁽', '⁾'),
        ('₍', '₎'),
        ('⟨', '⟩'),
        ('〈', '〉'),
        ('《', '》'),
        ('「', '」'),
        ('『', '』'),
        ('【', '】'),
        ('〔', '〕'),
        ('﴾', '﴿'),
    ];
    PAIRS
        .iter()
        .find_map(|&(open, close)| {
            if c == open {
                Some(close)
            } else if c == close {
                Some(open)
            } else {
                None
            }
        })
        .unwrap_or(c)
}

/// The paragraph's levels (one per code point) and base level.
pub fn levels(text: &str, direction: TextDirection) -> (u8, Vec<u8>) {
    let default = match direction {
        TextDirection::Auto => None,
        TextDirection::LeftToRight => Some(Level::ltr()),
        TextDirection::RightToLeft => Some(Level::rtl()),
    };
    let info = BidiInfo::new(text, default);
    let base = info.paragraphs.first().map_or(0, |p| p.level.number());
    let per_char = text
        .char_indices()
        .map(|(byte, _)| info.levels.get(byte).map_or(base, |l| l.number()))
        .collect();
    (base, per_char)
}

/// Cuts a paragraph (without its '\n') into pieces, in logical order.
pub fn pieces(chars: &[char], direction: TextDirection) -> BidiPieces {
    let text: String = chars.iter().collect();
    let (base_level, levels) = levels(&text, direction);
    let mut pieces = Vec::new();
    // Graphemes in code points: a piece never splits one.
    let mut start = 0;
    let mut graphemes = Vec::new();
    for grapheme in text.graphemes(true) {
        let len = grapheme.chars().count();
        graphemes.push(start..start + len);
        start += len;
    }
    let mut index = 0;
    while index < graphemes.len() {
        let first = graphemes[index].clone();
        let level = levels.get(first.start).copied().unwrap_or(base_level);
        let c = chars[first.start];
        let is_space = c.is_whitespace();
        let same_level = |g: &Range<usize>| levels.get(g.start) == Some(&level);
        let grapheme_chars = |g: &Range<usize>| &chars[g.clone()];
        let mut end = index + 1;
        let shaped_rtl;
        if is_space {
            shaped_rtl = false;
            while end < graphemes.len()
                && same_level(&graphemes[end])
                && chars[graphemes[end].start].is_whitespace()
            {
                end += 1;
            }
        } else if level % 2 == 1 && grapheme_chars(&first).iter().all(|&c| is_rtl_letter(c)) {
            shaped_rtl = true;
            while end < graphemes.len()
                && same_level(&graphemes[end])
                && grapheme_chars(&graphemes[end])
                    .iter()
                    .all(|&c| is_rtl_letter(c))
            {
                end += 1;
            }
        } else if level % 2 == 0 && !grapheme_chars(&first).iter().any(|&c| is_rtl_script(c)) {
            shaped_rtl = false;
            while end < graphemes.len()
                && same_level(&graphemes[end])
                && !chars[graphemes[end].start].is_whitespace()
                && !grapheme_chars(&graphemes[end])
                    .iter()
                    .any(|&c| is_rtl_script(c))
            {
                end += 1;
            }
        } else {
            // One grapheme on its own: a digit or a mark in a run of the
            // other direction; its order then cannot depend on the shaper.
            shaped_rtl = false;
        }
        pieces.push(Piece {
            chars: first.start..graphemes[end - 1].end,
            level,
            is_space,
            shaped_rtl,
        });
        index = end;
    }
    BidiPieces { base_level, pieces }
}

/// The visual order of a line's pieces (UAX #9 L1 and L2): trailing spaces
/// take the base level, then each run at or above each odd level, from the
/// highest down, is reversed. Returns indices into `line`.
pub fn visual_order(line: &[Piece], base_level: u8) -> Vec<usize> {
    let mut levels: Vec<u8> = line.iter().map(|p| p.level).collect();
    for (level, piece) in levels.iter_mut().zip(line).rev() {
        if !piece.is_space {
            break;
        }
        *level = base_level;
    }
    let mut order: Vec<usize> = (0..line.len()).collect();
    let Some(&highest) = levels.iter().max() else {
        return order;
    };
    let lowest_odd = levels.iter().copied().filter(|l| l % 2 == 1).min();
    let Some(lowest_odd) = lowest_odd else {
        return order;
    };
    for level in (lowest_odd..=highest).rev() {
        let mut i = 0;
        while i < levels.len() {
            if levels[i] < level {
                i += 1;
                continue;
            }
            let start = i;
            while i < levels.len() && levels[i] >= level {
                i += 1;
            }
            order[start..i].reverse();
            levels[start..i].reverse();
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line as it appears on screen, left to right: pieces in visual
    /// order, right-to-left pieces with their graphemes reversed (what the
    /// shaper draws).
    fn on_screen(text: &str, direction: TextDirection) -> String {
        let chars: Vec<char> = text.chars().collect();
        let BidiPieces { base_level, pieces } = pieces(&chars, direction);
        visual_order(&pieces, base_level)
            .into_iter()
            .map(|i| {
                let piece: String = chars[pieces[i].chars.clone()].iter().collect();
                if pieces[i].is_rtl() {
                    let piece: String = piece.chars().map(mirrored).collect();
                    piece.graphemes(true).rev().collect()
                } else {
                    piece
                }
            })
            .collect()
    }

    #[test]
    fn latin_stays_as_it_is() {
        assert_eq!(
            on_screen("Durand Line, 1893.", TextDirection::Auto),
            "Durand Line, 1893."
        );
    }

    /// Arabic with a Latin name and European digits, in an RTL paragraph:
    /// the Arabic words run right to left, "UN" and "2024" read left to
    /// right where they stand. Worked by hand from UAX #9.
    #[test]
    fn arabic_with_latin_and_digits() {
        // Logical: قال UN في 2024 (said UN in 2024)
        let text = "قال UN في 2024";
        // Right to left on screen: [قال] [ ] [UN] [ ] [في] [ ] [2024];
        // read left to right: 2024, space, في reversed, space, UN, space, قال reversed.
        assert_eq!(on_screen(text, TextDirection::Auto), "2024 يف UN لاق");
    }

    /// Hebrew with an English name and a number: the name's words keep
    /// their order, and a number ending the sentence goes to the left.
    #[test]
    fn hebrew_with_english_name_and_number() {
        // "Ban Ki-moon visited in 2007" in Hebrew word order.
        let text = "ביקר Ban Ki-moon ב-2007.";
        // Levels: ביקר=1, space=1, "Ban Ki-moon"=2 (the space between the
        // two Latin words too), space=1, ב=1, '-'=1, 2007=2, '.'=1.
        // Screen, left to right: ".", "2007", "-", "ב", " ",
        // "Ban Ki-moon", " ", "רקיב".
        assert_eq!(
            on_screen(text, TextDirection::Auto),
            ".2007-ב Ban Ki-moon רקיב"
        );
    }

    /// Parentheses at a right-to-left level show mirrored (L4), so they
    /// still open towards what they enclose.
    #[test]
    fn parentheses_mirror_in_right_to_left_text() {
        let text = "اسلام آباد (12 نومبر):";
        // Right to left: اسلام, space, آباد, space, "(" shown as ")", 12,
        // space, نومبر, ")" shown as "(", ":" (the last, leftmost).
        assert_eq!(
            on_screen(text, TextDirection::Auto),
            ":(ربمون 12) دابآ مالسا"
        );
    }

    /// Urdu's digits (European numbers to UAX #9, Arabic script to the
    /// shaper) read left to right too.
    #[test]
    fn urdu_digits_keep_their_order() {
        let text = "گزرگاہیں ۱۵ دن";
        assert_eq!(on_screen(text, TextDirection::Auto), "ند ۱۵ ںیہاگرزگ");
        let chars: Vec<char> = text.chars().collect();
        let cut = pieces(&chars, TextDirection::Auto);
        let digits: Vec<_> = cut.pieces.iter().filter(|p| p.level == 2).collect();
        assert_eq!(digits.len(), 2, "each digit shaped alone: {digits:?}");
    }

    /// Arabic-Indic digits in an Arabic sentence read left to right.
    #[test]
    fn arabic_indic_digits_keep_their_order() {
        let text = "عام ٢٠٢٤";
        assert_eq!(on_screen(text, TextDirection::Auto), "٢٠٢٤ ماع");
    }

    /// An LTR paragraph holding an isolated RTL phrase that itself holds
    /// an isolated LTR name: each isolate is laid out on its own.
    #[test]
    fn nested_isolates() {
        // "He said ‹RLI›سلام ‹LRI›Ahmad‹PDI› خان‹PDI› ok": RLI … PDI around the Arabic,
        // LRI … PDI around the name inside it.
        let text = "He said \u{2067}سلام \u{2066}Ahmad\u{2069} خان\u{2069} ok";
        // The outer RLI and PDI stay at level 0 around the isolate; inside
        // it (level 1) the run reads right to left: خان, space, the inner
        // PDI, Ahmad (level 2, left to right), the inner LRI, space, سلام.
        // The controls draw nothing; they are placed where UAX #9 puts them.
        assert_eq!(
            on_screen(text, TextDirection::Auto),
            "He said \u{2067}ناخ \u{2069}Ahmad\u{2066} مالس\u{2069} ok"
        );
    }

    /// The override: a Latin-first paragraph forced right to left puts its
    /// Arabic first on the right.
    #[test]
    fn override_sets_the_base_direction() {
        let text = "UN قال";
        assert_eq!(on_screen(text, TextDirection::Auto), "UN لاق");
        assert_eq!(on_screen(text, TextDirection::RightToLeft), "لاق UN");
        let (base, _) = levels("قال", TextDirection::LeftToRight);
        assert_eq!(base, 0);
    }

    #[test]
    fn harakat_stay_in_their_word_piece() {
        let chars: Vec<char> = "بِسْمِ الله".chars().collect();
        let cut = pieces(&chars, TextDirection::Auto);
        assert_eq!(cut.base_level, 1);
        assert_eq!(cut.pieces[0].chars, 0..6);
        assert!(cut.pieces[0].shaped_rtl);
        assert!(cut.pieces[1].is_space);
    }

    /// A line wrapped after "قال " in a left-to-right paragraph: the space
    /// inside the Arabic run (level 1) ends the line, so it takes level 0
    /// and sits at the right end, not between "abc " and the Arabic.
    #[test]
    fn trailing_space_takes_the_base_level() {
        let chars: Vec<char> = "abc قال دنیا".chars().collect();
        let cut = pieces(&chars, TextDirection::Auto);
        assert_eq!(cut.pieces[3].level, 1);
        let order = visual_order(&cut.pieces[..4], cut.base_level);
        assert_eq!(order, vec![0, 1, 2, 3]);
        // Unwrapped, the same space sits inside the Arabic run.
        let order = visual_order(&cut.pieces, cut.base_level);
        assert_eq!(order, vec![0, 1, 4, 3, 2]);
    }

    #[test]
    fn only_rtl_or_controls_need_bidi() {
        assert!(!needs_bidi(
            &"Durand, 日本語 👨‍👩‍👧".chars().collect::<Vec<_>>()
        ));
        assert!(needs_bidi(&"Durand ډیورنډ".chars().collect::<Vec<_>>()));
        assert!(needs_bidi(&"a\u{2067}b".chars().collect::<Vec<_>>()));
    }
}
