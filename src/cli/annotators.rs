use std::path::PathBuf;

use clap::Args;

use super::layer_table::layer_table;
use crate::store::{LayerReads, Store};

/// List a project's annotators: documents assigned, their layers by status
/// (a layer is one annotator's annotation of one document), spans, relations.
#[derive(Debug, Args)]
pub struct AnnotatorsArgs {
    /// The project file.
    pub project: PathBuf,
    /// JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: AnnotatorsArgs) -> anyhow::Result<()> {
    let store = Store::open_read_only(&args.project, "reading only")?;
    let layers = store.layer_stats()?;
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&layers)?);
    } else {
        out!("{}", layer_table(&layers));
    }
    Ok(())
}
