//! The keyboard in the article: caret and selection motion, label keys,
//! moving between spans, deleting, clearing.

use egui::{vec2, Key, Modifiers, Ui};

use super::boundaries::{boundary_edit, BOUNDARY_COMMANDS};
use super::layout::ArticleLayout;
use super::{ArticleState, Selection};
use crate::model::words::{
    ceil_boundary, floor_boundary, next_word_boundary, previous_word_boundary,
};
use crate::model::Schema;
use crate::session::{Edit, OpenDocument};
use crate::ui::action::Action;
use crate::ui::command::ArticleKey;

#[allow(clippy::too_many_arguments)]
pub(super) fn handle(
    ui: &Ui,
    response: &egui::Response,
    layout: &ArticleLayout,
    open: &OpenDocument,
    schema: &Schema,
    state: &mut ArticleState,
    actions: &mut Vec<Action>,
) {
    // Keep Tab, the arrows and Esc for the article while it has focus.
    ui.memory_mut(|m| {
        m.set_focus_lock_filter(
            response.id,
            egui::EventFilter {
                tab: true,
                horizontal_arrows: true,
                vertical_arrows: true,
                escape: true,
            },
        );
    });
    let len = open.chars.len();
    let consume = |modifiers: Modifiers, key: Key| ui.input_mut(|i| i.consume_key(modifiers, key));

    // With a span selected, Shift+←/→ (and Alt+Shift) move its edges; the
    // keys come from the command table, so the F1 list shows them.
    if let Some(span) = state.selected_span() {
        for command in BOUNDARY_COMMANDS {
            let Some(shortcut) = command.shortcuts().first() else {
                continue;
            };
            let key = shortcut.logical_key;
            let by_word = consume(shortcut.modifiers | Modifiers::CTRL, key);
            if by_word || consume(shortcut.modifiers, key) {
                actions.extend(boundary_edit(command, by_word, open, span).map(Action::Edit));
            }
        }
    }

    for (modifiers, key, by_word, forward) in [
        (
            Modifiers::CTRL | Modifiers::SHIFT,
            Key::ArrowRight,
            true,
            true,
        ),
        (
            Modifiers::CTRL | Modifiers::SHIFT,
            Key::ArrowLeft,
            true,
            false,
        ),
        (Modifiers::CTRL, Key::ArrowRight, true, true),
        (Modifiers::CTRL, Key::ArrowLeft, true, false),
        (Modifiers::SHIFT, Key::ArrowRight, false, true),
        (Modifiers::SHIFT, Key::ArrowLeft, false, false),
        (Modifiers::NONE, Key::ArrowRight, false, true),
        (Modifiers::NONE, Key::ArrowLeft, false, false),
    ] {
        if consume(modifiers, key) {
            let caret = state.caret();
            // The arrows move on screen: in right-to-left text → goes back
            // in logical order, and across a direction change the caret
            // follows what is drawn.
            let rightwards = forward;
            let forward = forward != layout.is_rtl_at(caret);
            let visual = if by_word {
                None
            } else {
                layout.visual_step(caret, rightwards)
            };
            let target = visual.unwrap_or_else(|| match (by_word, forward) {
                (true, true) => next_word_boundary(&open.chars, &open.graphemes, caret),
                (true, false) => previous_word_boundary(&open.chars, &open.graphemes, caret),
                (false, true) => ceil_boundary(&open.graphemes, (caret + 1).min(len)),
                (false, false) => floor_boundary(&open.graphemes, caret.saturating_sub(1)),
            });
            state.move_caret(target, modifiers.shift);
        }
    }
    for (key, direction) in [(Key::ArrowDown, 1.0), (Key::ArrowUp, -1.0)] {
        for shift in [true, false] {
            let modifiers = if shift {
                Modifiers::SHIFT
            } else {
                Modifiers::NONE
            };
            if consume(modifiers, key) {
                let caret_rect = layout.caret_rect(state.caret());
                let row_step = layout.row_height();
                let target =
                    layout.char_at(caret_rect.center().to_vec2() + vec2(0.0, direction * row_step));
                state.move_caret(target, shift);
            }
        }
    }
    for (key, to_end) in [(Key::Home, false), (Key::End, true)] {
        for shift in [true, false] {
            let modifiers = if shift {
                Modifiers::SHIFT
            } else {
                Modifiers::NONE
            };
            if consume(modifiers, key) {
                let paragraph = &layout.paragraphs[layout.paragraph_at_char(state.caret())];
                let target = if to_end {
                    // Before a CR that ends the line: a caret between CR
                    // and LF would split the line break in two.
                    let end = paragraph.end_char();
                    if end > paragraph.start_char && open.chars.get(end - 1) == Some(&'\r') {
                        end - 1
                    } else {
                        end
                    }
                } else {
                    paragraph.start_char
                };
                state.move_caret(target, shift);
            }
        }
    }

    // Alt+1…9: the next value of the selected span's first, second… attribute.
    if let Some(span) = state.selected_span().and_then(|id| open.span(id)) {
        let definitions: Vec<_> = schema
            .attributes_of(span.label_id())
            .filter(|a| a.kind != crate::model::AttributeKind::Text)
            .collect();
        for (n, definition) in definitions.iter().enumerate().take(9) {
            let Some(key) = Key::from_name(&(n + 1).to_string()) else {
                continue;
            };
            if consume(Modifiers::ALT, key) {
                let current = span.data.attributes.get(&definition.name).cloned();
                actions.push(Action::Edit(Edit::SetSpanAttribute {
                    span: span.id,
                    name: definition.name.clone(),
                    value: next_value(definition, current.as_deref()),
                }));
            }
        }
    }
    let pressed = |key: ArticleKey| ui.input_mut(|i| key.consume(i));
    if pressed(ArticleKey::ClearSelection) {
        state.escape();
    }
    // Label keys: tag the selection, or relabel the selected span. With Shift:
    // make that label sticky (or stop).
    let label_keys: Vec<_> = schema
        .span_labels()
        .filter_map(|label| {
            Some((
                label.id,
                label.shortcut.as_deref().and_then(Key::from_name)?,
            ))
        })
        .collect();
    // Shift changes the character a key produces (Shift+1 is "!" on a US
    // layout, which egui reports as its own key), so a Shift+key the layout
    // turned into another character is matched by the key pressed. The
    // characters go first, so that on a layout where another label's key
    // sits in that place the character typed still wins.
    let sticky = label_keys
        .iter()
        .find(|(_, key)| consume(Modifiers::SHIFT, *key))
        .or_else(|| {
            label_keys
                .iter()
                .find(|(_, key)| consume_physical(ui, Modifiers::SHIFT, *key))
        });
    if let Some((label, _)) = sticky {
        state.toggle_sticky(*label);
    }
    for &(label, key) in &label_keys {
        if consume(Modifiers::NONE, key) {
            actions.extend(state.tag_or_relabel(label, open));
        }
    }

    let step = if pressed(ArticleKey::PreviousSpan) {
        Some(false)
    } else if pressed(ArticleKey::NextSpan) {
        Some(true)
    } else {
        None
    };
    if let Some(forward) = step {
        if let Some(span) = neighbour_span(open, state, forward) {
            actions.push(Action::SelectSpan {
                span: Some(span),
                scroll: true,
            });
        }
    }
    if pressed(ArticleKey::DeleteSelection) {
        match state.selection() {
            Selection::Relation(relation) => actions.push(Edit::DeleteRelation(relation).into()),
            Selection::Span(span) => actions.push(Edit::DeleteSpan(span).into()),
            Selection::None => {}
        }
    }
    // R: a relation from the selected span; Tab or a click picks the target,
    // Enter links them.
    if pressed(ArticleKey::StartRelation) {
        state.start_relation_from_selected();
    }
    if pressed(ArticleKey::LinkRelation) {
        if let (Some(from), Some(to)) = (state.relation_from(), state.selected_span()) {
            if from != to {
                actions.extend(state.finish_draft(from, to));
            }
        }
    }
}

/// Consumes a press of the key in `physical` position with `modifiers`,
/// whatever character the layout made of it.
fn consume_physical(ui: &Ui, modifiers: Modifiers, physical: Key) -> bool {
    ui.input_mut(|i| {
        let before = i.events.len();
        i.events.retain(|event| {
            !matches!(
                event,
                egui::Event::Key {
                    physical_key: Some(key),
                    modifiers: pressed_with,
                    pressed: true,
                    ..
                } if *key == physical && pressed_with.matches_logically(modifiers)
            )
        });
        i.events.len() < before
    })
}

/// The span after (or before) the selected span, or the caret; wraps around.
fn neighbour_span(
    open: &OpenDocument,
    state: &ArticleState,
    forward: bool,
) -> Option<crate::model::SpanId> {
    let spans = &open.spans;
    if spans.is_empty() {
        return None;
    }
    let current = state
        .selected_span()
        .and_then(|id| spans.iter().position(|s| s.id == id));
    let index = match (current, forward) {
        (Some(i), true) => (i + 1) % spans.len(),
        (Some(i), false) => (i + spans.len() - 1) % spans.len(),
        (None, true) => spans
            .iter()
            .position(|s| s.start_char() >= state.caret())
            .unwrap_or(0),
        (None, false) => spans
            .iter()
            .rposition(|s| s.start_char() < state.caret())
            .unwrap_or(spans.len() - 1),
    };
    Some(spans[index].id)
}

/// The value after `current` in an attribute's cycle: each choice in turn,
/// then none; a flag toggles.
fn next_value(definition: &crate::model::AttributeDef, current: Option<&str>) -> Option<String> {
    match definition.kind {
        crate::model::AttributeKind::Flag => (current != Some("true")).then(|| "true".to_string()),
        _ => {
            let position = current.and_then(|c| definition.values.iter().position(|v| v == c));
            match position {
                None => definition.values.first().cloned(),
                Some(p) => definition.values.get(p + 1).cloned(),
            }
        }
    }
}
