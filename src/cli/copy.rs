use std::path::PathBuf;

use clap::Args;

use crate::store::Store;

/// Copy a whole project into a new one, losslessly: every document, layer,
/// span, relation, attribute, assignment, suggestion and the label schema,
/// each with its id and times (`export --layer all` of both is the same).
/// All or nothing: when the copy fails, no project is left at DEST.
#[derive(Debug, Args)]
pub struct CopyArgs {
    /// The project to copy (only read).
    pub source: PathBuf,
    /// Where the new project goes (must not exist yet).
    pub dest: PathBuf,
}

pub fn run(args: CopyArgs) -> anyhow::Result<()> {
    let source = Store::open_read_only(&args.source, "a copy reads only")?;
    let summary = crate::store::copy_to_new_file(&source, &args.dest)?;
    outln!(
        "Copied {} to {}: {} documents, {} layers, {} spans, {} relations.",
        args.source.display(),
        args.dest.display(),
        summary.rows_of("documents"),
        summary.rows_of("layers"),
        summary.rows_of("spans"),
        summary.rows_of("relations")
    );
    Ok(())
}
