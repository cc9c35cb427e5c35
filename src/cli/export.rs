use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::formats::atomic::write_atomically;
use crate::formats::jsonl::{export_jsonl, ExportSummary};
use crate::store::{OpenMode, Store};

/// Export a project's documents and annotations.
///
/// Offsets are Unicode code points, end-exclusive (Python text[start:end]).
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The project file.
    pub project: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
    pub format: ExportFormat,
    /// Where to write (replaced whole, never left half-written); standard output when absent.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Native JSONL: one document per line with spans and relations.
    Jsonl,
}

pub fn run(args: ExportArgs) -> anyhow::Result<()> {
    let (store, _) = Store::open(&args.project, OpenMode::Existing)?;
    match &args.output {
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            export(&store, args.format, &mut out)?;
        }
        Some(path) => {
            let summary = write_atomically(path, |out| export(&store, args.format, out))?;
            eprintln!(
                "Exported {} documents, {} spans, {} relations to {}",
                summary.documents,
                summary.spans,
                summary.relations,
                path.display()
            );
        }
    }
    Ok(())
}

fn export(
    store: &Store,
    format: ExportFormat,
    out: &mut dyn Write,
) -> anyhow::Result<ExportSummary> {
    match format {
        ExportFormat::Jsonl => Ok(export_jsonl(store, &mut &mut *out)?),
    }
}
