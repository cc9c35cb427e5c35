//! The file an export dialog writes: the format's extension is added to a
//! name typed without one, and a name that ends in another format's
//! extension is refused before anything runs (an `out.csv` holding JSONL
//! is a trap for whoever opens it next).

use std::path::{Path, PathBuf};

use crate::formats::export::ExportFormat;

/// Why a typed export path cannot be used as it is.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExportPathError {
    #[error("“{file}” ends in .{found}, but {format} files end in {expected}: change the name or the format")]
    WrongExtension {
        file: String,
        found: String,
        format: &'static str,
        expected: String,
    },
}

/// The extensions a format's files may carry, the usual one first (none for
/// a format that writes a folder).
pub fn accepted_extensions(format: ExportFormat) -> &'static [&'static str] {
    match format {
        ExportFormat::Jsonl | ExportFormat::Doccano | ExportFormat::DoccanoRelations => {
            &["jsonl", "ndjson"]
        }
        ExportFormat::Csv => &["csv"],
        ExportFormat::Conll => &["conll", "iob", "iob2", "txt"],
        ExportFormat::LabelStudio => &["json"],
        ExportFormat::Brat => &[],
    }
}

/// The path the export will write for what was typed: as typed when its
/// extension fits the format, with the format's extension added when it has
/// none, refused when it has another.
pub fn export_target(typed: &Path, format: ExportFormat) -> Result<PathBuf, ExportPathError> {
    let accepted = accepted_extensions(format);
    let Some(usual) = accepted.first() else {
        return Ok(typed.to_path_buf());
    };
    match typed
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
    {
        None => {
            let mut name = typed.as_os_str().to_owned();
            name.push(".");
            name.push(usual);
            Ok(PathBuf::from(name))
        }
        Some(found) if accepted.contains(&found.as_str()) => Ok(typed.to_path_buf()),
        Some(found) => Err(ExportPathError::WrongExtension {
            file: typed
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            found,
            format: format.name(),
            expected: accepted
                .iter()
                .map(|e| format!(".{e}"))
                .collect::<Vec<_>>()
                .join(" or "),
        }),
    }
}

/// The typed path with its extension switched to `format`'s, when it carried
/// the usual extension of `before` (choosing CSV after typing `out.jsonl`
/// gives `out.csv`, brat's folder `out`); otherwise unchanged.
pub fn switch_extension(typed: &str, before: ExportFormat, format: ExportFormat) -> String {
    let Some(old) = accepted_extensions(before).first() else {
        return typed.to_string();
    };
    match typed.strip_suffix(&format!(".{old}")) {
        Some(stem) if !stem.is_empty() => match accepted_extensions(format).first() {
            Some(new) => format!("{stem}.{new}"),
            None => stem.to_string(),
        },
        _ => typed.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_without_extension_gets_the_formats() {
        assert_eq!(
            export_target(Path::new("/tmp/out"), ExportFormat::Csv),
            Ok(PathBuf::from("/tmp/out.csv"))
        );
        assert_eq!(
            export_target(Path::new("/tmp/out.JSONL"), ExportFormat::Doccano),
            Ok(PathBuf::from("/tmp/out.JSONL"))
        );
        assert_eq!(
            export_target(Path::new("/tmp/brat-out"), ExportFormat::Brat),
            Ok(PathBuf::from("/tmp/brat-out"))
        );
    }

    #[test]
    fn another_formats_extension_is_refused_with_what_fits() {
        let error = export_target(Path::new("/tmp/out.csv"), ExportFormat::Jsonl).unwrap_err();
        assert_eq!(
            error.to_string(),
            "“out.csv” ends in .csv, but Native JSONL files end in .jsonl or .ndjson: change the name or the format"
        );
    }

    #[test]
    fn choosing_another_format_switches_the_usual_extension_only() {
        let switch = |typed, before, after| switch_extension(typed, before, after);
        assert_eq!(
            switch("/d/out.jsonl", ExportFormat::Jsonl, ExportFormat::Csv),
            "/d/out.csv"
        );
        assert_eq!(
            switch("/d/out.txt", ExportFormat::Conll, ExportFormat::Csv),
            "/d/out.txt"
        );
        assert_eq!(
            switch("/d/out.json", ExportFormat::LabelStudio, ExportFormat::Brat),
            "/d/out"
        );
    }
}
