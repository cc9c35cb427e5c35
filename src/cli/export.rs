use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, ValueEnum};

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

/// Writes to a temporary file beside `path`, then renames it over `path`: a
/// failed export leaves the old file (or none), never a half-written one.
fn write_atomically<T>(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let file_name = path
        .file_name()
        .with_context(|| format!("{} is not a file name", path.display()))?;
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(file_name);
    temp_name.push(format!(".{}.tmp", std::process::id()));
    let temp_path = dir.join(temp_name);
    let result = (|| {
        let file = std::fs::File::create(&temp_path)
            .with_context(|| format!("cannot create {}", temp_path.display()))?;
        let mut out = std::io::BufWriter::new(file);
        let value = write(&mut out)?;
        let file = out.into_inner().map_err(|err| err.into_error())?;
        file.sync_all()?;
        std::fs::rename(&temp_path, path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(value)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp_path);
    }
    result
}
