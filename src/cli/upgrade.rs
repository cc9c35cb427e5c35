use std::path::PathBuf;

use clap::Args;

use crate::store::{OpenMode, Store, CURRENT_SCHEMA_VERSION};

/// Upgrade a project file to this Glossator's schema version (a copy of the
/// file as it was is kept beside it). Opening a project to edit it does the
/// same; read-only commands (export, stats) need it done first.
#[derive(Debug, Args)]
pub struct UpgradeArgs {
    /// The project file.
    pub project: PathBuf,
    /// From a file older than layers: whose layers its annotations go to
    /// when it names no annotator or several (default: its only annotator,
    /// else `unknown`).
    #[arg(long, value_name = "NAME")]
    pub annotator: Option<String>,
}

pub fn run(args: UpgradeArgs) -> anyhow::Result<()> {
    if let Some(name) = &args.annotator {
        if let Some(problem) = crate::model::layer::annotator_name_problem(name) {
            anyhow::bail!("{problem}");
        }
    }
    Store::open_as(&args.project, OpenMode::Existing, args.annotator.as_deref())?;
    outln!(
        "{} is at schema version {CURRENT_SCHEMA_VERSION}",
        args.project.display()
    );
    Ok(())
}
