//! The eframe app. Only this module knows egui.

pub mod action;
mod app;
pub mod article;
mod backups;
pub mod command;
pub mod curation;
pub mod error;
pub mod fonts;
pub mod jobs;
pub mod layers_view;
mod menus;
pub mod panels;
pub mod promise;
pub mod settings;
pub mod suggestions;
pub mod theme;
pub mod windows;

use std::path::PathBuf;

pub use app::GlossatorApp;

use crate::project::{default_project_path, open_for_app, open_for_app_as, PROJECT_ENV};
use crate::session::Session;
use settings::Settings;

/// Which project the window opens, decided before it exists so that a bad
/// path is reported on the command line.
enum StartProject {
    /// Named on the command line or by $GLOSSATOR_DB.
    Given(PathBuf, bool),
    /// The last project used, else the default one (needs the saved settings).
    LastOrDefault,
}

/// Opens the window on `project`, or on the last project used, or on the
/// default project (seeded with the sample the first time).
pub fn run(project: Option<PathBuf>) -> anyhow::Result<()> {
    let start = match project {
        Some(path) => StartProject::Given(path, false),
        None if std::env::var_os(PROJECT_ENV).is_some_and(|v| !v.is_empty()) => {
            StartProject::Given(default_project_path()?, true)
        }
        None => StartProject::LastOrDefault,
    };
    // Open an explicit project now: errors belong on stderr, not in a window.
    let mut given = match &start {
        StartProject::Given(path, is_default) => {
            // The preferences are not loaded yet: a file from before layers
            // gives its unattributed work to its one annotator or `unknown`.
            Some(Session::new(open_for_app(path, *is_default)?)?)
        }
        StartProject::LastOrDefault => None,
    };
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Glossator")
        .with_app_id("glossator")
        .with_inner_size([1360.0, 860.0])
        .with_min_inner_size([720.0, 420.0]);
    // The bundled icon is ours and checked by a test; a window without it still works.
    if let Ok(icon) = window_icon() {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        ..Default::default()
    };
    eframe::run_native(
        "Glossator",
        options,
        Box::new(move |cc| {
            fonts::install(&cc.egui_ctx);
            let settings = Settings::load(cc.storage);
            let (session, last_server) = match given.take() {
                Some(session) => (session, None),
                None => open_last_or_default(&settings)?,
            };
            let mut app = GlossatorApp::new(&cc.egui_ctx, session, settings);
            // Opened in the window: a password the server wants and none
            // gave is asked for there, and any failure said there.
            if let Some(url) = last_server {
                app.apply_action(action::Action::OpenProject(url));
            }
            app.ask_annotator_once();
            Ok(Box::new(app))
        }),
    )
    .map_err(|err| anyhow::anyhow!("cannot open the window: {err}"))
}

/// The window's icon: assets/icon/glossator-256.png, compiled in.
pub fn window_icon() -> Result<egui::IconData, String> {
    eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icon/glossator-256.png"))
        .map_err(|err| err.to_string())
}

/// The last project used, else the default one; a last project on a server
/// is returned apart, for the window to open (it may ask for a password).
fn open_last_or_default(settings: &Settings) -> anyhow::Result<(Session, Option<PathBuf>)> {
    let last_server = settings
        .last_project()
        .filter(|p| crate::store::ProjectLocation::from(*p).is_server())
        .map(PathBuf::from);
    if let Some(last) = settings.last_project().filter(|p| p.exists()) {
        let annotator = settings.annotator_name();
        if let Ok(session) = crate::store::Store::open_or_read_only_as(last, annotator.as_deref())
            .map_err(anyhow::Error::from)
            .and_then(|(store, _)| Ok(Session::new(store)?))
        {
            return Ok((session, None));
        }
    }
    let path = default_project_path()?;
    let annotator = settings.annotator_name();
    let session = Session::new(open_for_app_as(&path, true, annotator.as_deref())?)?;
    Ok((session, last_server))
}
