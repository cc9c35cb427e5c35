//! What the user has selected in the article, and the relation being drawn.
//! Fields are private: each change is a method, so exclusive states stay
//! exclusive (a span or a relation is selected, never both).

use super::boundaries::SpanEdge;
use crate::model::{LabelId, RelationId, SpanId};
use crate::session::{Created, Edit, OpenDocument};
use crate::ui::action::Action;

/// The annotation the user has selected (the inspector shows it; Delete
/// removes it). Annotator layers, curation and suggestions add their own
/// variants here (another annotator's span, a suggestion).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Selection {
    #[default]
    None,
    Span(SpanId),
    Relation(RelationId),
}

/// A relation on its way: from R (or the inspector) to a typed relation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RelationDraft {
    #[default]
    None,
    /// After R: starts at this span; Tab or a click picks the target.
    From(SpanId),
    /// Ctrl+drag from this span, not yet dropped.
    Dragging(SpanId),
    /// Both ends known; waiting for the user to pick a type.
    Picking { from: SpanId, to: SpanId },
}

/// The article's view state. Offsets are code points.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArticleState {
    /// Where a text selection started; equal to `caret` when none.
    anchor: usize,
    caret: usize,
    selection: Selection,
    /// With a sticky label, every selection is tagged at once.
    sticky_label: Option<LabelId>,
    draft: RelationDraft,
    /// Scroll so this offset is visible, next frame.
    scroll_to_char: Option<usize>,
    wants_focus: bool,
    /// View › Snap selections to words, as the settings say this frame.
    snap_to_words: bool,
    /// A selected span's edge being dragged, and where it is now.
    edge_drag: Option<EdgeDrag>,
    /// A range selected by the app, not the pointer or the keys (a search
    /// hit, another annotator's span under review): tagged exactly as it
    /// is, never widened to words, while the selection is still it.
    exact_range: Option<(usize, usize)>,
}

/// Dragging an edge of a span to a new offset (code points).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EdgeDrag {
    pub span: SpanId,
    pub edge: SpanEdge,
    pub to_char: usize,
}

impl ArticleState {
    /// A freshly opened document: nothing selected, the article focused
    /// unless `focus_article` is false (the user is typing elsewhere, in the
    /// document filter); the sticky label stays, as the user is still tagging
    /// with it.
    pub fn for_new_document(&self, focus_article: bool) -> Self {
        Self {
            sticky_label: self.sticky_label,
            snap_to_words: self.snap_to_words,
            wants_focus: focus_article,
            ..Self::default()
        }
    }

    pub fn caret(&self) -> usize {
        self.caret
    }

    /// The selected text range, or None when it is empty.
    pub fn selected_range(&self) -> Option<(usize, usize)> {
        let (start, end) = (self.anchor.min(self.caret), self.anchor.max(self.caret));
        (start < end).then_some((start, end))
    }

    /// Selects `start..end` exactly (no snapping to words): a search hit
    /// "Taliban" inside "Tehrik-i-Taliban" stays that word.
    pub fn set_selected_range(&mut self, start: usize, end: usize) {
        self.anchor = start;
        self.caret = end;
        self.exact_range = Some((start.min(end), start.max(end)));
    }

    /// A selection the pointer made: snapped to words as the settings say.
    pub(super) fn set_pointer_range(&mut self, start: usize, end: usize) {
        self.anchor = start;
        self.caret = end;
        self.exact_range = None;
    }

    pub fn collapse_to(&mut self, offset: usize) {
        self.anchor = offset;
        self.caret = offset;
    }

    /// Moves the caret (extending the text selection when asked); a span
    /// selected before is let go, and the caret scrolled into view.
    pub fn move_caret(&mut self, target: usize, extend: bool) {
        self.caret = target;
        if !extend {
            self.anchor = target;
        }
        if matches!(self.selection, Selection::Span(_)) {
            self.selection = Selection::None;
        }
        self.scroll_to_char = Some(target);
    }

    /// Moves the caret and the anchor onto grapheme boundaries
    /// (`boundaries` ascending), widening a selection to whole clusters: no
    /// caret sits inside 👨‍👩‍👧 or between the CR and LF of a line break.
    pub fn keep_on_boundaries(&mut self, boundaries: &[usize]) {
        use crate::model::words::{ceil_boundary, floor_boundary};
        if self.anchor == self.caret {
            self.collapse_to(floor_boundary(boundaries, self.caret));
        } else if self.anchor < self.caret {
            self.anchor = floor_boundary(boundaries, self.anchor);
            self.caret = ceil_boundary(boundaries, self.caret);
        } else {
            self.anchor = ceil_boundary(boundaries, self.anchor);
            self.caret = floor_boundary(boundaries, self.caret);
        }
    }

    /// While dragging: the caret follows the pointer, the anchor stays.
    pub fn drag_caret_to(&mut self, offset: usize) {
        self.caret = offset;
    }

    pub fn selection(&self) -> Selection {
        self.selection
    }

    pub fn selected_span(&self) -> Option<SpanId> {
        match self.selection {
            Selection::Span(id) => Some(id),
            _ => None,
        }
    }

    pub fn selected_relation(&self) -> Option<RelationId> {
        match self.selection {
            Selection::Relation(id) => Some(id),
            _ => None,
        }
    }

    /// Selects a span (None: nothing) and, with `scroll`, brings it into view;
    /// the caret goes to its start.
    pub fn select_span(&mut self, span: Option<SpanId>, open: Option<&OpenDocument>, scroll: bool) {
        self.selection = span.map_or(Selection::None, Selection::Span);
        if let Some(start) = span.and_then(|id| open?.span(id)).map(|s| s.start_char()) {
            self.collapse_to(start);
            if scroll {
                self.scroll_to_char = Some(start);
            }
        }
        self.wants_focus = true;
    }

    pub fn select_relation(&mut self, relation: Option<RelationId>) {
        self.selection = relation.map_or(Selection::None, Selection::Relation);
        self.wants_focus = true;
    }

    /// Lets go of a span or relation (a new text selection is starting).
    pub fn deselect(&mut self) {
        self.selection = Selection::None;
    }

    pub fn sticky_label(&self) -> Option<LabelId> {
        self.sticky_label
    }

    /// Makes `label` sticky, or stops when it already is.
    pub fn toggle_sticky(&mut self, label: LabelId) {
        self.sticky_label = (self.sticky_label != Some(label)).then_some(label);
    }

    pub fn draft(&self) -> RelationDraft {
        self.draft
    }

    /// R (or the inspector's button): a relation from the selected span.
    pub fn start_relation_from_selected(&mut self) {
        if let Some(span) = self.selected_span() {
            self.draft = RelationDraft::From(span);
            self.wants_focus = true;
        }
    }

    /// The span a relation started with R begins at, while its target is picked.
    pub fn relation_from(&self) -> Option<SpanId> {
        match self.draft {
            RelationDraft::From(span) => Some(span),
            _ => None,
        }
    }

    pub fn start_drag(&mut self, span: SpanId) {
        self.draft = RelationDraft::Dragging(span);
    }

    pub fn dragging_from(&self) -> Option<SpanId> {
        match self.draft {
            RelationDraft::Dragging(span) => Some(span),
            _ => None,
        }
    }

    /// Ends a drag (dropped anywhere); returns where it started.
    pub fn take_drag(&mut self) -> Option<SpanId> {
        let from = self.dragging_from()?;
        self.draft = RelationDraft::None;
        Some(from)
    }

    /// Both ends chosen: the draft ends here and the app asks for the type.
    pub fn finish_draft(&mut self, from: SpanId, to: SpanId) -> Option<Action> {
        self.draft = RelationDraft::None;
        (from != to).then_some(Action::PickRelationType { from, to })
    }

    pub fn ask_relation_type(&mut self, from: SpanId, to: SpanId) {
        self.draft = RelationDraft::Picking { from, to };
    }

    /// The pair waiting for a relation type.
    pub fn picking(&self) -> Option<(SpanId, SpanId)> {
        match self.draft {
            RelationDraft::Picking { from, to } => Some((from, to)),
            _ => None,
        }
    }

    pub fn cancel_draft(&mut self) {
        self.draft = RelationDraft::None;
    }

    /// The press of a drag landed on an edge of the selected span.
    pub fn start_edge_drag(&mut self, span: SpanId, edge: SpanEdge, at_char: usize) {
        self.edge_drag = Some(EdgeDrag {
            span,
            edge,
            to_char: at_char,
        });
    }

    pub fn edge_drag(&self) -> Option<EdgeDrag> {
        self.edge_drag
    }

    /// The dragged edge follows the pointer.
    pub fn drag_edge_to(&mut self, offset: usize) {
        if let Some(drag) = &mut self.edge_drag {
            drag.to_char = offset;
        }
    }

    /// Ends an edge drag; returns it.
    pub fn take_edge_drag(&mut self) -> Option<EdgeDrag> {
        self.edge_drag.take()
    }

    /// Esc: forgets the selection and any relation draft (keeps the sticky
    /// label and focus); when there is none, leaves sticky mode.
    pub fn escape(&mut self) {
        let anything = self.selected_range().is_some()
            || self.selection != Selection::None
            || self.relation_from().is_some();
        if anything {
            let caret = self.caret;
            self.collapse_to(caret);
            self.selection = Selection::None;
            self.draft = RelationDraft::None;
        } else {
            self.sticky_label = None;
        }
    }

    pub fn scroll_to(&mut self, offset: usize) {
        self.scroll_to_char = Some(offset);
    }

    pub fn scroll_target(&self) -> Option<usize> {
        self.scroll_to_char
    }

    pub fn take_scroll_target(&mut self) -> Option<usize> {
        self.scroll_to_char.take()
    }

    pub fn focus(&mut self) {
        self.wants_focus = true;
    }

    pub fn take_focus_request(&mut self) -> bool {
        std::mem::take(&mut self.wants_focus)
    }

    /// Follows View › Snap selections to words.
    pub fn set_snap_to_words(&mut self, on: bool) {
        self.snap_to_words = on;
    }

    /// What a label key would tag now: the selection, snapped to words when
    /// asked (a keyboard selection by word takes the space after it), else
    /// as selected (its ends are on grapheme boundaries). The article paints
    /// this range and the inspector and status line show it, so what is
    /// shown selected is what gets tagged.
    pub fn range_to_tag(&self, open: &OpenDocument) -> Option<(usize, usize)> {
        let (start, end) = self.selected_range()?;
        if self.snap_to_words && self.exact_range != Some((start, end)) {
            Some(crate::model::words::snap_to_words(&open.chars, start, end))
        } else {
            Some((start, end))
        }
    }

    /// What a label key or a palette click asks for: tag
    /// [`Self::range_to_tag`], else relabel the selected span.
    pub fn tag_or_relabel(&self, label: LabelId, open: &OpenDocument) -> Option<Action> {
        if let Some((start_char, end_char)) = self.range_to_tag(open) {
            return Some(Action::Edit(Edit::CreateSpan {
                start_char,
                end_char,
                label,
            }));
        }
        self.selected_span()
            .map(|span| Action::Edit(Edit::RelabelSpan { span, label }))
    }

    /// Before an edit is applied: making a relation ends its draft, even when
    /// the relation is refused.
    pub fn before_edit(&mut self, edit: &Edit) {
        if matches!(edit, Edit::CreateRelation { .. }) {
            self.draft = RelationDraft::None;
        }
    }

    /// After an edit: select what it made, let go of what it removed.
    pub fn after_edit(
        &mut self,
        edit: &Edit,
        created: Option<Created>,
        open: Option<&OpenDocument>,
    ) {
        match created {
            Some(Created::Span { id, end_char }) => {
                self.collapse_to(end_char);
                self.selection = Selection::Span(id);
            }
            Some(Created::Relation(id)) => self.select_relation(Some(id)),
            None => {}
        }
        match edit {
            Edit::DeleteSpan(_) | Edit::DeleteRelation(_) => self.selection = Selection::None,
            Edit::Undo | Edit::Redo => {
                let still_there = match self.selection {
                    Selection::None => true,
                    Selection::Span(id) => open.is_some_and(|o| o.span(id).is_some()),
                    Selection::Relation(id) => open.is_some_and(|o| o.relation(id).is_some()),
                };
                if !still_there {
                    self.selection = Selection::None;
                }
            }
            _ => {}
        }
    }
}
