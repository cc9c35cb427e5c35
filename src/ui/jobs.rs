//! Imports and exports run on a worker thread with their own connection to
//! the project file, reporting progress; the UI keeps drawing and can cancel.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Arc;

use crate::formats::export::{export_to_path, ExportOptions};
use crate::formats::{collect_import_files, import_files, ImportError};
use crate::store::{OpenMode, Store};

pub use crate::formats::export::ExportFormat;

/// What a job tells the UI.
#[derive(Debug)]
pub enum JobEvent {
    Progress {
        done: usize,
        total: usize,
    },
    /// Finished: a summary for the status line, or the error.
    Finished(Result<String, String>),
}

/// A running job, polled once per frame.
pub struct Job {
    pub title: String,
    pub done: usize,
    pub total: usize,
    /// Whether finishing changes the project (then the UI reloads it).
    pub changes_project: bool,
    cancel: Arc<AtomicBool>,
    events: Receiver<JobEvent>,
}

impl Job {
    pub fn import(project: PathBuf, inputs: Vec<PathBuf>, ctx: egui::Context) -> Self {
        let title = match inputs.as_slice() {
            [one] => format!("Importing {}", file_name(one)),
            many => format!("Importing {} files", many.len()),
        };
        Self::spawn(title, true, ctx, move |cancel, send| {
            run_import(&project, &inputs, cancel, send)
        })
    }

    pub fn export(
        project: PathBuf,
        output: PathBuf,
        format: ExportFormat,
        ctx: egui::Context,
    ) -> Self {
        let title = format!("Exporting to {}", file_name(&output));
        Self::spawn(title, false, ctx, move |cancel, send| {
            run_export(&project, &output, format, cancel, send)
        })
    }

    /// A complete copy of the project through the SQLite backup API, from its
    /// own read-only connection: the user keeps editing meanwhile.
    pub fn save_copy(project: PathBuf, dest: PathBuf, ctx: egui::Context) -> Self {
        let title = format!("Saving a copy to {}", file_name(&dest));
        Self::spawn(title, false, ctx, move |_, _| {
            let store =
                Store::open_read_only(&project, "copying only").map_err(|e| e.to_string())?;
            store.save_copy(&dest).map_err(|e| e.to_string())?;
            Ok(format!("Saved a copy to {}", dest.display()))
        })
    }

    fn spawn(
        title: String,
        changes_project: bool,
        ctx: egui::Context,
        work: impl FnOnce(&AtomicBool, &dyn Fn(JobEvent)) -> Result<String, String> + Send + 'static,
    ) -> Self {
        let cancel = Arc::new(AtomicBool::new(false));
        let (sender, events) = channel();
        let worker_cancel = Arc::clone(&cancel);
        std::thread::spawn(move || {
            let send = |event: JobEvent| {
                let _ = Sender::send(&sender, event);
                ctx.request_repaint();
            };
            let result = work(&worker_cancel, &send);
            send(JobEvent::Finished(result));
        });
        Self {
            title,
            done: 0,
            total: 0,
            changes_project,
            cancel,
            events,
        }
    }

    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Takes the events that arrived; returns the result once finished.
    pub fn poll(&mut self) -> Option<Result<String, String>> {
        while let Ok(event) = self.events.try_recv() {
            match event {
                JobEvent::Progress { done, total } => {
                    self.done = done;
                    self.total = total;
                }
                JobEvent::Finished(result) => return Some(result),
            }
        }
        None
    }

    pub fn fraction(&self) -> f32 {
        if self.total == 0 {
            0.0
        } else {
            self.done as f32 / self.total as f32
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn run_import(
    project: &Path,
    inputs: &[PathBuf],
    cancel: &AtomicBool,
    send: &dyn Fn(JobEvent),
) -> Result<String, String> {
    let fail = |err: ImportError| err.to_string();
    let (files, walk_notices) = collect_import_files(inputs, None).map_err(fail)?;
    let (mut store, _) = Store::open(project, OpenMode::Existing).map_err(|e| e.to_string())?;
    // Progress in thousandths of the bytes to read: a 100,000-document file
    // sends a thousand events, not a hundred thousand.
    let mut last_sent = usize::MAX;
    let report = import_files(&mut store, &files, walk_notices, &mut |done, total| {
        let permille = done * 1000 / total.max(1);
        if permille != last_sent {
            last_sent = permille;
            send(JobEvent::Progress {
                done: permille,
                total: 1000,
            });
        }
        !cancel.load(Ordering::Relaxed)
    })
    .map_err(fail)?;
    Ok(report.to_string().trim_end().to_string())
}

fn run_export(
    project: &Path,
    output: &Path,
    format: ExportFormat,
    cancel: &AtomicBool,
    send: &dyn Fn(JobEvent),
) -> Result<String, String> {
    let store = Store::open_read_only(project, "exporting only").map_err(|e| e.to_string())?;
    let summary = export_to_path(
        &store,
        format,
        ExportOptions::default(),
        output,
        &mut |done, total| {
            send(JobEvent::Progress { done, total });
            !cancel.load(Ordering::Relaxed)
        },
    )
    .map_err(|e| format!("{e:#}"))?;
    let mut message = format!(
        "Exported {} documents, {} spans, {} relations to {}",
        summary.documents,
        summary.spans,
        summary.relations,
        output.display()
    );
    if !summary.notices.is_empty() {
        // The status line shows the first line: say there is more to read.
        message += " — not everything fits this format; hover for what was left out";
    }
    for notice in summary.notices {
        message += &format!("\n{notice}");
    }
    Ok(message)
}
