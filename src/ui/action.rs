//! What the user asked for in a frame. Panels return these; the app applies
//! them after drawing, so nothing deep in the UI changes shared state.

use std::path::PathBuf;

use crate::model::{DocumentId, DocumentStatus, LabelId, RelationId, SpanId};
use crate::ui::dialogs::DialogKind;
use crate::ui::jobs::ExportFormat;

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    OpenDocument(DocumentId),
    NextDocument,
    PreviousDocument,
    /// Marks the open document done and opens the next unfinished one.
    MarkDoneAndNext,
    SetDocumentStatus(DocumentStatus),
    /// Tags a range (code points) of the open document.
    CreateSpan {
        start_char: usize,
        end_char: usize,
        label: LabelId,
    },
    RelabelSpan {
        span: SpanId,
        label: LabelId,
    },
    DeleteSpan(SpanId),
    SetSpanAttribute {
        span: SpanId,
        name: String,
        value: Option<String>,
    },
    SetSpanNote {
        span: SpanId,
        note: String,
    },
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
    CreateRelation {
        from: SpanId,
        to: SpanId,
        label: LabelId,
        any_labels: bool,
    },
    DeleteRelation(RelationId),
    RetypeRelation {
        relation: RelationId,
        label: LabelId,
    },
    SetRelationNote {
        relation: RelationId,
        note: String,
    },
    Undo,
    Redo,
    Import(Vec<PathBuf>),
    Export {
        path: PathBuf,
        format: ExportFormat,
    },
    NewProject(PathBuf),
    OpenProject(PathBuf),
    CancelJob,
    ShowDialog(DialogKind),
    ShowShortcuts,
    ShowSchemaEditor,
    ChangeSchema(crate::ui::schema_editor::SchemaChange),
    ImportSchema(PathBuf),
    ExportSchema(PathBuf),
    ShowPreferences,
    /// Writes a copy of the project (SQLite backup API) to this path.
    SaveCopy(PathBuf),
    /// Adds a timestamped copy to the project's backups folder now.
    BackUpNow,
    Quit,
}
