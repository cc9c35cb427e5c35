//! The article: the text of the open document with every span drawn on it,
//! mouse and keyboard selection, and the annotation keys.

mod bidi_layout;
pub mod bidi_order;
pub mod boundaries;
mod candidates;
mod keys;
pub mod laid;
pub mod layout;
mod levels;
mod other_layers;
mod paint;
pub mod relation_layout;
mod state;
mod suggestions;

#[cfg(test)]
mod test_fonts;
mod text_epoch;

pub use candidates::{CandidateArc, CandidateMark, CandidateOverlay};
pub use other_layers::{LayerOverlay, ShownLayer};
pub use state::{ArticleState, EdgeDrag, RelationDraft, Selection};
pub use suggestions::SuggestionOverlay;

use std::collections::HashMap;

use egui::{vec2, Align, FontFamily, Sense, Ui};

use self::layout::{ArticleLayout, LayoutKey};
use crate::model::words::{ceil_boundary, floor_boundary, word_at};
use crate::model::{DocumentId, Schema, SpanId};
use crate::session::{Edit, OpenDocument};
use crate::ui::action::Action;

/// How the user wants selections and the text shown.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ArticleOptions {
    pub font_size: f32,
    pub serif: bool,
}

/// What the view derives from the open document's spans, per edit.
struct SpanCache {
    document: DocumentId,
    version: u64,
    levels: Vec<u8>,
    longest_span: usize,
    position: HashMap<SpanId, usize>,
}

/// The article widget: owns the layout cache.
#[derive(Default)]
pub struct ArticleView {
    layout: Option<ArticleLayout>,
    /// Where the text's top-left corner was drawn last frame, on screen.
    last_origin: Option<egui::Pos2>,
    spans: Option<SpanCache>,
    /// Where each relation's label was drawn last frame, for clicks.
    relation_hits: Vec<(crate::model::RelationId, egui::Rect)>,
    /// The bottom of the text seen last frame, in content coordinates.
    last_view_bottom: f32,
    /// Notices when egui drops its glyph atlas, which makes every galley we
    /// hold point at glyphs that are no longer there.
    text_epoch: text_epoch::TextEpoch,
    /// The open document's suggestions, drawn over the text.
    suggestions: SuggestionOverlay,
    /// Other annotators' layers (View › Layers), drawn as outlines.
    other_layers: LayerOverlay,
    /// Curation candidates, coloured by state (empty outside curation).
    candidates: CandidateOverlay,
}

/// The accessible name of the article widget.
pub const ARTICLE_LABEL: &str = "Article text";

impl ArticleView {
    pub fn layout(&self) -> Option<&ArticleLayout> {
        self.layout.as_ref()
    }

    /// Where the character at `offset_chars` was drawn last frame, on screen
    /// (tests drag between such points).
    pub fn screen_pos(&self, offset_chars: usize) -> Option<egui::Pos2> {
        Some(self.layout.as_ref()?.content_pos(offset_chars) + self.last_origin?.to_vec2())
    }

    /// The rectangles `start..end` was drawn in last frame, on screen: one
    /// per row and per stretch of one direction (tests click on words).
    pub fn screen_rects(&self, start_char: usize, end_char: usize) -> Vec<egui::Rect> {
        let (Some(layout), Some(origin)) = (&self.layout, self.last_origin) else {
            return Vec::new();
        };
        layout
            .range_rects(start_char, end_char)
            .into_iter()
            .map(|rect| rect.translate(origin.to_vec2()))
            .collect()
    }

    /// Where a span's text was drawn last frame, on screen: one rectangle a
    /// row and stretch of one direction.
    pub fn span_screen_rects(&self, open: &OpenDocument, span: SpanId) -> Vec<egui::Rect> {
        open.span(span).map_or_else(Vec::new, |span| {
            self.screen_rects(span.start_char(), span.end_char())
        })
    }

    /// Where a relation's label was drawn last frame, on screen.
    pub fn relation_label_rect(&self, id: crate::model::RelationId) -> Option<egui::Rect> {
        self.relation_hits
            .iter()
            .find(|(r, _)| *r == id)
            .map(|(_, rect)| *rect)
    }

    pub fn ui(
        &mut self,
        ui: &mut Ui,
        open: &OpenDocument,
        schema: &Schema,
        options: ArticleOptions,
        state: &mut ArticleState,
        actions: &mut Vec<Action>,
    ) {
        let available = ui.available_width();
        // Room on the left for the gutter that relations between rows run through.
        let wrap_width = (available - 80.0)
            .clamp(120.0, options.font_size * 44.0)
            .floor();
        let family = if options.serif && crate::ui::fonts::has_serif(ui.ctx()) {
            FontFamily::Name(crate::ui::fonts::SERIF.into())
        } else {
            FontFamily::Proportional
        };
        let key = LayoutKey {
            document: open.document.id,
            len_chars: open.chars.len(),
            font_size: options.font_size,
            family,
            wrap_width,
            direction: open.direction,
        };
        let fonts_changed = self.text_epoch.changed(ui.ctx());
        if fonts_changed || self.layout.as_ref().map(|l| &l.key) != Some(&key) {
            let document_changed =
                self.layout.as_ref().map(|l| l.key.document) != Some(key.document);
            if fonts_changed || document_changed {
                let font = egui::FontId::new(key.font_size, key.family.clone());
                let hint = ui.fonts_mut(|fonts| {
                    crate::ui::fonts::missing_font_hint(&open.chars, |c| fonts.has_glyph(&font, c))
                });
                actions.extend(hint.map(Action::FontHint));
            }
            self.layout = Some(ArticleLayout::build(key, &open.chars));
        }
        if let Some(layout) = &mut self.layout {
            if !layout.fully_measured() {
                // What the last frame showed, two screens more, and where a
                // scroll is about to go.
                let through_y = self.last_view_bottom + ui.available_height() * 2.0;
                let target = state
                    .scroll_target()
                    .map_or(0, |offset| layout.paragraph_at_char(offset));
                ui.fonts_mut(|fonts| layout.measure(through_y, target, &open.chars, fonts));
                ui.ctx().request_repaint();
            }
        }
        if self
            .spans
            .as_ref()
            .is_none_or(|c| c.document != open.document.id || c.version != open.version)
        {
            self.spans = Some(SpanCache {
                document: open.document.id,
                version: open.version,
                levels: levels::nesting_levels(&open.spans),
                longest_span: open
                    .spans
                    .iter()
                    .map(|s| s.end_char() - s.start_char())
                    .max()
                    .unwrap_or(0),
                position: open
                    .spans
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (s.id, i))
                    .collect(),
            });
        }
        let (Some(layout), Some(cache)) = (&self.layout, &self.spans) else {
            return;
        };
        let previous_hits = std::mem::take(&mut self.relation_hits);

        let scroll = egui::ScrollArea::vertical()
            .id_salt(("article", open.document.id))
            .auto_shrink([false, false]);
        let mut origin_seen = None;
        let mut view_bottom = self.last_view_bottom;
        let mut hits = Vec::new();
        scroll.show_viewport(ui, |ui, viewport| {
            let margin_left = ((available - layout.size.x) / 2.0).max(32.0);
            let size = vec2(available, layout.size.y + layout.band * 3.0 + 40.0);
            let (rect, response) = ui.allocate_exact_size(size, Sense::click_and_drag());
            let origin = rect.min + vec2(margin_left, layout.band * 2.0 + 16.0);
            // Galleys for what is seen, the caret's rows, the selection's ends
            // and a pending scroll target; the rest are dropped.
            let seen = viewport.translate(rect.min - origin);
            view_bottom = seen.bottom();
            let needed = layout.visible(seen.top() - layout.band, seen.bottom() + layout.band);
            let anchors: Vec<usize> = [
                Some(state.caret()),
                state.scroll_target(),
                state.selected_range().map(|s| s.0),
            ]
            .into_iter()
            .flatten()
            .map(|offset| layout.paragraph_at_char(offset.min(open.chars.len())))
            // Their neighbours too: the caret moves a row up or down.
            .flat_map(|p| [p.saturating_sub(1), p, p + 1])
            .collect();
            ui.fonts_mut(|fonts| layout.keep_laid_out(needed, &anchors, &open.chars, fonts));
            response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Document, true, ARTICLE_LABEL)
            });
            if state.take_focus_request() {
                response.request_focus();
            }
            let to_char = |pos: egui::Pos2| {
                let offset = layout.char_at(pos - origin);
                let floor = floor_boundary(&open.graphemes, offset);
                let ceil = ceil_boundary(&open.graphemes, offset);
                if offset - floor <= ceil - offset {
                    floor
                } else {
                    ceil
                }
            };
            let under = |pos: egui::Pos2| layout.char_under(pos - origin);
            let selected_span = state.selected_span().and_then(|id| open.span(id));
            let edge_at = |pos: egui::Pos2| {
                let span = selected_span?;
                let rects = layout.range_rects(span.start_char(), span.end_char());
                edge_near(&rects, (pos - origin).to_pos2())
            };
            let pointer_input = PointerInput {
                open,
                to_char: &to_char,
                under: &under,
                edge_at: &edge_at,
                relation_hits: &previous_hits,
            };
            self::pointer(ui, &response, &pointer_input, state, actions);
            if response.has_focus() || ui.memory(|m| m.focused().is_none()) {
                keys::handle(ui, &response, layout, open, schema, state, actions);
            }
            // Whatever moved them, the caret and the selection's ends sit on
            // grapheme boundaries: what is shown selected is what a label tags.
            state.keep_on_boundaries(&open.graphemes);
            if let Some(offset) = state.take_scroll_target() {
                let target = layout
                    .caret_rect(offset.min(open.chars.len()))
                    .translate(origin.to_vec2());
                ui.scroll_to_rect(target.expand(layout.band * 2.0), Some(Align::Center));
            }
            let pending_relation = state.dragging_from().zip(response.interact_pointer_pos());
            hits = paint::paint(
                ui.painter(),
                &paint::PaintInput {
                    layout,
                    spans: &open.spans,
                    levels: &cache.levels,
                    longest_span: cache.longest_span,
                    schema,
                    selected_span: state.selected_span().or(state.relation_from()),
                    relations: &open.relations,
                    candidate_arcs: &self.candidates.arcs,
                    span_position: &cache.position,
                    selected_relation: state.selected_relation(),
                    pending_relation,
                    selection: edge_drag_preview(state, open).or(state.range_to_tag(open)),
                    caret: response.has_focus().then_some(state.caret()),
                    origin,
                    viewport: viewport.translate(rect.min - origin),
                    dark_mode: ui.visuals().dark_mode,
                    text_color: ui.visuals().text_color(),
                    selection_color: ui.visuals().selection.bg_fill.gamma_multiply(0.6),
                },
            );
            suggestions::paint(
                ui.painter(),
                layout,
                schema,
                &self.suggestions,
                origin,
                viewport.translate(rect.min - origin),
            );
            other_layers::paint(
                ui.painter(),
                layout,
                schema,
                &self.other_layers,
                origin,
                viewport.translate(rect.min - origin),
            );
            candidates::paint(
                ui.painter(),
                layout,
                &self.candidates,
                origin,
                viewport.translate(rect.min - origin),
            );
            hover_ui(&response, open, schema, &under);
            origin_seen = Some(origin);
        });
        self.relation_hits = hits;
        self.last_origin = origin_seen;
        self.last_view_bottom = view_bottom;
    }
}

/// What the pointer handling needs of the frame.
struct PointerInput<'a> {
    open: &'a OpenDocument,
    /// The boundary nearest a point.
    to_char: &'a dyn Fn(egui::Pos2) -> usize,
    /// The character under a point.
    under: &'a dyn Fn(egui::Pos2) -> usize,
    /// The edge of the selected span at a point, for dragging it.
    edge_at: &'a dyn Fn(egui::Pos2) -> Option<boundaries::SpanEdge>,
    relation_hits: &'a [(crate::model::RelationId, egui::Rect)],
}

/// Mouse: drag to select, double click for a word, click to pick a span or
/// a relation's label; Ctrl+drag from one span to another makes a relation.
fn pointer(
    ui: &Ui,
    response: &egui::Response,
    input: &PointerInput<'_>,
    state: &mut ArticleState,
    actions: &mut Vec<Action>,
) {
    let open = input.open;
    let innermost = |pos: egui::Pos2| open.spans_at((input.under)(pos)).first().copied();
    if let Some(pos) = response.hover_pos() {
        if (input.edge_at)(pos).is_some() || state.edge_drag().is_some() {
            ui.ctx().set_cursor_icon(egui::CursorIcon::ResizeHorizontal);
        }
    }
    if response.drag_started() {
        let origin = ui.input(|i| i.pointer.press_origin());
        let command = ui.input(|i| i.modifiers.command || i.modifiers.ctrl);
        let edge = origin
            .filter(|_| !command)
            .and_then(|o| Some((o, (input.edge_at)(o)?)));
        if let (Some((origin, edge)), Some(span)) = (edge, state.selected_span()) {
            state.start_edge_drag(span, edge, (input.to_char)(origin));
            response.request_focus();
            return;
        }
        match origin.and_then(|o| if command { innermost(o) } else { None }) {
            Some(span) => state.start_drag(span),
            None => {
                if let Some(origin) = origin {
                    state.collapse_to((input.to_char)(origin));
                    state.deselect();
                }
            }
        }
        response.request_focus();
    }
    if state.edge_drag().is_some() {
        if let Some(pos) = response.interact_pointer_pos() {
            state.drag_edge_to((input.to_char)(pos));
        }
        if response.drag_stopped() {
            let moved = state.take_edge_drag().and_then(|drag| {
                boundaries::moved_to(open.span(drag.span)?, drag.edge, drag.to_char)
            });
            actions.extend(moved.map(Action::Edit));
        }
        return;
    }
    if response.dragged() && state.dragging_from().is_none() {
        if let Some(pos) = response.interact_pointer_pos() {
            state.drag_caret_to((input.to_char)(pos));
        }
    }
    if response.drag_stopped() {
        match state.take_drag() {
            Some(from) => {
                if let Some(to) = response.interact_pointer_pos().and_then(innermost) {
                    actions.extend(state.finish_draft(from, to));
                }
            }
            None => finish_selection(state, open, actions),
        }
    }
    if response.double_clicked() {
        if let Some(pos) = response.interact_pointer_pos() {
            let (start, end) = word_at(&open.chars, &open.graphemes, (input.under)(pos));
            state.set_pointer_range(start, end);
            state.deselect();
            finish_selection(state, open, actions);
        }
    } else if response.clicked() {
        response.request_focus();
        let Some(pos) = response.interact_pointer_pos() else {
            return;
        };
        if let Some((relation, _)) = input
            .relation_hits
            .iter()
            .find(|(_, rect)| rect.contains(pos))
        {
            actions.push(Action::SelectRelation(Some(*relation)));
            return;
        }
        if let Some(from) = state.relation_from() {
            if let Some(to) = innermost(pos).filter(|to| *to != from) {
                actions.extend(state.finish_draft(from, to));
                return;
            }
        }
        click_at(open, state, (input.under)(pos), actions);
    }
}

/// How near (points) to a selected span's first or last character's outer
/// edge a drag takes that edge.
const EDGE_GRAB: f32 = 4.0;

/// The edge of a span (its rectangles, one per row, in content coordinates)
/// that `pos` is on: the start's left side or the end's right side. The end
/// wins on a span too narrow to tell.
fn edge_near(rects: &[egui::Rect], pos: egui::Pos2) -> Option<boundaries::SpanEdge> {
    let on = |rect: &egui::Rect, x: f32| {
        (pos.x - x).abs() <= EDGE_GRAB && rect.expand2(vec2(0.0, 2.0)).y_range().contains(pos.y)
    };
    let last = rects.last()?;
    if on(last, last.right()) {
        return Some(boundaries::SpanEdge::End);
    }
    let first = rects.first()?;
    on(first, first.left()).then_some(boundaries::SpanEdge::Start)
}

/// While an edge is dragged, the range the span would take, shown selected.
fn edge_drag_preview(state: &ArticleState, open: &OpenDocument) -> Option<(usize, usize)> {
    let drag = state.edge_drag()?;
    let span = open.span(drag.span)?;
    let (start, end) = match drag.edge {
        boundaries::SpanEdge::Start => (drag.to_char, span.end_char()),
        boundaries::SpanEdge::End => (span.start_char(), drag.to_char),
    };
    (start < end).then_some((start, end))
}

/// A click selects the innermost span there; clicking again on the selected
/// span selects the next one out, so nested spans are all reachable.
fn click_at(
    open: &OpenDocument,
    state: &mut ArticleState,
    offset: usize,
    actions: &mut Vec<Action>,
) {
    let here = open.spans_at(offset);
    state.collapse_to(offset);
    let next = match state
        .selected_span()
        .and_then(|id| here.iter().position(|s| *s == id))
    {
        Some(position) => here.get(position + 1).or(here.first()).copied(),
        None => here.first().copied(),
    };
    actions.push(Action::SelectSpan {
        span: next,
        scroll: false,
    });
}

/// After a drag or double click: snap to words when asked, and tag at once
/// in sticky mode.
fn finish_selection(state: &mut ArticleState, open: &OpenDocument, actions: &mut Vec<Action>) {
    // A mouse selection snaps as it ends, so that the caret and the range
    // shown agree.
    let Some((start, end)) = state.range_to_tag(open) else {
        return;
    };
    state.set_pointer_range(start, end);
    if let Some(label) = state.sticky_label() {
        actions.push(Action::Edit(Edit::CreateSpan {
            start_char: start,
            end_char: end,
            label,
        }));
    }
}

fn hover_ui(
    response: &egui::Response,
    open: &OpenDocument,
    schema: &Schema,
    under: &dyn Fn(egui::Pos2) -> usize,
) {
    let Some(pos) = response.hover_pos() else {
        return;
    };
    if response.dragged() {
        return;
    }
    let here = open.spans_at(under(pos));
    if here.is_empty() {
        return;
    }
    response.clone().on_hover_ui_at_pointer(|ui| {
        for id in here {
            let Some(span) = open.span(id) else { continue };
            ui.strong(format!(
                "{}  “{}”",
                schema.label_name(span.label_id()),
                open.slice(span.start_char(), span.end_char())
            ));
            for (name, value) in &span.data.attributes {
                ui.label(format!("{name}: {value}"));
            }
            if !span.data.note.is_empty() {
                ui.label(format!("note: {}", span.data.note));
            }
        }
    });
}
