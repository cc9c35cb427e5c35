//! A note field (on a span or a relation) that keeps what the user types
//! until the field loses focus, and follows the stored note otherwise.

use std::hash::Hash;

use egui::Ui;

pub struct NoteField<K> {
    draft: Option<(K, String)>,
}

impl<K> Default for NoteField<K> {
    fn default() -> Self {
        Self { draft: None }
    }
}

impl<K: Copy + PartialEq + Hash + std::fmt::Debug> NoteField<K> {
    /// Draws the field for the annotation `key` whose stored note is
    /// `stored`; returns the new note when the user has finished changing it.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        key: K,
        stored: &str,
        name: &str,
        hint: &str,
    ) -> Option<String> {
        let id = ui.make_persistent_id((name, key));
        if !ui.memory(|m| m.has_focus(id)) || self.draft.as_ref().map(|(k, _)| *k) != Some(key) {
            self.draft = Some((key, stored.to_string()));
        }
        let (_, note) = self.draft.as_mut()?;
        let response = ui.add(
            egui::TextEdit::multiline(note)
                .id(id)
                .desired_rows(2)
                .desired_width(f32::INFINITY)
                .hint_text(hint),
        );
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, name));
        (response.lost_focus() && note != stored).then(|| note.clone())
    }

    /// Nothing to edit is shown: the next annotation starts from its stored note.
    pub fn forget(&mut self) {
        self.draft = None;
    }
}
