use std::path::PathBuf;

use clap::Args;

use crate::formats::export::{export_to_path, export_to_writer, ExportFormat, ExportReport};
use crate::store::Store;

/// Export a project's documents and annotations.
///
/// Offsets are Unicode code points, end-exclusive (Python text[start:end]),
/// except doccano's, which count UTF-16 code units as doccano does.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The project file.
    pub project: PathBuf,
    /// Output format: jsonl, csv, conll, doccano, doccano-relations, label-studio or brat.
    #[arg(long, default_value = "jsonl", value_parser = parse_format)]
    pub format: ExportFormat,
    /// Where to write (replaced whole, never left half-written; for brat a new
    /// or empty folder); standard output when absent.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

fn parse_format(name: &str) -> Result<ExportFormat, String> {
    ExportFormat::parse(name).ok_or_else(|| {
        let names: Vec<&str> = ExportFormat::ALL.iter().map(|f| f.cli_name()).collect();
        format!(
            "unknown format {name:?}; expected one of {}",
            names.join(", ")
        )
    })
}

pub fn run(args: ExportArgs) -> anyhow::Result<()> {
    let store = Store::open_read_only(&args.project, "reading only")?;
    match &args.output {
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let summary = export_to_writer(&store, args.format, &mut out, &mut |_, _| true)?;
            for notice in &summary.notices {
                eprintln!("note: {notice}");
            }
        }
        Some(output) => {
            let summary = export_to_path(&store, args.format, output, &mut |_, _| true)?;
            eprintln!(
                "{}",
                ExportReport {
                    summary: &summary,
                    output
                }
            );
        }
    }
    Ok(())
}
