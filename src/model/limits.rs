//! The limits Glossator enforces, in one place: input beyond them is refused
//! with a message, never a crash, a hang or a half-done import.

/// The longest document: 16 Mi code points (16× the 1 MB article the app is
/// tuned for). Offsets, the layout cache and undo all scale with it.
pub const MAX_DOCUMENT_CHARS: usize = 16 * 1024 * 1024;

/// A text file larger than this cannot hold a document within
/// [`MAX_DOCUMENT_CHARS`] (UTF-8 takes at most 4 bytes a code point); it is
/// refused before it is read.
pub const MAX_DOCUMENT_FILE_BYTES: u64 = 4 * MAX_DOCUMENT_CHARS as u64;

/// The largest input file read whole (JSONL, JSON, CoNLL): 4 GiB, beyond what
/// this machine class would hold in memory while importing.
pub const MAX_INPUT_FILE_BYTES: u64 = 4 * 1024 * 1024 * 1024;

/// The longest JSONL line (one document with its annotations): a line is
/// held in memory while it is parsed, so it is refused at this size as it is
/// read. A document at [`MAX_DOCUMENT_CHARS`] takes at most 64 MB of it.
pub const MAX_JSONL_LINE_BYTES: u64 = 256 * 1024 * 1024;

/// How deep JSON may nest (serde_json's own limit): deeper input is refused.
pub const MAX_JSON_DEPTH: usize = 128;

pub use super::schema::MAX_LABEL_NAME_CHARS;

/// `209715200` → `200.0 MB`, for messages.
pub fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}
