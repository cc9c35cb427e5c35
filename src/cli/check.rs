use std::path::PathBuf;

use clap::Args;

use crate::store::Store;

/// Check a project file: SQLite's integrity check, foreign keys, and that every
/// span and relation lies inside its document. Changes nothing.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The project file.
    pub project: PathBuf,
}

pub fn run(args: CheckArgs) -> anyhow::Result<()> {
    let store = Store::open_read_only(&args.project, "check reads only")?;
    let problems = store.check_integrity()?;
    if problems.is_empty() {
        outln!("{}: ok", args.project.display());
        return Ok(());
    }
    for problem in &problems {
        outln!("{problem}");
    }
    anyhow::bail!(
        "{}: {} problem(s) found; restore a copy from {}",
        args.project.display(),
        problems.len(),
        crate::store::backups_folder(&args.project).display()
    )
}
