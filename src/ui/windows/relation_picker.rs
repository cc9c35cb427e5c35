//! The relation type picker: after both ends of a relation are chosen, the
//! types the schema allows (keys 1–9), then the others as an override.

use egui::{Context, Key, Modifiers};

use crate::model::{LabelId, SpanId};
use crate::session::{ellipsize, Edit, Session};
use crate::ui::action::Action;

pub struct RelationPicker<'a> {
    session: &'a Session,
    from: SpanId,
    to: SpanId,
    /// Types the schema allows between the two labels, in schema order.
    usable: Vec<LabelId>,
    /// The rest: choosing one overrides the schema.
    others: Vec<LabelId>,
}

impl<'a> RelationPicker<'a> {
    pub fn new(session: &'a Session, from: SpanId, to: SpanId) -> Self {
        let (usable, others) = session.relation_types_for(from, to);
        Self {
            session,
            from,
            to,
            usable,
            others,
        }
    }

    /// Every choice with whether it overrides the schema, numbered from 1.
    fn choices(&self) -> impl Iterator<Item = (LabelId, bool)> + '_ {
        let usable = self.usable.iter().map(|l| (*l, false));
        usable.chain(self.others.iter().map(|l| (*l, true)))
    }

    fn create(&self, label: LabelId, any_labels: bool) -> Action {
        Action::Edit(Edit::CreateRelation {
            from: self.from,
            to: self.to,
            label,
            any_labels,
        })
    }

    /// Keys 1–9 pick a type, Esc closes; read before the article sees them.
    pub fn keys(&self, ctx: &Context, open: &mut bool) -> Option<Action> {
        if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
            *open = false;
            return None;
        }
        let mut picked = None;
        for (n, (label, any_labels)) in self.choices().take(9).enumerate() {
            let Some(key) = Key::from_name(&(n + 1).to_string()) else {
                continue;
            };
            if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, key)) {
                picked = Some(self.create(label, any_labels));
            }
        }
        picked
    }

    pub fn show(&self, ctx: &Context, open: &mut bool) -> Option<Action> {
        let schema = self.session.schema();
        let text = |id| {
            self.session
                .open()
                .map(|o| ellipsize(&o.span_text(id), 40))
                .unwrap_or_default()
        };
        let mut picked = None;
        egui::Window::new("Relation type")
            .open(open)
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_TOP, [0.0, 80.0])
            .show(ctx, |ui| {
                ui.label(format!("“{}” › “{}”", text(self.from), text(self.to)));
                ui.add_space(4.0);
                if self.usable.is_empty() {
                    ui.weak("The schema allows no type between these labels.");
                }
                for (n, (label, any_labels)) in self.choices().enumerate() {
                    let number = n + 1;
                    if any_labels && number == self.usable.len() + 1 {
                        ui.separator();
                        ui.weak("Other types (override the schema):");
                    }
                    let name = schema.label_name(label);
                    let text = if number <= 9 || !any_labels {
                        format!("{number}  {name}")
                    } else {
                        name.to_string()
                    };
                    let button = ui
                        .button(text)
                        .accessible_name(format!("Relation type {name}"));
                    if button.clicked() {
                        picked = Some(self.create(label, any_labels));
                    }
                }
                ui.weak("Esc cancels.");
            });
        picked
    }
}
