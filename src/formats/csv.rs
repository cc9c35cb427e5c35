//! CSV export: one row per span, RFC 4180 quoting. Cells are written exactly
//! (programs read them); `--excel-safe` guards them for spreadsheets instead.

use std::io::Write;

use super::bundle::for_each_document;
use super::jsonl::ExportSummary;
use super::losses::{Drops, Losses};
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

/// What one row per span has no place for.
const DROPS: Drops = Drops {
    title: false,
    meta: true,
    status: true,
    span_attributes: false,
    span_notes: false,
    span_annotators: false,
    relations: true,
    relation_notes: true,
    relation_annotators: true,
    documents_without_spans: true,
};

/// Writes the rows; with `excel_safe`, a cell a spreadsheet would run as a
/// formula gets a leading `'`.
pub fn export_csv(
    store: &impl Reader,
    excel_safe: bool,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ExportSummary, ExportError> {
    let mut summary = ExportSummary::default();
    let mut losses = Losses::default();
    let write_row = |out: &mut dyn Write, cells: [String; 10]| write_row(out, cells, excel_safe);
    write_row(out, HEADER.map(String::from))?;
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
                    span.data.annotator.clone(),
                    span.data.note.clone(),
                ],
            )?;
        }
        losses.count(&bundle, DROPS);
        summary.documents += 1;
        summary.spans += bundle.spans.len();
        Ok(())
    })?;
    out.flush()?;
    summary.notices = losses.notices("CSV (one row per span)");
    Ok(summary)
}

fn write_row(
    out: &mut dyn Write,
    cells: [String; 10],
    excel_safe: bool,
) -> Result<(), ExportError> {
    let row: Vec<String> = cells
        .into_iter()
        .map(|cell| {
            if excel_safe {
                quote(&defuse_formula(cell))
            } else {
                quote(&cell)
            }
        })
        .collect();
    // RFC 4180: CRLF between records.
    out.write_all(row.join(",").as_bytes())?;
    out.write_all(b"\r\n")?;
    Ok(())
}

/// A spreadsheet runs a cell starting with = + - @ (or a tab / CR) as a
/// formula; a leading apostrophe makes it text (OWASP's advice). Every such
/// cell is guarded, numbers such as "+3" and "-5" too: a spreadsheet reads
/// `+3` as the formula `=+3`, and one rule for all is what a user can predict.
pub fn defuse_formula(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
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
        assert_eq!(defuse_formula("-5".into()), "'-5");
        assert_eq!(defuse_formula("+3".into()), "'+3");
        assert_eq!(defuse_formula("\tx".into()), "'\tx");
        assert_eq!(defuse_formula("5".into()), "5");
        assert_eq!(defuse_formula("-x".into()), "'-x");
    }
}
