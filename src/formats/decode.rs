//! Bytes to text: UTF-8 only, with errors that say where and what.

use std::path::Path;

use super::{ImportError, Location, Notice};
use crate::model::limits::{
    megabytes, MAX_DOCUMENT_CHARS, MAX_DOCUMENT_FILE_BYTES, MAX_INPUT_FILE_BYTES,
};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes a UTF-8 file. A UTF-8 byte order mark is dropped and reported;
/// UTF-16 and invalid UTF-8 are errors naming the byte offset and line.
pub fn decode_utf8(path: &Path, bytes: Vec<u8>) -> Result<(String, Option<Notice>), ImportError> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(ImportError::at(
            Location::file(path),
            "the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8",
        ));
    }
    let (bytes, notice) = match bytes.strip_prefix(UTF8_BOM) {
        Some(rest) => (
            rest.to_vec(),
            Some(Notice {
                location: Location::file(path),
                message: "dropped the UTF-8 byte order mark at the start of the file".into(),
            }),
        ),
        None => (bytes, None),
    };
    let bom_len = if notice.is_some() { UTF8_BOM.len() } else { 0 };
    refuse_nul(path, &bytes, 1, bom_len)?;
    String::from_utf8(bytes)
        .map(|text| (text, notice))
        .map_err(|err| {
            invalid_utf8(
                path,
                err.as_bytes(),
                err.utf8_error().valid_up_to(),
                1,
                bom_len,
            )
        })
}

/// Part of a file (a line of a file read line by line) as UTF-8; errors name
/// the line and the byte offset in the whole file. `first_line` and
/// `first_offset` are where `bytes` starts.
pub fn utf8_part<'a>(
    path: &Path,
    bytes: &'a [u8],
    first_line: usize,
    first_offset: usize,
) -> Result<&'a str, ImportError> {
    refuse_nul(path, bytes, first_line, first_offset)?;
    std::str::from_utf8(bytes)
        .map_err(|err| invalid_utf8(path, bytes, err.valid_up_to(), first_line, first_offset))
}

/// Text never holds NUL; a binary file (an image, a .docx, an executable)
/// often decodes as "valid" UTF-8 up to its first odd byte, so say what it is.
fn refuse_nul(
    path: &Path,
    bytes: &[u8],
    first_line: usize,
    first_offset: usize,
) -> Result<(), ImportError> {
    match bytes.iter().position(|&b| b == 0) {
        None => Ok(()),
        Some(at) => Err(ImportError::at(
            Location::line(path, line_at(bytes, at, first_line)),
            format!(
                "a NUL byte at byte offset {}: this is a binary file, not text",
                first_offset + at
            ),
        )),
    }
}

fn invalid_utf8(
    path: &Path,
    bytes: &[u8],
    at: usize,
    first_line: usize,
    first_offset: usize,
) -> ImportError {
    ImportError::at(
        Location::line(path, line_at(bytes, at, first_line)),
        format!(
            "invalid UTF-8 at byte offset {} (byte 0x{:02X}); the file must be UTF-8",
            first_offset + at,
            bytes[at]
        ),
    )
}

/// The line number of byte `at` of `bytes`, which start on `first_line`.
fn line_at(bytes: &[u8], at: usize, first_line: usize) -> usize {
    first_line + bytes[..at].iter().filter(|&&b| b == b'\n').count()
}

/// Reads a whole input file, refusing one over [`MAX_INPUT_FILE_BYTES`].
pub fn read_file(path: &Path) -> Result<Vec<u8>, ImportError> {
    read_file_limited(path, MAX_INPUT_FILE_BYTES, "an input file")
}

/// Reads a file that is one document's text, refusing one that cannot fit.
pub fn read_document_file(path: &Path) -> Result<Vec<u8>, ImportError> {
    read_file_limited(path, MAX_DOCUMENT_FILE_BYTES, "a document's text file")
}

/// Opens an input file to be read as a stream (JSONL), after the checks
/// [`read_file`] makes: a regular file within [`MAX_INPUT_FILE_BYTES`]. The
/// caller bounds its reads by the same limit (`Read::take`).
pub fn open_input(path: &Path) -> Result<std::fs::File, ImportError> {
    open_checked(path, MAX_INPUT_FILE_BYTES, "an input file")
}

fn read_file_limited(path: &Path, max_bytes: u64, what: &str) -> Result<Vec<u8>, ImportError> {
    use std::io::Read;
    let file = open_checked(path, max_bytes, what)?;
    // The size was checked, but a file can grow while it is read (a log being
    // written): read one byte past the limit at most, never more.
    let mut bytes = Vec::new();
    file.take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| ImportError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_big(path, bytes.len() as u64, max_bytes, what));
    }
    Ok(bytes)
}

/// Refuses, before opening it, anything but a regular file within
/// `max_bytes`: opening a FIFO blocks until a writer comes, and a device
/// (`/dev/zero`) shows a size of 0 and never ends.
fn open_checked(path: &Path, max_bytes: u64, what: &str) -> Result<std::fs::File, ImportError> {
    let io_error = |source| ImportError::Io {
        path: path.to_path_buf(),
        source,
    };
    let metadata = std::fs::metadata(path).map_err(io_error)?;
    refuse_special_file(path, &metadata.file_type())?;
    if metadata.len() > max_bytes {
        return Err(too_big(path, metadata.len(), max_bytes, what));
    }
    std::fs::File::open(path).map_err(io_error)
}

/// An error unless `file_type` is a regular file (or a folder, which callers
/// walk); the message says what the path is instead.
pub fn refuse_special_file(path: &Path, file_type: &std::fs::FileType) -> Result<(), ImportError> {
    match special_file_kind(file_type) {
        None => Ok(()),
        Some(kind) => Err(ImportError::at(
            Location::file(path),
            format!("not a regular file ({kind}); Glossator imports only regular files"),
        )),
    }
}

/// What a path that is neither a regular file nor a folder is, in words.
pub fn special_file_kind(file_type: &std::fs::FileType) -> Option<&'static str> {
    if file_type.is_file() || file_type.is_dir() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if file_type.is_char_device() {
            return Some("a character device");
        }
        if file_type.is_block_device() {
            return Some("a block device");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
    }
    Some("a special file")
}

fn too_big(path: &Path, size: u64, max_bytes: u64, what: &str) -> ImportError {
    ImportError::at(
        Location::file(path),
        format!(
            "the file is {}; {what} may be at most {} (documents at most {MAX_DOCUMENT_CHARS} characters): split it",
            megabytes(size),
            megabytes(max_bytes)
        ),
    )
}

/// serde_json says "recursion limit exceeded"; say what the user can change.
pub fn depth_hint(message: &str) -> String {
    if message.contains("recursion limit") {
        format!(
            " (arrays and objects nest more than {} levels deep)",
            crate::model::limits::MAX_JSON_DEPTH
        )
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_dropped_and_reported() {
        let (text, notice) = decode_utf8(Path::new("a.txt"), b"\xEF\xBB\xBFhi".to_vec()).unwrap();
        assert_eq!(text, "hi");
        assert!(notice.unwrap().to_string().contains("byte order mark"));
    }

    #[test]
    fn invalid_utf8_names_offset_and_line() {
        let err = decode_utf8(Path::new("a.txt"), b"ok\nbad \xC3(".to_vec()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a.txt:2: invalid UTF-8 at byte offset 7 (byte 0xC3); the file must be UTF-8"
        );
    }

    #[test]
    fn utf16_is_refused() {
        let err = decode_utf8(Path::new("u.txt"), b"\xFF\xFEh\0i\0".to_vec()).unwrap_err();
        assert!(err.to_string().contains("UTF-16"), "{err}");
    }
}
