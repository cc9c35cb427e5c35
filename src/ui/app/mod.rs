//! The app: owns the session and the view state, draws the panels and
//! windows, and applies the actions they return at the end of the frame.
//!
//! - `frame.rs`: one frame, top to bottom (what is drawn where).
//! - `apply.rs`: what each action does (edits go to the session).
//! - `windows.rs`: which windows are open, and drawing them.
//! - `background.rs`: the running job and backups, polled each frame.
//! - `busy.rs`: what waits, and what is refused, while a job holds the project.
//! - `documents.rs`: the document tools (rename, delete, status, unfinished).

mod apply;
mod background;
mod busy;
mod curation;
mod documents;
mod frame;
mod live;
mod review;

mod suggestions;
mod windows;

use crate::session::{IdleCheckpoint, Session};
use crate::ui::action::Action;
use crate::ui::article::{ArticleState, ArticleView};
use crate::ui::backups::PeriodicBackups;
use crate::ui::jobs::Job;
use crate::ui::panels::documents::DocumentList;
use crate::ui::panels::inspector::Inspector;
use crate::ui::panels::status::{Message, StatusLine, Topic};

use crate::ui::panels::search::SearchPanel;
use crate::ui::settings::Settings;
use crate::ui::suggestions::SuggestionsState;
use crate::ui::windows::suggestions::SuggestionsWindow;

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
    search: SearchPanel,
    status: StatusLine,
    windows: Windows,
    job: Option<Job>,
    backups: PeriodicBackups,
    /// Folds the write-ahead log into the project file when edits pause.
    checkpoint: IdleCheckpoint,
    /// Notes typed while an import holds the project: saved when it ends, so
    /// nothing typed is lost (every other edit is refused meanwhile).
    held_notes: Vec<crate::session::Edit>,
    /// Whether the running backup was asked for (Back up now) and should say
    /// where it went; automatic ones speak only when they fail.
    announce_backup: bool,
    /// Counts the projects opened in this window. The panels' widget ids are
    /// salted with it, so what egui remembers per widget (scroll positions,
    /// open combo boxes, text being edited) never carries into another
    /// project, whose documents and spans reuse the same ids.
    project_epoch: u64,
    /// The annotators compared when a document was opened from the agreement
    /// report: N / Shift+N step through the spans they disagree on.
    review: Option<Vec<String>>,
    /// Which of the compared spans N last went to (several layers may have a
    /// span at the same offsets).
    review_at: Option<usize>,

    /// The open document's suggestions and the threshold of "accept all".
    suggestions: SuggestionsState,
    /// View › Layers: other annotators' layers drawn beside mine.
    layers_view: crate::ui::layers_view::LayersView,
    /// Project › Suggestions…, and whether it is open.
    suggestions_window: SuggestionsWindow,
    suggestions_window_open: bool,
    /// Project › Curate…: curation mode and its candidates.
    curation: crate::ui::curation::CurationView,
    /// Each document's undecided candidates, for the document list.
    curation_progress: crate::ui::curation::ProgressCounter,
    /// Merge by strategy…, and whether it is open.
    curate_window: crate::ui::windows::curate::CurateWindow,
    curate_window_open: bool,
    /// A server project's listener for other sessions' changes.
    live: live::Live,
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
            search: SearchPanel::default(),
            status: StatusLine::default(),
            windows: Windows::default(),
            job: None,
            backups: PeriodicBackups::default(),
            announce_backup: false,
            held_notes: Vec::new(),
            project_epoch: 0,
            checkpoint: IdleCheckpoint::default(),
            review: None,
            review_at: None,

            suggestions: SuggestionsState::default(),
            layers_view: Default::default(),
            suggestions_window: SuggestionsWindow::default(),
            suggestions_window_open: false,
            curation: Default::default(),
            curation_progress: Default::default(),
            curate_window: Default::default(),
            curate_window_open: false,
            live: live::Live::default(),
        };
        if let Err(err) = app.session.set_annotator(app.settings.annotator_name()) {
            app.status.error(err);
        }
        app.fail_fast_on_a_busy_project();
        app.start_live();
        if let Some(path) = app.session.location() {
            app.settings.remember_project(&path);
        }
        app.open_initial_document();
        app
    }

    /// On the first start, asks for the annotator's name (once; View ›
    /// Preferences changes it later). Not in a package: it names its
    /// annotator, whatever the preferences say.
    pub fn ask_annotator_once(&mut self) {
        // A package and a server project name their annotator themselves.
        if self.session.package_annotator().is_some()
            || self.session.store().server_user().is_some()
        {
            return;
        }
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

    /// The Search panel (its hits, for tests).
    pub fn search_panel(&self) -> &SearchPanel {
        &self.search
    }

    pub fn article(&self) -> &ArticleView {
        &self.article
    }

    /// The agreement report once computed (Project › Agreement…).
    pub fn agreement_report(&self) -> Option<&crate::agreement::AgreementReport> {
        self.windows.agreement.report()
    }

    /// Whether the Agreement or Statistics window is still computing.
    pub fn reports_running(&self) -> bool {
        self.windows.agreement.is_running() || self.windows.statistics.is_running()
    }

    /// The Statistics window's numbers once counted.
    pub fn project_charts(&self) -> Option<&crate::agreement::statistics::ProjectCharts> {
        self.windows.statistics.charts()
    }

    /// Whether curation mode is on (Project › Curate…).
    pub fn is_curating(&self) -> bool {
        self.curation.is_active()
    }

    /// The open document's curation candidates while curating (tests).
    pub fn curation_candidates(&self) -> &[crate::curate::SpanCandidate] {
        self.curation.candidates(&self.session)
    }

    /// The open document's relation candidates (ends in gold) while
    /// curating (tests).
    pub fn curation_relations(&self) -> &[crate::curate::RelationCandidate] {
        self.curation.relations(&self.session)
    }

    /// The candidate the curation keys act on now (tests).
    pub fn curation_target(&self) -> Option<crate::ui::curation::Stop> {
        self.curation
            .target(&self.session, &self.article_state)
            .map(|t| t.stop())
    }

    /// What the article draws of the relation candidates this frame (tests).
    pub fn curation_arcs(&self) -> Vec<crate::ui::article::CandidateArc> {
        let dark = self.ctx.theme() == egui::Theme::Dark;
        self.curation
            .overlay(&self.session, &self.article_state, dark)
            .arcs
            .to_vec()
    }

    /// How many candidates (spans and relations) are undecided.
    pub fn curation_undecided(&self) -> usize {
        self.curation.undecided(&self.session)
    }

    /// The document list's curation counts, once counted.
    pub fn curation_progress(&self) -> &crate::ui::curation::CurationProgress {
        self.curation_progress.progress()
    }

    /// Waits for the curation counts to be current (tests).
    pub fn wait_for_curation_progress(&mut self) {
        for _ in 0..2000 {
            if !self.curation_progress.is_counting() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
            let keep = self.project_job().is_none();
            if let Err(error) = self
                .curation_progress
                .tick(&mut self.session, &self.ctx, keep)
            {
                self.status.error(error);
            }
        }
    }

    /// Whether an import or export is running.
    pub fn job_running(&self) -> bool {
        self.job.is_some()
    }

    /// Applies one action as if a panel had returned it; errors go to the
    /// status line, once.
    pub fn apply_action(&mut self, action: Action) {
        let from_dialog = action.is_from_path_dialog();
        let topic = Topic::of(&action);
        let had_job = self.job.is_some();
        let held = self.held_notes.len();
        let result = self.try_apply(action);
        // An action that started a job is judged when the job ends, a note
        // held for an import when it is saved.
        let pending = !had_job && self.job.is_some() || self.held_notes.len() > held;
        if from_dialog && !pending {
            self.windows.dialog_finished(result.is_ok());
        }
        match result {
            Err(error) => self.status.error_about(topic, error),
            Ok(()) if !pending => self.status.succeeded(topic),
            Ok(()) => {}
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
