//! Fonts: egui's bundled fonts cover Latin and emoji. Arabic script, CJK and
//! the rest come from the system's fonts on demand (eframe's `system_fonts`
//! provider). A serif face is taken from the system when one is installed.

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

/// Adds the serif family when a serif font is found; it falls back to the
/// proportional fonts for what it lacks (emoji, symbols).
pub fn install(ctx: &egui::Context) {
    let Some(bytes) = SERIF_CANDIDATES
        .iter()
        .find_map(|path| std::fs::read(path).ok())
    else {
        return;
    };
    let mut definitions = FontDefinitions::default();
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
    ctx.set_fonts(definitions);
    ctx.data_mut(|d| d.insert_temp(egui::Id::unique(SERIF), true));
}

/// Whether [`install`] found a serif font.
pub fn has_serif(ctx: &egui::Context) -> bool {
    ctx.data(|d| d.get_temp::<bool>(egui::Id::unique(SERIF)))
        .unwrap_or(false)
}
