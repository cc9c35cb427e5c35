//! Removing a label, in the window's thread or, for a label used by many
//! annotations, in the background: the same checks first, then one
//! transaction (on the background job's own connection) that reports its
//! progress.

use std::path::Path;

use super::schema::SchemaError;
use super::Session;
use crate::model::LabelId;
use crate::store::{LabelUsage, OpenMode, SchemaQueries, Store, StoreError};

/// Above this many annotations, the app removes a label in the background
/// (a million spans take over a second).
pub const BACKGROUND_REMOVAL_ANNOTATIONS: usize = 20_000;

impl Session {
    /// Refuses a removal the schema's rules forbid: an unused label that a
    /// relation type's every pair names (without it the type would join
    /// anything) and no label to take its place.
    pub fn check_label_removal(
        &self,
        id: LabelId,
        replacement: Option<LabelId>,
    ) -> Result<(), SchemaError> {
        let schema = self.schema();
        // With a replacement the rules are rewritten to it (the store); a
        // label in use without one is refused there first.
        let relations = schema.relation_types_only_for(id);
        if replacement.is_none()
            && !relations.is_empty()
            && self.store().label_usage(id)?.total() == 0
        {
            return Err(SchemaError::OnlyRulesName {
                label: schema.label_name(id).to_string(),
                relations: relations
                    .iter()
                    .map(|&r| schema.label_name(r).to_string())
                    .collect(),
            });
        }
        Ok(())
    }

    /// Whether removing `id` moves so many annotations that the window
    /// should not wait for it.
    pub fn label_removal_is_long(&self, id: LabelId) -> Result<bool, StoreError> {
        Ok(self.store().label_usage(id)?.total() > BACKGROUND_REMOVAL_ANNOTATIONS)
    }

    /// After a schema change made elsewhere (a background removal): undo
    /// steps may name what it changed, so they go.
    pub fn forget_history(&mut self) {
        self.history.clear();
    }
}

/// Removes a label from the project at `path` through a connection of its
/// own (the app's background job), moving its annotations to `replacement`;
/// `progress` hears how many have moved. Returns what was moved.
pub fn remove_label_in_file(
    path: &Path,
    id: LabelId,
    replacement: Option<LabelId>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<LabelUsage, SchemaError> {
    let (mut store, _) = Store::open(path, OpenMode::Existing)?;
    let usage = store.label_usage(id)?;
    store.write(|tx| tx.remove_label_with_progress(id, replacement, progress))?;
    Ok(usage)
}
