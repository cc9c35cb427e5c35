//! Plain text: one file, one document, titled by the file's stem.

use std::path::Path;

use super::decode::{decode_utf8, read_document_file};
use super::{ImportDocument, ImportError, Location, Notice, ParsedInput};

pub fn read_txt(path: &Path) -> Result<ParsedInput, ImportError> {
    let (text, bom_notice) = decode_utf8(path, read_document_file(path)?)?;
    let mut parsed = ParsedInput::default();
    parsed.notices.extend(bom_notice);
    if text.trim().is_empty() {
        let message = if text.is_empty() {
            "skipped: the file is empty"
        } else {
            "skipped: the file holds only white space"
        };
        parsed.notices.push(Notice {
            location: Location::file(path),
            message: message.into(),
        });
        return Ok(parsed);
    }
    let stem = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut document = ImportDocument::plain(Location::file(path), text);
    document.external_id = Some(stem.clone());
    document.title = Some(stem);
    if let Some(name) = path.file_name() {
        document.meta.insert(
            "source".into(),
            serde_json::Value::String(name.to_string_lossy().into_owned()),
        );
    }
    parsed.documents.push(document);
    Ok(parsed)
}
