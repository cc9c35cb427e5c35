//! For tests: an egui context with Arabic and Hebrew fonts (Noto, in
//! tests/data), as the app has them from the system. Without them egui
//! draws boxes, which hide shaping and ordering mistakes.

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily};

const FONTS: &[&str] = &["NotoSansArabic-Regular.ttf", "NotoSansHebrew-Regular.ttf"];

/// A context whose proportional family falls back to the test fonts, with
/// one frame run so that fonts are loaded.
pub fn context_with_rtl_fonts() -> egui::Context {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fonts");
    let mut definitions = FontDefinitions::default();
    for name in FONTS {
        let bytes = std::fs::read(folder.join(name)).expect("test font in tests/data");
        definitions
            .font_data
            .insert((*name).to_string(), Arc::new(FontData::from_owned(bytes)));
        if let Some(chain) = definitions.families.get_mut(&FontFamily::Proportional) {
            chain.push((*name).to_string());
        }
    }
    let ctx = egui::Context::default();
    ctx.set_fonts(definitions);
    let mut output = ctx.run_ui(egui::RawInput::default(), |_| {});
    output.textures_delta.clear();
    ctx
}
