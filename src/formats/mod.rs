//! File formats in and out. Each format parses into [`ImportDocument`]s; one
//! importer ([`import::import_documents`]) validates them and writes them in one
//! transaction, so every format gets the same checks and the same report.

pub mod atomic;
pub mod brat;
pub mod bundle;
pub mod conll;
pub mod csv;
pub mod decode;
pub mod doccano;
pub mod export;
pub mod export_layers;
pub mod import;
pub mod json_shape;
pub mod json_stream;
pub mod jsonl;
pub mod label_studio;
pub mod losses;
pub mod schema_merge;
pub mod source;
pub mod strict_json;
pub mod txt;
pub mod walk;

use std::fmt;
use std::path::{Path, PathBuf};

pub use import::{
    import_documents, import_files, import_files_with, ImportOptions, ImportReport, LayerSkip,
};
pub use source::{collect_import_files, detect_format, Format};

/// A place in an input file, for messages: "data.jsonl:3".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    /// 1-based line, when the format has lines.
    pub line: Option<usize>,
    /// Which item at that place, when one line holds several ("task 3").
    pub item: Option<String>,
}

impl Location {
    pub fn file(file: &Path) -> Self {
        Self {
            file: file.to_path_buf(),
            line: None,
            item: None,
        }
    }

    pub fn line(file: &Path, line: usize) -> Self {
        Self {
            file: file.to_path_buf(),
            line: Some(line),
            item: None,
        }
    }

    pub fn with_item(mut self, item: String) -> Self {
        self.item = Some(item);
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}", self.file.display())?,
            None => write!(f, "{}", self.file.display())?,
        }
        match &self.item {
            Some(item) => write!(f, " ({item})"),
            None => Ok(()),
        }
    }
}

/// Bad input: where it is and what was expected. The project is unchanged.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{location}: {message}")]
    Input { location: Location, message: String },
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("import cancelled; nothing was imported")]
    Cancelled,
    /// `--annotator` (or the app's name) is one no annotator may have.
    #[error("{0}; nothing was imported")]
    BadAnnotator(String),
}

impl ImportError {
    pub fn at(location: Location, message: impl Into<String>) -> Self {
        Self::Input {
            location,
            message: message.into(),
        }
    }
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("the project holds bad data: {0}")]
    Corrupt(String),
    /// Hand-made damage: an offset no reader of the export could use.
    #[error("the project holds bad data: span {span} of document {document:?} has offsets {start}..{end}, outside its text of {len_chars} characters; nothing was written (run glossator check)")]
    SpanOutsideText {
        document: String,
        span: crate::model::SpanId,
        start: i64,
        end: i64,
        len_chars: usize,
    },
    #[error("export cancelled")]
    Cancelled,
    #[error(transparent)]
    Output(#[from] atomic::WriteError),
    /// A folder format asked to write one stream (no --output).
    #[error("{format} writes a folder of files, not one stream: name a new or empty folder with --output")]
    NeedsFolder { format: &'static str },
    #[error("{} is not empty; choose a new or empty folder for a brat export", .0.display())]
    FolderNotEmpty(std::path::PathBuf),
    /// The format writes one annotator's layer and none was chosen.
    #[error("{format} writes one annotator's layer; choose one with --layer (layers: {})", export_layers::list_layers(.layers))]
    OneLayerOnly {
        format: &'static str,
        layers: Vec<String>,
    },
    #[error("the project has no layer {name:?} (layers: {})", export_layers::list_layers(.layers))]
    NoSuchLayer { name: String, layers: Vec<String> },
}

/// A document as a format read it, before validation.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportDocument {
    pub location: Location,
    pub external_id: Option<String>,
    pub title: Option<String>,
    pub text: String,
    pub meta: serde_json::Map<String, serde_json::Value>,
    pub status: Option<crate::model::DocumentStatus>,
    /// Each annotator's layer status, when the file names them (native
    /// JSONL's `layers`).
    pub layers: Vec<(String, crate::model::DocumentStatus)>,
    pub spans: Vec<ImportSpan>,
    pub relations: Vec<ImportRelation>,
}

impl ImportDocument {
    /// A document with only text (a .txt file).
    pub fn plain(location: Location, text: String) -> Self {
        Self {
            location,
            external_id: None,
            title: None,
            text,
            meta: serde_json::Map::new(),
            status: None,
            layers: Vec::new(),
            spans: Vec::new(),
            relations: Vec::new(),
        }
    }
}

/// A span as a format read it: offsets not yet checked, label by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportSpan {
    /// The span's id in the file, for relations to refer to.
    pub key: Option<String>,
    pub start: i64,
    pub end: i64,
    pub label: String,
    /// The span's text as the file gives it; checked against the document.
    pub text: Option<String>,
    pub attributes: Vec<(String, String)>,
    pub annotator: Option<String>,
    pub note: String,
}

/// A relation as a format read it, its ends named by span keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportRelation {
    pub key: Option<String>,
    pub from: String,
    pub to: String,
    pub label: String,
    pub annotator: Option<String>,
    pub note: String,
}

/// What a reader noticed but did not refuse (a dropped BOM, ignored keys).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub location: Location,
    pub message: String,
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// What a reader produced from one or more files.
#[derive(Debug, Default)]
pub struct ParsedInput {
    pub documents: Vec<ImportDocument>,
    pub notices: Vec<Notice>,
    /// A label schema the input declares (brat's annotation.conf), installed
    /// before the documents in the same transaction.
    pub schema: Option<crate::model::schema::SchemaFile>,
}
