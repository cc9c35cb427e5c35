//! Which files an import reads and as what: paths given by the user,
//! directories walked in name order, each file's format from its extension
//! and, for JSON, its shape. A folder with `.ann` files is a brat corpus.

use std::path::{Path, PathBuf};

use super::decode::{decode_utf8, read_file};
use super::{
    brat, conll, doccano, jsonl, label_studio, txt, ImportError, Location, Notice, ParsedInput,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Plain UTF-8 text, one document per file.
    Txt,
    /// Native JSONL (FORMATS.md), one document per line.
    Jsonl,
    /// brat standoff: a folder of .txt/.ann pairs, or one pair.
    Brat,
    /// CoNLL / IOB2.
    Conll,
    /// doccano JSONL (either shape).
    Doccano,
    /// Label Studio JSON tasks.
    LabelStudio,
}

impl Format {
    pub const NAMES: &'static str = "txt, jsonl, brat, conll, doccano or label-studio";

    pub fn name(self) -> &'static str {
        match self {
            Self::Txt => "txt",
            Self::Jsonl => "jsonl",
            Self::Brat => "brat",
            Self::Conll => "conll",
            Self::Doccano => "doccano",
            Self::LabelStudio => "label-studio",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "txt" | "text" => Some(Self::Txt),
            "jsonl" | "ndjson" | "native" => Some(Self::Jsonl),
            "brat" | "ann" => Some(Self::Brat),
            "conll" | "iob" | "iob2" | "bio" => Some(Self::Conll),
            "doccano" => Some(Self::Doccano),
            "label-studio" | "labelstudio" | "ls" => Some(Self::LabelStudio),
            _ => None,
        }
    }
}

/// A file (or brat folder) to import and the format to read it as.
pub type ImportFile = (PathBuf, Format);

/// The format of a file from its extension and, for JSON, its first value.
pub fn detect_format(path: &Path) -> Option<Format> {
    let extension = path.extension()?.to_string_lossy().to_ascii_lowercase();
    match extension.as_str() {
        "txt" if path.with_extension("ann").is_file() => Some(Format::Brat),
        "txt" | "text" => Some(Format::Txt),
        "ann" => Some(Format::Brat),
        "conll" | "iob" | "iob2" | "bio" => Some(Format::Conll),
        "jsonl" | "ndjson" | "json" => Some(sniff_json(path)),
        _ => None,
    }
}

/// Native JSONL, doccano or Label Studio, from the first JSON value's shape
/// (only that value is parsed). Unreadable files are left to the reader,
/// which reports them.
fn sniff_json(path: &Path) -> Format {
    let Ok(bytes) = std::fs::read(path) else {
        return Format::Jsonl;
    };
    let text = String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes));
    let first = serde_json::Deserializer::from_str(&text)
        .into_iter::<serde_json::Value>()
        .next();
    match first {
        Some(Ok(serde_json::Value::Array(_))) => Format::LabelStudio,
        Some(Ok(serde_json::Value::Object(object))) => {
            let has = |key: &str| object.contains_key(key);
            if has("data") {
                Format::LabelStudio
            } else if has("annotations") && !has("spans") {
                // doccano 1.0's export: {"text", "annotations": [{"label": 3, ...}]}.
                Format::Doccano
            } else if has("spans") {
                Format::Jsonl
            } else if has("entities")
                || has("label")
                || has("labels")
                || has("column_label")
                || has("column_data")
            {
                Format::Doccano
            } else {
                Format::Jsonl
            }
        }
        _ => Format::Jsonl,
    }
}

fn has_ann_files(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .any(|entry| {
            let path = entry.path();
            if path.is_dir() {
                has_ann_files(&path)
            } else {
                path.extension().is_some_and(|e| e == "ann")
            }
        })
}

/// The files to import, in order: each path as given; directories walked
/// recursively, entries sorted by name (a folder holding `.ann` files is read
/// whole as brat). Files in directories that no format reads are reported; a
/// file named directly must be readable, or it is an error.
pub fn collect_import_files(
    paths: &[PathBuf],
    forced: Option<Format>,
) -> Result<(Vec<ImportFile>, Vec<Notice>), ImportError> {
    let mut files = Vec::new();
    let mut notices = Vec::new();
    for path in paths {
        let metadata = std::fs::metadata(path).map_err(|source| ImportError::Io {
            path: path.clone(),
            source,
        })?;
        if metadata.is_dir() {
            if forced == Some(Format::Brat) || (forced.is_none() && has_ann_files(path)) {
                files.push((path.clone(), Format::Brat));
            } else {
                walk(path, forced, &mut files, &mut notices)?;
            }
        } else {
            let format = forced.or_else(|| detect_format(path)).ok_or_else(|| {
                ImportError::at(Location::file(path), format!("unknown file type; expected .txt, .jsonl, .json, .conll or a brat folder (or name one with --format: {})", Format::NAMES))
            })?;
            files.push((path.clone(), format));
        }
    }
    Ok((files, notices))
}

fn walk(
    dir: &Path,
    forced: Option<Format>,
    files: &mut Vec<ImportFile>,
    notices: &mut Vec<Notice>,
) -> Result<(), ImportError> {
    let io_error = |source| ImportError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut entries = std::fs::read_dir(dir)
        .map_err(io_error)?
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(io_error)?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, forced, files, notices)?;
        } else if let Some(format) = forced.or_else(|| detect_format(&path)) {
            files.push((path, format));
        } else {
            notices.push(Notice {
                location: Location::file(&path),
                message: "skipped: not a file type Glossator reads".into(),
            });
        }
    }
    Ok(())
}

/// Reads and parses one file (the importer calls it inside its transaction).
pub(crate) fn read_one(
    path: &Path,
    format: Format,
    options: &super::import::ImportOptions,
) -> Result<ParsedInput, ImportError> {
    let text = |path: &Path| -> Result<(String, Option<Notice>), ImportError> {
        decode_utf8(path, read_file(path)?)
    };
    let with_bom = |mut parsed: ParsedInput, bom: Option<Notice>| {
        parsed.notices.splice(0..0, bom);
        parsed
    };
    Ok(match format {
        Format::Txt => txt::read_txt(path)?,
        Format::Jsonl => jsonl::read_jsonl(path)?,
        Format::Brat if path.is_dir() => brat::read_brat_dir(path)?,
        Format::Brat => {
            // One pair: the .txt with its .ann.
            let txt_path = path.with_extension("txt");
            let (body, bom) = text(&txt_path)?;
            let ann_path = path.with_extension("ann");
            let ann = if ann_path.exists() {
                text(&ann_path)?.0
            } else {
                String::new()
            };
            let mut parsed = ParsedInput::default();
            let mut document = brat::parse_ann(&ann_path, &body, &ann, &mut parsed.notices)?;
            let stem = txt_path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            document.location = Location::file(&txt_path);
            document.external_id = Some(stem.clone());
            document.title = Some(stem);
            parsed.documents.push(document);
            with_bom(parsed, bom)
        }
        Format::Conll => {
            let (body, bom) = text(path)?;
            let mut parsed = conll::parse_conll(path, &body)?;
            name_after_file(path, &mut parsed);
            with_bom(parsed, bom)
        }
        Format::Doccano => {
            let (body, bom) = text(path)?;
            with_bom(
                doccano::parse_doccano_with(path, &body, options.doccano_labels.as_ref())?,
                bom,
            )
        }
        Format::LabelStudio => {
            let (body, bom) = text(path)?;
            with_bom(label_studio::parse_label_studio(path, &body)?, bom)
        }
    })
}

/// Documents of a file without ids are named after it: "name", "name-2"…
fn name_after_file(path: &Path, parsed: &mut ParsedInput) {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let several = parsed.documents.len() > 1;
    for (n, document) in parsed.documents.iter_mut().enumerate() {
        let name = if several {
            format!("{stem}-{}", n + 1)
        } else {
            stem.clone()
        };
        document.title.get_or_insert_with(|| name.clone());
        document.external_id.get_or_insert(name);
    }
}
