use std::path::PathBuf;

use anyhow::{bail, Context};
use clap::Args;

use crate::formats::atomic::write_atomically;
use crate::model::schema::SchemaFile;
use crate::store::{OpenMode, Reader, Store};

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
    // Showing or exporting the schema reads only: it works beside the app.
    let mut store = match &args.import {
        Some(_) => Store::open(&args.project, OpenMode::Existing)?.0,
        None => Store::open_read_only(&args.project, "reading only")?,
    };
    if let Some(path) = &args.import {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let file: SchemaFile = serde_json::from_str(&text).map_err(|err| {
            anyhow::anyhow!(
                "{}:{}: bad schema file at column {}: {err}",
                path.display(),
                err.line(),
                err.column()
            )
        })?;
        let problems = file.problems(&store.schema()?);
        if !problems.is_empty() {
            bail!("{}: {}", path.display(), problems.join("; "));
        }
        let before = store.schema()?;
        store.write(|tx| tx.install_schema(&file))?;
        let after = store.schema()?;
        outln!(
            "Imported the schema of {}: {} labels and relation types added, {} attributes now.",
            path.display(),
            after.labels().len() - before.labels().len(),
            after.attributes.len()
        );
        return Ok(());
    }
    let json = serde_json::to_string_pretty(&store.schema()?.to_file())? + "\n";
    match &args.export {
        Some(path) => {
            store.refuse_as_output(path)?;
            write_atomically(path, |out| {
                Ok(std::io::Write::write_all(out, json.as_bytes())?)
            })?;
            eprintln!("Wrote the schema to {}", path.display());
        }
        None => out!("{json}"),
    }
    Ok(())
}
