//! An open project as the app sees it: the store, the undo history, the schema,
//! the document list and the open document. No egui: the UI draws from this and
//! calls its methods; tests drive it directly.

mod curation;
mod documents;
mod edit;
mod idle_checkpoint;
pub mod label_removal;
mod open_document;
mod outside;
pub mod schema;
mod tag_all;

mod suggestions;

use std::path::{Path, PathBuf};

pub use curation::OpenCuration;
pub use edit::{ellipsize, Created, Edit, Outcome};
pub use idle_checkpoint::{IdleCheckpoint, IDLE_BEFORE_CHECKPOINT};
pub use open_document::OpenDocument;
pub use outside::OutsideChanges;

use crate::edit::{Applied, Command, EditError, History};
use crate::model::{
    Attributes, DocumentId, DocumentStatus, DocumentSummary, LabelId, RelationData, RelationId,
    Schema, SpanData, SpanId, TextDirection,
};
use crate::store::{LayerReads, Reader, Store, StoreError};

/// The document list as `annotator` sees it: their layers' statuses, and
/// when the project assigns documents, theirs first (each group in project
/// order), so "next unfinished" goes through their own work first.
fn list_for(
    store: &Store,
    annotator: &str,
    has_assignments: bool,
) -> Result<Vec<DocumentSummary>, StoreError> {
    let mut documents = store.document_summaries(annotator)?;
    if has_assignments {
        documents.sort_by_key(|d| !d.assigned);
    }
    Ok(documents)
}

/// Whose layer a session on `store` shows: a package's own annotator; on a
/// server the login role (row-level security lets a role write only its own
/// layer, so the preferences' name cannot apply), or gold while curating;
/// else `preferred` (the preferences' name), else `unknown`.
fn current_annotator(store: &Store, preferred: Option<&str>) -> Result<String, StoreError> {
    if let Some(name) = store.package_annotator()? {
        return Ok(name);
    }
    if let Some(role) = store.server_user() {
        return Ok(match preferred {
            Some(crate::model::GOLD_LAYER) => crate::model::GOLD_LAYER.to_string(),
            _ => role.to_string(),
        });
    }
    Ok(preferred
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .unwrap_or(crate::model::UNKNOWN_ANNOTATOR)
        .to_string())
}

pub struct Session {
    store: Store,
    history: History,
    schema: Schema,
    documents: Vec<DocumentSummary>,
    open: Option<OpenDocument>,
    /// Whose layer is shown and edited: the package's annotator in a
    /// package, else the name from the preferences, else `unknown`.
    annotator: String,
    /// Whether the project assigns documents (then mine come first).
    has_assignments: bool,
    /// The annotator a package was made for; None in a project.
    package_annotator: Option<String>,
    /// Edits, undos, redos and schema changes made in this session.
    changes: u64,
    /// The open document's curation, while curating (see `curation.rs`).
    curation: Option<curation::CurationCache>,
}

/// What an undo or redo did, for the status line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stepped {
    pub description: &'static str,
    pub applied: Applied,
}

impl Session {
    pub fn new(store: Store) -> Result<Self, StoreError> {
        let annotator = current_annotator(&store, None)?;
        let has_assignments = store.has_assignments()?;
        let package_annotator = store.package_annotator()?;
        Ok(Self {
            package_annotator,
            schema: store.schema()?,
            documents: list_for(&store, &annotator, has_assignments)?,
            store,
            history: History::default(),
            open: None,
            annotator,
            has_assignments,
            changes: 0,
            curation: None,
        })
    }

    /// Whether the project assigns documents to annotators: the list then
    /// puts the current annotator's first.
    pub fn has_assignments(&self) -> bool {
        self.has_assignments
    }

    /// Whose layer this session shows and edits.
    pub fn annotator(&self) -> &str {
        &self.annotator
    }

    /// The annotator a package was made for (None in a project).
    pub fn package_annotator(&self) -> Option<&str> {
        self.package_annotator.as_deref()
    }

    /// The preferences' name changed: the session shows that annotator's
    /// layers (a package keeps its own annotator). The undo history belongs
    /// to the layer it was made in, so it is forgotten on a switch.
    pub fn set_annotator(&mut self, preferred: Option<String>) -> Result<(), StoreError> {
        let annotator = current_annotator(&self.store, preferred.as_deref())?;
        if annotator == self.annotator {
            return Ok(());
        }
        self.annotator = annotator;
        self.history.clear();
        self.reload()
    }

    pub fn path(&self) -> Option<&Path> {
        self.store.path()
    }

    /// The project's name for the title bar: its file stem, or a server
    /// project's database name.
    pub fn name(&self) -> String {
        if let Some(url) = self.store.server_url() {
            let database = url.rsplit('/').next().unwrap_or(url);
            return database.split('?').next().unwrap_or(database).to_string();
        }
        self.path().and_then(|p| p.file_stem()).map_or_else(
            || "in-memory project".into(),
            |s| s.to_string_lossy().into_owned(),
        )
    }

    /// Grows with every change this session writes (periodic backups skip
    /// a project that has not changed).
    pub fn change_count(&self) -> u64 {
        self.changes
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    pub fn documents(&self) -> &[DocumentSummary] {
        &self.documents
    }

    pub fn open(&self) -> Option<&OpenDocument> {
        self.open.as_ref()
    }

    pub fn open_id(&self) -> Option<DocumentId> {
        self.open.as_ref().map(|o| o.document.id)
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    pub fn open_document(&mut self, id: DocumentId) -> Result<(), StoreError> {
        if self.open_id() == Some(id) {
            return Ok(());
        }
        self.open = OpenDocument::load(&self.store, id, &self.annotator)?;
        Ok(())
    }

    /// View › Text direction for the open document: kept in the project (one
    /// transaction), so it holds the next time anyone opens the document.
    /// A view choice, not an edit: nothing to undo.
    pub fn set_text_direction(&mut self, direction: TextDirection) -> Result<(), StoreError> {
        let Some(open) = &mut self.open else {
            return Ok(());
        };
        let key = TextDirection::meta_key(open.document.id);
        self.store
            .write(|tx| tx.set_project_meta(&key, direction.key()))?;
        open.direction = direction;
        Ok(())
    }

    /// Re-reads everything after a change from outside the session (an import
    /// job, a schema change).
    pub fn reload(&mut self) -> Result<(), StoreError> {
        self.changes += 1;
        self.schema = self.store.schema()?;
        self.has_assignments = self.store.has_assignments()?;
        self.documents = list_for(&self.store, &self.annotator, self.has_assignments)?;
        if let Some(id) = self.open_id() {
            self.open = OpenDocument::load(&self.store, id, &self.annotator)?;
        }
        Ok(())
    }

    /// The document after (or before, with `step = -1`) the open one, in list order.
    pub fn neighbour_document(&self, step: isize) -> Option<DocumentId> {
        let position = self
            .open_id()
            .and_then(|id| self.documents.iter().position(|d| d.id == id));
        let target = match position {
            Some(p) => p.checked_add_signed(step)?,
            None => 0,
        };
        self.documents.get(target).map(|d| d.id)
    }

    /// The next document that is not done, after the open one, wrapping.
    pub fn next_unfinished(&self) -> Option<DocumentId> {
        let start = self
            .open_id()
            .and_then(|id| self.documents.iter().position(|d| d.id == id))
            .map_or(0, |p| p + 1);
        let n = self.documents.len();
        (0..n)
            .map(|i| &self.documents[(start + i) % n])
            .find(|d| d.status != DocumentStatus::Done && Some(d.id) != self.open_id())
            .map(|d| d.id)
    }

    /// Applies a command as one undoable step and refreshes what is shown.
    pub fn perform(&mut self, command: Command) -> Result<Applied, EditError> {
        let document = command.document().or(self.open_id());
        let applied = self
            .history
            .perform_in(&mut self.store, &command, document)?;
        self.changes += 1;
        self.refresh(document, &[&command, &applied.inverse])?;
        Ok(applied)
    }

    /// Tags `start..end` of the open document with `label`: default attribute
    /// values, this session's annotator. A new document becomes "in progress".
    pub fn create_span(
        &mut self,
        start_char: usize,
        end_char: usize,
        label: LabelId,
    ) -> Result<SpanId, EditError> {
        let Some(open) = &self.open else {
            return Err(EditError::NoDocumentOpen);
        };
        let document_id = open.document.id;
        let add = Command::AddSpan {
            id: None,
            span: SpanData {
                document_id,
                start_char,
                end_char,
                label_id: label,
                attributes: self.default_attributes(label),
                annotator: self.annotator.clone(),
                note: String::new(),
            },
            relations: Vec::new(),
        };
        let command = if open.status == DocumentStatus::New {
            Command::Batch(vec![
                add,
                Command::SetDocumentStatus {
                    id: document_id,
                    annotator: self.annotator.clone(),
                    status: DocumentStatus::InProgress,
                },
            ])
        } else {
            add
        };
        let applied = self.perform(command)?;
        let created = match &applied.inverse {
            Command::Batch(inverses) => inverses.iter().find_map(|c| match c {
                Command::DeleteSpan { id } => Some(*id),
                _ => None,
            }),
            other => match other {
                Command::DeleteSpan { id } => Some(*id),
                _ => None,
            },
        };
        created.ok_or(EditError::NotCreated("span"))
    }

    /// Gives a span another label: the new label's default attributes, except
    /// the values it also accepts (undo restores the old ones). Returns the
    /// span's relations that the schema's rules no longer allow: they are
    /// kept, and the user chooses whether to delete them.
    pub fn relabel_span(
        &mut self,
        span: SpanId,
        label: LabelId,
    ) -> Result<Vec<RelationId>, EditError> {
        let current = self
            .open
            .as_ref()
            .and_then(|o| o.span(span))
            .ok_or(EditError::NoSuchSpan(span))?;
        if current.label_id() == label {
            return Ok(Vec::new());
        }
        let attributes = self
            .schema
            .attributes_after_relabel(label, &current.data.attributes);
        self.perform(Command::Relabel {
            id: span,
            label,
            attributes,
        })?;
        Ok(self.relations_off_schema(span))
    }

    /// The relations at `span` (in the open document) whose type the schema's
    /// rules do not allow between their ends' labels, by id.
    pub fn relations_off_schema(&self, span: SpanId) -> Vec<RelationId> {
        let Some(open) = &self.open else {
            return Vec::new();
        };
        let label = |id| open.span(id).map(|s| s.label_id());
        open.relations
            .iter()
            .filter(|r| r.data.from_span == span || r.data.to_span == span)
            .filter(|r| match (label(r.data.from_span), label(r.data.to_span)) {
                (Some(from), Some(to)) => !self.schema.relation_fits(r.data.label_id, from, to),
                _ => false,
            })
            .map(|r| r.id)
            .collect()
    }

    /// Links two spans of the open document with a relation of type `label`.
    /// `any_labels` overrides the schema's rules for which labels it may join.
    pub fn create_relation(
        &mut self,
        from: SpanId,
        to: SpanId,
        label: LabelId,
        any_labels: bool,
    ) -> Result<RelationId, EditError> {
        let Some(document_id) = self.open_id() else {
            return Err(EditError::NoDocumentOpen);
        };
        let applied = self.perform(Command::AddRelation {
            id: None,
            relation: RelationData {
                document_id,
                from_span: from,
                to_span: to,
                label_id: label,
                annotator: self.annotator.clone(),
                note: String::new(),
            },
            any_labels,
        })?;
        applied
            .created_relation()
            .ok_or(EditError::NotCreated("relation"))
    }

    /// Relation types the schema allows from `from`'s label to `to`'s, in
    /// schema order; types without rules join anything and come after.
    pub fn relation_types_for(&self, from: SpanId, to: SpanId) -> (Vec<LabelId>, Vec<LabelId>) {
        let label = |id| {
            self.open
                .as_ref()
                .and_then(|o| o.span(id))
                .map(|s| s.label_id())
        };
        let (Some(from), Some(to)) = (label(from), label(to)) else {
            return (Vec::new(), Vec::new());
        };
        let allowed = self.schema.relations_allowed(from, to);
        let unconstrained: Vec<LabelId> = self
            .schema
            .relation_labels()
            .filter(|l| !self.schema.rules.iter().any(|r| r.relation == l.id))
            .map(|l| l.id)
            .collect();
        let mut usable = allowed;
        usable.extend(unconstrained);
        let others = self
            .schema
            .relation_labels()
            .map(|l| l.id)
            .filter(|id| !usable.contains(id))
            .collect();
        (usable, others)
    }

    /// Changes the label schema in one transaction, then re-reads it. Removing
    /// labels or attributes forgets the undo history, whose steps may name them.
    pub fn change_schema(
        &mut self,
        forget_history: bool,
        change: impl FnOnce(&crate::store::Tx<'_>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.store.write(change)?;
        self.changes += 1;
        if forget_history {
            self.history.clear();
        }
        self.reload()
    }

    /// The first value of every choice attribute of `label`.
    pub fn default_attributes(&self, label: LabelId) -> Attributes {
        self.schema.default_attributes(label)
    }

    pub fn undo(&mut self) -> Result<Option<Stepped>, EditError> {
        self.step(false)
    }

    pub fn redo(&mut self) -> Result<Option<Stepped>, EditError> {
        self.step(true)
    }

    /// One undo (or redo) step, in the document where the change was made.
    fn step(&mut self, redo: bool) -> Result<Option<Stepped>, EditError> {
        let next = if redo {
            self.history.next_redo()
        } else {
            self.history.next_undo()
        };
        let Some((command, document)) = next else {
            return Ok(None);
        };
        let command = command.clone();
        // The undo stack holds inverses (undoing one undoes what it reverses);
        // the redo stack holds the commands themselves.
        let description = if redo {
            command.describe()
        } else {
            command.undone_action()
        };
        self.show_document_of(document)?;
        let applied = if redo {
            self.history.redo(&mut self.store)?
        } else {
            self.history.undo(&mut self.store)?
        };
        self.changes += 1;
        let inverse = applied.as_ref().map(|applied| &applied.inverse);
        let touched: Vec<&Command> = std::iter::once(&command).chain(inverse).collect();
        self.refresh(document, &touched)?;
        Ok(applied.map(|applied| Stepped {
            description,
            applied,
        }))
    }

    /// Undo shows the user where it acts: it opens that document first.
    fn show_document_of(&mut self, document: Option<DocumentId>) -> Result<(), StoreError> {
        match document {
            Some(id) if Some(id) != self.open_id() => self.open_document(id),
            _ => Ok(()),
        }
    }

    /// After an edit: the open document's spans and relations, and its row in
    /// the document list (not the whole list: projects have 100,000 documents).
    fn refresh(
        &mut self,
        document: Option<DocumentId>,
        commands: &[&Command],
    ) -> Result<(), StoreError> {
        if let Some(open) = &mut self.open {
            let (mut spans, mut relations) = (Vec::new(), Vec::new());
            for command in commands {
                command.touched(&mut spans, &mut relations);
            }
            open.update_annotations(&self.store, &self.schema, &spans, &relations)?;
        }
        self.follow_curation(document, commands)?;
        if let Some(id) = document {
            let status = self
                .store
                .layer_status(id, &self.annotator)?
                .unwrap_or(DocumentStatus::New);
            let span_count = match &self.open {
                Some(open) if open.document.id == id => open.spans.len(),
                _ => self.store.layer_spans_of(id, &self.annotator)?.len(),
            };
            // A rename is the one command that changes a title.
            let renamed = commands
                .iter()
                .any(|c| matches!(c, Command::RenameDocument { .. }));
            let title = if renamed {
                crate::store::DocumentQueries::document_title(&self.store, id)?
            } else {
                None
            };
            if let Some(summary) = self.documents.iter_mut().find(|d| d.id == id) {
                summary.status = status;
                summary.span_count = span_count;
                if let Some(title) = &title {
                    summary.title.clone_from(title);
                }
            }
            if let Some(open) = &mut self.open {
                if open.document.id == id {
                    open.status = status;
                    if let Some(title) = title {
                        open.document.title = title;
                    }
                }
            }
        }
        let others = tag_all::other_documents(commands, document);
        self.refresh_rows(&others)
    }

    /// Closes this project and opens another (created if missing).
    pub fn open_project(path: &Path) -> Result<Self, crate::formats::ImportError> {
        let store = crate::project::open_for_app(path, false)?;
        Ok(Self::new(store)?)
    }

    pub fn path_buf(&self) -> Option<PathBuf> {
        self.path().map(Path::to_path_buf)
    }

    /// Where a background job opens the project again, and what the recent
    /// list keeps: the file, or a server project's URL without its password
    /// (the connection code keeps a typed password in memory for that URL,
    /// and PGPASSWORD or ~/.pgpass give it again). None in memory.
    pub fn location(&self) -> Option<PathBuf> {
        match self.store.server_url() {
            Some(url) => Some(PathBuf::from(url)),
            None => self.path_buf(),
        }
    }
}
