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
