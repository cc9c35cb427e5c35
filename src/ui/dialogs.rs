//! Dialogs for paths: a native file dialog (rfd, on a worker thread so the
//! window keeps drawing) with a typed path as the fallback where the desktop
//! has no file-dialog service.

use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver};

use egui::{Context, Key};

use crate::ui::action::Action;
use crate::ui::jobs::ExportFormat;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialogKind {
    Import,
    Export,
    NewProject,
    OpenProject,
    ImportSchema,
    ExportSchema,
    SaveCopy,
}

impl DialogKind {
    fn title(self) -> &'static str {
        match self {
            Self::Import => "Import files",
            Self::Export => "Export",
            Self::NewProject => "New project",
            Self::OpenProject => "Open project",
            Self::ImportSchema => "Import a label schema",
            Self::ExportSchema => "Export the label schema",
            Self::SaveCopy => "Save a copy of the project",
        }
    }

    fn confirm(self) -> &'static str {
        match self {
            Self::Import => "Import",
            Self::Export => "Export",
            Self::NewProject => "Create",
            Self::OpenProject => "Open",
            Self::ImportSchema => "Import",
            Self::ExportSchema => "Export",
            Self::SaveCopy => "Save copy",
        }
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
    browsing: Option<Receiver<Vec<PathBuf>>>,
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
        let (sender, receiver) = channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
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
            let _ = sender.send(picked);
            ctx.request_repaint();
        });
        self.browsing = Some(receiver);
    }

    /// Draws the dialog; returns false when it is closed.
    pub fn ui(&mut self, ctx: &Context, actions: &mut Vec<Action>) -> bool {
        if let Some(receiver) = &self.browsing {
            if let Ok(picked) = receiver.try_recv() {
                self.browsing = None;
                if !picked.is_empty() {
                    self.paths = picked
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect::<Vec<_>>()
                        .join("\n");
                }
            }
        }
        let mut keep_open = true;
        let mut confirmed = false;
        egui::Window::new(self.kind.title())
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
                            .add_enabled(ready, egui::Button::new(self.kind.confirm()))
                            .clicked()
                        {
                            confirmed = true;
                        }
                        if ui.button("Cancel").clicked() {
                            keep_open = false;
                        }
                    });
                });
            });
        if ctx.input(|i| i.key_pressed(Key::Escape)) {
            keep_open = false;
        }
        if confirmed {
            let paths: Vec<PathBuf> = self
                .paths
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(PathBuf::from)
                .collect();
            if let Some(first) = paths.first().cloned() {
                actions.push(match self.kind {
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
                });
            }
            keep_open = false;
        }
        keep_open
    }
}

/// Help → Keyboard shortcuts.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("drag / double-click", "select text / a word"),
    (
        "1, 2, 3 …",
        "tag the selection with that label, or relabel the selected span",
    ),
    (
        "Shift+1, Shift+2 …",
        "sticky label: tag every selection at once (again to stop)",
    ),
    (
        "click a span",
        "select it (click again: the span around it)",
    ),
    ("← → / Shift+← →", "move the caret / extend the selection"),
    ("Ctrl+← → / Ctrl+Shift+← →", "by word"),
    (
        "↑ ↓ / Home End",
        "by line / to the paragraph's start or end",
    ),
    ("Tab / Shift+Tab", "next / previous span"),
    ("Delete or Backspace", "delete the selected span"),
    ("Esc", "clear the selection (again: leave sticky mode)"),
    ("Ctrl+Z", "undo"),
    ("Ctrl+Shift+Z or Ctrl+Y", "redo"),
    ("Alt+↓ / Alt+↑", "next / previous document"),
    (
        "Ctrl+Enter",
        "mark the document done and open the next unfinished one",
    ),
    ("Ctrl+I / Ctrl+E", "import files / export"),
    ("Ctrl+O / Ctrl+N", "open / new project"),
    ("Ctrl+= / Ctrl+-", "bigger / smaller text"),
    ("F1", "this list"),
];

pub fn shortcuts_ui(ctx: &Context, open: &mut bool) {
    egui::Window::new("Keyboard shortcuts")
        .open(open)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            egui::Grid::new("shortcuts")
                .striped(true)
                .spacing([16.0, 6.0])
                .show(ui, |ui| {
                    for (keys, what) in SHORTCUTS {
                        ui.strong(*keys);
                        ui.label(*what);
                        ui.end_row();
                    }
                });
        });
}
