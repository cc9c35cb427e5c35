//! The app: owns the session and the view state, draws the panels, and applies
//! the actions they return at the end of the frame.

use egui::{Context, Key, KeyboardShortcut, Modifiers, Ui};

use crate::edit::Command;
use crate::model::DocumentStatus;
use crate::session::Session;
use crate::store::Store;
use crate::ui::action::Action;
use crate::ui::article::{ArticleOptions, ArticleState, ArticleView};
use crate::ui::dialogs::{self, DialogKind, PathDialog};
use crate::ui::jobs::Job;
use crate::ui::panels::documents::DocumentList;
use crate::ui::panels::inspector::{ellipsize, Inspector};
use crate::ui::panels::status::{status_ui, Message};
use crate::ui::settings::{Settings, ThemeChoice};

pub struct GlossatorApp {
    session: Session,
    settings: Settings,
    article: ArticleView,
    article_state: ArticleState,
    documents: DocumentList,
    inspector: Inspector,
    message: Message,
    job: Option<Job>,
    dialog: Option<PathDialog>,
    show_shortcuts: bool,
    show_preferences: bool,
    schema_editor: crate::ui::schema_editor::SchemaEditor,
    backups: crate::ui::backups::PeriodicBackups,
    /// Whether the running backup was asked for (Back up now) and should say
    /// where it went; automatic ones speak only when they fail.
    announce_backup: bool,
}

impl GlossatorApp {
    /// Opens the document the user had open last in this project, else the first.
    pub fn new(session: Session, settings: Settings) -> Self {
        let mut app = Self {
            session,
            settings,
            article: ArticleView::default(),
            article_state: ArticleState::default(),
            documents: DocumentList::default(),
            inspector: Inspector::default(),
            message: Message::None,
            job: None,
            dialog: None,
            show_shortcuts: false,
            show_preferences: false,
            schema_editor: Default::default(),
            backups: Default::default(),
            announce_backup: false,
        };
        app.session.annotator = app.settings.annotator_name();
        if let Some(path) = app.session.path_buf() {
            app.settings.remember_project(&path);
        }
        app.open_initial_document();
        app
    }

    fn open_initial_document(&mut self) {
        let remembered = self
            .session
            .path()
            .and_then(|p| self.settings.last_document(p))
            .and_then(|id| self.session.documents().iter().find(|d| d.id.0 == id))
            .map(|d| d.id);
        if let Some(id) = remembered.or_else(|| self.session.documents().first().map(|d| d.id)) {
            self.apply_action(Action::OpenDocument(id), None);
        }
    }

    /// On the first start, asks for the annotator's name (once; View ›
    /// Annotator name changes it later).
    pub fn ask_annotator_once(&mut self) {
        if self.settings.annotator.trim().is_empty() && !self.settings.asked_annotator {
            self.show_preferences = true;
            self.settings.asked_annotator = true;
        }
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn article_state(&self) -> &ArticleState {
        &self.article_state
    }

    pub fn article_state_mut(&mut self) -> &mut ArticleState {
        &mut self.article_state
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn settings_mut(&mut self) -> &mut Settings {
        &mut self.settings
    }

    pub fn message(&self) -> &Message {
        &self.message
    }

    pub fn article(&self) -> &ArticleView {
        &self.article
    }

    /// Whether an import or export is running.
    pub fn job_running(&self) -> bool {
        self.job.is_some()
    }

    /// The whole window, for eframe and for tests.
    pub fn ui_main(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        self.apply_theme(&ctx);
        let mut actions = Vec::new();
        self.poll_job();
        self.poll_backups(&ctx);
        self.relation_picker_keys(&ctx, &mut actions);
        self.global_shortcuts(&ctx, &mut actions);
        self.dropped_files(&ctx, &mut actions);

        egui::Panel::top("menu").show(ui, |ui| {
            crate::ui::menus::menu_bar_ui(ui, &self.session, &mut self.settings, &mut actions);
        });
        egui::Panel::bottom("status").show(ui, |ui| {
            status_ui(
                ui,
                &self.session,
                &self.article_state,
                &self.message,
                self.job.as_ref(),
                &mut actions,
            );
        });
        egui::Panel::left("documents")
            .default_size(250.0)
            .min_size(160.0)
            .show(ui, |ui| {
                self.documents.ui(ui, &self.session, &mut actions);
            });
        egui::Panel::right("inspector")
            .default_size(300.0)
            .min_size(220.0)
            .show(ui, |ui| {
                self.inspector
                    .ui(ui, &self.session, &mut self.article_state, &mut actions);
            });
        egui::CentralPanel::default().show(ui, |ui| self.center_ui(ui, &mut actions));

        if let Some(dialog) = &mut self.dialog {
            if !dialog.ui(&ctx, &mut actions) {
                self.dialog = None;
            }
        }
        self.relation_picker_ui(&ctx, &mut actions);
        self.schema_editor.ui(&ctx, &self.session, &mut actions);
        dialogs::shortcuts_ui(&ctx, &mut self.show_shortcuts);
        self.preferences_ui(&ctx);
        for action in actions {
            self.apply_action(action, Some(&ctx));
        }
    }

    fn center_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let Some(open) = self.session.open() else {
            ui.centered_and_justified(|ui| {
                ui.weak("No document open. Import text with File › Import files… (Ctrl+I), or drop files here.");
            });
            return;
        };
        ui.horizontal(|ui| {
            ui.heading(&open.document.title);
            ui.weak(format!("· {}", open.document.status.display_name()));
            if let Some(from) = self
                .article_state
                .relation_from
                .and_then(|id| open.span(id))
            {
                ui.label(
                    egui::RichText::new(format!(
                        "Relation from “{}”: Tab or click the target, Enter to link, Esc to cancel",
                        ellipsize(&open.slice(from.start_char(), from.end_char()), 30)
                    ))
                    .strong(),
                );
            }
            if let Some(label) = self.article_state.sticky_label {
                let name = self.session.schema().label_name(label).to_string();
                ui.label(egui::RichText::new(format!("★ sticky {name}")).strong())
                    .on_hover_text(
                        "Every selection is tagged at once. Esc (twice) or Shift+key to stop.",
                    );
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .button("Done ✔ next")
                    .on_hover_text("Mark done and open the next unfinished document (Ctrl+Enter)")
                    .clicked()
                {
                    actions.push(Action::MarkDoneAndNext);
                }
            });
        });
        ui.separator();
        let options = ArticleOptions {
            font_size: self.settings.font_size,
            serif: self.settings.serif,
            snap_to_words: self.settings.snap_to_words,
        };
        self.article.ui(
            ui,
            open,
            self.session.schema(),
            options,
            &mut self.article_state,
            actions,
        );
    }

    /// The types offered for the pending relation: those the schema allows
    /// first (keys 1–9), then the others (an override).
    fn relation_choices(
        &self,
    ) -> Option<(
        crate::model::SpanId,
        crate::model::SpanId,
        Vec<crate::model::LabelId>,
        Vec<crate::model::LabelId>,
    )> {
        let (from, to) = self.article_state.relation_pick?;
        let (usable, others) = self.session.relation_types_for(from, to);
        Some((from, to, usable, others))
    }

    fn relation_picker_keys(&mut self, ctx: &Context, actions: &mut Vec<Action>) {
        let Some((from, to, usable, others)) = self.relation_choices() else {
            return;
        };
        if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
            self.article_state.relation_pick = None;
            return;
        }
        let all: Vec<_> = usable
            .iter()
            .map(|l| (*l, false))
            .chain(others.iter().map(|l| (*l, true)))
            .collect();
        for (n, (label, any_labels)) in all.into_iter().take(9).enumerate() {
            let Some(key) = Key::from_name(&(n + 1).to_string()) else {
                continue;
            };
            if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, key)) {
                actions.push(Action::CreateRelation {
                    from,
                    to,
                    label,
                    any_labels,
                });
            }
        }
    }

    fn relation_picker_ui(&mut self, ctx: &Context, actions: &mut Vec<Action>) {
        let Some((from, to, usable, others)) = self.relation_choices() else {
            return;
        };
        let schema = self.session.schema();
        let text = |id| {
            self.session
                .open()
                .and_then(|o| o.span(id).map(|s| o.slice(s.start_char(), s.end_char())))
                .unwrap_or_default()
        };
        let mut open = true;
        egui::Window::new("Relation type")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_TOP, [0.0, 80.0])
            .show(ctx, |ui| {
                ui.label(format!(
                    "“{}” › “{}”",
                    ellipsize(&text(from), 40),
                    ellipsize(&text(to), 40)
                ));
                ui.add_space(4.0);
                let mut number = 0;
                if usable.is_empty() {
                    ui.weak("The schema allows no type between these labels.");
                }
                for label in &usable {
                    number += 1;
                    let button = ui.button(format!("{number}  {}", schema.label_name(*label)));
                    let button = button
                        .accessible_name(format!("Relation type {}", schema.label_name(*label)));
                    if button.clicked() {
                        actions.push(Action::CreateRelation {
                            from,
                            to,
                            label: *label,
                            any_labels: false,
                        });
                    }
                }
                if !others.is_empty() {
                    ui.separator();
                    ui.weak("Other types (override the schema):");
                    for label in &others {
                        number += 1;
                        let text = if number <= 9 {
                            format!("{number}  {}", schema.label_name(*label))
                        } else {
                            schema.label_name(*label).to_string()
                        };
                        let button = ui.button(text).accessible_name(format!(
                            "Relation type {}",
                            schema.label_name(*label)
                        ));
                        if button.clicked() {
                            actions.push(Action::CreateRelation {
                                from,
                                to,
                                label: *label,
                                any_labels: true,
                            });
                        }
                    }
                }
                ui.weak("Esc cancels.");
            });
        if !open {
            self.article_state.relation_pick = None;
        }
    }

    fn global_shortcuts(&mut self, ctx: &Context, actions: &mut Vec<Action>) {
        if ctx.text_edit_focused() || self.dialog.is_some() {
            return;
        }
        let shortcuts = [
            (Modifiers::COMMAND | Modifiers::SHIFT, Key::Z, Action::Redo),
            (Modifiers::COMMAND, Key::Y, Action::Redo),
            (Modifiers::COMMAND, Key::Z, Action::Undo),
            (Modifiers::COMMAND, Key::Enter, Action::MarkDoneAndNext),
            (Modifiers::ALT, Key::ArrowDown, Action::NextDocument),
            (Modifiers::ALT, Key::ArrowUp, Action::PreviousDocument),
            (
                Modifiers::COMMAND,
                Key::I,
                Action::ShowDialog(DialogKind::Import),
            ),
            (
                Modifiers::COMMAND,
                Key::E,
                Action::ShowDialog(DialogKind::Export),
            ),
            (
                Modifiers::COMMAND,
                Key::O,
                Action::ShowDialog(DialogKind::OpenProject),
            ),
            (
                Modifiers::COMMAND,
                Key::N,
                Action::ShowDialog(DialogKind::NewProject),
            ),
            (Modifiers::NONE, Key::F1, Action::ShowShortcuts),
        ];
        for (modifiers, key, action) in shortcuts {
            if ctx.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(modifiers, key))) {
                actions.push(action);
            }
        }
        if ctx.input_mut(|i| {
            i.consume_key(Modifiers::COMMAND, Key::Equals)
                || i.consume_key(Modifiers::COMMAND, Key::Plus)
        }) {
            self.settings.change_font_size(1.0);
        }
        if ctx.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::Minus)) {
            self.settings.change_font_size(-1.0);
        }
    }

    fn dropped_files(&self, ctx: &Context, actions: &mut Vec<Action>) {
        let dropped: Vec<_> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if !dropped.is_empty() {
            actions.push(Action::Import(dropped));
        }
    }

    fn apply_theme(&self, ctx: &Context) {
        let preference = match self.settings.theme {
            ThemeChoice::System => egui::ThemePreference::System,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
            ThemeChoice::Light => egui::ThemePreference::Light,
        };
        if ctx.options(|o| o.theme_preference) != preference {
            ctx.set_theme(preference);
        }
    }

    fn preferences_ui(&mut self, ctx: &Context) {
        let mut open = self.show_preferences;
        egui::Window::new("Preferences")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label("Your name, stored with every span you create:");
                let field = ui.text_edit_singleline(&mut self.settings.annotator);
                field.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Annotator name")
                });
                if field.changed() {
                    self.session.annotator = self.settings.annotator_name();
                }
                ui.separator();
                ui.label("Automatic backups of a changed project:");
                ui.horizontal(|ui| {
                    ui.label("every");
                    ui.add(egui::DragValue::new(&mut self.settings.backup_minutes).range(0..=1440))
                        .widget_info(|| {
                            egui::WidgetInfo::labeled(
                                egui::Role::SpinButton,
                                true,
                                "Backup minutes",
                            )
                        });
                    ui.label("minutes (0 = off), keeping");
                    ui.add(egui::DragValue::new(&mut self.settings.backups_kept).range(1..=100))
                        .widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::SpinButton, true, "Backups kept")
                        });
                });
                if let Some(path) = self.session.path() {
                    ui.weak(format!(
                        "in {}",
                        crate::store::backups_folder(path).display()
                    ));
                }
            });
        self.show_preferences = open;
    }

    fn poll_backups(&mut self, ctx: &Context) {
        match self.backups.tick(&self.session, &self.settings, ctx) {
            Some(Err(error)) => {
                self.message = Message::Error(format!("The backup failed: {error}"));
            }
            Some(Ok(path)) if self.announce_backup => {
                self.message = Message::Info(format!("Backed up to {}", path.display()));
            }
            _ => {}
        }
        if !self.backups.is_running() {
            self.announce_backup = false;
        }
    }

    fn poll_job(&mut self) {
        let Some(job) = &mut self.job else {
            return;
        };
        let Some(result) = job.poll() else {
            return;
        };
        let changes_project = job.changes_project;
        self.job = None;
        match result {
            Ok(summary) => self.message = Message::Info(summary),
            Err(error) => self.message = Message::Error(error),
        }
        if changes_project {
            if let Err(err) = self.session.reload() {
                self.message = Message::Error(err.to_string());
            }
            if self.session.open().is_none() {
                self.open_initial_document();
            }
        }
    }

    /// Applies one action; errors go to the status line, once.
    pub fn apply_action(&mut self, action: Action, ctx: Option<&Context>) {
        if let Err(message) = self.try_apply(action, ctx) {
            self.message = Message::Error(message);
        }
    }

    fn try_apply(&mut self, action: Action, ctx: Option<&Context>) -> Result<(), String> {
        let fail = |err: &dyn std::fmt::Display| err.to_string();
        match action {
            Action::OpenDocument(id) => {
                self.session.open_document(id).map_err(|e| fail(&e))?;
                let sticky = self.article_state.sticky_label;
                self.article_state = ArticleState {
                    sticky_label: sticky,
                    wants_focus: true,
                    ..ArticleState::default()
                };
                if let (Some(path), Some(open)) = (self.session.path_buf(), self.session.open_id())
                {
                    self.settings.remember_document(&path, open.0);
                }
            }
            Action::NextDocument | Action::PreviousDocument => {
                let step = if action == Action::NextDocument {
                    1
                } else {
                    -1
                };
                if let Some(id) = self.session.neighbour_document(step) {
                    self.try_apply(Action::OpenDocument(id), ctx)?;
                }
            }
            Action::MarkDoneAndNext => {
                self.try_apply(Action::SetDocumentStatus(DocumentStatus::Done), ctx)?;
                match self.session.next_unfinished() {
                    Some(id) => self.try_apply(Action::OpenDocument(id), ctx)?,
                    None => {
                        self.message = Message::Info("Marked done. Every document is done.".into())
                    }
                }
            }
            Action::SetDocumentStatus(status) => {
                let Some(id) = self.session.open_id() else {
                    return Ok(());
                };
                self.session
                    .perform(Command::SetDocumentStatus { id, status })
                    .map_err(|e| fail(&e))?;
                self.message = Message::Info(format!("Marked {}", status.display_name()));
            }
            Action::CreateSpan {
                start_char,
                end_char,
                label,
            } => {
                let span = self
                    .session
                    .create_span(start_char, end_char, label)
                    .map_err(|e| fail(&e))?;
                self.article_state.collapse_to(end_char);
                self.article_state.selected_span = Some(span);
                let text = self
                    .session
                    .open()
                    .map(|o| o.slice(start_char, end_char))
                    .unwrap_or_default();
                self.message = Message::Info(format!(
                    "Tagged “{}” as {}",
                    ellipsize(&text, 60),
                    self.session.schema().label_name(label)
                ));
            }
            Action::RelabelSpan { span, label } => {
                self.session
                    .relabel_span(span, label)
                    .map_err(|e| fail(&e))?;
                self.message = Message::Info(format!(
                    "Relabelled as {}",
                    self.session.schema().label_name(label)
                ));
            }
            Action::DeleteSpan(span) => {
                self.session
                    .perform(Command::DeleteSpan { id: span })
                    .map_err(|e| fail(&e))?;
                self.article_state.selected_span = None;
                self.message = Message::Info("Deleted the span (Ctrl+Z brings it back)".into());
            }
            Action::SetSpanAttribute { span, name, value } => {
                self.session
                    .perform(Command::SetSpanAttribute {
                        id: span,
                        name,
                        value,
                    })
                    .map_err(|e| fail(&e))?;
            }
            Action::SetSpanNote { span, note } => {
                self.session
                    .perform(Command::SetSpanNote { id: span, note })
                    .map_err(|e| fail(&e))?;
            }
            Action::SelectRelation(relation) => {
                self.article_state.selected_relation = relation;
                self.article_state.selected_span = None;
                self.article_state.wants_focus = true;
            }
            Action::PickRelationType { from, to } => {
                let (usable, _) = self.session.relation_types_for(from, to);
                match usable.as_slice() {
                    [only] => self.try_apply(
                        Action::CreateRelation {
                            from,
                            to,
                            label: *only,
                            any_labels: false,
                        },
                        ctx,
                    )?,
                    _ => self.article_state.relation_pick = Some((from, to)),
                }
            }
            Action::CreateRelation {
                from,
                to,
                label,
                any_labels,
            } => {
                self.article_state.relation_pick = None;
                self.article_state.relation_from = None;
                let relation = self
                    .session
                    .create_relation(from, to, label, any_labels)
                    .map_err(|e| fail(&e))?;
                self.article_state.selected_relation = Some(relation);
                self.article_state.selected_span = None;
                self.article_state.wants_focus = true;
                let text = |id| {
                    self.session
                        .open()
                        .and_then(|o| o.span(id).map(|s| o.slice(s.start_char(), s.end_char())))
                        .unwrap_or_default()
                };
                self.message = Message::Info(format!(
                    "Linked “{}” › “{}” as {}",
                    ellipsize(&text(from), 40),
                    ellipsize(&text(to), 40),
                    self.session.schema().label_name(label)
                ));
            }
            Action::DeleteRelation(relation) => {
                self.session
                    .perform(Command::DeleteRelation { id: relation })
                    .map_err(|e| fail(&e))?;
                self.article_state.selected_relation = None;
                self.message = Message::Info("Deleted the relation (Ctrl+Z brings it back)".into());
            }
            Action::RetypeRelation { relation, label } => {
                self.session
                    .perform(Command::RetypeRelation {
                        id: relation,
                        label,
                    })
                    .map_err(|e| fail(&e))?;
            }
            Action::SetRelationNote { relation, note } => {
                self.session
                    .perform(Command::SetRelationNote { id: relation, note })
                    .map_err(|e| fail(&e))?;
            }
            Action::SelectSpan { span, scroll } => {
                self.article_state.selected_span = span;
                self.article_state.selected_relation = None;
                if let Some(start) = span
                    .and_then(|id| self.session.open()?.span(id))
                    .map(|s| s.start_char())
                {
                    self.article_state.collapse_to(start);
                    if scroll {
                        self.article_state.scroll_to_char = Some(start);
                    }
                }
                self.article_state.wants_focus = true;
            }
            Action::Undo | Action::Redo => {
                let stepped = if action == Action::Undo {
                    self.session.undo()
                } else {
                    self.session.redo()
                };
                let verb = if action == Action::Undo {
                    "Undid"
                } else {
                    "Redid"
                };
                match stepped.map_err(|e| fail(&e))? {
                    Some(stepped) => {
                        self.message = Message::Info(format!("{verb} {}", stepped.description));
                        let open = self.session.open();
                        let still_there = self
                            .article_state
                            .selected_span
                            .is_some_and(|id| open.is_some_and(|o| o.span(id).is_some()));
                        if !still_there {
                            self.article_state.selected_span = None;
                        }
                    }
                    None => {
                        self.message = Message::Info(format!(
                            "Nothing to {}",
                            verb.to_lowercase().trim_end_matches('d')
                        ))
                    }
                }
            }
            Action::Import(paths) => {
                let project = self.project_path()?;
                self.start_job(ctx, |ctx| Job::import(project, paths, ctx))?;
            }
            Action::Export { path, format } => {
                let project = self.project_path()?;
                self.start_job(ctx, |ctx| Job::export(project, path, format, ctx))?;
            }
            Action::NewProject(path) => {
                if path.exists() {
                    return Err(format!(
                        "{} already exists; open it with File › Open project",
                        path.display()
                    ));
                }
                self.replace_session(Session::open_project(&path).map_err(|e| fail(&e))?);
                self.message = Message::Info(format!("Created {}", path.display()));
            }
            Action::OpenProject(path) => {
                let (store, read_only) = Store::open_or_read_only(&path).map_err(|e| fail(&e))?;
                self.replace_session(Session::new(store).map_err(|e| fail(&e))?);
                self.message = Message::Info(match read_only {
                    Some(reason) => format!("Opened {} read-only: {reason}", path.display()),
                    None => format!("Opened {}", path.display()),
                });
            }
            Action::SaveCopy(path) => {
                let project = self.project_path()?;
                self.start_job(ctx, |ctx| Job::save_copy(project, path, ctx))?;
            }
            Action::BackUpNow => {
                let ctx = ctx.cloned().unwrap_or_default();
                if self.backups.is_running() {
                    return Err("a backup is already running".into());
                }
                self.backups
                    .start(&self.session, self.settings.backups_kept, &ctx);
                self.announce_backup = true;
            }
            Action::CancelJob => {
                if let Some(job) = &self.job {
                    job.cancel();
                }
            }
            Action::ShowDialog(kind) => {
                let mut dialog = PathDialog::new(kind);
                // Straight to the native dialog where the desktop can show one.
                if let Some(ctx) = ctx.filter(|_| crate::ui::dialogs::native_dialogs_available()) {
                    dialog.browse(ctx);
                }
                self.dialog = Some(dialog);
            }
            Action::ShowShortcuts => self.show_shortcuts = true,
            Action::ShowSchemaEditor => self.schema_editor.open = true,
            Action::ChangeSchema(change) => {
                crate::ui::schema_change::apply(&mut self.session, change)?;
                self.schema_editor.reset_drafts();
            }
            Action::ImportSchema(path) => {
                let message = crate::ui::schema_change::import(&mut self.session, &path)?;
                self.schema_editor.reset_drafts();
                self.message = Message::Info(message);
            }
            Action::ExportSchema(path) => {
                crate::ui::schema_change::export(&self.session, &path)?;
                self.message = Message::Info(format!("Wrote the schema to {}", path.display()));
            }
            Action::ShowPreferences => self.show_preferences = true,
            Action::Quit => {
                if let Some(ctx) = ctx {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
        }
        Ok(())
    }

    fn project_path(&self) -> Result<std::path::PathBuf, String> {
        self.session
            .path_buf()
            .ok_or_else(|| "this project is not saved in a file".to_string())
    }

    fn start_job(
        &mut self,
        ctx: Option<&Context>,
        start: impl FnOnce(Context) -> Job,
    ) -> Result<(), String> {
        if let Some(job) = &self.job {
            return Err(format!("wait for “{}” to finish", job.title));
        }
        let ctx = ctx.cloned().unwrap_or_default();
        self.job = Some(start(ctx));
        Ok(())
    }

    fn replace_session(&mut self, session: Session) {
        self.session = session;
        self.session.annotator = self.settings.annotator_name();
        self.article_state = ArticleState::default();
        self.documents = DocumentList::default();
        self.backups.reset();
        if let Some(path) = self.session.path_buf() {
            self.settings.remember_project(&path);
        }
        self.open_initial_document();
    }

    /// Waits for a running job (tests and headless runs), then applies its result.
    pub fn wait_for_job(&mut self) {
        while self.job.is_some() {
            std::thread::sleep(std::time::Duration::from_millis(5));
            self.poll_job();
        }
    }
}

impl eframe::App for GlossatorApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.ui_main(ui);
        // For the cold-start benchmark (BENCHMARKS.md): close once the first
        // frame is drawn, so the process's run time is the time to it.
        if std::env::var_os("GLOSSATOR_QUIT_AFTER_FIRST_FRAME").is_some() {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.settings.save(storage);
    }
}
