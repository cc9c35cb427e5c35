//! What the user asked for in a frame. Panels and windows return these; the
//! app applies them after drawing, so nothing deep in the UI changes shared
//! state. Edits to the project are [`Edit`]s, applied by the session.

use std::path::PathBuf;

use crate::formats::export::ExportFormat;
use crate::model::{DocumentId, RelationId, SpanId};
use crate::session::schema::SchemaChange;
use crate::session::Edit;
use crate::ui::command::UiCommand;

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// A change to the project: one undoable step.
    Edit(Edit),
    /// A menu item or shortcut from the command table.
    Command(UiCommand),
    OpenDocument(DocumentId),
    /// Selects a span (None clears) and, with `scroll`, brings it into view.
    SelectSpan {
        span: Option<SpanId>,
        scroll: bool,
    },
    SelectRelation(Option<RelationId>),
    /// Asks for the type of a relation between two spans (or makes it at once
    /// when only one type fits).
    PickRelationType {
        from: SpanId,
        to: SpanId,
    },
    Import(Vec<PathBuf>),
    Export {
        path: PathBuf,
        format: ExportFormat,
    },
    NewProject(PathBuf),
    OpenProject(PathBuf),
    CancelJob,
    /// The error the status line shows has been seen.
    DismissError,
    ShowDialog(DialogKind),
    ChangeSchema(SchemaChange),
    ImportSchema(PathBuf),
    ExportSchema(PathBuf),
    /// Writes a copy of the project (SQLite backup API) to this path; asks
    /// first when something is there.
    SaveCopy(PathBuf),
    /// The same, the user having agreed to replace what is there.
    ReplaceWithCopy(PathBuf),
    /// The preferences' annotator name may have changed: show their layers.
    SwitchAnnotator,
}

impl From<Edit> for Action {
    fn from(edit: Edit) -> Self {
        Self::Edit(edit)
    }
}

impl From<UiCommand> for Action {
    fn from(command: UiCommand) -> Self {
        Self::Command(command)
    }
}

/// Which path a dialog asks for (File › Import, Export, New project …).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialogKind {
    Import,
    Export,
    NewProject,
    OpenProject,
    ImportSchema,
    ExportSchema,
    SaveCopy,
}
