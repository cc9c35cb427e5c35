//! Help › Keyboard shortcuts (F1): the article's keys, then every command of
//! the command table that has a shortcut.

use egui::Context;

use crate::ui::article::KEYS_HELP;
use crate::ui::command::UiCommand;

pub struct ShortcutsWindow;

impl ShortcutsWindow {
    pub fn show(&self, ctx: &Context, open: &mut bool) {
        egui::Window::new("Keyboard shortcuts")
            .open(open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                egui::Grid::new("shortcuts")
                    .striped(true)
                    .spacing([16.0, 6.0])
                    .show(ui, |ui| {
                        for (keys, what) in KEYS_HELP {
                            ui.strong(*keys);
                            ui.label(*what);
                            ui.end_row();
                        }
                        for command in UiCommand::ALL {
                            if let Some(keys) = command.keys_text() {
                                ui.strong(keys);
                                ui.label(command.help());
                                ui.end_row();
                            }
                        }
                    });
            });
    }
}
