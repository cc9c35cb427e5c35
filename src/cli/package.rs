use std::path::PathBuf;

use clap::Args;

use crate::store::Store;

/// Write an annotator's package: a project file with the schema, the
/// documents assigned to them and their own layers of those documents (so a
/// package can be issued again after corrections). Opened in the app, it
/// works as that annotator; `glossator merge` brings it back.
#[derive(Debug, Args)]
pub struct PackageArgs {
    /// The project file.
    pub project: PathBuf,
    /// Whose package.
    #[arg(long)]
    pub annotator: String,
    /// The package file to write (a new file).
    #[arg(long, short)]
    pub output: PathBuf,
}

pub fn run(args: PackageArgs) -> anyhow::Result<()> {
    let store = Store::open_read_only(&args.project, "packaging only")?;
    let summary = store.write_package(&args.annotator, &args.output)?;
    outln!(
        "Wrote {}: {}'s package, {} documents, {} layers ({} spans, {} relations).",
        args.output.display(),
        args.annotator,
        summary.documents,
        summary.layers,
        summary.spans,
        summary.relations
    );
    Ok(())
}
