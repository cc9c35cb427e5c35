//! Dialogs for paths: a native file dialog (rfd, on a worker thread so the
//! window keeps drawing) with a typed path as the fallback where the desktop
//! has no file-dialog service.

use std::path::PathBuf;

use egui::{Context, Key};

use crate::formats::export::ExportFormat;
use crate::ui::action::{Action, DialogKind};
use crate::ui::promise::Promise;

/// The window title of each dialog.
fn title(kind: DialogKind) -> &'static str {
    match kind {
        DialogKind::Import => "Import files",
        DialogKind::Export => "Export",
        DialogKind::NewProject => "New project",
        DialogKind::OpenProject => "Open project",
        DialogKind::ImportSchema => "Import a label schema",
        DialogKind::ExportSchema => "Export the label schema",
        DialogKind::SaveCopy => "Save a copy of the project",
    }
}

/// The label of each dialog's confirm button.
fn confirm(kind: DialogKind) -> &'static str {
    match kind {
        DialogKind::Import => "Import",
        DialogKind::Export => "Export",
        DialogKind::NewProject => "Create",
        DialogKind::OpenProject => "Open",
        DialogKind::ImportSchema => "Import",
        DialogKind::ExportSchema => "Export",
        DialogKind::SaveCopy => "Save copy",
    }
}

/// Native dialogs go through the XDG desktop portal, on the session bus; with
/// no bus (a bare X server, a test) only the typed path is offered.
pub fn native_dialogs_available() -> bool {
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|v| !v.is_empty())
}

/// The accessible name of a dialog's path field.
pub const PATH_LABEL: &str = "Path";

pub struct PathDialog {
    pub kind: DialogKind,
    /// One path per line (Import takes several files or folders).
    pub paths: String,
    pub format: ExportFormat,
    browsing: Option<Promise<Vec<PathBuf>>>,
}

impl PathDialog {
    pub fn new(kind: DialogKind) -> Self {
        Self {
            kind,
            paths: String::new(),
            format: ExportFormat::Jsonl,
            browsing: None,
        }
    }

    /// Opens the native dialog at once, as a menu item would.
    pub fn browse(&mut self, ctx: &Context) {
        let kind = self.kind;
        let extension = self.format.extension();
        self.browsing = Some(Promise::spawn(ctx, move |_| {
            let dialog = rfd::FileDialog::new();
            let picked: Vec<PathBuf> = match kind {
                DialogKind::Import => dialog
                    .add_filter(
                        "Text, JSONL, JSON, CoNLL, brat",
                        &["txt", "jsonl", "json", "conll", "ann"],
                    )
                    .pick_files()
                    .unwrap_or_default(),
                DialogKind::Export if extension.is_empty() => {
                    dialog.pick_folder().into_iter().collect()
                }
                DialogKind::Export => dialog
                    .add_filter(extension, &[extension])
                    .set_file_name(format!("export.{extension}"))
                    .save_file()
                    .into_iter()
                    .collect(),
                DialogKind::NewProject => dialog
                    .add_filter("Glossator project", &["sqlite"])
                    .set_file_name("project.sqlite")
                    .save_file()
                    .into_iter()
                    .collect(),
                DialogKind::OpenProject => dialog
                    .add_filter("Glossator project", &["sqlite"])
                    .pick_file()
                    .into_iter()
                    .collect(),
                DialogKind::ImportSchema => dialog
                    .add_filter("JSON", &["json"])
                    .pick_file()
                    .into_iter()
                    .collect(),
                DialogKind::ExportSchema => dialog
                    .add_filter("JSON", &["json"])
                    .set_file_name("schema.json")
                    .save_file()
                    .into_iter()
                    .collect(),
                DialogKind::SaveCopy => dialog
                    .add_filter("Glossator project", &["sqlite"])
                    .set_file_name("copy.sqlite")
                    .save_file()
                    .into_iter()
                    .collect(),
            };
            picked
        }));
    }

    /// Draws the dialog; `open` turns false when it is closed.
    pub fn show(&mut self, ctx: &Context, open: &mut bool) -> Option<Action> {
        if let Some(done) = self.browsing.as_mut().and_then(Promise::poll) {
            self.browsing = None;
            // Nothing picked, or a native dialog that failed: the typed path stays.
            let picked = done.unwrap_or_default();
            if !picked.is_empty() {
                self.paths = picked
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join("\n");
            }
        }
        let mut confirmed = false;
        egui::Window::new(title(self.kind))
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .show(ctx, |ui| {
                if self.kind == DialogKind::Export {
                    ui.horizontal(|ui| {
                        ui.label("Format");
                        egui::ComboBox::from_id_salt("export format")
                            .selected_text(self.format.name())
                            .show_ui(ui, |ui| {
                                for format in ExportFormat::ALL {
                                    ui.selectable_value(&mut self.format, format, format.name());
                                }
                            })
                            .response
                            .widget_info(|| {
                                egui::WidgetInfo::labeled(
                                    egui::Role::ComboBox,
                                    true,
                                    "Export format",
                                )
                            });
                    });
                }
                ui.label(match self.kind {
                    DialogKind::Import => {
                        "Files or folders to import, one per line (.txt, .jsonl, .json, .conll, brat folders):"
                    }
                    DialogKind::Export if self.format.writes_folder() => "A new or empty folder to write:",
                    DialogKind::Export => "File to write:",
                    _ => "Project file (.sqlite):",
                });
                let field = ui.add(
                    egui::TextEdit::multiline(&mut self.paths)
                        .desired_rows(if self.kind == DialogKind::Import {
                            3
                        } else {
                            1
                        })
                        .desired_width(420.0)
                        .hint_text("/path/to/file"),
                );
                field.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::TextInput, true, PATH_LABEL)
                });
                ui.horizontal(|ui| {
                    let browsing = self.browsing.is_some();
                    if ui
                        .add_enabled(!browsing, egui::Button::new("Browse…"))
                        .clicked()
                    {
                        self.browse(ui.ctx());
                    }
                    if browsing {
                        ui.spinner();
                    }
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        let ready = !self.paths.trim().is_empty();
                        if ui
                            .add_enabled(ready, egui::Button::new(confirm(self.kind)))
                            .clicked()
                        {
                            confirmed = true;
                        }
                        if ui.button("Cancel").clicked() {
                            *open = false;
                        }
                    });
                });
            });
        if ctx.input(|i| i.key_pressed(Key::Escape)) {
            *open = false;
        }
        if !confirmed {
            return None;
        }
        *open = false;
        {
            let paths: Vec<PathBuf> = self
                .paths
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(PathBuf::from)
                .collect();
            let first = paths.first().cloned()?;
            Some(match self.kind {
                DialogKind::Import => Action::Import(paths),
                DialogKind::Export => Action::Export {
                    path: first,
                    format: self.format,
                },
                DialogKind::NewProject => Action::NewProject(first),
                DialogKind::OpenProject => Action::OpenProject(first),
                DialogKind::ImportSchema => Action::ImportSchema(first),
                DialogKind::ExportSchema => Action::ExportSchema(first),
                DialogKind::SaveCopy => Action::SaveCopy(first),
            })
        }
    }
}
