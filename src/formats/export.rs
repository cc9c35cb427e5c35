//! Every export format, from the command line and the app alike.

use std::io::Write;
use std::path::Path;

use super::atomic::write_atomically;
use super::doccano::DoccanoShape;
use super::export_layers::ExportLayers;
use super::jsonl::{export_jsonl_with_progress, ExportSummary};
use super::{brat, conll, csv, doccano, label_studio, ExportError};
use crate::store::{LayerView, Reader, Store};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    Jsonl,
    Csv,
    Conll,
    Doccano,
    DoccanoRelations,
    LabelStudio,
    Brat,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 7] = [
        Self::Jsonl,
        Self::Csv,
        Self::Conll,
        Self::Doccano,
        Self::DoccanoRelations,
        Self::LabelStudio,
        Self::Brat,
    ];

    /// The name on the command line.
    pub fn cli_name(self) -> &'static str {
        match self {
            Self::Jsonl => "jsonl",
            Self::Csv => "csv",
            Self::Conll => "conll",
            Self::Doccano => "doccano",
            Self::DoccanoRelations => "doccano-relations",
            Self::LabelStudio => "label-studio",
            Self::Brat => "brat",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.cli_name() == name)
    }

    /// The name in menus.
    pub fn name(self) -> &'static str {
        match self {
            Self::Jsonl => "Native JSONL",
            Self::Csv => "CSV (one row per span)",
            Self::Conll => "CoNLL / IOB2",
            Self::Doccano => "doccano (sequence labelling)",
            Self::DoccanoRelations => "doccano (relations)",
            Self::LabelStudio => "Label Studio JSON",
            Self::Brat => "brat standoff (a folder)",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Jsonl | Self::Doccano | Self::DoccanoRelations => "jsonl",
            Self::Csv => "csv",
            Self::Conll => "conll",
            Self::LabelStudio => "json",
            Self::Brat => "",
        }
    }

    /// brat writes a folder; the others one file.
    pub fn writes_folder(self) -> bool {
        self == Self::Brat
    }
}

/// Choices that change what a format writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// CSV: a leading `'` on cells starting with `= + - @`, tab or CR, so a
    /// spreadsheet shows them instead of running them. Off by default: it
    /// changes the text that programs read.
    pub excel_safe: bool,
    /// brat: what becomes of CR in the `.txt` (LF by default, as brat reads
    /// text with universal newlines).
    pub brat_newlines: brat::BratNewlines,
}

/// Writes a one-file format to `out`: `layers` of the project.
pub fn export_to_writer(
    store: &impl Reader,
    format: ExportFormat,
    options: ExportOptions,
    layers: &ExportLayers,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ExportSummary, ExportError> {
    match layers {
        ExportLayers::All => write_format(store, format, options, out, progress),
        ExportLayers::One(name) => {
            write_format(&LayerView::new(store, name), format, options, out, progress)
        }
    }
}

fn write_format(
    store: &impl Reader,
    format: ExportFormat,
    options: ExportOptions,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ExportSummary, ExportError> {
    match format {
        ExportFormat::Jsonl => export_jsonl_with_progress(store, &mut &mut *out, progress),
        ExportFormat::Csv => csv::export_csv(store, options.excel_safe, out, progress),
        ExportFormat::Conll => conll::export_conll(store, out, progress),
        ExportFormat::Doccano => {
            doccano::export_doccano(store, DoccanoShape::SequenceLabeling, out, progress)
        }
        ExportFormat::DoccanoRelations => {
            doccano::export_doccano(store, DoccanoShape::Relations, out, progress)
        }
        ExportFormat::LabelStudio => label_studio::export_label_studio(store, out, progress),
        ExportFormat::Brat => Err(ExportError::NeedsFolder { format: "brat" }),
    }
}

/// Writes `format` to `path`: a file replaced whole, or for brat a new folder.
/// Never onto the project itself, its log, lock or backups folder.
pub fn export_to_path(
    store: &Store,
    format: ExportFormat,
    options: ExportOptions,
    layers: &ExportLayers,
    path: &Path,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ExportSummary, ExportError> {
    store.refuse_as_output(path)?;
    if format.writes_folder() {
        return match layers {
            ExportLayers::All => {
                brat::export_brat_with(store, path, options.brat_newlines, progress)
            }
            ExportLayers::One(name) => brat::export_brat_with(
                &LayerView::new(store, name),
                path,
                options.brat_newlines,
                progress,
            ),
        };
    }
    write_atomically(path, |out| {
        export_to_writer(store, format, options, layers, out, progress)
    })
}

/// What an export to a file or folder wrote, as one sentence (then a line per
/// notice): the CLI prints it and the app's status line shows it.
pub struct ExportReport<'a> {
    pub summary: &'a ExportSummary,
    pub output: &'a Path,
}

impl std::fmt::Display for ExportReport<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let summary = self.summary;
        write!(
            f,
            "Exported {} documents, {} spans, {} relations to {}",
            summary.documents,
            summary.spans,
            summary.relations,
            self.output.display()
        )?;
        for notice in &summary.notices {
            write!(f, "\nnote: {notice}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod report_tests {
    use super::*;

    #[test]
    fn an_export_report_is_one_sentence_then_its_notices() {
        let summary = ExportSummary {
            documents: 2,
            spans: 5,
            relations: 1,
            notices: vec!["CSV has no relations: 1 left out".into()],
        };
        let report = ExportReport {
            summary: &summary,
            output: Path::new("out.csv"),
        };
        assert_eq!(
            report.to_string(),
            "Exported 2 documents, 5 spans, 1 relations to out.csv\nnote: CSV has no relations: 1 left out"
        );
    }
}
