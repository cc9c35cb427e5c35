use std::path::PathBuf;

use crate::edit::EditError;
use crate::store::StoreError;

/// Why a source could not run, or suggestions could not be stored or
/// accepted. Nothing was stored when a run fails.
#[derive(Debug, thiserror::Error)]
pub enum SuggestError {
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is not UTF-8 text (byte {offset_bytes})", path.display())]
    NotUtf8 { path: PathBuf, offset_bytes: usize },
    #[error("{}, line {line}: {reason}", path.display())]
    BadLine {
        path: PathBuf,
        line: usize,
        reason: String,
    },
    #[error("{}: {reason}", path.display())]
    EmptyFile { path: PathBuf, reason: String },
    #[error("--documents {filter:?}: {reason}")]
    BadFilter { filter: String, reason: String },
    #[error("cannot run the command {command:?}: {source}")]
    CommandStart {
        command: String,
        source: std::io::Error,
    },
    #[error("the command {command:?} failed ({status}){}", if stderr.is_empty() { String::new() } else { format!(": {stderr}") })]
    CommandFailed {
        command: String,
        status: String,
        stderr: String,
    },
    #[error("the command {command:?} wrote a bad line {line} on its output: {reason}")]
    CommandOutput {
        command: String,
        line: usize,
        reason: String,
    },
    #[error("{url}: {reason}")]
    BadUrl { url: String, reason: String },
    #[error("the ML backend at {url} cannot be reached: {cause}")]
    BackendUnreachable { url: String, cause: String },
    #[error("the ML backend at {url} did not answer within {seconds} s ({what})")]
    BackendTimeout {
        url: String,
        seconds: u64,
        what: String,
    },
    #[error("the ML backend answered {url} with HTTP {status}{}", if body.is_empty() { String::new() } else { format!(": {body}") })]
    BackendStatus {
        url: String,
        status: u16,
        body: String,
    },
    #[error(
        "the ML backend's answer to {url} is not what the Label Studio protocol says: {reason}"
    )]
    BackendMalformed { url: String, reason: String },
    #[error("stopped; nothing was stored")]
    Cancelled,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Edit(#[from] EditError),
}

/// The (line, reason) of a source file's parser as an error naming the file;
/// line 0 is a problem of the whole file.
pub(super) fn bad_line(path: &std::path::Path, (line, reason): (usize, String)) -> SuggestError {
    if line == 0 {
        SuggestError::EmptyFile {
            path: path.to_path_buf(),
            reason,
        }
    } else {
        SuggestError::BadLine {
            path: path.to_path_buf(),
            line,
            reason,
        }
    }
}
