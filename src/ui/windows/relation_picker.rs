//! The relation type picker: after both ends of a relation are chosen, the
//! types the schema allows (keys 1–9), then the others as an override.

use egui::{pos2, vec2, Context, Key, Modifiers, Pos2, Rect, Vec2};

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
    /// Where the two spans are on screen: the picker goes beside them.
    beside: Vec<Rect>,
}

/// The picker window's title, and so its id.
const TITLE: &str = "Relation type";

impl<'a> RelationPicker<'a> {
    pub fn new(session: &'a Session, from: SpanId, to: SpanId) -> Self {
        let (usable, others) = session.relation_types_for(from, to);
        Self {
            session,
            from,
            to,
            usable,
            others,
            beside: Vec::new(),
        }
    }

    /// The spans' rectangles on screen (one per row each): the picker is
    /// placed where it covers none of them.
    pub fn beside(mut self, spans: Vec<Rect>) -> Self {
        self.beside = spans;
        self
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
        // Its size as last drawn; before that, an estimate from its rows.
        let size = ctx
            .memory(|m| m.area_rect(egui::Id::unique(TITLE)))
            .map_or_else(
                || vec2(240.0, 90.0 + 26.0 * self.choices().count() as f32),
                |r| r.size(),
            );
        let position = place_beside(&self.beside, size, ctx.content_rect());
        egui::Window::new(TITLE)
            .id(egui::Id::unique(TITLE))
            .open(open)
            .collapsible(false)
            .resizable(false)
            .fixed_pos(position)
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

/// Space kept between the picker and a span (its tag and underlines too).
const GAP: f32 = 18.0;

/// Where a window of `size` goes so that it covers none of `spans` (screen
/// rectangles): below them, else above, right, left; kept on `screen`. With
/// no span on screen, near the top in the middle, as a dialog.
pub fn place_beside(spans: &[Rect], size: Vec2, screen: Rect) -> Pos2 {
    let seen: Vec<Rect> = spans
        .iter()
        .filter(|r| r.intersects(screen))
        .copied()
        .collect();
    let Some(around) = seen.iter().copied().reduce(|a, b| a.union(b)) else {
        return pos2(screen.center().x - size.x / 2.0, screen.top() + 80.0);
    };
    let candidates = [
        pos2(around.left(), around.bottom() + GAP),
        pos2(around.left(), around.top() - GAP - size.y),
        pos2(around.right() + GAP, around.top()),
        pos2(around.left() - GAP - size.x, around.top()),
    ];
    let on_screen = |p: Pos2| {
        let x =
            p.x.clamp(screen.left(), (screen.right() - size.x).max(screen.left()));
        let y =
            p.y.clamp(screen.top(), (screen.bottom() - size.y).max(screen.top()));
        pos2(x, y)
    };
    let covered = |p: Pos2| {
        let window = Rect::from_min_size(p, size);
        seen.iter()
            .map(|r| r.expand(4.0).intersect(window))
            .filter(|r| r.is_positive())
            .map(|r| r.area())
            .sum::<f32>()
    };
    let placed = candidates.map(on_screen);
    placed
        .iter()
        .copied()
        .find(|p| covered(*p) == 0.0)
        .or_else(|| {
            placed
                .iter()
                .copied()
                .min_by(|a, b| covered(*a).total_cmp(&covered(*b)))
        })
        .unwrap_or(candidates[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCREEN: Rect = Rect {
        min: pos2(0.0, 0.0),
        max: pos2(1000.0, 700.0),
    };

    fn clear_of(spans: &[Rect], size: Vec2) -> Rect {
        let window = Rect::from_min_size(place_beside(spans, size, SCREEN), size);
        for span in spans {
            assert!(!window.intersects(*span), "{window:?} covers {span:?}");
        }
        assert!(SCREEN.contains_rect(window), "{window:?} off screen");
        window
    }

    /// Issue 16: the picker covered the two spans it links.
    #[test]
    fn the_picker_goes_beside_the_spans() {
        let size = vec2(240.0, 200.0);
        let near_top = [
            Rect::from_min_size(pos2(100.0, 60.0), vec2(80.0, 20.0)),
            Rect::from_min_size(pos2(400.0, 110.0), vec2(60.0, 20.0)),
        ];
        let window = clear_of(&near_top, size);
        assert!(window.top() > 130.0, "below them");
        // Near the bottom: above them.
        let near_bottom = near_top.map(|r| r.translate(vec2(0.0, 520.0)));
        assert!(clear_of(&near_bottom, size).bottom() < 580.0);
        // One span high up, one low down: beside them.
        let apart = [
            Rect::from_min_size(pos2(100.0, 40.0), vec2(80.0, 20.0)),
            Rect::from_min_size(pos2(150.0, 640.0), vec2(60.0, 20.0)),
        ];
        clear_of(&apart, size);
    }
}
