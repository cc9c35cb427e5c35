use super::{apply, Applied, Command, EditError};
use crate::model::DocumentId;
use crate::store::Store;

/// One step of the history: the command that reverses it, and the document it
/// happened in (so undo can show the user where).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    command: Command,
    document: Option<DocumentId>,
}

/// Undo and redo stacks of inverse commands, for one session.
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Entry>,
    redo: Vec<Entry>,
}

impl History {
    /// Applies a new command; it can be undone, and the redo stack is cleared.
    pub fn perform(&mut self, store: &mut Store, command: &Command) -> Result<Applied, EditError> {
        self.perform_in(store, command, command.document())
    }

    /// Like [`Self::perform`], naming the document the command changes.
    pub fn perform_in(
        &mut self,
        store: &mut Store,
        command: &Command,
        document: Option<DocumentId>,
    ) -> Result<Applied, EditError> {
        let applied = apply(store, command)?;
        let continues = self
            .undo
            .last()
            .is_some_and(|last| applied.inverse.continues(&last.command));
        if !continues {
            self.undo.push(Entry {
                command: applied.inverse.clone(),
                document,
            });
        }
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

    /// What Undo would undo, and in which document.
    pub fn next_undo(&self) -> Option<(&Command, Option<DocumentId>)> {
        self.undo.last().map(|e| (&e.command, e.document))
    }

    pub fn next_redo(&self) -> Option<(&Command, Option<DocumentId>)> {
        self.redo.last().map(|e| (&e.command, e.document))
    }

    /// Forgets everything (e.g. when another project is opened).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }

    fn step(
        store: &mut Store,
        from: &mut Vec<Entry>,
        to: &mut Vec<Entry>,
    ) -> Result<Option<Applied>, EditError> {
        let Some(entry) = from.last() else {
            return Ok(None);
        };
        let applied = apply(store, &entry.command)?;
        let document = entry.document;
        from.pop();
        to.push(Entry {
            command: applied.inverse.clone(),
            document,
        });
        Ok(Some(applied))
    }
}
