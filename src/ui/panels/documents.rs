//! Left panel: every document with its status and span count, a filter, and
//! keyboard navigation. Only visible rows are drawn (100,000 documents scroll).

use egui::{vec2, FontId, Key, Modifiers, TextStyle, Ui};

use super::text_filter::TextFilter;
use crate::formats::import::plural;
use crate::model::{DocumentId, DocumentStatus};
use crate::session::Session;
use crate::ui::action::Action;
use crate::ui::command::UiCommand;
use crate::ui::curation::{CurationMark, CurationProgress};
use crate::ui::theme;

/// The accessible name of the filter box.
pub const FILTER_LABEL: &str = "Filter documents";
/// The accessible name of the text filter box.
pub const TEXT_FILTER_LABEL: &str = "Filter by text";
/// The accessible name of the status filter.
pub const STATUS_FILTER_LABEL: &str = "Show documents";

/// Which documents the list shows, by status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum StatusFilter {
    #[default]
    All,
    /// New or in progress.
    Unfinished,
    Only(DocumentStatus),
    /// With candidates left to decide (offered while the project has
    /// curation: documents finished by two annotators or more).
    NeedsCuration,
}

impl StatusFilter {
    const ALL: [Self; 5] = [
        Self::All,
        Self::Unfinished,
        Self::Only(DocumentStatus::New),
        Self::Only(DocumentStatus::InProgress),
        Self::Only(DocumentStatus::Done),
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::All => "All",
            Self::Unfinished => "Unfinished",
            Self::Only(DocumentStatus::New) => "New",
            Self::Only(DocumentStatus::InProgress) => "In progress",
            Self::Only(DocumentStatus::Done) => "Done",
            Self::NeedsCuration => "Needs curation",
        }
    }

    fn passes(
        self,
        document: DocumentId,
        status: DocumentStatus,
        curation: Option<&CurationProgress>,
    ) -> bool {
        match self {
            Self::All => true,
            Self::Unfinished => status != DocumentStatus::Done,
            Self::Only(only) => status == only,
            Self::NeedsCuration => curation.is_some_and(|c| c.needs_curation(document)),
        }
    }
}

/// What the filtered rows were computed from.
#[derive(Clone, Debug, PartialEq, Eq)]
struct FilterKey {
    title: String,
    status: StatusFilter,
    text_generation: u64,
    documents: usize,
    /// Edits change statuses and titles: counted while a filter looks at them.
    changes: u64,
    show_all: bool,
    /// Whose statuses the list shows.
    annotator: String,
    /// The curation counts the "Needs curation" filter read.
    curation: Option<u64>,
}

/// The accessible name of the toggle between my assigned documents and all.
pub const ALL_DOCUMENTS_LABEL: &str = "All documents";

#[derive(Default)]
pub struct DocumentList {
    filter: String,
    status_filter: StatusFilter,
    text: String,
    text_filter: TextFilter,
    /// In a project with assignments: every document, not only mine.
    show_all: bool,
    /// Indices into the session's documents that pass the filter, and what they were computed from.
    filtered: Vec<usize>,
    filtered_for: Option<FilterKey>,
    /// The open document when the list was last drawn: when another opens
    /// (Alt+↓, Done ✔ next), the list scrolls to it.
    shown_open: Option<DocumentId>,
    /// Positions in `filtered` drawn last frame.
    rows_seen: std::ops::Range<usize>,
}

impl DocumentList {
    /// The list; `curation` (when the project has curation) adds each
    /// document's undecided candidates and the "Needs curation" filter.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        session: &Session,
        curation: Option<&CurationProgress>,
        actions: &mut Vec<Action>,
    ) {
        let curation = curation.filter(|c| c.any());
        self.refilter(session, curation);
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            ui.heading("Documents");
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.weak(document_count(
                    self.filtered.len(),
                    session.documents().len(),
                ));
            });
        });
        let filter = ui.add(
            egui::TextEdit::singleline(&mut self.filter)
                .hint_text("Filter by title…")
                .desired_width(f32::INFINITY),
        );
        filter.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, FILTER_LABEL));
        self.more_filters_ui(ui, session, curation.is_some());
        if session.has_assignments() {
            ui.checkbox(&mut self.show_all, ALL_DOCUMENTS_LABEL)
                .on_hover_text(format!(
                    "Off: the documents assigned to {}. On: every document, theirs first.",
                    session.annotator()
                ));
        }
        self.refilter(session, curation);
        if filter.has_focus() {
            self.keyboard(ui, session, actions);
        }
        ui.add_space(4.0);

        let row_height = ui.text_style_height(&TextStyle::Body) + 10.0;
        let open = session.open_id();
        let mut scroll = egui::ScrollArea::vertical()
            .id_salt("document list")
            .auto_shrink([false, false]);
        if let Some(offset) = self.scroll_to_open(session, row_height + ui.spacing().item_spacing.y)
        {
            scroll = scroll.vertical_scroll_offset(offset);
        }
        scroll.show_rows(ui, row_height, self.filtered.len(), |ui, rows| {
            self.rows_seen = rows.clone();
            for &index in &self.filtered[rows] {
                let summary = &session.documents()[index];
                let (rect, response, visuals) =
                    super::list_row(ui, row_height, open == Some(summary.id), &summary.title);
                let font = FontId::proportional(ui.text_style_height(&TextStyle::Body) - 1.0);
                let count = format!("{}", summary.span_count);
                let count_galley = ui.painter().layout_no_wrap(
                    count,
                    font.clone(),
                    ui.visuals().weak_text_color(),
                );
                let mark = curation.and_then(|c| c.mark(summary.id));
                let left_galley = mark.map(|mark| {
                    let dark = ui.visuals().dark_mode;
                    let (text, color) = match mark {
                        CurationMark::Left(left) => {
                            (format!("{left} left"), theme::curation_left_color(dark))
                        }
                        CurationMark::Curated => ("✔".to_string(), theme::curated_color(dark)),
                        CurationMark::NotReady => ("–".to_string(), ui.visuals().weak_text_color()),
                    };
                    ui.painter().layout_no_wrap(text, font.clone(), color)
                });
                let left_width = left_galley.as_ref().map_or(0.0, |g| g.size().x + 8.0);
                let text_width = rect.width() - count_galley.size().x - left_width - 34.0;
                let title = egui::text::LayoutJob::simple_singleline(
                    summary.title.clone(),
                    font.clone(),
                    visuals.text_color(),
                );
                let mut title = title;
                title.wrap = egui::text::TextWrapping::truncate_at_width(text_width.max(20.0));
                let title_galley = ui.painter().layout_job(title);
                let mid = rect.center().y;
                theme::paint_status(
                    ui.painter(),
                    rect.left_center() + vec2(12.0, 0.0),
                    4.5,
                    summary.status,
                    visuals.text_color(),
                    ui.visuals().dark_mode,
                );
                ui.painter().galley(
                    egui::pos2(rect.left() + 24.0, mid - title_galley.size().y / 2.0),
                    title_galley,
                    visuals.text_color(),
                );
                let count_left = rect.right() - count_galley.size().x - 6.0;
                ui.painter().galley(
                    egui::pos2(count_left, mid - count_galley.size().y / 2.0),
                    count_galley,
                    visuals.text_color(),
                );
                if let Some(galley) = left_galley {
                    ui.painter().galley(
                        egui::pos2(
                            count_left - galley.size().x - 8.0,
                            mid - galley.size().y / 2.0,
                        ),
                        galley,
                        visuals.text_color(),
                    );
                }
                let curation_line = mark.map_or_else(String::new, curation_line);
                let response = response.on_hover_text(format!(
                    "{}\n{} · {} · {}{curation_line}",
                    summary.title,
                    summary.status.display_name(),
                    plural(summary.span_count, "span"),
                    plural(summary.len_chars, "character")
                ));
                if response.clicked() {
                    actions.push(Action::OpenDocument(summary.id));
                }
                response.context_menu(|ui| row_menu(ui, summary.id, summary.status, actions));
            }
        });
    }

    /// When another document opened since the last frame and its row is
    /// not in view: the scroll offset that puts it a few rows from the top.
    fn scroll_to_open(&mut self, session: &Session, row_pitch: f32) -> Option<f32> {
        let open = session.open_id();
        if open == self.shown_open {
            return None;
        }
        self.shown_open = open;
        let position = self
            .filtered
            .iter()
            .position(|&i| Some(session.documents()[i].id) == open)?;
        // The first and last rows drawn may be cut off by the edges.
        let fully_seen = self.rows_seen.start + 1..self.rows_seen.end.saturating_sub(1);
        if fully_seen.contains(&position) {
            return None;
        }
        Some(position.saturating_sub(3) as f32 * row_pitch)
    }

    /// The status filter and the text filter, under the title filter.
    fn more_filters_ui(&mut self, ui: &mut Ui, session: &Session, curating: bool) {
        // Curation gone (another project, gold reset): its filter goes too.
        if !curating && self.status_filter == StatusFilter::NeedsCuration {
            self.status_filter = StatusFilter::All;
        }
        ui.horizontal(|ui| {
            egui::ComboBox::from_id_salt("status filter")
                .selected_text(self.status_filter.name())
                .width(96.0)
                .show_ui(ui, |ui| {
                    for filter in StatusFilter::ALL {
                        ui.selectable_value(&mut self.status_filter, filter, filter.name());
                    }
                    if curating {
                        let filter = StatusFilter::NeedsCuration;
                        ui.selectable_value(&mut self.status_filter, filter, filter.name())
                            .on_hover_text(
                                "Documents with candidates no one has accepted or rejected yet",
                            );
                    }
                })
                .response
                .widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::ComboBox, true, STATUS_FILTER_LABEL)
                });
            let text = ui.add(
                egui::TextEdit::singleline(&mut self.text)
                    .hint_text("Text contains…")
                    .desired_width(f32::INFINITY),
            );
            text.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::TextInput, true, TEXT_FILTER_LABEL)
            });
        });
        self.text_filter.update(ui.ctx(), session, &self.text);
        if self.text_filter.searching() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.weak("Searching the texts…");
            });
        }
        if let Some(error) = &self.text_filter.error {
            ui.colored_label(theme::error_color(ui.visuals().dark_mode), error);
        }
    }

    fn refilter(&mut self, session: &Session, curation: Option<&CurationProgress>) {
        let filtering = !self.filter.is_empty() || self.status_filter != StatusFilter::All;
        let key = FilterKey {
            title: self.filter.clone(),
            status: self.status_filter,
            text_generation: self.text_filter.generation(),
            documents: session.documents().len(),
            changes: if filtering { session.change_count() } else { 0 },
            show_all: self.show_all,
            annotator: session.annotator().to_string(),
            curation: curation
                .filter(|_| self.status_filter == StatusFilter::NeedsCuration)
                .map(CurationProgress::generation),
        };
        if self.filtered_for.as_ref() == Some(&key) {
            return;
        }
        let needle = self.filter.to_lowercase();
        let only_mine = session.has_assignments() && !self.show_all;
        self.filtered = session
            .documents()
            .iter()
            .enumerate()
            .filter(|(_, d)| !only_mine || d.assigned)
            .filter(|(_, d)| {
                self.status_filter.passes(d.id, d.status, curation)
                    && self.text_filter.passes(d.id)
                    && (needle.is_empty()
                        || d.title.to_lowercase().contains(&needle)
                        || d.external_id.to_lowercase().contains(&needle))
            })
            .map(|(i, _)| i)
            .collect();
        self.filtered_for = Some(key);
    }

    /// In the filter box, ↑/↓ open the previous/next matching document.
    fn keyboard(&self, ui: &Ui, session: &Session, actions: &mut Vec<Action>) {
        let step = if ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::ArrowDown)) {
            1
        } else if ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::ArrowUp)) {
            -1
        } else {
            return;
        };
        let current = session.open_id().and_then(|id| {
            self.filtered
                .iter()
                .position(|&i| session.documents()[i].id == id)
        });
        let target = match current {
            Some(p) => p
                .checked_add_signed(step)
                .filter(|&t| t < self.filtered.len()),
            None => (!self.filtered.is_empty()).then_some(0),
        };
        if let Some(target) = target {
            actions.push(Action::OpenDocument(
                session.documents()[self.filtered[target]].id,
            ));
        }
    }
}

/// The row tooltip's line about curation: what the mark beside the title
/// means for this document.
fn curation_line(mark: CurationMark) -> String {
    match mark {
        CurationMark::Left(left) => {
            format!("\ncuration: {} undecided", plural(left, "candidate"))
        }
        CurationMark::Curated => "\ncuration: ✔ every candidate decided".to_string(),
        CurationMark::NotReady => {
            "\ncuration: – not ready: fewer than two annotators have finished it (marked done)"
                .to_string()
        }
    }
}

/// The count over the list: "12 of 300" while a filter hides some.
fn document_count(shown: usize, total: usize) -> String {
    if shown == total {
        format!("{total}")
    } else {
        format!("{shown} of {total}")
    }
}

/// A row's right-click menu: its status (a done document can be reopened),
/// rename, delete.
fn row_menu(ui: &mut Ui, document: DocumentId, status: DocumentStatus, actions: &mut Vec<Action>) {
    ui.label("Status");
    crate::ui::menus::status_items(ui, document, status, actions);
    ui.separator();
    if ui.button(UiCommand::RenameDocument.menu_text()).clicked() {
        actions.push(Action::AskRenameDocument(document));
        ui.close();
    }
    if ui.button(UiCommand::DeleteDocument.menu_text()).clicked() {
        actions.push(Action::AskDeleteDocument(document));
        ui.close();
    }
}
