//! Which files an import reads: paths given by the user, directories walked in
//! name order, each file's format from its extension.

use std::path::{Path, PathBuf};

use super::{jsonl, txt, ImportError, Location, Notice, ParsedInput};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Plain UTF-8 text, one document per file.
    Txt,
    /// Native JSONL (FORMATS.md), one document per line.
    Jsonl,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Self::Txt => "txt",
            Self::Jsonl => "jsonl",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "txt" | "text" => Some(Self::Txt),
            "jsonl" | "ndjson" => Some(Self::Jsonl),
            _ => None,
        }
    }
}

/// The format a file's extension names, if Glossator reads it.
pub fn detect_format(path: &Path) -> Option<Format> {
    let extension = path.extension()?.to_string_lossy().to_ascii_lowercase();
    Format::parse(&extension)
}

/// A file to import and the format to read it as.
pub type ImportFile = (PathBuf, Format);

/// The files to import, in order: each path as given; directories walked
/// recursively, entries sorted by name. Files in directories that no format
/// reads are reported; a file named directly must be readable, or it is an error.
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
            walk(path, forced, &mut files, &mut notices)?;
        } else {
            let format = forced.or_else(|| detect_format(path)).ok_or_else(|| {
                ImportError::at(
                    Location::file(path),
                    "unknown file type; expected .txt or .jsonl (or name one with --format)",
                )
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
                message: "skipped: not a .txt or .jsonl file".into(),
            });
        }
    }
    Ok(())
}

/// Reads and parses every file; the first bad file stops everything.
pub fn read_import_files(files: &[ImportFile]) -> Result<ParsedInput, ImportError> {
    let mut all = ParsedInput::default();
    for (path, format) in files {
        let parsed = match format {
            Format::Txt => txt::read_txt(path)?,
            Format::Jsonl => jsonl::read_jsonl(path)?,
        };
        all.documents.extend(parsed.documents);
        all.notices.extend(parsed.notices);
    }
    Ok(all)
}
