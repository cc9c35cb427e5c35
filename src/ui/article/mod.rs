//! The article: the text of the open document with every span drawn on it,
//! mouse and keyboard selection, and the annotation keys.

mod keys;
pub mod layout;
mod levels;
mod paint;

use egui::{vec2, Align, FontFamily, Sense, Ui};

use self::layout::{ArticleLayout, LayoutKey};
use crate::model::words::{ceil_boundary, floor_boundary, snap_to_words, word_at};
use crate::model::{DocumentId, LabelId, Schema, SpanId};
use crate::session::OpenDocument;
use crate::ui::action::Action;

/// What the user has selected in the article. Offsets are code points.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArticleState {
    /// Where a selection started; equal to `caret` when nothing is selected.
    pub anchor: usize,
    pub caret: usize,
    pub selected_span: Option<SpanId>,
    /// With a sticky label, every selection is tagged at once.
    pub sticky_label: Option<LabelId>,
    /// Scroll so this offset is visible, next frame.
    pub scroll_to_char: Option<usize>,
    pub wants_focus: bool,
}

impl ArticleState {
    /// The selected range, or None when it is empty.
    pub fn selection(&self) -> Option<(usize, usize)> {
        let (start, end) = (self.anchor.min(self.caret), self.anchor.max(self.caret));
        (start < end).then_some((start, end))
    }

    pub fn set_selection(&mut self, start: usize, end: usize) {
        self.anchor = start;
        self.caret = end;
    }

    pub fn collapse_to(&mut self, offset: usize) {
        self.anchor = offset;
        self.caret = offset;
    }

    /// Forgets the selection but keeps the sticky label and focus.
    pub fn clear(&mut self) {
        let caret = self.caret;
        self.collapse_to(caret);
        self.selected_span = None;
    }
}

/// How the user wants selections and the text shown.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ArticleOptions {
    pub font_size: f32,
    pub serif: bool,
    pub snap_to_words: bool,
}

/// The article widget: owns the layout cache.
#[derive(Default)]
pub struct ArticleView {
    layout: Option<ArticleLayout>,
    /// Where the text's top-left corner was drawn last frame, on screen.
    last_origin: Option<egui::Pos2>,
    /// Nesting levels of the open document's spans, and the version they are for.
    levels: Option<(DocumentId, u64, Vec<u8>, usize)>,
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
        let wrap_width = (available - 48.0)
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
        };
        if self.layout.as_ref().map(|l| &l.key) != Some(&key) {
            self.layout = Some(ui.fonts_mut(|fonts| ArticleLayout::build(key, &open.chars, fonts)));
        }
        let stale = match &self.levels {
            Some((document, version, _, _)) => {
                *document != open.document.id || *version != open.version
            }
            None => true,
        };
        if stale {
            let longest = open
                .spans
                .iter()
                .map(|s| s.end_char() - s.start_char())
                .max()
                .unwrap_or(0);
            self.levels = Some((
                open.document.id,
                open.version,
                levels::nesting_levels(&open.spans),
                longest,
            ));
        }
        let (Some(layout), Some((_, _, levels, longest_span))) = (&self.layout, &self.levels)
        else {
            return;
        };

        let scroll = egui::ScrollArea::vertical()
            .id_salt(("article", open.document.id))
            .auto_shrink([false, false]);
        let mut origin_seen = None;
        scroll.show_viewport(ui, |ui, viewport| {
            let margin_left = ((available - layout.size.x) / 2.0).max(8.0);
            let size = vec2(available, layout.size.y + layout.band * 2.0 + 40.0);
            let (rect, response) = ui.allocate_exact_size(size, Sense::click_and_drag());
            let origin = rect.min + vec2(margin_left, layout.band + 16.0);
            response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Document, true, ARTICLE_LABEL)
            });
            if state.wants_focus {
                response.request_focus();
                state.wants_focus = false;
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
            self::pointer(
                ui, &response, open, options, state, actions, &to_char, &under,
            );
            if response.has_focus() || ui.memory(|m| m.focused().is_none()) {
                keys::handle(ui, &response, layout, open, schema, options, state, actions);
            }
            if let Some(offset) = state.scroll_to_char.take() {
                let target = layout
                    .caret_rect(offset.min(open.chars.len()))
                    .translate(origin.to_vec2());
                ui.scroll_to_rect(target.expand(layout.band * 2.0), Some(Align::Center));
            }
            paint::paint(
                ui.painter(),
                &paint::PaintInput {
                    layout,
                    spans: &open.spans,
                    levels,
                    longest_span: *longest_span,
                    schema,
                    selected_span: state.selected_span,
                    selection: state.selection(),
                    caret: response.has_focus().then_some(state.caret),
                    origin,
                    viewport: viewport.translate(rect.min - origin),
                    dark_mode: ui.visuals().dark_mode,
                    text_color: ui.visuals().text_color(),
                    selection_color: ui.visuals().selection.bg_fill.gamma_multiply(0.6),
                },
            );
            hover_ui(&response, open, schema, &under);
            origin_seen = Some(origin);
        });
        self.last_origin = origin_seen;
    }
}

/// Mouse: drag to select, double click for a word, click to pick a span.
/// `to_char` gives the boundary nearest a point, `under` the character under it.
#[allow(clippy::too_many_arguments)]
fn pointer(
    ui: &Ui,
    response: &egui::Response,
    open: &OpenDocument,
    options: ArticleOptions,
    state: &mut ArticleState,
    actions: &mut Vec<Action>,
    to_char: &dyn Fn(egui::Pos2) -> usize,
    under: &dyn Fn(egui::Pos2) -> usize,
) {
    if response.drag_started() {
        if let Some(origin) = ui.input(|i| i.pointer.press_origin()) {
            state.collapse_to(to_char(origin));
            state.selected_span = None;
        }
        response.request_focus();
    }
    if response.dragged() {
        if let Some(pos) = response.interact_pointer_pos() {
            state.caret = to_char(pos);
        }
    }
    if response.drag_stopped() {
        finish_selection(open, options, state, actions);
    }
    if response.double_clicked() {
        if let Some(pos) = response.interact_pointer_pos() {
            let (start, end) = word_at(&open.chars, under(pos));
            state.set_selection(start, end);
            state.selected_span = None;
            finish_selection(open, options, state, actions);
        }
    } else if response.clicked() {
        response.request_focus();
        if let Some(pos) = response.interact_pointer_pos() {
            click_at(open, state, under(pos), actions);
        }
    }
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
        .selected_span
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
fn finish_selection(
    open: &OpenDocument,
    options: ArticleOptions,
    state: &mut ArticleState,
    actions: &mut Vec<Action>,
) {
    let Some((start, end)) = state.selection() else {
        return;
    };
    let (start, end) = finish_selection_keyboard(open, options, start, end);
    state.set_selection(start, end);
    if let Some(label) = state.sticky_label {
        actions.push(Action::CreateSpan {
            start_char: start,
            end_char: end,
            label,
        });
    }
}

/// The range a label key tags: snapped to words when asked, else widened to
/// whole grapheme clusters.
fn finish_selection_keyboard(
    open: &OpenDocument,
    options: ArticleOptions,
    start: usize,
    end: usize,
) -> (usize, usize) {
    if options.snap_to_words {
        snap_to_words(&open.chars, start, end)
    } else {
        (
            floor_boundary(&open.graphemes, start),
            ceil_boundary(&open.graphemes, end),
        )
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
