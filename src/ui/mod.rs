//! The eframe app. Only this module knows egui.

mod app;

use std::path::PathBuf;

pub use app::GlossatorApp;

/// Opens the window on `project`, or on the default project when None.
pub fn run(project: Option<PathBuf>) -> anyhow::Result<()> {
    let is_default = project.is_none();
    let path = match project {
        Some(path) => path,
        None => crate::project::default_project_path()?,
    };
    let store = crate::project::open_for_app(&path, is_default)?;
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Glossator")
            .with_inner_size([1280.0, 820.0])
            .with_min_inner_size([640.0, 400.0]),
        ..Default::default()
    };
    eframe::run_native(
        "Glossator",
        options,
        Box::new(move |_cc| Ok(Box::new(GlossatorApp::new(store)?))),
    )
    .map_err(|err| anyhow::anyhow!("cannot open the window: {err}"))
}
