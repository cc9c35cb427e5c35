use std::path::PathBuf;

use clap::Args;

use crate::formats::doccano::read_label_map;
use crate::formats::source::ImportFile;
use crate::formats::{collect_import_files, import_files_with, Format, ImportOptions};
use crate::store::Store;

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
    /// CoNLL: the column (1 = the token) that holds the tag; the last by default.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(2..))]
    pub tag_column: Option<u16>,
    /// doccano's exported label config (`[{"id": 3, "text": "PER"}, …]`) naming
    /// the numeric label ids of doccano 1.0 files; without it they are named
    /// by their ids.
    #[arg(long, value_name = "FILE")]
    pub doccano_labels: Option<PathBuf>,
    /// Everything imported goes into NAME's layers. A text the project
    /// already holds gets NAME's layer when NAME has none there (so several
    /// annotators' files of one corpus import one after another); where NAME
    /// has one, it is skipped and listed. Without it, spans keep the
    /// annotator the file gives them, else go to `unknown`.
    #[arg(long, value_name = "NAME")]
    pub annotator: Option<String>,
}

fn parse_format(name: &str) -> Result<Format, String> {
    Format::parse(name)
        .ok_or_else(|| format!("unknown format {name:?}; expected {}", Format::NAMES))
}

pub fn run(args: ImportArgs) -> anyhow::Result<()> {
    // Files are read inside the import's one transaction, JSONL a document
    // at a time: bad input anywhere rolls it all back. A project made for
    // this import is built under a hidden name and appears only when the
    // import has committed; on an error it is deleted, under its lock.
    let options = ImportOptions {
        doccano_labels: args
            .doccano_labels
            .as_deref()
            .map(read_label_map)
            .transpose()?,
        annotator: args.annotator,
        default_annotator: None,
    };
    let (mut files, walk_notices) = collect_import_files(&args.inputs, args.format)?;
    if let Some(column) = args.tag_column {
        set_tag_column(&mut files, usize::from(column))?;
    }
    let mut opening = Store::open_or_stage(&args.project)?;
    let report = import_files_with(
        opening.store_mut(),
        &files,
        walk_notices,
        &options,
        &mut |_, _| true,
    )?;
    let (_store, created) = opening.finish()?;
    if created {
        outln!("Created project {}", args.project.display());
    }
    out!("{report}");
    Ok(())
}

/// `--tag-column` for every CoNLL input; an error when there is none, rather
/// than an option silently ignored.
fn set_tag_column(files: &mut [ImportFile], column: usize) -> anyhow::Result<()> {
    let mut conll_files = 0;
    for (_, format) in files.iter_mut() {
        if let Format::Conll(options) = format {
            options.tag_column = Some(column);
            conll_files += 1;
        }
    }
    if conll_files == 0 {
        anyhow::bail!("--tag-column applies to CoNLL files, and none of the inputs is one (name the format with --format conll)");
    }
    Ok(())
}
