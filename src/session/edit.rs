//! The edits a user makes through the window, each applied by the session as
//! one undoable step and answered with an [`Outcome`] for the status line.

use crate::edit::{Command, EditError};
use crate::model::{
    DocumentId, DocumentStatus, LabelId, RelationId, RelationKey, SpanId, SpanKey, SuggestionId,
};

use super::Session;

/// One change to the project that the user asked for.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Of the open document (nothing when none is open).
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
    /// New boundaries (code points) for a span, which keeps everything else.
    MoveSpan {
        span: SpanId,
        start_char: usize,
        end_char: usize,
    },
    SetSpanAttribute {
        span: SpanId,
        name: String,
        value: Option<String>,
    },
    SetSpanNote {
        span: SpanId,
        note: String,
    },
    /// `any_labels` overrides the schema's rules for which labels it may join.
    CreateRelation {
        from: SpanId,
        to: SpanId,
        label: LabelId,
        any_labels: bool,
    },
    DeleteRelation(RelationId),
    /// Several relations as one step (those a relabel left outside the
    /// schema's rules, when the user chooses to delete them).
    DeleteRelations(Vec<RelationId>),
    RetypeRelation {
        relation: RelationId,
        label: LabelId,
    },
    SetRelationNote {
        relation: RelationId,
        note: String,
    },
    /// Gives a document (any, not only the open one) another title.
    RenameDocument {
        document: DocumentId,
        title: String,
    },
    /// "Tag all occurrences": these places (document, start, end) as one
    /// step; `text` is what was searched for, for the status line.
    TagAll {
        label: LabelId,
        positions: Vec<(DocumentId, usize, usize)>,
        text: String,
    },
    /// Accepts suggestions of the open document: each becomes a span of
    /// this session's annotator, all in one step.
    AcceptSuggestions(Vec<SuggestionId>),
    /// Rejects a suggestion: it is not proposed again for this document.
    RejectSuggestion(SuggestionId),
    /// Curation: the open document's candidate at `key` into gold, with
    /// `label` instead of its own when given (provenance `curator`).
    AcceptCandidate {
        key: SpanKey,
        label: Option<LabelId>,
    },
    /// Curation: the candidate is not proposed again for the open document.
    RejectCandidate(SpanKey),
    /// Curation: the open document's relation candidate at `key` into gold
    /// between the gold spans at its ends, as `label` instead of its own
    /// type when given (provenance `curator`).
    AcceptRelationCandidate {
        key: RelationKey,
        label: Option<LabelId>,
    },
    /// Curation: the relation candidate is not proposed again for the open
    /// document.
    RejectRelationCandidate(RelationKey),
    /// Curation: every candidate of the open document that all finished
    /// annotators agree on, as one step.
    AcceptAllAgreed,
    Undo,
    Redo,
}

/// What an edit did: a sentence for the status line (None: nothing worth
/// saying) and what it made, for the view to select.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub message: Option<String>,
    pub created: Option<Created>,
}

/// An annotation an edit made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Created {
    /// A span, and where it ends (the caret goes there).
    Span {
        id: SpanId,
        end_char: usize,
    },
    Relation(RelationId),
}

impl Outcome {
    pub(super) fn say(message: impl Into<String>) -> Self {
        Self {
            message: Some(message.into()),
            created: None,
        }
    }
}

impl Session {
    /// Applies one edit as one undoable step (committed before this returns).
    pub fn apply(&mut self, edit: Edit) -> Result<Outcome, EditError> {
        match edit {
            Edit::SetDocumentStatus(status) => {
                let Some(id) = self.open_id() else {
                    return Ok(Outcome::default());
                };
                self.perform(Command::SetDocumentStatus {
                    id,
                    annotator: self.annotator().to_string(),
                    status,
                })?;
                Ok(Outcome::say(format!("Marked {}", status.display_name())))
            }
            Edit::RenameDocument { document, title } => {
                let title =
                    crate::model::validate::document_title(&title).map_err(EditError::from)?;
                self.perform(Command::RenameDocument {
                    id: document,
                    title: title.clone(),
                })?;
                Ok(Outcome::say(format!("Renamed the document “{title}”")))
            }
            Edit::CreateSpan {
                start_char,
                end_char,
                label,
            } => {
                let id = self.create_span(start_char, end_char, label)?;
                let text = self.open().map(|o| o.slice(start_char, end_char));
                Ok(Outcome {
                    message: Some(format!(
                        "Tagged “{}” as {}",
                        ellipsize(&text.unwrap_or_default(), 60),
                        self.schema().label_name(label)
                    )),
                    created: Some(Created::Span { id, end_char }),
                })
            }
            Edit::RelabelSpan { span, label } => {
                let off_schema = self.relabel_span(span, label)?;
                let name = self.schema().label_name(label);
                Ok(Outcome::say(match off_schema.len() {
                    0 => format!("Relabelled as {name}"),
                    n => format!(
                        "Relabelled as {name}; {} the schema no longer allows: kept (delete {} in the inspector, or Ctrl+Z)",
                        count_relations(n),
                        if n == 1 { "it" } else { "them" }
                    ),
                }))
            }
            Edit::DeleteSpan(id) => {
                self.perform(Command::DeleteSpan { id })?;
                Ok(Outcome::say("Deleted the span (Ctrl+Z brings it back)"))
            }
            Edit::MoveSpan {
                span,
                start_char,
                end_char,
            } => {
                self.perform(Command::MoveSpan {
                    id: span,
                    start_char,
                    end_char,
                })?;
                let text = self.open().map(|o| o.slice(start_char, end_char));
                Ok(Outcome::say(format!(
                    "The span is now “{}”",
                    ellipsize(&text.unwrap_or_default(), 60)
                )))
            }
            Edit::SetSpanAttribute { span, name, value } => {
                self.perform(Command::SetSpanAttribute {
                    id: span,
                    name,
                    value,
                })?;
                Ok(Outcome::default())
            }
            Edit::SetSpanNote { span, note } => {
                self.perform(Command::SetSpanNote { id: span, note })?;
                Ok(Outcome::default())
            }
            Edit::CreateRelation {
                from,
                to,
                label,
                any_labels,
            } => {
                let id = self.create_relation(from, to, label, any_labels)?;
                let text = |span| {
                    self.open()
                        .map(|o| ellipsize(&o.span_text(span), 40))
                        .unwrap_or_default()
                };
                Ok(Outcome {
                    message: Some(format!(
                        "Linked “{}” › “{}” as {}",
                        text(from),
                        text(to),
                        self.schema().label_name(label)
                    )),
                    created: Some(Created::Relation(id)),
                })
            }
            Edit::DeleteRelation(id) => {
                self.perform(Command::DeleteRelation { id })?;
                Ok(Outcome::say("Deleted the relation (Ctrl+Z brings it back)"))
            }
            Edit::DeleteRelations(ids) => {
                if ids.is_empty() {
                    return Ok(Outcome::default());
                }
                let n = ids.len();
                let deletes = ids
                    .into_iter()
                    .map(|id| Command::DeleteRelation { id })
                    .collect();
                self.perform(Command::Batch(deletes))?;
                Ok(Outcome::say(format!(
                    "Deleted {} (Ctrl+Z brings {} back)",
                    count_relations(n),
                    if n == 1 { "it" } else { "them" }
                )))
            }
            Edit::RetypeRelation { relation, label } => {
                self.perform(Command::RetypeRelation {
                    id: relation,
                    label,
                })?;
                Ok(Outcome::default())
            }
            Edit::SetRelationNote { relation, note } => {
                self.perform(Command::SetRelationNote { id: relation, note })?;
                Ok(Outcome::default())
            }
            Edit::TagAll {
                label,
                positions,
                text,
            } => {
                if positions.is_empty() {
                    return Ok(Outcome::say("Nothing to tag"));
                }
                let documents = self.tag_all(label, &positions)?;
                let n = positions.len();
                Ok(Outcome::say(format!(
                    "Tagged {n} occurrence{} of “{}” as {} in {documents} document{} (Ctrl+Z removes {})",
                    if n == 1 { "" } else { "s" },
                    ellipsize(&text, 40),
                    self.schema().label_name(label),
                    if documents == 1 { "" } else { "s" },
                    if n == 1 { "it" } else { "them all" },
                )))
            }
            Edit::AcceptSuggestions(ids) => self.accept_suggestions(&ids),
            Edit::RejectSuggestion(id) => self.reject_suggestion(id),
            Edit::AcceptCandidate { key, label } => self.accept_candidate_edit(key, label),
            Edit::RejectCandidate(key) => self.reject_candidate_edit(key),
            Edit::AcceptRelationCandidate { key, label } => {
                self.accept_relation_candidate_edit(key, label)
            }
            Edit::RejectRelationCandidate(key) => self.reject_relation_candidate_edit(key),
            Edit::AcceptAllAgreed => self.accept_all_agreed_edit(),
            Edit::Undo => Ok(Outcome::say(match self.undo()? {
                Some(stepped) => format!("Undid {}", stepped.description),
                None => "Nothing to undo".to_string(),
            })),
            Edit::Redo => Ok(Outcome::say(match self.redo()? {
                Some(stepped) => format!("Redid {}", stepped.description),
                None => "Nothing to redo".to_string(),
            })),
        }
    }
}

/// "1 relation", "2 relations".
fn count_relations(n: usize) -> String {
    if n == 1 {
        "1 relation".to_string()
    } else {
        format!("{n} relations")
    }
}

/// At most `max_chars` characters, newlines shown as spaces: a span's text in
/// a one-line message or list.
pub fn ellipsize(text: &str, max_chars: usize) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    if flat.chars().count() <= max_chars {
        flat
    } else {
        let head: String = flat.chars().take(max_chars.saturating_sub(1)).collect();
        format!("{head}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The status line once said "Nothing to undi" (a verb trimmed of its d).
    #[test]
    fn undo_and_redo_with_nothing_to_do_say_so() {
        let mut session = Session::new(crate::store::Store::in_memory().unwrap()).unwrap();
        let said = |outcome: Outcome| outcome.message.unwrap();
        assert_eq!(said(session.apply(Edit::Undo).unwrap()), "Nothing to undo");
        assert_eq!(said(session.apply(Edit::Redo).unwrap()), "Nothing to redo");
    }

    #[test]
    fn ellipsize_flattens_and_cuts() {
        assert_eq!(ellipsize("a\nb", 10), "a b");
        assert_eq!(ellipsize("abcdef", 4), "abc…");
    }
}

#[cfg(test)]
mod error_tests {
    use super::*;
    use crate::session::schema::{SchemaChange, SchemaError};
    use crate::store::StoreError;

    /// These were all "the project holds bad data: …".
    #[test]
    fn errors_name_what_happened() {
        let mut store = crate::store::Store::in_memory().unwrap();
        crate::project::seed_sample(&mut store).unwrap();
        let mut session = Session::new(store).unwrap();
        let label = session.schema().span_labels().next().unwrap().id;
        let tag = Edit::CreateSpan {
            start_char: 0,
            end_char: 3,
            label,
        };
        let refused = session.apply(tag.clone()).unwrap_err();
        assert!(matches!(refused, EditError::NoDocumentOpen), "{refused:?}");
        assert_eq!(refused.to_string(), "no document is open");

        session.open_document(session.documents()[0].id).unwrap();
        session.apply(tag).unwrap();
        let in_use = session
            .change_schema_by(SchemaChange::Remove(label, None))
            .unwrap_err();
        assert!(
            matches!(
                in_use,
                SchemaError::Store(StoreError::LabelInUse {
                    spans: 1,
                    relations: 0
                })
            ),
            "{in_use:?}"
        );
        let no_file = session.store().write_periodic_backup(2).unwrap_err();
        assert!(
            matches!(no_file, StoreError::NoBackupsFolder),
            "{no_file:?}"
        );
    }
}
