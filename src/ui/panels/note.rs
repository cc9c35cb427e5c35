//! A note field (on a span or a relation) that saves what the user types
//! while they type: a short pause, leaving the field, Enter, or moving to
//! another annotation saves it, so what the window shows is what the project
//! holds. Shift+Enter starts a new line; Esc leaves the field and keeps the
//! text.

use std::hash::Hash;

use egui::{Key, KeyboardShortcut, Modifiers, Ui};

/// How long typing must pause before the note is saved: each save is one
/// transaction, not one per key.
pub const NOTE_SAVE_DELAY_S: f64 = 0.4;

pub struct NoteField<K> {
    draft: Option<Draft<K>>,
}

impl<K> Default for NoteField<K> {
    fn default() -> Self {
        Self { draft: None }
    }
}

/// The text in the field for one annotation, and what of it is saved.
struct Draft<K> {
    key: K,
    text: String,
    /// The note as last saved (or read): the text differs from it until the
    /// save that is due goes out.
    saved: String,
    /// When the text last changed, while a save is due.
    changed_at_s: Option<f64>,
}

impl<K: Copy> Draft<K> {
    fn stored(key: K, stored: &str) -> Self {
        Self {
            key,
            text: stored.to_string(),
            saved: stored.to_string(),
            changed_at_s: None,
        }
    }

    /// The note to save now, if it differs from the saved one.
    fn save(&mut self) -> Option<(K, String)> {
        self.changed_at_s = None;
        if self.text == self.saved {
            return None;
        }
        self.saved = self.text.clone();
        Some((self.key, self.text.clone()))
    }

    /// The save that the pause since the last change has made due.
    fn save_if_due(&mut self, now_s: f64) -> Option<(K, String)> {
        let changed_at_s = self.changed_at_s?;
        (now_s - changed_at_s >= NOTE_SAVE_DELAY_S)
            .then(|| self.save())
            .flatten()
    }
}

impl<K: Copy + PartialEq + Hash + std::fmt::Debug> NoteField<K> {
    /// Draws the field for the annotation `key` whose stored note is
    /// `stored`; returns a note to save (for `key`, or for the annotation
    /// shown before it when the user moved on with a change unsaved).
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        key: K,
        stored: &str,
        name: &str,
        hint: &str,
    ) -> Option<(K, String)> {
        let id = ui.make_persistent_id((name, key));
        let focused = ui.memory(|m| m.has_focus(id));
        let mut to_save = None;
        if self.draft.as_ref().is_some_and(|d| d.key != key) {
            to_save = self.close();
        }
        let draft = match &mut self.draft {
            // Typing, or a save not yet applied: the field keeps its text.
            Some(draft) if focused || draft.text != draft.saved => draft,
            // Otherwise it follows the project (an undo changes the note).
            _ => self.draft.insert(Draft::stored(key, stored)),
        };
        // Enter commits; Shift+Enter is the field's newline (below).
        let commit = focused
            && ui.input_mut(|i| !i.modifiers.shift && i.consume_key(Modifiers::NONE, Key::Enter));
        let response = ui.add(
            egui::TextEdit::multiline(&mut draft.text)
                .id(id)
                .return_key(KeyboardShortcut::new(Modifiers::SHIFT, Key::Enter))
                .desired_rows(2)
                .desired_width(f32::INFINITY)
                .hint_text(hint),
        );
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, name));
        let now_s = ui.input(|i| i.time);
        if response.changed() {
            draft.changed_at_s = Some(now_s);
        }
        if commit {
            ui.memory_mut(|m| m.surrender_focus(id));
        }
        let saved = if commit || response.lost_focus() {
            draft.save()
        } else {
            draft.save_if_due(now_s)
        };
        if let Some(changed_at_s) = draft.changed_at_s {
            let wait_s = (changed_at_s + NOTE_SAVE_DELAY_S - now_s).max(0.0);
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs_f64(wait_s));
        }
        to_save.or(saved)
    }

    /// The field is no longer shown: returns what was typed and not yet
    /// saved, and the next annotation starts from its stored note.
    #[must_use]
    pub fn close(&mut self) -> Option<(K, String)> {
        self.draft.take().and_then(|mut draft| draft.save())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_is_saved_after_the_pause_and_only_once() {
        let mut draft = Draft::stored(1, "old");
        draft.text = "new".into();
        draft.changed_at_s = Some(10.0);
        assert_eq!(draft.save_if_due(10.0 + NOTE_SAVE_DELAY_S / 2.0), None);
        assert_eq!(
            draft.save_if_due(10.0 + NOTE_SAVE_DELAY_S),
            Some((1, "new".to_string()))
        );
        assert_eq!(draft.save_if_due(20.0), None);
        assert_eq!(draft.save(), None);
    }

    #[test]
    fn closing_saves_what_was_typed() {
        let mut draft = Draft::stored(7, "");
        draft.text = "typed".into();
        let mut field = NoteField { draft: Some(draft) };
        assert_eq!(field.close(), Some((7, "typed".to_string())));
        assert_eq!(field.close(), None);
    }
}
