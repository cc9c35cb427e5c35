use std::path::PathBuf;

use clap::Args;

use crate::formats::doccano::read_label_map;
use crate::formats::{collect_import_files, import_files_with, Format, ImportOptions};
use crate::store::{OpenMode, Store};

/// Import documents (and their annotations) into a project, creating it if needed.
///
/// Reads .txt (one document per file), native .jsonl, brat folders (.txt/.ann
/// pairs with annotation.conf), CoNLL/IOB2, doccano JSONL and Label Studio JSON;
/// the format comes from the extension and the content, or from --format.
/// Directories are walked in name order. All of it is imported, or on any
/// error none of it. Texts already in the project are skipped and listed.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The project file (created if it does not exist).
    pub project: PathBuf,
    /// Files or directories to import.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Read every file as this format instead of guessing from its extension.
    #[arg(long, value_parser = parse_format)]
    pub format: Option<Format>,
    /// doccano's exported label config (`[{"id": 3, "text": "PER"}, …]`) naming
    /// the numeric label ids of doccano 1.0 files; without it they are named
    /// by their ids.
    #[arg(long, value_name = "FILE")]
    pub doccano_labels: Option<PathBuf>,
}

fn parse_format(name: &str) -> Result<Format, String> {
    Format::parse(name)
        .ok_or_else(|| format!("unknown format {name:?}; expected {}", Format::NAMES))
}

pub fn run(args: ImportArgs) -> anyhow::Result<()> {
    // Files are read inside the import's one transaction, JSONL a document
    // at a time: bad input anywhere rolls it all back, and a project created
    // for this import is removed again.
    let options = ImportOptions {
        doccano_labels: args
            .doccano_labels
            .as_deref()
            .map(read_label_map)
            .transpose()?,
    };
    let (files, walk_notices) = collect_import_files(&args.inputs, args.format)?;
    let (mut store, created) = Store::open(&args.project, OpenMode::CreateIfMissing)?;
    let report = import_files_with(&mut store, &files, walk_notices, &options, &mut |_, _| true);
    let report = match report {
        Ok(report) => report,
        Err(err) => {
            if created {
                // A project made only for this import holds nothing; leave no trace.
                drop(store);
                remove_project_file(&args.project);
            }
            return Err(err.into());
        }
    };
    if created {
        outln!("Created project {}", args.project.display());
    }
    out!("{report}");
    Ok(())
}

fn remove_project_file(path: &std::path::Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut file = path.as_os_str().to_owned();
        file.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(file));
    }
}
