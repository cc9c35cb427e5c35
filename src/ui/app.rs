use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId};

use crate::model::{CharIndex, Document, DocumentId, DocumentSummary, Schema, Span};
use crate::store::{Reader, Store, StoreError};

/// The app: owns the store and what the window shows of it.
pub struct GlossatorApp {
    store: Store,
    schema: Schema,
    documents: Vec<DocumentSummary>,
    open: Option<OpenDocument>,
    message: String,
}

struct OpenDocument {
    document: Document,
    spans: Vec<Span>,
}

impl GlossatorApp {
    pub fn new(store: Store) -> Result<Self, StoreError> {
        let mut app = Self {
            schema: store.schema()?,
            documents: store.document_summaries()?,
            store,
            open: None,
            message: String::new(),
        };
        if let Some(first) = app.documents.first().map(|d| d.id) {
            app.open_document(first);
        }
        Ok(app)
    }

    fn open_document(&mut self, id: DocumentId) {
        let loaded = self.store.document(id).and_then(|document| {
            let spans = self.store.spans_of(id)?;
            Ok(document.map(|document| OpenDocument { document, spans }))
        });
        match loaded {
            Ok(open) => self.open = open,
            Err(err) => self.message = err.to_string(),
        }
    }

    fn documents_ui(&mut self, ui: &mut egui::Ui) -> Option<DocumentId> {
        let mut clicked = None;
        ui.heading("Documents");
        egui::ScrollArea::vertical().show(ui, |ui| {
            for summary in &self.documents {
                let selected = self.open.as_ref().map(|o| o.document.id) == Some(summary.id);
                let text = format!(
                    "{}  ({} spans, {})",
                    summary.title,
                    summary.span_count,
                    summary.status.display_name()
                );
                if ui.selectable_label(selected, text).clicked() {
                    clicked = Some(summary.id);
                }
            }
        });
        clicked
    }

    fn article_ui(&self, ui: &mut egui::Ui) {
        let Some(open) = &self.open else {
            ui.label("No document. Import files with `glossator import PROJECT FILE...`.");
            return;
        };
        ui.heading(&open.document.title);
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.label(article_layout(
                &open.document.text,
                &open.spans,
                &self.schema,
                ui,
            ));
        });
    }
}

fn article_layout(text: &str, spans: &[Span], schema: &Schema, ui: &egui::Ui) -> LayoutJob {
    let font = FontId::proportional(16.0);
    let plain = TextFormat::simple(font.clone(), ui.visuals().text_color());
    let index = CharIndex::new(text);
    // Innermost label colour per code point: later (shorter, nested) spans win.
    let mut colour_at: Vec<Option<Color32>> = vec![None; index.len_chars()];
    for span in spans {
        let [r, g, b] = schema
            .label(span.label_id())
            .map_or([128, 128, 128], |l| l.rgb());
        let colour = Color32::from_rgba_unmultiplied(r, g, b, 70);
        for slot in &mut colour_at[span.start_char()..span.end_char().min(index.len_chars())] {
            *slot = Some(colour);
        }
    }
    let mut job = LayoutJob::default();
    let mut run_start = 0;
    for offset in 1..=colour_at.len() {
        if offset == colour_at.len() || colour_at[offset] != colour_at[run_start] {
            let mut format = plain.clone();
            if let Some(colour) = colour_at[run_start] {
                format.background = colour;
            }
            if let Some(run) = index.slice(run_start, offset) {
                job.append(run, 0.0, format);
            }
            run_start = offset;
        }
    }
    job.wrap.max_width = ui.available_width().min(760.0);
    job
}

impl eframe::App for GlossatorApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let mut open = None;
        egui::Panel::left("documents")
            .default_size(260.0)
            .show(ui, |ui| {
                open = self.documents_ui(ui);
            });
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.label(if self.message.is_empty() {
                "saved"
            } else {
                &self.message
            });
        });
        egui::CentralPanel::default().show(ui, |ui| self.article_ui(ui));
        if let Some(id) = open {
            self.open_document(id);
        }
    }
}
