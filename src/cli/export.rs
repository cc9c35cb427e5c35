use std::path::PathBuf;

use clap::Args;

use crate::formats::brat::BratNewlines;
use crate::formats::export::{
    export_to_path, export_to_writer, ExportFormat, ExportOptions, ExportReport,
};
use crate::formats::export_layers::resolve_export_layers;
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
    /// brat: `lf` (the default) writes CRLF and lone CR as LF and shifts the
    /// offsets, as brat reads text with universal newlines; `keep` writes
    /// the text byte for byte.
    #[arg(long, value_name = "lf|keep", value_parser = parse_newlines)]
    pub brat_newlines: Option<BratNewlines>,
    /// CSV for spreadsheets: cells starting with = + - @, a tab or a CR get a
    /// leading ' so Excel or LibreOffice shows them instead of running them as
    /// formulas. Without it every cell is the exact text.
    #[arg(long)]
    pub excel_safe: bool,
    /// Which annotator's layer: a name, `gold`, or `all`. Native JSONL and
    /// Label Studio write every layer by default; the other formats write one:
    /// `gold` when there is one, else the only layer.
    #[arg(long, value_name = "NAME|gold|all")]
    pub layer: Option<String>,
}

fn parse_newlines(name: &str) -> Result<BratNewlines, String> {
    BratNewlines::parse(name).ok_or_else(|| format!("unknown value {name:?}; expected lf or keep"))
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
    if args.brat_newlines.is_some() && args.format != ExportFormat::Brat {
        anyhow::bail!("--brat-newlines applies to --format brat only");
    }
    if args.excel_safe && args.format != ExportFormat::Csv {
        anyhow::bail!("--excel-safe applies to --format csv only");
    }
    let options = ExportOptions {
        excel_safe: args.excel_safe,
        brat_newlines: args.brat_newlines.unwrap_or_default(),
    };
    let store = Store::open_read_only(&args.project, "reading only")?;
    let layers = resolve_export_layers(&store, args.format, args.layer.as_deref())?;
    match &args.output {
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let summary = export_to_writer(
                &store,
                args.format,
                options,
                &layers,
                &mut out,
                &mut |_, _| true,
            )?;
            for notice in &summary.notices {
                eprintln!("note: {notice}");
            }
        }
        Some(output) => {
            let summary = export_to_path(
                &store,
                args.format,
                options,
                &layers,
                output,
                &mut |_, _| true,
            )?;
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
