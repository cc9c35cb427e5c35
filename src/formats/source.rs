//! Which files an import reads and as what: paths given by the user,
//! directories walked in name order, each file's format from its extension
//! and, for JSON, its shape. A folder with `.ann` files is a brat corpus.

use std::path::{Path, PathBuf};

use super::decode::{decode_utf8, read_file, refuse_special_file};
use super::json_shape::JsonShape;
use super::walk::walk_files;
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
    /// CoNLL / IOB2, with the column that holds the tag.
    Conll(conll::ConllOptions),
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
            Self::Conll(_) => "conll",
            Self::Doccano => "doccano",
            Self::LabelStudio => "label-studio",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "txt" | "text" => Some(Self::Txt),
            "jsonl" | "ndjson" | "native" => Some(Self::Jsonl),
            "brat" | "ann" => Some(Self::Brat),
            "conll" | "iob" | "iob2" | "bio" => Some(Self::Conll(Default::default())),
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
        "conll" | "iob" | "iob2" | "bio" => Some(Format::Conll(Default::default())),
        "jsonl" | "ndjson" | "json" => Some(sniff_json(path)),
        _ => None,
    }
}

/// Native JSONL, doccano or Label Studio, from the first JSON value's shape.
/// Only the keys of that value are kept, its values are skipped as they
/// stream past, and at most [`SNIFF_BYTES`] are read: a 4 GB file costs no
/// more memory than a small one. Files that cannot be read, or are not regular
/// files, are left to the reader, which reports them.
fn sniff_json(path: &Path) -> Format {
    use std::io::Read;
    let is_regular = std::fs::metadata(path).is_ok_and(|m| m.is_file());
    let Some(file) = is_regular.then(|| std::fs::File::open(path).ok()).flatten() else {
        return Format::Jsonl;
    };
    let mut reader = std::io::BufReader::new(file.take(SNIFF_BYTES));
    let starts_with_bom =
        std::io::BufRead::fill_buf(&mut reader).is_ok_and(|b| b.starts_with(b"\xEF\xBB\xBF"));
    if starts_with_bom {
        std::io::BufRead::consume(&mut reader, 3);
    }
    match super::json_shape::first_value_shape(reader) {
        JsonShape::Array => Format::LabelStudio,
        JsonShape::Object(keys) => {
            let has = |key: &str| keys.iter().any(|k| k == key);
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
        JsonShape::Other => Format::Jsonl,
    }
}

/// How far into a file format detection reads: the first value of a file
/// holding one document within the limits is read to its end.
const SNIFF_BYTES: u64 = crate::model::limits::MAX_DOCUMENT_FILE_BYTES;

/// Whether any `.ann` file lies under `dir` (loops and special files skipped).
fn has_ann_files(dir: &Path) -> bool {
    let mut found = false;
    let _ = walk_files(dir, &mut Vec::new(), &mut |path| {
        found |= path.extension().is_some_and(|e| e == "ann");
    });
    found
}

/// The files to import, in order: each path as given; directories walked
/// recursively, entries sorted by name (a folder holding `.ann` files is read
/// whole as brat). Files in directories that no format reads, special files
/// and folder loops are reported; a file named directly must be a readable
/// regular file, or it is an error.
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
                let mut found = Vec::new();
                walk_files(path, &mut notices, &mut |file| found.push(file))?;
                for file in found {
                    if let Some(format) = forced.or_else(|| detect_format(&file)) {
                        files.push((file, format));
                    } else {
                        notices.push(Notice {
                            location: Location::file(&file),
                            message: "skipped: not a file type Glossator reads".into(),
                        });
                    }
                }
            }
        } else {
            refuse_special_file(path, &metadata.file_type())?;
            let format = forced.or_else(|| detect_format(path)).ok_or_else(|| {
                ImportError::at(Location::file(path), format!("unknown file type; expected .txt, .jsonl, .json, .conll or a brat folder (or name one with --format: {})", Format::NAMES))
            })?;
            files.push((path.clone(), format));
        }
    }
    Ok((files, notices))
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
        Format::Conll(options) => {
            let (body, bom) = text(path)?;
            let mut parsed = conll::parse_conll_with(path, &body, options)?;
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
