//! Dialogs for paths: a native file dialog (rfd, on a worker thread so the
//! window keeps drawing) with a typed path as the fallback where the desktop
//! has no file-dialog service.

use std::path::{Path, PathBuf};

use egui::{Context, Key, KeyboardShortcut, Modifiers};

use super::export_path::{export_target, switch_extension};
use crate::formats::export::ExportFormat;
use crate::ui::action::{Action, DialogKind};
use crate::ui::promise::Promise;
use crate::ui::settings::DialogMemory;

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

/// What the path field holds, in the dialog's words.
fn field_text(kind: DialogKind, format: ExportFormat) -> &'static str {
    match kind {
        DialogKind::Import => {
            "Files or folders to import, one per line (Shift+Enter starts another; .txt, .jsonl, .json, .conll, brat folders):"
        }
        DialogKind::Export if format.writes_folder() => "A new or empty folder to write:",
        DialogKind::Export => "File to write:",
        DialogKind::NewProject => "The new project file (.sqlite):",
        DialogKind::OpenProject => "Project file (.sqlite):",
        DialogKind::ImportSchema => "Label schema to import (.json):",
        DialogKind::ExportSchema => "File to write the label schema to (.json):",
        DialogKind::SaveCopy => "File for the copy (.sqlite):",
    }
}

/// The file name a dialog suggests in the remembered folder (none where the
/// user picks existing files).
fn suggested_name(kind: DialogKind, format: ExportFormat, project: &str) -> Option<String> {
    match kind {
        DialogKind::Export => Some(
            match super::export_path::accepted_extensions(format).first() {
                Some(extension) => format!("{project}.{extension}"),
                None => format!("{project}-brat"),
            },
        ),
        DialogKind::ExportSchema => Some(format!("{project}-schema.json")),
        DialogKind::SaveCopy => Some(format!("{project}-copy.sqlite")),
        DialogKind::NewProject => Some("project.sqlite".into()),
        DialogKind::Import | DialogKind::OpenProject | DialogKind::ImportSchema => None,
    }
}

/// Native dialogs go through the XDG desktop portal, on the session bus; with
/// no bus (a bare X server, a test) only the typed path is offered.
pub fn native_dialogs_available() -> bool {
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|v| !v.is_empty())
}

/// The accessible name of a dialog's path field.
pub const PATH_LABEL: &str = "Path";
/// The accessible name of the export dialog's format chooser.
pub const FORMAT_LABEL: &str = "Export format";
/// What Browse… says where the desktop has no file-dialog service.
pub const NO_PORTAL_NOTICE: &str = "This desktop has no file-dialog service (XDG desktop portal), so Browse… cannot open one: type the path above.";
/// What Browse… says when the file dialog gave nothing back.
pub const NOTHING_PICKED_NOTICE: &str =
    "No path came back from the file dialog (cancelled, or it could not open): the typed path is kept.";

pub struct PathDialog {
    pub kind: DialogKind,
    /// One path per line (Import takes several files or folders).
    pub paths: String,
    pub format: ExportFormat,
    browsing: Option<Promise<Vec<PathBuf>>>,
    /// Why Browse… gave nothing, until the next Browse….
    notice: Option<&'static str>,
    /// The field takes the keys when the dialog first shows.
    focus_field: bool,
}

impl PathDialog {
    pub fn new(kind: DialogKind) -> Self {
        Self {
            kind,
            paths: String::new(),
            format: ExportFormat::Jsonl,
            browsing: None,
            notice: None,
            focus_field: true,
        }
    }

    /// A dialog that starts where this project's last one ended: in its
    /// folder (else the project's), with its export format and a file name
    /// made from the project's.
    pub fn remembering(kind: DialogKind, memory: &DialogMemory, project: Option<&Path>) -> Self {
        let mut dialog = Self::new(kind);
        if let Some(format) = memory
            .export_format
            .as_deref()
            .and_then(ExportFormat::parse)
        {
            dialog.format = format;
        }
        let folder = memory
            .folder
            .clone()
            .or_else(|| project.and_then(Path::parent).map(Path::to_path_buf))
            .filter(|f| !f.as_os_str().is_empty());
        let stem = project
            .and_then(Path::file_stem)
            .map_or_else(|| "project".into(), |s| s.to_string_lossy().into_owned());
        if let Some(folder) = folder {
            dialog.paths = match suggested_name(kind, dialog.format, &stem) {
                Some(name) => folder.join(name).display().to_string(),
                // A folder to go on typing in.
                None => format!("{}{}", folder.display(), std::path::MAIN_SEPARATOR),
            };
        }
        dialog
    }

    /// The field takes the keys again (the dialog is back after a failure).
    pub fn focus(&mut self) {
        self.focus_field = true;
    }

    /// What a project remembers from this dialog once confirmed: the folder
    /// of the (first) path, and the export format.
    pub fn remembered(&self) -> DialogMemory {
        let first = self.typed_paths().into_iter().next();
        DialogMemory {
            folder: first
                .as_deref()
                .and_then(Path::parent)
                .filter(|f| !f.as_os_str().is_empty())
                .map(Path::to_path_buf),
            export_format: (self.kind == DialogKind::Export)
                .then(|| self.format.cli_name().to_string()),
        }
    }

    fn typed_paths(&self) -> Vec<PathBuf> {
        self.paths
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(PathBuf::from)
            .collect()
    }

    /// The folder the typed path is in, where the native dialog opens.
    fn typed_folder(&self) -> Option<PathBuf> {
        let first = self.typed_paths().into_iter().next()?;
        if first.is_dir() {
            return Some(first);
        }
        first.parent().filter(|p| p.is_dir()).map(Path::to_path_buf)
    }

    /// Opens the native dialog, as a menu item would; where the desktop has
    /// none, says so and keeps what is typed.
    pub fn browse(&mut self, ctx: &Context) {
        if !native_dialogs_available() {
            self.notice = Some(NO_PORTAL_NOTICE);
            return;
        }
        self.notice = None;
        let kind = self.kind;
        let extension = self.format.extension();
        let folder = self.typed_folder();
        self.browsing = Some(Promise::spawn(ctx, move |_| {
            let mut dialog = rfd::FileDialog::new();
            if let Some(folder) = folder {
                dialog = dialog.set_directory(folder);
            }
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

    fn take_browsed(&mut self) {
        let Some(done) = self.browsing.as_mut().and_then(Promise::poll) else {
            return;
        };
        self.browsing = None;
        // Nothing picked, or a native dialog that failed: the typed path stays.
        let picked = done.unwrap_or_default();
        if picked.is_empty() {
            self.notice = Some(NOTHING_PICKED_NOTICE);
        } else {
            self.paths = picked
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join("\n");
        }
    }

    /// The action the typed paths ask for, or why they cannot be used.
    fn action(&self) -> Result<Option<Action>, String> {
        let paths = self.typed_paths();
        let Some(first) = paths.first().cloned() else {
            return Ok(None);
        };
        Ok(Some(match self.kind {
            DialogKind::Import => Action::Import(paths),
            DialogKind::Export => Action::Export {
                path: export_target(&first, self.format).map_err(|e| e.to_string())?,
                format: self.format,
            },
            DialogKind::NewProject => Action::NewProject(first),
            DialogKind::OpenProject => Action::OpenProject(first),
            DialogKind::ImportSchema => Action::ImportSchema(first),
            DialogKind::ExportSchema => Action::ExportSchema(first),
            DialogKind::SaveCopy => Action::SaveCopy(first),
        }))
    }

    /// Draws the dialog; `open` turns false when it is closed.
    pub fn show(&mut self, ctx: &Context, open: &mut bool) -> Option<Action> {
        self.take_browsed();
        let ready = self.action();
        let mut confirmed = false;
        egui::Window::new(title(self.kind))
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .show(ctx, |ui| {
                if self.kind == DialogKind::Export {
                    self.format_ui(ui);
                }
                ui.label(field_text(self.kind, self.format));
                let field = if self.kind == DialogKind::Import {
                    // Enter imports; Shift+Enter starts another line.
                    egui::TextEdit::multiline(&mut self.paths)
                        .desired_rows(3)
                        .return_key(KeyboardShortcut::new(Modifiers::SHIFT, Key::Enter))
                } else {
                    egui::TextEdit::singleline(&mut self.paths)
                };
                let mut output = field
                    .desired_width(420.0)
                    .hint_text("/path/to/file")
                    .show(ui);
                let field = &output.response;
                field.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::TextInput, true, PATH_LABEL)
                });
                if std::mem::take(&mut self.focus_field) {
                    // Keys go to the field at once, and typing replaces the
                    // suggestion (End keeps it), as in a browser's address bar.
                    field.request_focus();
                    output.state.cursor.set_char_range(Some(
                        egui::text::CCursorRange::select_all_str(&self.paths),
                    ));
                    output.state.store(ui.ctx(), field.id);
                }
                let enter = enter_pressed(ui.ctx());
                if let Err(why) = &ready {
                    ui.colored_label(crate::ui::theme::error_color(ui.visuals().dark_mode), why);
                }
                if let Ok(Some(Action::Export { path, .. })) = &ready {
                    if Some(path.as_path()) != self.typed_paths().first().map(PathBuf::as_path) {
                        ui.weak(format!("Writes {}", path.display()));
                    }
                }
                if let Some(notice) = self.notice {
                    ui.label(notice);
                }
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
                        let usable = matches!(ready, Ok(Some(_)));
                        if ui
                            .add_enabled(usable, egui::Button::new(confirm(self.kind)))
                            .clicked()
                            || (usable && enter)
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
        ready.ok().flatten()
    }

    /// The export format; choosing another switches the typed extension.
    fn format_ui(&mut self, ui: &mut egui::Ui) {
        let before = self.format;
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
                    egui::WidgetInfo::labeled(egui::Role::ComboBox, true, FORMAT_LABEL)
                });
        });
        if self.format != before {
            self.paths = switch_extension(&self.paths, before, self.format);
        }
    }
}

/// Enter without Shift (Shift+Enter is a new line in the import list).
fn enter_pressed(ctx: &Context) -> bool {
    ctx.input(|i| {
        i.events.iter().any(|event| {
            matches!(
                event,
                egui::Event::Key {
                    key: Key::Enter,
                    pressed: true,
                    modifiers,
                    ..
                } if !modifiers.shift
            )
        })
    })
}
