//! Imports, exports and copies run in the background with their own
//! connection to the project file, reporting progress; the UI keeps drawing
//! and can cancel.

use std::path::{Path, PathBuf};

use crate::formats::export::{export_to_path, ExportOptions, ExportReport};
use crate::formats::export_layers::resolve_export_layers;
use crate::formats::import::plural;
use crate::formats::{collect_import_files, import_files_with};
use crate::model::LabelId;
use crate::session::label_removal::remove_label_in_file;
use crate::store::{OpenMode, Store};
use crate::suggest::{run_source, DocumentFilter, SourceConfig};
use crate::ui::error::UiError;
use crate::ui::panels::status::Topic;
use crate::ui::promise::{Progress, Promise};

pub use crate::formats::export::ExportFormat;

/// A running job, polled once per frame.
pub struct Job {
    pub title: String,
    /// Whether finishing changes the project (then the UI reloads it).
    pub changes_project: bool,
    /// What it is, for the status line: its success makes earlier errors
    /// of the same kind stale.
    pub topic: Topic,
    work: Promise<Result<String, UiError>>,
}

impl Job {
    /// Imports `inputs`; what names no annotator goes to `annotator`'s layers.
    pub fn import(
        project: PathBuf,
        inputs: Vec<PathBuf>,
        annotator: String,
        ctx: &egui::Context,
    ) -> Self {
        let title = match inputs.as_slice() {
            [one] => format!("Importing {}", file_name(one)),
            many => format!("Importing {} files", many.len()),
        };
        Self::spawn(title, Topic::Import, ctx, move |progress| {
            run_import(&project, &inputs, &annotator, progress)
        })
    }

    pub fn export(
        project: PathBuf,
        output: PathBuf,
        format: ExportFormat,
        ctx: &egui::Context,
    ) -> Self {
        let title = format!("Exporting to {}", file_name(&output));
        Self::spawn(title, Topic::Export, ctx, move |progress| {
            run_export(&project, &output, format, progress)
        })
    }

    /// Removes a label used by many annotations, moving them to
    /// `replacement`, on a connection of its own: the window keeps drawing
    /// and shows how far it is (edits wait, as for an import).
    pub fn remove_label(
        project: PathBuf,
        label: (LabelId, String),
        replacement: Option<(LabelId, String)>,
        ctx: &egui::Context,
    ) -> Self {
        let title = format!("Removing the label {}", label.1);
        Self::spawn(title, Topic::Schema, ctx, move |progress| {
            let moved = remove_label_in_file(
                &project,
                label.0,
                replacement.as_ref().map(|r| r.0),
                &mut |done, total| progress.set(done, total),
            )?;
            Ok(match replacement {
                Some((_, name)) => format!(
                    "Removed {}: its {} and {} are now {name}",
                    label.1,
                    plural(moved.spans, "span"),
                    plural(moved.relations, "relation")
                ),
                None => format!("Removed {}", label.1),
            })
        })
    }

    /// Runs a suggestion source over the documents with its own connection
    /// (a model or a command may take minutes), storing for `annotator`.
    pub fn suggest(
        project: PathBuf,
        config: SourceConfig,
        filter: DocumentFilter,
        annotator: Option<String>,
        ctx: &egui::Context,
    ) -> Self {
        let title = format!("Suggesting ({})", config.name());
        Self::spawn(title, Topic::Suggestions, ctx, move |progress| {
            let (mut store, _) = Store::open(&project, OpenMode::Existing)?;
            let report = run_source(
                &mut store,
                &config,
                &filter,
                annotator.as_deref(),
                &mut |done, total| {
                    progress.set(done, total);
                    !progress.cancelled()
                },
            )?;
            Ok(report.to_string())
        })
    }

    /// Runs a merge strategy over every document on a connection of its
    /// own, in one transaction (cancelling writes nothing).
    pub fn curate(
        project: PathBuf,
        options: crate::curate::CurateOptions,
        ctx: &egui::Context,
    ) -> Self {
        let title = format!("Curating ({})", options.strategy.name());
        Self::spawn(title, Topic::Curation, ctx, move |progress| {
            let (mut store, _) = Store::open(&project, OpenMode::Existing)?;
            let report = crate::curate::curate(&mut store, &options, &mut |done, total| {
                progress.set(done, total);
                !progress.cancelled()
            })?;
            Ok(curation_summary(&report))
        })
    }

    /// A complete copy of the project through the SQLite backup API, from its
    /// own read-only connection: the user keeps editing meanwhile.
    pub fn save_copy(project: PathBuf, dest: PathBuf, ctx: &egui::Context) -> Self {
        let title = format!("Saving a copy to {}", file_name(&dest));
        Self::spawn(title, Topic::Copy, ctx, move |_| {
            let store = Store::open_read_only(&project, "copying only")?;
            store.save_copy(&dest)?;
            Ok(format!("Saved a copy to {}", dest.display()))
        })
    }

    fn spawn(
        title: String,
        topic: Topic,
        ctx: &egui::Context,
        work: impl FnOnce(&Progress) -> Result<String, UiError> + Send + 'static,
    ) -> Self {
        Self {
            title,
            // Imports, schema changes, suggestion and curation runs write to
            // the project.
            changes_project: matches!(
                topic,
                Topic::Import | Topic::Schema | Topic::Suggestions | Topic::Curation
            ),
            topic,
            work: Promise::spawn(ctx, work),
        }
    }

    pub fn cancel(&self) {
        self.work.cancel();
    }

    /// Whether Cancel can stop it (a schema change runs to its end: it is
    /// one transaction, over in seconds).
    pub fn cancellable(&self) -> bool {
        self.topic != Topic::Schema
    }

    /// The summary for the status line, or the error, once finished.
    pub fn poll(&mut self) -> Option<Result<String, UiError>> {
        let result = self.work.poll()?;
        Some(result.unwrap_or_else(|_| Err(UiError::WorkerLost(format!("“{}”", self.title)))))
    }

    pub fn fraction(&self) -> f32 {
        self.work.fraction()
    }
}

/// A curation run in one line, for the status line.
fn curation_summary(report: &crate::curate::CurationReport) -> String {
    let removed = if report.removed > 0 {
        format!(
            "removed {} first; ",
            plural(report.removed, "gold annotation")
        )
    } else {
        String::new()
    };
    format!(
        "Curated {} of {} ({}): {removed}{} accepted into gold, {} disputed, {} left with one vote, {} kept as decided before; {} accepted",
        plural(report.curated, "document"),
        report.documents,
        report.strategy,
        report.spans.accepted,
        report.spans.disputed,
        report.spans.left,
        report.spans.kept,
        plural(report.relations_accepted, "relation"),
    )
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
    annotator: &str,
    progress: &Progress,
) -> Result<String, UiError> {
    let (files, walk_notices) = collect_import_files(inputs, None)?;
    let (mut store, _) = Store::open(project, OpenMode::Existing)?;
    // Progress in thousandths of the bytes to read: a 100,000-document file
    // wakes the window a thousand times, not a hundred thousand.
    let mut last_sent = usize::MAX;
    let options = crate::formats::ImportOptions {
        default_annotator: Some(annotator.to_string()),
        ..Default::default()
    };
    let report = import_files_with(
        &mut store,
        &files,
        walk_notices,
        &options,
        &mut |done, total| {
            let permille = done * 1000 / total.max(1);
            if permille != last_sent {
                last_sent = permille;
                progress.set(permille, 1000);
            }
            !progress.cancelled()
        },
    )?;
    Ok(report.to_string().trim_end().to_string())
}

fn run_export(
    project: &Path,
    output: &Path,
    format: ExportFormat,
    progress: &Progress,
) -> Result<String, UiError> {
    let store = Store::open_read_only(project, "exporting only")?;
    let layers = resolve_export_layers(&store, format, None)?;
    let summary = export_to_path(
        &store,
        format,
        ExportOptions::default(),
        &layers,
        output,
        &mut |done, total| {
            progress.set(done, total);
            !progress.cancelled()
        },
    )?;
    let mut message = ExportReport {
        summary: &summary,
        output,
    }
    .to_string();
    if let Some(first_line_end) = message.find('\n') {
        // The status line shows the first line: say there is more to read.
        message.insert_str(
            first_line_end,
            " — not everything fits this format; hover for what was left out",
        );
    }
    Ok(message)
}
