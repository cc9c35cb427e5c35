//! Whether the galleys laid out in an earlier frame are still good.
//!
//! A galley holds texture coordinates into egui's glyph atlas. egui rebuilds
//! the atlas when the text options change (a theme switch changes how glyph
//! coverage becomes colour), when fonts are added or replaced (the serif face,
//! a system font found for a new script), when the zoom changes, or when the
//! atlas fills up; it then empties its own galley cache, but galleys kept
//! elsewhere draw wrong or missing glyphs. egui says none of this directly, so
//! a tiny "canary" galley is laid out through its cache every frame: while
//! the cache is intact it hands back the very same galley; a new one means
//! everything laid out before is stale.

use std::sync::Arc;

use egui::text::LayoutJob;
use egui::{Color32, FontId, Galley};

#[derive(Default)]
pub struct TextEpoch {
    canary: Option<Arc<Galley>>,
}

impl TextEpoch {
    /// True on the first call and whenever galleys laid out before this frame
    /// may point into a glyph atlas that is gone.
    pub fn changed(&mut self, ctx: &egui::Context) -> bool {
        let canary = ctx.fonts_mut(|fonts| {
            fonts.layout_job(LayoutJob::simple_singleline(
                "glossator text epoch".into(),
                FontId::proportional(7.0),
                Color32::PLACEHOLDER,
            ))
        });
        let same = self
            .canary
            .as_ref()
            .is_some_and(|old| Arc::ptr_eq(old, &canary));
        self.canary = Some(canary);
        !same
    }
}
