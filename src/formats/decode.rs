//! Bytes to text: UTF-8 only, with errors that say where and what.

use std::path::Path;

use super::{ImportError, Location, Notice};

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
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, notice)),
        Err(err) => {
            let offset = err.utf8_error().valid_up_to();
            let bytes = err.as_bytes();
            let line = 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count();
            let bom_len = if notice.is_some() { UTF8_BOM.len() } else { 0 };
            Err(ImportError::at(
                Location::line(path, line),
                format!(
                    "invalid UTF-8 at byte offset {} (byte 0x{:02X}); the file must be UTF-8",
                    offset + bom_len,
                    bytes[offset]
                ),
            ))
        }
    }
}

/// Reads a whole file.
pub fn read_file(path: &Path) -> Result<Vec<u8>, ImportError> {
    std::fs::read(path).map_err(|source| ImportError::Io {
        path: path.to_path_buf(),
        source,
    })
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
