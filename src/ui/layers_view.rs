//! View › Layers: which other annotators' layers of the open document are
//! drawn beside mine, read-only. Off by default in a project with
//! assignments ("blind" annotation), on otherwise; each annotator can be
//! turned off on their own. Re-read when the document, the annotator or the
//! project's edits change.

use std::collections::BTreeSet;
use std::sync::Arc;

use egui::{Color32, Ui};

use crate::model::schema::palette_color;
use crate::model::{DocumentId, GOLD_LAYER};
use crate::session::Session;
use crate::store::{LayerReads as _, StoreError};
use crate::ui::article::{LayerOverlay, ShownLayer};

#[derive(Debug, Default)]
pub struct LayersView {
    /// None until the project's default is known (assignments → off).
    shown: Option<bool>,
    /// Annotators turned off by hand.
    hidden: BTreeSet<String>,
    /// The other annotators with a layer of the open document, in name order.
    available: Vec<String>,
    overlay: LayerOverlay,
    stamp: Option<(Option<DocumentId>, u64, String, bool, usize)>,
}

impl LayersView {
    pub fn is_shown(&self, session: &Session) -> bool {
        self.shown.unwrap_or(!session.has_assignments())
    }

    /// Turns the view on (opening a document from the agreement report).
    pub fn show(&mut self) {
        self.shown = Some(true);
    }

    /// Re-reads the other layers when something they depend on changed.
    pub fn refresh(&mut self, session: &Session) -> Result<(), StoreError> {
        let shown = self.is_shown(session);
        let stamp = (
            session.open_id(),
            session.change_count(),
            session.annotator().to_string(),
            shown,
            self.hidden.len(),
        );
        if self.stamp.as_ref() == Some(&stamp) {
            return Ok(());
        }
        self.stamp = Some(stamp);
        self.available.clear();
        self.overlay = LayerOverlay::default();
        let Some(open) = session.open() else {
            return Ok(());
        };
        let store = session.store();
        let mut names: Vec<String> = store
            .layers_of(open.document.id)?
            .into_iter()
            .map(|layer| layer.annotator)
            .filter(|name| name != session.annotator())
            .collect();
        names.sort();
        self.available = names;
        if !shown {
            return Ok(());
        }
        let mut layers = Vec::new();
        for (index, name) in self.available.iter().enumerate() {
            if self.hidden.contains(name) {
                continue;
            }
            layers.push(ShownLayer {
                annotator: name.clone(),
                color: annotator_color(name, index),
                spans: store.layer_spans_of(open.document.id, name)?,
            });
        }
        self.overlay = LayerOverlay {
            layers: Arc::from(layers),
        };
        Ok(())
    }

    pub fn overlay(&self) -> LayerOverlay {
        self.overlay.clone()
    }

    /// The View › Layers submenu.
    pub fn menu_ui(&mut self, ui: &mut Ui, session: &Session) {
        ui.menu_button("Layers", |ui| {
            let mut shown = self.is_shown(session);
            if ui
                .checkbox(&mut shown, "Show other annotators' layers (read-only)")
                .changed()
            {
                self.shown = Some(shown);
            }
            if session.has_assignments() {
                ui.weak("Off by default: this project assigns documents (blind annotation).");
            }
            ui.separator();
            if self.available.is_empty() {
                ui.weak("No other layer of this document.");
            }
            ui.add_enabled_ui(shown, |ui| {
                for name in self.available.clone() {
                    let mut on = !self.hidden.contains(&name);
                    if ui.checkbox(&mut on, &name).changed() {
                        if on {
                            self.hidden.remove(&name);
                        } else {
                            self.hidden.insert(name);
                        }
                    }
                }
            });
        });
    }

    /// The legend above the article: whose outlines are drawn, in their colours.
    pub fn legend_ui(&self, ui: &mut Ui) {
        if self.overlay.layers.is_empty() {
            return;
        }
        ui.horizontal_wrapped(|ui| {
            ui.weak("Other layers (read-only):");
            for layer in self.overlay.layers.iter() {
                ui.colored_label(layer.color, &layer.annotator);
            }
        });
    }

    /// Another project: nothing of this one's carries over.
    pub fn reset(&mut self) {
        *self = Self::default();
    }
}

/// An annotator's colour: gold's own, else the palette by their place.
fn annotator_color(name: &str, index: usize) -> Color32 {
    if name == GOLD_LAYER {
        return Color32::from_rgb(0xd4, 0xa0, 0x17);
    }
    let hex = palette_color(index + 1);
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(128);
    Color32::from_rgb(channel(1), channel(3), channel(5))
}
