//! Right panel: the label palette, the selected span, and this document's
//! spans in text order.

use egui::{vec2, Color32, RichText, Sense, TextStyle, Ui};

use crate::formats::import::plural;
use crate::model::{AttributeKind, Label, SpanId};
use crate::session::{ellipsize, Edit, OpenDocument, Session};
use crate::ui::action::Action;
use crate::ui::article::ArticleState;
use crate::ui::panels::note::NoteField;
use crate::ui::theme;

/// The inspector keeps the note being typed until it is committed.
#[derive(Default)]
pub struct Inspector {
    span_note: NoteField<SpanId>,
    relation_note: NoteField<crate::model::RelationId>,
}

/// The accessible name of a label's palette button.
pub fn palette_button_label(name: &str) -> String {
    format!("Label {name}")
}

/// The accessible name of a row in the span list.
pub fn span_row_label(label: &str, text: &str) -> String {
    format!("{label}: {text}")
}

impl Inspector {
    /// The span's note field is no longer shown: what was typed is saved.
    fn close_span_note(&mut self, actions: &mut Vec<Action>) {
        if let Some((span, note)) = self.span_note.close() {
            actions.push(Action::Edit(Edit::SetSpanNote { span, note }));
        }
    }

    fn close_relation_note(&mut self, actions: &mut Vec<Action>) {
        if let Some((relation, note)) = self.relation_note.close() {
            actions.push(Action::Edit(Edit::SetRelationNote { relation, note }));
        }
    }

    /// Before the project closes: what was typed into a note and not yet
    /// saved, as the edits that save it.
    pub fn close_notes(&mut self) -> Vec<Action> {
        let mut actions = Vec::new();
        self.close_span_note(&mut actions);
        self.close_relation_note(&mut actions);
        actions
    }

    pub fn ui(
        &mut self,
        ui: &mut Ui,
        session: &Session,
        state: &mut ArticleState,
        actions: &mut Vec<Action>,
    ) {
        let Some(open) = session.open() else {
            ui.weak("No document open.");
            return;
        };
        ui.add_space(4.0);
        ui.heading("Labels");
        palette_ui(ui, session, open, state, actions);
        ui.separator();
        if let Some(relation) = state.selected_relation().and_then(|id| open.relation(id)) {
            self.close_span_note(actions);
            self.relation_ui(ui, session, open, relation, actions);
        } else {
            self.close_relation_note(actions);
            self.selection_ui(ui, session, open, state, actions);
        }
        ui.separator();
        span_list_ui(ui, session, open, state, actions);
    }

    fn selection_ui(
        &mut self,
        ui: &mut Ui,
        session: &Session,
        open: &OpenDocument,
        state: &mut ArticleState,
        actions: &mut Vec<Action>,
    ) {
        let schema = session.schema();
        if let Some(span) = state.selected_span().and_then(|id| open.span(id)) {
            ui.heading("Selected span");
            let text = open.slice(span.start_char(), span.end_char());
            ui.label(RichText::new(format!("“{}”", ellipsize(&text, 200))).italics());
            egui::Grid::new("selected span")
                .num_columns(2)
                .spacing(vec2(8.0, 4.0))
                .show(ui, |ui| {
                    let name = ui.label("Label");
                    let mut label = span.label_id();
                    egui::ComboBox::from_id_salt("relabel")
                        .selected_text(schema.label_name(label))
                        .show_ui(ui, |ui| {
                            for candidate in schema.span_labels() {
                                ui.selectable_value(&mut label, candidate.id, &candidate.name);
                            }
                        })
                        .response
                        .labelled_by(name.id);
                    if label != span.label_id() {
                        actions.push(Action::Edit(Edit::RelabelSpan {
                            span: span.id,
                            label,
                        }));
                    }
                    ui.end_row();
                    ui.label("Offsets");
                    ui.label(format!(
                        "{}–{} ({})",
                        span.start_char(),
                        span.end_char(),
                        plural(span.end_char() - span.start_char(), "char")
                    ));
                    ui.end_row();
                    ui.label("Annotator");
                    ui.label(span.data.annotator.as_str());
                    ui.end_row();
                    for attribute in schema.attributes_of(span.label_id()) {
                        let name = ui.label(&attribute.name);
                        let current = span.data.attributes.get(&attribute.name).cloned();
                        match attribute.kind {
                            AttributeKind::Choice => {
                                let mut chosen = current.clone();
                                egui::ComboBox::from_id_salt(("attribute", &attribute.name))
                                    .selected_text(chosen.as_deref().unwrap_or("—"))
                                    .show_ui(ui, |ui| {
                                        ui.selectable_value(&mut chosen, None, "—");
                                        for value in &attribute.values {
                                            ui.selectable_value(
                                                &mut chosen,
                                                Some(value.clone()),
                                                value,
                                            );
                                        }
                                    })
                                    .response
                                    .labelled_by(name.id);
                                if chosen != current {
                                    actions.push(Action::Edit(Edit::SetSpanAttribute {
                                        span: span.id,
                                        name: attribute.name.clone(),
                                        value: chosen,
                                    }));
                                }
                            }
                            AttributeKind::Text => {
                                ui.label(current.as_deref().unwrap_or("—"))
                                    .labelled_by(name.id);
                            }
                            AttributeKind::Flag => {
                                let mut on = current.as_deref() == Some("true");
                                if ui.checkbox(&mut on, "").labelled_by(name.id).changed() {
                                    actions.push(Action::Edit(Edit::SetSpanAttribute {
                                        span: span.id,
                                        name: attribute.name.clone(),
                                        value: on.then(|| "true".to_string()),
                                    }));
                                }
                            }
                        }
                        ui.end_row();
                    }
                });
            ui.label("Note");
            if let Some((span, note)) = self.span_note.ui(
                ui,
                span.id,
                &span.data.note,
                "Span note",
                "A note on this span (Enter saves, Shift+Enter starts a new line)",
            ) {
                actions.push(Action::Edit(Edit::SetSpanNote { span, note }));
            }
            ui.add_space(4.0);
            ui.horizontal(|ui| {
                if ui.button("🗑 Delete span").on_hover_text("Delete (Del)").clicked() {
                    actions.push(Action::Edit(Edit::DeleteSpan(span.id)));
                }
                if ui.button("Link… (R)").on_hover_text("Start a relation from this span: then Tab or click the target and press Enter").clicked() {
                    state.start_relation_from_selected();
                }
            });
            relations_of_span_ui(ui, session, open, span.id, actions);
            off_schema_ui(ui, session, span.id, actions);
        } else if let Some((start, end)) = state.range_to_tag(open) {
            self.close_span_note(actions);
            ui.heading("Selection");
            ui.label(
                RichText::new(format!("“{}”", ellipsize(&open.slice(start, end), 200))).italics(),
            );
            ui.weak(format!(
                "{start}–{end} ({}). Press a label key to tag it.",
                plural(end - start, "char")
            ));
        } else {
            self.close_span_note(actions);
            ui.weak("Select text and press a label key (1, 2, 3…) to tag it; click a span to select it.");
        }
    }
}

fn palette_ui(
    ui: &mut Ui,
    session: &Session,
    open: &OpenDocument,
    state: &mut ArticleState,
    actions: &mut Vec<Action>,
) {
    for label in session.schema().span_labels() {
        let count = open
            .spans
            .iter()
            .filter(|s| s.label_id() == label.id)
            .count();
        ui.horizontal(|ui| {
            let sticky = state.sticky_label() == Some(label.id);
            let pin = ui
                .selectable_label(sticky, if sticky { "★" } else { "☆" })
                .on_hover_text(format!(
                    "Sticky {}: tag every selection at once (Shift+{})",
                    label.name,
                    label.shortcut.as_deref().unwrap_or("")
                ));
            pin.widget_info(|| {
                egui::WidgetInfo::selected(
                    egui::Role::CheckBox,
                    true,
                    sticky,
                    format!("Sticky {}", label.name),
                )
            });
            if pin.clicked() {
                state.toggle_sticky(label.id);
            }
            let button = label_button(ui, label, count);
            if button.clicked() {
                actions.extend(state.tag_or_relabel(label.id, open));
            }
        });
    }
}

fn label_button(ui: &mut Ui, label: &Label, count: usize) -> egui::Response {
    let color = theme::label_color(label);
    let height = ui.text_style_height(&TextStyle::Button) + 8.0;
    let (rect, response) =
        ui.allocate_exact_size(vec2(ui.available_width(), height), Sense::click());
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Button, true, palette_button_label(&label.name))
    });
    let visuals = ui.style().interact(&response);
    ui.painter().rect_filled(rect, 4.0, visuals.weak_bg_fill);
    let swatch = egui::Rect::from_min_size(
        rect.left_top() + vec2(6.0, 5.0),
        vec2(height - 10.0, height - 10.0),
    );
    ui.painter().rect_filled(swatch, 3.0, color);
    let font = egui::FontId::proportional(ui.text_style_height(&TextStyle::Button));
    ui.painter().text(
        swatch.right_center() + vec2(8.0, 0.0),
        egui::Align2::LEFT_CENTER,
        &label.name,
        font.clone(),
        visuals.text_color(),
    );
    let right = format!(
        "{}   {count}",
        label
            .shortcut
            .as_deref()
            .map(|k| format!("[{k}]"))
            .unwrap_or_default()
    );
    ui.painter().text(
        rect.right_center() - vec2(8.0, 0.0),
        egui::Align2::RIGHT_CENTER,
        right,
        font,
        ui.visuals().weak_text_color(),
    );
    response.on_hover_text(format!(
        "Tag the selection as {} (key {})",
        label.name,
        label.shortcut.as_deref().unwrap_or("none")
    ))
}

fn span_list_ui(
    ui: &mut Ui,
    session: &Session,
    open: &OpenDocument,
    state: &ArticleState,
    actions: &mut Vec<Action>,
) {
    let schema = session.schema();
    ui.heading(format!("Spans ({})", open.spans.len()));
    let row_height = ui.text_style_height(&TextStyle::Body) + 6.0;
    egui::ScrollArea::vertical()
        .id_salt(("span list", open.document.id))
        .auto_shrink([false, false])
        .show_rows(ui, row_height, open.spans.len(), |ui, rows| {
            for span in &open.spans[rows] {
                let label = schema.label(span.label_id());
                let name = label.map_or("?", |l| l.name.as_str());
                let color = label.map_or(Color32::GRAY, theme::label_color);
                let text = ellipsize(&open.slice(span.start_char(), span.end_char()), 60);
                let selected = state.selected_span() == Some(span.id);
                let (rect, response, visuals) =
                    super::list_row(ui, row_height, selected, &span_row_label(name, &text));
                ui.painter().rect_filled(
                    egui::Rect::from_min_size(
                        rect.left_top() + vec2(2.0, 3.0),
                        vec2(4.0, row_height - 6.0),
                    ),
                    1.0,
                    color,
                );
                let font = egui::FontId::proportional(ui.text_style_height(&TextStyle::Body) - 1.0);
                let mut job = egui::text::LayoutJob::default();
                job.append(name, 0.0, egui::TextFormat::simple(font.clone(), color));
                job.append(
                    &text,
                    8.0,
                    egui::TextFormat::simple(font, visuals.text_color()),
                );
                job.wrap = egui::text::TextWrapping::truncate_at_width(rect.width() - 14.0);
                let galley = ui.painter().layout_job(job);
                ui.painter().galley(
                    egui::pos2(rect.left() + 12.0, rect.center().y - galley.size().y / 2.0),
                    galley,
                    visuals.text_color(),
                );
                if response.clicked() {
                    actions.push(Action::SelectSpan {
                        span: Some(span.id),
                        scroll: true,
                    });
                }
            }
        });
}

/// A span's relations, outgoing then incoming; a click selects one.
fn relations_of_span_ui(
    ui: &mut Ui,
    session: &Session,
    open: &OpenDocument,
    span: SpanId,
    actions: &mut Vec<Action>,
) {
    let schema = session.schema();
    let text_of = |id: SpanId| ellipsize(&open.span_text(id), 40);
    let outgoing: Vec<_> = open
        .relations
        .iter()
        .filter(|r| r.data.from_span == span)
        .collect();
    let incoming: Vec<_> = open
        .relations
        .iter()
        .filter(|r| r.data.to_span == span)
        .collect();
    if outgoing.is_empty() && incoming.is_empty() {
        return;
    }
    ui.add_space(4.0);
    ui.strong("Relations");
    for relation in outgoing {
        let text = format!(
            "› {} “{}”",
            schema.label_name(relation.data.label_id),
            text_of(relation.data.to_span)
        );
        if ui.selectable_label(false, text).clicked() {
            actions.push(Action::SelectRelation(Some(relation.id)));
        }
    }
    for relation in incoming {
        let text = format!(
            "‹ {} “{}”",
            schema.label_name(relation.data.label_id),
            text_of(relation.data.from_span)
        );
        if ui.selectable_label(false, text).clicked() {
            actions.push(Action::SelectRelation(Some(relation.id)));
        }
    }
}

/// The accessible name of the button that deletes a span's relations the
/// schema's rules do not allow.
pub const DELETE_OFF_SCHEMA_LABEL: &str = "Delete the relations the schema does not allow";

/// After a relabel (or an override) a span may keep relations the schema's
/// rules do not allow: they stay until the user deletes them, here.
fn off_schema_ui(ui: &mut Ui, session: &Session, span: SpanId, actions: &mut Vec<Action>) {
    let off_schema = session.relations_off_schema(span);
    if off_schema.is_empty() {
        return;
    }
    let dark = ui.visuals().dark_mode;
    let n = off_schema.len();
    ui.colored_label(
        theme::error_color(dark),
        if n == 1 {
            "⚠ 1 of these relations is not allowed between these labels by the schema".to_string()
        } else {
            format!("⚠ {n} of these relations are not allowed between these labels by the schema")
        },
    );
    let button = ui
        .button(format!("🗑 Delete {}", if n == 1 { "it" } else { "them" }))
        .on_hover_text("Keep them, or delete them as one step (Ctrl+Z brings them back)");
    button.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Button, true, DELETE_OFF_SCHEMA_LABEL)
    });
    if button.clicked() {
        actions.push(Action::Edit(Edit::DeleteRelations(off_schema)));
    }
}

impl Inspector {
    fn relation_ui(
        &mut self,
        ui: &mut Ui,
        session: &Session,
        open: &OpenDocument,
        relation: &crate::model::Relation,
        actions: &mut Vec<Action>,
    ) {
        let schema = session.schema();
        ui.heading("Selected relation");
        let end = |id: SpanId| {
            open.span(id).map_or_else(String::new, |s| {
                format!(
                    "{} “{}”",
                    schema.label_name(s.label_id()),
                    ellipsize(&open.slice(s.start_char(), s.end_char()), 60)
                )
            })
        };
        egui::Grid::new("selected relation")
            .num_columns(2)
            .spacing(vec2(8.0, 4.0))
            .show(ui, |ui| {
                let name = ui.label("Type");
                let mut label = relation.data.label_id;
                egui::ComboBox::from_id_salt("retype")
                    .selected_text(schema.label_name(label))
                    .show_ui(ui, |ui| {
                        for candidate in schema.relation_labels() {
                            ui.selectable_value(&mut label, candidate.id, &candidate.name);
                        }
                    })
                    .response
                    .labelled_by(name.id);
                if label != relation.data.label_id {
                    actions.push(Action::Edit(Edit::RetypeRelation {
                        relation: relation.id,
                        label,
                    }));
                }
                ui.end_row();
                ui.label("Annotator");
                ui.label(relation.data.annotator.as_str());
                ui.end_row();
            });
        // The ends on rows of their own that wrap: in the grid, a long end
        // widened the whole panel, and a panel keeps its widest width.
        for (name, span) in [
            ("From", relation.data.from_span),
            ("To", relation.data.to_span),
        ] {
            ui.horizontal_wrapped(|ui| {
                ui.label(name);
                let link = egui::RichText::new(end(span)).color(ui.visuals().hyperlink_color);
                let response = ui.add(egui::Label::new(link).sense(egui::Sense::click()).wrap());
                if response
                    .on_hover_cursor(egui::CursorIcon::PointingHand)
                    .clicked()
                {
                    actions.push(Action::SelectSpan {
                        span: Some(span),
                        scroll: true,
                    });
                }
            });
        }
        ui.label("Note");
        if let Some((relation, note)) = self.relation_note.ui(
            ui,
            relation.id,
            &relation.data.note,
            "Relation note",
            "A note on this relation (Enter saves, Shift+Enter starts a new line)",
        ) {
            actions.push(Action::Edit(Edit::SetRelationNote { relation, note }));
        }
        ui.add_space(4.0);
        if ui
            .button("🗑 Delete relation")
            .on_hover_text("Delete (Del)")
            .clicked()
        {
            actions.push(Action::Edit(Edit::DeleteRelation(relation.id)));
        }
    }
}
