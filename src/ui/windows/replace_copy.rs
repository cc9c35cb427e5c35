//! File › Save a copy as… onto a file that exists: asked before anything is
//! replaced, naming the file and what it is.

use std::path::PathBuf;

use egui::{Context, Key};

use crate::ui::action::Action;

/// The accessible name of the button that replaces the file.
pub const REPLACE_LABEL: &str = "Replace";

pub struct ReplaceCopyWindow {
    path: PathBuf,
    /// What is there now, in words ("a file of 12.0 KB").
    what: String,
}

impl ReplaceCopyWindow {
    pub fn new(path: PathBuf) -> Self {
        let what = match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => "a folder".to_string(),
            Ok(meta) => format!("a file of {:.1} KB", meta.len() as f64 / 1024.0),
            Err(_) => "a file".to_string(),
        };
        Self { path, what }
    }

    /// Replace returns the confirmed copy; Cancel or Esc closes.
    pub fn show(&self, ctx: &Context, open: &mut bool) -> Option<Action> {
        let mut confirmed = false;
        egui::Window::new("Replace the file?")
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .show(ctx, |ui| {
                ui.label(format!(
                    "{} exists ({}). Replace it with a copy of this project? What it holds now will be lost.",
                    self.path.display(),
                    self.what
                ));
                ui.horizontal(|ui| {
                    if ui.button(REPLACE_LABEL).clicked() {
                        confirmed = true;
                    }
                    if ui.button("Cancel").clicked() {
                        *open = false;
                    }
                });
            });
        if ctx.input(|i| i.key_pressed(Key::Escape)) {
            *open = false;
        }
        if confirmed {
            *open = false;
            return Some(Action::ReplaceWithCopy(self.path.clone()));
        }
        None
    }
}
