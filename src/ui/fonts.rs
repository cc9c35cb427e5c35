//! Fonts: egui's bundled fonts cover Latin and emoji. Arabic script and
//! Hebrew come from the system's Noto fonts, configured up front so that one
//! face carries a whole word (a word shaped in two faces falls apart into
//! isolated letters: left to the system provider, basic Arabic comes from
//! DejaVu Sans and Urdu's ہ and ے from another face). CJK and the rest come
//! from the system's fonts on demand (eframe's `system_fonts` provider). A
//! serif face is taken from the system when one is installed.

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily};

/// The family name of the optional serif face.
pub const SERIF: &str = "serif";

const SERIF_CANDIDATES: &[&str] = &[
    "/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf",
    "/usr/share/fonts/opentype/noto/NotoSerif-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/freefont/FreeSerif.ttf",
    "/System/Library/Fonts/Supplemental/Georgia.ttf",
    "C:\\Windows\\Fonts\\georgia.ttf",
];

/// A script whose letters must come from one face, with where to look.
pub struct ScriptFont {
    pub name: &'static str,
    /// A letter of the script, to tell whether a document needs the face.
    pub sample: char,
    pub candidates: &'static [&'static str],
    /// What to install when none is found.
    pub install_hint: &'static str,
}

pub const SCRIPT_FONTS: &[ScriptFont] = &[
    ScriptFont {
        name: "arabic",
        sample: 'ب',
        candidates: &[
            "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
            "/usr/share/fonts/opentype/noto/NotoSansArabic-Regular.ttf",
            "/usr/share/fonts/noto/NotoSansArabic-Regular.ttf",
            "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf",
            "/System/Library/Fonts/GeezaPro.ttc",
            "C:\\Windows\\Fonts\\segoeui.ttf",
        ],
        install_hint: "Noto Sans Arabic (Debian/Ubuntu: fonts-noto-core)",
    },
    ScriptFont {
        name: "hebrew",
        sample: 'א',
        candidates: &[
            "/usr/share/fonts/truetype/noto/NotoSansHebrew-Regular.ttf",
            "/usr/share/fonts/opentype/noto/NotoSansHebrew-Regular.ttf",
            "/usr/share/fonts/noto/NotoSansHebrew-Regular.ttf",
            "/System/Library/Fonts/ArialHB.ttc",
            "C:\\Windows\\Fonts\\segoeui.ttf",
        ],
        install_hint: "Noto Sans Hebrew (Debian/Ubuntu: fonts-noto-core)",
    },
];

/// Letters no font carries, what the status line says about them: which
/// font to install, naming the first few (once per document; None when
/// every letter has a glyph). `has_glyph` asks the loaded fonts.
pub fn missing_font_hint(
    chars: &[char],
    mut has_glyph: impl FnMut(char) -> bool,
) -> Option<String> {
    let distinct: std::collections::BTreeSet<char> = chars
        .iter()
        .copied()
        .filter(|&c| !c.is_whitespace() && !c.is_control() && !is_invisible(c))
        .collect();
    let missing: Vec<char> = distinct.into_iter().filter(|&c| !has_glyph(c)).collect();
    if missing.is_empty() {
        return None;
    }
    let mut install: Vec<&str> = missing.iter().map(|&c| install_hint(c)).collect();
    install.dedup();
    install.sort_unstable();
    install.dedup();
    let shown: Vec<String> = missing
        .iter()
        .take(3)
        .map(|&c| format!("{c} U+{:04X}", c as u32))
        .collect();
    let more = if missing.len() > 3 {
        format!(" and {} more", missing.len() - 3)
    } else {
        String::new()
    };
    Some(format!(
        "No font here has {}{more}: they show as boxes. Install {}, then restart Glossator.",
        shown.join(", "),
        install.join(" and ")
    ))
}

/// Format characters that draw nothing: bidi controls, joiners, variation
/// selectors, the soft hyphen, the byte-order mark.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}')
}

/// The font to install for a letter.
fn install_hint(c: char) -> &'static str {
    let script = SCRIPT_FONTS.iter().find(|script| match script.name {
        "arabic" => matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}'),
        "hebrew" => matches!(c, '\u{0590}'..='\u{05FF}' | '\u{FB1D}'..='\u{FB4F}'),
        _ => false,
    });
    match script {
        Some(script) => script.install_hint,
        None if matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}') => {
            "Noto Sans CJK (Debian/Ubuntu: fonts-noto-cjk)"
        }
        None => "a font that has them, e.g. the Noto fonts (Debian/Ubuntu: fonts-noto-core)",
    }
}

/// Adds the script faces found to every family, and the serif family when
/// a serif font is found (it falls back to the proportional fonts for what
/// it lacks: emoji, symbols, Arabic).
pub fn install(ctx: &egui::Context) {
    let mut definitions = FontDefinitions::default();
    for script in SCRIPT_FONTS {
        let Some(bytes) = script
            .candidates
            .iter()
            .find_map(|path| std::fs::read(path).ok())
        else {
            continue;
        };
        definitions.font_data.insert(
            script.name.to_string(),
            Arc::new(FontData::from_owned(bytes)),
        );
        for chain in definitions.families.values_mut() {
            chain.push(script.name.to_string());
        }
    }
    if let Some(bytes) = SERIF_CANDIDATES
        .iter()
        .find_map(|path| std::fs::read(path).ok())
    {
        definitions
            .font_data
            .insert(SERIF.to_string(), Arc::new(FontData::from_owned(bytes)));
        let mut serif_chain = vec![SERIF.to_string()];
        serif_chain.extend(
            definitions
                .families
                .get(&FontFamily::Proportional)
                .cloned()
                .unwrap_or_default(),
        );
        definitions
            .families
            .insert(FontFamily::Name(SERIF.into()), serif_chain);
        ctx.data_mut(|d| d.insert_temp(egui::Id::unique(SERIF), true));
    }
    ctx.set_fonts(definitions);
}

/// Whether [`install`] found a serif font.
pub fn has_serif(ctx: &egui::Context) -> bool {
    ctx.data(|d| d.get_temp::<bool>(egui::Id::unique(SERIF)))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::missing_font_hint;

    #[test]
    fn the_hint_names_the_letters_and_the_font_to_install() {
        let chars: Vec<char> = "Kabul: پښتو 日本 \u{200F}ok".chars().collect();
        let latin_only = |c: char| c.is_ascii();
        let hint = missing_font_hint(&chars, latin_only).unwrap();
        assert!(hint.contains("پ U+067E"), "{hint}");
        assert!(hint.contains("and 3 more"), "{hint}");
        assert!(hint.contains("fonts-noto-core"), "{hint}");
        assert!(hint.contains("fonts-noto-cjk"), "{hint}");
        assert!(!hint.contains("U+200F"), "controls draw nothing: {hint}");
        assert_eq!(missing_font_hint(&chars, |_| true), None);
    }
}
