//! The app: owns the session and the view state, draws the panels and
//! windows, and applies the actions they return at the end of the frame.
//!
//! - `frame.rs`: one frame, top to bottom (what is drawn where).
//! - `apply.rs`: what each action does (edits go to the session).
//! - `windows.rs`: which windows are open, and drawing them.
//! - `background.rs`: the running job and backups, polled each frame.

mod apply;
mod background;
mod frame;
mod windows;

use crate::session::{IdleCheckpoint, Session};
use crate::ui::action::Action;
use crate::ui::article::{ArticleState, ArticleView};
use crate::ui::backups::PeriodicBackups;
use crate::ui::jobs::Job;
use crate::ui::panels::documents::DocumentList;
use crate::ui::panels::inspector::Inspector;
use crate::ui::panels::status::{Message, StatusLine};
use crate::ui::settings::Settings;

use windows::Windows;

pub struct GlossatorApp {
    /// The window's context, kept from creation: background work wakes the
    /// window through it.
    ctx: egui::Context,
    session: Session,
    settings: Settings,
    article: ArticleView,
    article_state: ArticleState,
    documents: DocumentList,
    inspector: Inspector,
    status: StatusLine,
    windows: Windows,
    job: Option<Job>,
    backups: PeriodicBackups,
    /// Folds the write-ahead log into the project file when edits pause.
    checkpoint: IdleCheckpoint,
    /// Whether the running backup was asked for (Back up now) and should say
    /// where it went; automatic ones speak only when they fail.
    announce_backup: bool,
    /// Counts the projects opened in this window. The panels' widget ids are
    /// salted with it, so what egui remembers per widget (scroll positions,
    /// open combo boxes, text being edited) never carries into another
    /// project, whose documents and spans reuse the same ids.
    project_epoch: u64,
}

impl GlossatorApp {
    /// Opens the document the user had open last in this project, else the first.
    pub fn new(ctx: &egui::Context, session: Session, settings: Settings) -> Self {
        let mut app = Self {
            ctx: ctx.clone(),
            session,
            settings,
            article: ArticleView::default(),
            article_state: ArticleState::default(),
            documents: DocumentList::default(),
            inspector: Inspector::default(),
            status: StatusLine::default(),
            windows: Windows::default(),
            job: None,
            backups: PeriodicBackups::default(),
            announce_backup: false,
            project_epoch: 0,
            checkpoint: IdleCheckpoint::default(),
        };
        if let Err(err) = app.session.set_annotator(app.settings.annotator_name()) {
            app.status.error(err);
        }
        if let Some(path) = app.session.path_buf() {
            app.settings.remember_project(&path);
        }
        app.open_initial_document();
        app
    }

    /// On the first start, asks for the annotator's name (once; View ›
    /// Preferences changes it later).
    pub fn ask_annotator_once(&mut self) {
        if self.settings.annotator.trim().is_empty() && !self.settings.asked_annotator {
            self.windows.preferences_open = true;
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

    /// What the status line shows: the oldest error not yet dismissed, else
    /// the latest message.
    pub fn message(&self) -> Message {
        self.status.shown()
    }

    pub fn article(&self) -> &ArticleView {
        &self.article
    }

    /// Whether an import or export is running.
    pub fn job_running(&self) -> bool {
        self.job.is_some()
    }

    /// Applies one action as if a panel had returned it; errors go to the
    /// status line, once.
    pub fn apply_action(&mut self, action: Action) {
        if let Err(error) = self.try_apply(action) {
            self.status.error(error);
        }
    }
}

impl eframe::App for GlossatorApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
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

    /// The window closes: a note typed and not yet saved is saved, and the
    /// project file alone holds everything (no edits left in the `-wal`).
    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.close_project();
    }
}
