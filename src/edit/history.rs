use super::{apply, Applied, Command, EditError};
use crate::store::Store;

/// Undo and redo stacks of inverse commands, for one session.
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Command>,
    redo: Vec<Command>,
}

impl History {
    /// Applies a new command; it can be undone, and the redo stack is cleared.
    pub fn perform(&mut self, store: &mut Store, command: &Command) -> Result<Applied, EditError> {
        let applied = apply(store, command)?;
        self.undo.push(applied.inverse.clone());
        self.redo.clear();
        Ok(applied)
    }

    /// Undoes the last command; None when there is nothing to undo. On failure
    /// the command stays on the stack, so nothing is lost.
    pub fn undo(&mut self, store: &mut Store) -> Result<Option<Applied>, EditError> {
        Self::step(store, &mut self.undo, &mut self.redo)
    }

    pub fn redo(&mut self, store: &mut Store) -> Result<Option<Applied>, EditError> {
        Self::step(store, &mut self.redo, &mut self.undo)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// What Undo would undo, for the menu.
    pub fn next_undo(&self) -> Option<&Command> {
        self.undo.last()
    }

    pub fn next_redo(&self) -> Option<&Command> {
        self.redo.last()
    }

    /// Forgets everything (e.g. when another project is opened).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }

    fn step(
        store: &mut Store,
        from: &mut Vec<Command>,
        to: &mut Vec<Command>,
    ) -> Result<Option<Applied>, EditError> {
        let Some(command) = from.last() else {
            return Ok(None);
        };
        let applied = apply(store, command)?;
        from.pop();
        to.push(applied.inverse.clone());
        Ok(Some(applied))
    }
}
