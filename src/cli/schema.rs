use std::path::PathBuf;

use clap::Args;

use crate::session::schema::{export_schema_file, import_schema_file, schema_json};
use crate::store::{OpenMode, Store};

/// Show, export or import a project's label schema (JSON), so a team shares one.
///
/// With neither option, prints the schema. --import adds the labels,
/// attributes, values and relation types the project lacks; it changes
/// nothing the project already has.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The project file.
    pub project: PathBuf,
    /// Write the schema to this file.
    #[arg(long, conflicts_with = "import")]
    pub export: Option<PathBuf>,
    /// Add the schema in this file to the project.
    #[arg(long)]
    pub import: Option<PathBuf>,
}

pub fn run(args: SchemaArgs) -> anyhow::Result<()> {
    if let Some(path) = &args.import {
        let (mut store, _) = Store::open(&args.project, OpenMode::Existing)?;
        // The same checks as the schema editor's (session::schema).
        let imported = import_schema_file(&mut store, path)?;
        outln!("{imported}");
        return Ok(());
    }
    // Showing or exporting the schema reads only: it works beside the app.
    let store = Store::open_read_only(&args.project, "reading only")?;
    match &args.export {
        Some(path) => {
            export_schema_file(&store, path)?;
            eprintln!("Wrote the schema to {}", path.display());
        }
        None => out!("{}", schema_json(&store)?),
    }
    Ok(())
}
