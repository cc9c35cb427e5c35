//! CSV export: one row per span, RFC 4180 quoting, cells made safe for spreadsheets.

use std::io::Write;

use super::bundle::for_each_document;
use super::jsonl::ExportSummary;
use super::ExportError;
use crate::model::CharIndex;
use crate::store::Reader;

pub const HEADER: [&str; 10] = [
    "doc_id",
    "doc_title",
    "span_id",
    "start",
    "end",
    "label",
    "text",
    "attributes",
    "annotator",
    "note",
];

pub fn export_csv(
    store: &impl Reader,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ExportSummary, ExportError> {
    let mut summary = ExportSummary::default();
    write_row(out, HEADER.iter().map(|s| s.to_string()))?;
    for_each_document(store, progress, |bundle| {
        let index = CharIndex::new(&bundle.document.text);
        for span in &bundle.spans {
            let attributes =
                serde_json::to_string(&span.data.attributes).map_err(std::io::Error::from)?;
            write_row(
                out,
                [
                    bundle.document.external_id.clone(),
                    bundle.document.title.clone(),
                    format!("s{}", span.id),
                    span.start_char().to_string(),
                    span.end_char().to_string(),
                    bundle.label_name(span).to_string(),
                    bundle.span_text(&index, span)?.to_string(),
                    attributes,
                    span.data.annotator.clone().unwrap_or_default(),
                    span.data.note.clone(),
                ]
                .into_iter(),
            )?;
        }
        summary.documents += 1;
        summary.spans += bundle.spans.len();
        Ok(())
    })?;
    out.flush()?;
    Ok(summary)
}

fn write_row(out: &mut dyn Write, cells: impl Iterator<Item = String>) -> Result<(), ExportError> {
    let row: Vec<String> = cells.map(|cell| quote(&defuse_formula(cell))).collect();
    // RFC 4180: CRLF between records.
    out.write_all(row.join(",").as_bytes())?;
    out.write_all(b"\r\n")?;
    Ok(())
}

/// A spreadsheet runs a cell starting with = + - @ (or a tab / CR) as a
/// formula; a leading apostrophe makes it text (OWASP's advice). Numbers
/// such as "-5" are left alone.
pub fn defuse_formula(cell: String) -> String {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().is_err() {
        format!("'{cell}")
    } else {
        cell
    }
}

/// RFC 4180 quoting: fields with commas, quotes, line breaks or edge spaces
/// are quoted, quotes doubled.
pub fn quote(cell: &str) -> String {
    let needs =
        cell.contains([',', '"', '\n', '\r']) || cell.starts_with(' ') || cell.ends_with(' ');
    if needs {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_and_formulas() {
        assert_eq!(quote("plain"), "plain");
        assert_eq!(quote("a, \"b\"\nc"), "\"a, \"\"b\"\"\nc\"");
        assert_eq!(defuse_formula("=SUM(A1)".into()), "'=SUM(A1)");
        assert_eq!(defuse_formula("@cmd".into()), "'@cmd");
        assert_eq!(defuse_formula("-5".into()), "-5");
        assert_eq!(defuse_formula("-x".into()), "'-x");
    }
}
