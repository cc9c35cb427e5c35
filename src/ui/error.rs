//! Everything that can go wrong behind a click, typed until the status line
//! shows it (then it is turned into words once).

use std::path::PathBuf;

use crate::edit::EditError;
use crate::formats::{ExportError, ImportError};
use crate::session::schema::SchemaError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum UiError {
    #[error(transparent)]
    Edit(#[from] EditError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Schema(#[from] SchemaError),
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error(transparent)]
    Export(#[from] ExportError),
    #[error(transparent)]
    Agreement(#[from] crate::agreement::ReportError),
    #[error(transparent)]
    Suggest(#[from] crate::suggest::SuggestError),
    #[error(transparent)]
    Curate(#[from] crate::curate::CurateError),
    /// Enter, A or X with no suggestion at the caret (from the menu).
    #[error("no suggestion at the caret")]
    NoSuggestionHere,
    /// Project › Curate… in an annotator's package: gold is the project's.
    #[error("curation is done in the project, not in an annotator's package (its gold layer is read-only here: View › Layers shows it)")]
    CurationInPackage,
    /// Curating on a server as a role outside the curators group: row-level
    /// security would refuse every gold write.
    #[error("only the project's curators write gold: {0} is not in this server project's curators group (a curator adds it with GRANT)")]
    NotACurator(String),
    #[error("wait for “{0}” to finish")]
    Busy(String),
    /// An edit while an import holds the project's write lock: refused at
    /// once, never left to wait.
    #[error("editing is paused while “{0}” runs (it holds the project until it finishes); this change was not made")]
    EditsPaused(String),
    #[error("this project is not saved in a file")]
    NotSaved,
    #[error("{} already exists; open it with File › Open project", .0.display())]
    ProjectExists(PathBuf),
    #[error("{} is this project's own file: a copy cannot replace the file it is made from; choose another name", .0.display())]
    CopyOntoItself(PathBuf),
    #[error("a backup is already running")]
    BackupRunning,
    #[error("a server project is backed up on the server (pg_dump); File › Save a copy as… writes it to a project file")]
    BackupOnServer,
    #[error("The backup failed: {0}")]
    BackupFailed(StoreError),
    #[error("select a span first (click it): Tag all occurrences tags its text with its label")]
    NoSpanSelected,
    /// The live listener of a server project lost its connection; it
    /// reconnects by itself.
    #[error("the connection to the server was lost ({0}); reconnecting… Changes made meanwhile fail and are not saved")]
    ServerLost(String),
    /// A server project opened, but its live listener could not start.
    #[error("other annotators' changes will not show until the project is opened again: the live listener could not start ({0})")]
    LiveOff(String),
    /// A worker thread ended without a result: a bug, said rather than hidden.
    #[error("{0} stopped unexpectedly; nothing more is known (please report it)")]
    WorkerLost(String),
}
