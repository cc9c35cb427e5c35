use std::path::PathBuf;

use clap::Args;

use crate::store::{OpenMode, Store};
use crate::team::merge_packages;

/// Merge annotators' packages back into the project: each package's layers
/// are taken where the project's did not change since the package was made;
/// where both changed, the package's version is kept as `NAME (conflict N)`.
/// All of it or, on any error, nothing. Merging a package twice changes
/// nothing the second time.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The project file.
    pub project: PathBuf,
    /// Package files (from glossator package).
    #[arg(required = true)]
    pub packages: Vec<PathBuf>,
}

pub fn run(args: MergeArgs) -> anyhow::Result<()> {
    let (mut store, _) = Store::open(&args.project, OpenMode::Existing)?;
    store.refuse_if_damaged()?;
    let report = merge_packages(&mut store, &args.packages)?;
    out!("{report}");
    Ok(())
}
