use std::path::PathBuf;

use clap::Args;

use crate::store::{Store, DEFAULT_BACKUPS_KEPT};

/// Copy a project safely, even while the app edits it (SQLite backup API).
///
/// With --to, writes the copy there; otherwise adds a timestamped copy to the
/// project's .backups folder and keeps the newest --keep of them.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The project file.
    pub project: PathBuf,
    /// Where to write the copy.
    #[arg(long)]
    pub to: Option<PathBuf>,
    /// How many timestamped backups to keep in the .backups folder.
    #[arg(long, default_value_t = DEFAULT_BACKUPS_KEPT)]
    pub keep: usize,
}

pub fn run(args: BackupArgs) -> anyhow::Result<()> {
    // Opening first gives the same clear errors as every other command for a
    // missing, foreign or damaged file.
    let store = Store::open_read_only(&args.project, "a backup reads only")?;
    let written = match &args.to {
        Some(dest) => {
            store.save_copy(dest)?;
            dest.clone()
        }
        None => store.write_periodic_backup(args.keep)?,
    };
    outln!("Wrote {}", written.display());
    Ok(())
}
