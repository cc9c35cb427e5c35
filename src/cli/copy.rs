use std::path::PathBuf;

use clap::Args;

use crate::store::{copy_project, ProjectLocation, Store};

/// Copy a whole project into a new one, in either direction between a file
/// and a server, losslessly: every document, layer, span, relation,
/// attribute, assignment, suggestion and the label schema, each with its id
/// and times (`export --layer all` of both is the same). All or nothing:
/// when the copy fails, no project is left at DEST.
#[derive(Debug, Args)]
pub struct CopyArgs {
    /// The project to copy (only read): a file, or postgres://user@host/database.
    pub source: PathBuf,
    /// Where the new project goes: a file that does not exist yet, or a
    /// server database that holds no project yet.
    pub dest: PathBuf,
}

pub fn run(args: CopyArgs) -> anyhow::Result<()> {
    let source_at = ProjectLocation::from(args.source);
    let dest_at = ProjectLocation::from(args.dest);
    let source = match &source_at {
        ProjectLocation::File(path) => Store::open_read_only(path, "a copy reads only")?,
        ProjectLocation::Server(url) => Store::open_server(url)?,
    };
    let summary = copy_project(&source, &dest_at)?;
    outln!(
        "Copied {} to {}: {} documents, {} layers, {} spans, {} relations.",
        source_at.shown(),
        dest_at.shown(),
        summary.rows_of("documents"),
        summary.rows_of("layers"),
        summary.rows_of("spans"),
        summary.rows_of("relations")
    );
    Ok(())
}
