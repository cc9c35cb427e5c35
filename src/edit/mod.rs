//! Every change a user makes is a [`Command`], applied by [`apply`] in one
//! transaction that returns the command undoing it. Undo/redo is [`History`]:
//! two stacks of such commands.

mod apply;
mod command;
mod curation;
mod history;

pub use apply::{apply, apply_in, Applied, EditError};
pub use command::Command;
pub use history::History;
