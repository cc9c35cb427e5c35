//! Edit › Label schema: add, rename, recolour, reorder and remove labels and
//! relation types; shortcuts (checked for clashes); attributes and their
//! values; which labels each relation type may join.

use std::collections::HashMap;

use egui::{Context, Ui};

use crate::formats::import::plural;
use crate::model::{AttributeKind, Label, LabelId, LabelKind, Schema};
use crate::session::schema::SchemaChange;
use crate::session::Session;
use crate::store::{LabelUsage, SchemaQueries};
use crate::ui::action::Action;
use crate::ui::action::DialogKind;

#[derive(Default)]
pub struct SchemaEditor {
    /// Texts being typed, committed when the field loses focus.
    names: HashMap<LabelId, String>,
    values: HashMap<(LabelId, String), String>,
    new_attribute: HashMap<LabelId, String>,
    new_rule: HashMap<LabelId, (Option<LabelId>, Option<LabelId>)>,
    /// A label the user wants to remove while annotations use it.
    removing: Option<(LabelId, LabelUsage, Option<LabelId>)>,
    /// How many annotations use each label, read once per change rather than
    /// every frame, and the document version it was read at.
    usage: Option<(u64, HashMap<LabelId, LabelUsage>)>,
}

impl SchemaEditor {
    /// Draws the editor. Unlike the other windows it may ask for more than
    /// one change a frame (a name committed as another button is clicked),
    /// so it returns them all.
    pub fn show(&mut self, ctx: &Context, open: &mut bool, session: &Session) -> Vec<Action> {
        let mut actions = Vec::new();
        if !*open {
            return actions;
        }
        let actions = &mut actions;
        let version = session.open().map_or(0, |o| o.version);
        if self.usage.as_ref().is_none_or(|(v, _)| *v != version) {
            self.usage = Some((
                version,
                session.store().all_label_usage().unwrap_or_default(),
            ));
        }
        egui::Window::new("Label schema")
            .open(open)
            .default_size([560.0, 600.0])
            .show(ctx, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    let schema = session.schema();
                    ui.heading("Span labels");
                    for label in schema.span_labels().cloned().collect::<Vec<_>>() {
                        self.label_row(ui, schema, &label, actions);
                        ui.indent(("attributes", label.id), |ui| {
                            self.attributes_ui(ui, session, schema, &label, actions)
                        });
                    }
                    if ui.button("Add a span label").clicked() {
                        actions.push(Action::ChangeSchema(SchemaChange::Add(LabelKind::Span)));
                    }
                    ui.separator();
                    ui.heading("Relation types");
                    for relation in schema.relation_labels().cloned().collect::<Vec<_>>() {
                        self.label_row(ui, schema, &relation, actions);
                        ui.indent(("rules", relation.id), |ui| {
                            self.rules_ui(ui, schema, &relation, actions)
                        });
                    }
                    if ui.button("Add a relation type").clicked() {
                        actions.push(Action::ChangeSchema(SchemaChange::Add(LabelKind::Relation)));
                    }
                    ui.separator();
                    ui.horizontal(|ui| {
                        if ui.button("Export schema…").clicked() {
                            actions.push(Action::ShowDialog(DialogKind::ExportSchema));
                        }
                        if ui.button("Import schema…").clicked() {
                            actions.push(Action::ShowDialog(DialogKind::ImportSchema));
                        }
                    });
                });
            });
        std::mem::take(actions)
    }

    fn label_row(
        &mut self,
        ui: &mut Ui,
        schema: &Schema,
        label: &Label,
        actions: &mut Vec<Action>,
    ) {
        let usage = self
            .usage
            .as_ref()
            .and_then(|(_, u)| u.get(&label.id).copied())
            .unwrap_or_default();
        ui.horizontal(|ui| {
            let mut rgb = label.rgb();
            let color = egui::widgets::color_picker::color_edit_button_srgb(ui, &mut rgb)
                .accessible_name(format!("Colour of {}", label.name));
            if color.changed() {
                actions.push(Action::ChangeSchema(SchemaChange::Color(
                    label.id,
                    format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2]),
                )));
            }
            let name = self
                .names
                .entry(label.id)
                .or_insert_with(|| label.name.clone());
            let field = ui
                .add(egui::TextEdit::singleline(name).desired_width(150.0))
                .accessible_name(format!("Name of {}", label.name));
            if field.lost_focus() && *name != label.name {
                actions.push(Action::ChangeSchema(SchemaChange::Rename(
                    label.id,
                    name.clone(),
                )));
            }
            if !field.has_focus() && *name != label.name && !field.lost_focus() {
                *name = label.name.clone();
            }
            if label.kind == LabelKind::Span {
                let mut key = label.shortcut.clone().unwrap_or_default();
                let field = ui
                    .add(
                        egui::TextEdit::singleline(&mut key)
                            .desired_width(22.0)
                            .char_limit(1),
                    )
                    .accessible_name(format!("Key of {}", label.name));
                if field.changed() {
                    actions.push(Action::ChangeSchema(SchemaChange::Shortcut(
                        label.id,
                        (!key.is_empty()).then_some(key),
                    )));
                }
            }
            let siblings: Vec<LabelId> = schema
                .labels()
                .iter()
                .filter(|l| l.kind == label.kind)
                .map(|l| l.id)
                .collect();
            let position = siblings.iter().position(|id| *id == label.id).unwrap_or(0);
            if ui
                .add_enabled(position > 0, egui::Button::new("Up"))
                .accessible_name(format!("Move {} up", label.name))
                .clicked()
            {
                actions.push(Action::ChangeSchema(SchemaChange::Swap(
                    label.id,
                    siblings[position - 1],
                )));
            }
            if ui
                .add_enabled(position + 1 < siblings.len(), egui::Button::new("Down"))
                .accessible_name(format!("Move {} down", label.name))
                .clicked()
            {
                actions.push(Action::ChangeSchema(SchemaChange::Swap(
                    label.id,
                    siblings[position + 1],
                )));
            }
            if ui
                .button("Remove")
                .accessible_name(format!("Remove {}", label.name))
                .clicked()
            {
                if usage.total() == 0 {
                    actions.push(Action::ChangeSchema(SchemaChange::Remove(label.id, None)));
                } else {
                    self.removing = Some((label.id, usage, None));
                }
            }
            ui.weak(match label.kind {
                LabelKind::Span => plural(usage.spans, "span"),
                LabelKind::Relation => plural(usage.relations, "relation"),
            });
        });
        self.removal_ui(ui, schema, label, actions);
    }

    /// Removing a label in use: say how many annotations use it, and offer to
    /// relabel them or to cancel.
    fn removal_ui(
        &mut self,
        ui: &mut Ui,
        schema: &Schema,
        label: &Label,
        actions: &mut Vec<Action>,
    ) {
        let Some((id, usage, replacement)) = &mut self.removing else {
            return;
        };
        if *id != label.id {
            return;
        }
        let mut done = false;
        ui.group(|ui| {
            ui.label(format!(
                "{} is used by {} annotations. Relabel them as:",
                label.name,
                usage.total()
            ));
            ui.horizontal(|ui| {
                let others: Vec<&Label> = schema
                    .labels()
                    .iter()
                    .filter(|l| l.kind == label.kind && l.id != label.id)
                    .collect();
                let chosen = replacement
                    .and_then(|r| schema.label(r))
                    .map_or("choose…".to_string(), |l| l.name.clone());
                let picker = ui.label("Relabel as");
                egui::ComboBox::from_id_salt(("replacement", label.id))
                    .selected_text(chosen)
                    .show_ui(ui, |ui| {
                        for other in others {
                            ui.selectable_value(replacement, Some(other.id), &other.name);
                        }
                    })
                    .response
                    .labelled_by(picker.id);
                if ui
                    .add_enabled(
                        replacement.is_some(),
                        egui::Button::new("Relabel and remove"),
                    )
                    .clicked()
                {
                    actions.push(Action::ChangeSchema(SchemaChange::Remove(
                        label.id,
                        *replacement,
                    )));
                    done = true;
                }
                if ui.button("Cancel").clicked() {
                    done = true;
                }
            });
        });
        if done {
            self.removing = None;
        }
    }

    fn attributes_ui(
        &mut self,
        ui: &mut Ui,
        session: &Session,
        schema: &Schema,
        label: &Label,
        actions: &mut Vec<Action>,
    ) {
        for attribute in schema.attributes_of(label.id) {
            ui.horizontal(|ui| {
                ui.label(format!("{} ({})", attribute.name, attribute.kind.as_str()));
                if attribute.kind == AttributeKind::Choice {
                    let key = (label.id, attribute.name.clone());
                    let joined = attribute.values.join(", ");
                    let text = self
                        .values
                        .entry(key.clone())
                        .or_insert_with(|| joined.clone());
                    let field = ui
                        .add(egui::TextEdit::singleline(text).desired_width(260.0))
                        .accessible_name(format!("Values of {}.{}", label.name, attribute.name));
                    field
                        .clone()
                        .on_hover_text("Comma-separated; the first is the default");
                    if field.lost_focus() && *text != joined {
                        let values: Vec<String> = text
                            .split(',')
                            .map(|v| v.trim().to_string())
                            .filter(|v| !v.is_empty())
                            .collect();
                        actions.push(Action::ChangeSchema(SchemaChange::SetValues(
                            label.id,
                            attribute.name.clone(),
                            values,
                        )));
                    } else if !field.has_focus() {
                        *text = joined;
                    }
                }
                let remove = ui.button("Remove").accessible_name(format!(
                    "Remove attribute {}.{}",
                    label.name, attribute.name
                ));
                let remove = remove.on_hover_ui(|ui| {
                    // Counted only while the pointer is on the button.
                    let used = session
                        .store()
                        .attribute_usage(label.id, &attribute.name, None)
                        .unwrap_or(0);
                    ui.label(format!(
                        "Used by {}; their values go too",
                        plural(used, "span")
                    ));
                });
                if remove.clicked() {
                    actions.push(Action::ChangeSchema(SchemaChange::RemoveAttribute(
                        label.id,
                        attribute.name.clone(),
                    )));
                }
            });
        }
        ui.horizontal(|ui| {
            let name = self.new_attribute.entry(label.id).or_default();
            ui.add(
                egui::TextEdit::singleline(name)
                    .desired_width(120.0)
                    .hint_text("new attribute"),
            )
            .accessible_name(format!("New attribute of {}", label.name));
            if ui
                .add_enabled(!name.trim().is_empty(), egui::Button::new("Add attribute"))
                .accessible_name(format!("Add attribute to {}", label.name))
                .clicked()
            {
                actions.push(Action::ChangeSchema(SchemaChange::AddAttribute(
                    label.id,
                    name.trim().to_string(),
                )));
                name.clear();
            }
        });
    }

    fn rules_ui(
        &mut self,
        ui: &mut Ui,
        schema: &Schema,
        relation: &Label,
        actions: &mut Vec<Action>,
    ) {
        ui.horizontal_wrapped(|ui| {
            let rules: Vec<_> = schema
                .rules
                .iter()
                .filter(|r| r.relation == relation.id)
                .copied()
                .collect();
            if rules.is_empty() {
                ui.weak("joins any labels");
            }
            for rule in rules {
                let text = format!(
                    "{} › {}  ×",
                    schema.label_name(rule.from),
                    schema.label_name(rule.to)
                );
                let chip = ui.small_button(text).accessible_name(format!(
                    "Remove rule {} {} {}",
                    relation.name,
                    schema.label_name(rule.from),
                    schema.label_name(rule.to)
                ));
                if chip.clicked() {
                    actions.push(Action::ChangeSchema(SchemaChange::RemoveRule(
                        relation.id,
                        rule.from,
                        rule.to,
                    )));
                }
            }
        });
        ui.horizontal(|ui| {
            let (from, to) = self.new_rule.entry(relation.id).or_default();
            for side in ["from", "to"] {
                let end = if side == "from" { &mut *from } else { &mut *to };
                let name = end
                    .and_then(|id| schema.label(id))
                    .map_or(side.to_string(), |l| l.name.clone());
                let caption = ui.label(side);
                egui::ComboBox::from_id_salt((side, relation.id))
                    .selected_text(name)
                    .show_ui(ui, |ui| {
                        for label in schema.span_labels() {
                            ui.selectable_value(end, Some(label.id), &label.name);
                        }
                    })
                    .response
                    .labelled_by(caption.id);
            }
            let ready = from.is_some() && to.is_some();
            if ui
                .add_enabled(ready, egui::Button::new("Allow"))
                .accessible_name(format!("Allow pair for {}", relation.name))
                .clicked()
            {
                if let (Some(a), Some(b)) = (*from, *to) {
                    actions.push(Action::ChangeSchema(SchemaChange::AddRule(
                        relation.id,
                        a,
                        b,
                    )));
                }
            }
        });
    }

    /// Forgets drafts and counts after the schema changed under them.
    pub fn reset_drafts(&mut self) {
        self.names.clear();
        self.values.clear();
        self.usage = None;
    }
}
