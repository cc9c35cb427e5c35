//! Help › Keyboard shortcuts (F1): every row read from the command table
//! (`ui::command`), the article's keys first. F1 again or Esc closes it.

use egui::{Context, Key, Modifiers};

use crate::ui::command::help_rows;

/// The window's title, also its accessible name.
pub const SHORTCUTS_TITLE: &str = "Keyboard shortcuts";

pub struct ShortcutsWindow;

impl ShortcutsWindow {
    /// Esc closes the list, before the article would take the key to clear
    /// its selection.
    pub fn keys(&self, ctx: &Context, open: &mut bool) {
        if *open && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
            *open = false;
        }
    }

    pub fn show(&self, ctx: &Context, open: &mut bool) {
        egui::Window::new(SHORTCUTS_TITLE)
            .open(open)
            .collapsible(false)
            .resizable(false)
            // The list is taller than a small window: it scrolls, and the
            // window never covers the menu bar.
            .max_height(ctx.content_rect().height() * 0.8)
            .show(ctx, |ui| {
                ui.weak("F1 or Esc closes this list.");
                egui::ScrollArea::vertical().show(ui, |ui| {
                    egui::Grid::new("shortcuts")
                        .striped(true)
                        .spacing([16.0, 6.0])
                        .show(ui, |ui| {
                            for (keys, what) in help_rows() {
                                ui.strong(keys);
                                ui.label(what);
                                ui.end_row();
                            }
                        });
                });
            });
    }
}
