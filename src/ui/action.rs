//! What the user asked for in a frame. Panels and windows return these; the
//! app applies them after drawing, so nothing deep in the UI changes shared
//! state. Edits to the project are [`Edit`]s, applied by the session.

use std::path::PathBuf;

use crate::formats::export::ExportFormat;
use crate::model::{DocumentId, DocumentStatus, RelationId, SpanId};
use crate::session::schema::SchemaChange;
use crate::session::Edit;
use crate::suggest::{DocumentFilter, SourceConfig};
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
    /// File › Open server project…: the URL as typed, and the password
    /// typed beside it when the server asked for one.
    OpenServerProject {
        url: String,
        password: Option<Password>,
    },
    CancelJob,
    /// The error the status line shows has been seen.
    DismissError,
    ShowDialog(DialogKind),
    ChangeSchema(SchemaChange),
    ImportSchema(PathBuf),
    ExportSchema(PathBuf),
    /// Opens a search hit: its document, with `start..end` selected and
    /// scrolled into view (ready to tag).
    OpenHit {
        document: DocumentId,
        start: usize,
        end: usize,
    },
    /// Writes a copy of the project (SQLite backup API) to this path; asks
    /// first when something is there.
    SaveCopy(PathBuf),
    /// The same, the user having agreed to replace what is there.
    ReplaceWithCopy(PathBuf),
    /// The preferences' annotator name may have changed: show their layers.
    SwitchAnnotator,
    /// View › Text direction for the open document.
    SetTextDirection(crate::model::TextDirection),
    /// The open document has letters no font carries: what to install.
    FontHint(String),
    /// Runs a suggestion source over the documents, in the background.
    RunSuggestions {
        config: SourceConfig,
        filter: DocumentFilter,
    },
    /// Opens a document from the agreement report; N / Shift+N then step through
    /// the spans these annotators disagree on.
    ReviewDisagreements {
        document: DocumentId,
        annotators: Vec<String>,
    },

    /// Leaves curation mode: back to the annotator's own layer.
    StopCurating,
    /// Runs a merge strategy over every document, in the background;
    /// replacing gold asks first (`confirmed` once the user agreed).
    RunCuration {
        strategy: crate::curate::Strategy,
        mode: crate::curate::GoldMode,
        confirmed: bool,
    },

    /// Asks for a document's new title.
    AskRenameDocument(DocumentId),
    /// Asks before deleting a document, naming what it loses.
    AskDeleteDocument(DocumentId),
    /// Deletes a document, the user having agreed.
    DeleteDocument(DocumentId),
    /// Opens a document and sets its status (the list's status menu:
    /// reopening a done document).
    SetStatusOf(DocumentId, DocumentStatus),
}

impl Action {
    /// Whether a path dialog asks for this (then a failure brings the
    /// dialog back with what was typed).
    pub fn is_from_path_dialog(&self) -> bool {
        matches!(
            self,
            Self::Import(_)
                | Self::Export { .. }
                | Self::NewProject(_)
                | Self::OpenProject(_)
                | Self::ImportSchema(_)
                | Self::ExportSchema(_)
                | Self::SaveCopy(_)
        )
    }
}

/// A password on its way to the store: never printed, not even in a debug
/// line.
#[derive(Clone, PartialEq)]
pub struct Password(pub String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(…)")
    }
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
