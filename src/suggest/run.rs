//! Running a source: choose the documents, let the source propose, check
//! the proposals, store them for the annotator in one transaction.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use super::learned::Learner;
use super::terms::Terms;
use super::{command, dictionary, ml_backend, patterns, Proposal, SuggestError};
use crate::model::{
    CharIndex, Document, DocumentId, DocumentStatus, LabelKind, NewSuggestion, Schema, Span,
};
use crate::store::{Reader, Store, StoredSuggestions};

/// A source of suggestions and its settings.
#[derive(Clone, Debug, PartialEq)]
pub enum SourceConfig {
    /// A TSV of `term<TAB>label`.
    Dictionary { path: PathBuf, match_case: bool },
    /// Prodigy's patterns JSONL.
    Patterns { path: PathBuf },
    /// The strings the project already annotates.
    Learned,
    /// A Label Studio ML backend at `url`.
    MlBackend { url: String, timeout_secs: u64 },
    /// A shell command reading documents as JSONL and writing spans.
    Command { command: String },
}

impl SourceConfig {
    /// The name stored with each suggestion and used by `--source`.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Dictionary { .. } => "dictionary",
            Self::Patterns { .. } => "patterns",
            Self::Learned => "learned",
            Self::MlBackend { .. } => "ml-backend",
            Self::Command { .. } => "command",
        }
    }
}

/// Which documents a run covers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum DocumentFilter {
    #[default]
    All,
    /// `status:new`, `status:in_progress`, `status:done`.
    Status(DocumentStatus),
    /// Document ids (the external ones, as exported), comma-separated.
    Ids(Vec<String>),
}

impl DocumentFilter {
    pub fn parse(text: &str) -> Result<Self, SuggestError> {
        let bad = |reason: String| SuggestError::BadFilter {
            filter: text.to_string(),
            reason,
        };
        if let Some(status) = text.strip_prefix("status:") {
            return DocumentStatus::parse(status)
                .map(Self::Status)
                .ok_or_else(|| {
                    bad("expected status:new, status:in_progress or status:done".into())
                });
        }
        let ids: Vec<String> = text
            .split(',')
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(str::to_string)
            .collect();
        if ids.is_empty() {
            return Err(bad(
                "expected document ids separated by commas, or status:NAME".into(),
            ));
        }
        Ok(Self::Ids(ids))
    }

    /// The documents it covers, in project order.
    /// `annotator`'s layers give the statuses.
    pub fn select(
        &self,
        reader: &impl Reader,
        annotator: &str,
    ) -> Result<Vec<DocumentId>, SuggestError> {
        let summaries = reader.document_summaries(annotator)?;
        match self {
            Self::All => Ok(summaries.iter().map(|d| d.id).collect()),
            Self::Status(status) => Ok(summaries
                .iter()
                .filter(|d| d.status == *status)
                .map(|d| d.id)
                .collect()),
            Self::Ids(ids) => {
                if let Some(missing) = ids
                    .iter()
                    .find(|id| !summaries.iter().any(|d| d.external_id == **id))
                {
                    return Err(SuggestError::BadFilter {
                        filter: ids.join(","),
                        reason: format!("the project has no document {missing:?}"),
                    });
                }
                Ok(summaries
                    .iter()
                    .filter(|d| ids.contains(&d.external_id))
                    .map(|d| d.id)
                    .collect())
            }
        }
    }
}

/// What a run did, for the user.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunReport {
    pub source: &'static str,
    pub documents: Vec<DocumentId>,
    /// Proposals the source made.
    pub proposed: usize,
    pub stored: StoredSuggestions,
    /// Proposals that an existing span already says.
    pub already_annotated: usize,
    /// Labels the schema does not have, with how many proposals used each.
    pub unknown_labels: BTreeMap<String, usize>,
    /// Proposals dropped as wrong (offsets, text), one sentence each.
    pub dropped: Vec<String>,
}

impl std::fmt::Display for RunReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} suggestions in {} documents",
            self.source,
            self.stored.pending,
            self.documents.len()
        )?;
        if self.already_annotated > 0 {
            write!(f, "; {} already annotated", self.already_annotated)?;
        }
        if self.stored.already_decided > 0 {
            write!(
                f,
                "; {} accepted or rejected before, not suggested again",
                self.stored.already_decided
            )?;
        }
        if !self.unknown_labels.is_empty() {
            let labels: Vec<String> = self
                .unknown_labels
                .iter()
                .map(|(label, n)| format!("{label:?} ({n})"))
                .collect();
            write!(
                f,
                "; skipped labels not in the schema: {}",
                labels.join(", ")
            )?;
        }
        if !self.dropped.is_empty() {
            write!(
                f,
                "; dropped {}: {}",
                self.dropped.len(),
                self.dropped.join("; ")
            )?;
        }
        Ok(())
    }
}

/// Runs `config` over the documents `filter` selects and stores what it
/// proposes for `annotator` (replacing that source's earlier pending
/// suggestions there). `progress(done, total)` returning false cancels;
/// nothing is stored then.
pub fn run_source(
    store: &mut Store,
    config: &SourceConfig,
    filter: &DocumentFilter,
    annotator: Option<&str>,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<RunReport, SuggestError> {
    // Layers always name their annotator: with none given, `unknown` (as the
    // app's session and the import do), so the app shows what the CLI stored.
    let name = annotator.unwrap_or(crate::model::UNKNOWN_ANNOTATOR);
    let annotator = Some(name);
    let documents = filter.select(store, name)?;
    let schema = store.schema()?;
    let mut report = RunReport {
        source: config.name(),
        documents: documents.clone(),
        ..RunReport::default()
    };
    let proposals = propose(store, config, &documents, &schema, &mut report, progress)?;
    report.proposed = proposals.len();
    let suggestions = check(store, config, &schema, proposals, &mut report)?;
    report.stored = store
        .write(|tx| tx.store_suggestions(annotator, config.name(), &documents, &suggestions))?;
    Ok(report)
}

fn propose(
    store: &Store,
    config: &SourceConfig,
    documents: &[DocumentId],
    schema: &Schema,
    report: &mut RunReport,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<Vec<Proposal>, SuggestError> {
    match config {
        SourceConfig::Dictionary { path, match_case } => {
            let terms = dictionary::read_dictionary(path, *match_case)?;
            find_terms(store, &terms, documents, progress)
        }
        SourceConfig::Patterns { path } => {
            let patterns = patterns::read_patterns(path)?;
            each_document(store, documents, progress, |document, chars| {
                patterns
                    .find(chars)
                    .into_iter()
                    .map(|m| proposal(document, m.start_char, m.end_char, m.label, 1.0))
                    .collect()
            })
        }
        SourceConfig::Learned => {
            let terms = learn(store, schema)?;
            find_terms(store, &terms, documents, progress)
        }
        SourceConfig::Command { command } => {
            command::propose(command, store, documents, &mut report.dropped, progress)
        }
        SourceConfig::MlBackend { url, timeout_secs } => {
            let backend = ml_backend::Backend::new(url, *timeout_secs, schema)?;
            backend.check_health()?;
            backend.setup()?;
            let mut proposals = Vec::new();
            let total = documents.len();
            for (batch_number, batch) in documents.chunks(ml_backend::TASKS_PER_REQUEST).enumerate()
            {
                if !progress(batch_number * ml_backend::TASKS_PER_REQUEST, total) {
                    return Err(SuggestError::Cancelled);
                }
                let loaded = load(store, batch)?;
                proposals.extend(backend.predict(&loaded, &mut report.dropped)?);
            }
            Ok(proposals)
        }
    }
}

fn proposal(document: &Document, start: usize, end: usize, label: String, score: f64) -> Proposal {
    Proposal {
        document_id: document.id,
        start_char: start,
        end_char: end,
        label,
        score,
    }
}

fn find_terms(
    store: &Store,
    terms: &Terms,
    documents: &[DocumentId],
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<Vec<Proposal>, SuggestError> {
    each_document(store, documents, progress, |document, chars| {
        terms
            .find(chars)
            .into_iter()
            .map(|m| proposal(document, m.start_char, m.end_char, m.label, m.score))
            .collect()
    })
}

/// Calls `find` on each document's text, one document in memory at a time.
fn each_document(
    store: &Store,
    documents: &[DocumentId],
    progress: &mut dyn FnMut(usize, usize) -> bool,
    mut find: impl FnMut(&Document, &[char]) -> Vec<Proposal>,
) -> Result<Vec<Proposal>, SuggestError> {
    let mut proposals = Vec::new();
    for (done, id) in documents.iter().enumerate() {
        if !progress(done, documents.len()) {
            return Err(SuggestError::Cancelled);
        }
        let Some(document) = store.document(*id)? else {
            continue;
        };
        let chars: Vec<char> = document.text.chars().collect();
        proposals.extend(find(&document, &chars));
    }
    progress(documents.len(), documents.len());
    Ok(proposals)
}

fn load(store: &Store, documents: &[DocumentId]) -> Result<Vec<Document>, SuggestError> {
    let mut loaded = Vec::with_capacity(documents.len());
    for id in documents {
        loaded.extend(store.document(*id)?);
    }
    Ok(loaded)
}

/// Every span of the project, as (text, label) pairs, scored into terms.
fn learn(store: &Store, schema: &Schema) -> Result<Terms, SuggestError> {
    let mut learner = Learner::default();
    let _snapshot = store.snapshot()?;
    for id in store.document_ids()? {
        let Some(document) = store.document(id)? else {
            continue;
        };
        let index = CharIndex::new(&document.text);
        for span in store.spans_of(id)? {
            if let Some(text) = index.slice(span.start_char(), span.end_char()) {
                learner.add(text, schema.label_name(span.label_id()));
            }
        }
    }
    Ok(learner.terms())
}

/// Checks proposals against the documents and the schema: offsets inside
/// the text, a known span label, a score from 0 to 1, and not what an
/// existing span already says (the learned source suggests only where no
/// span is; the others also beside a span of another label).
fn check(
    store: &Store,
    config: &SourceConfig,
    schema: &Schema,
    proposals: Vec<Proposal>,
    report: &mut RunReport,
) -> Result<Vec<NewSuggestion>, SuggestError> {
    let mut spans: HashMap<DocumentId, Vec<Span>> = HashMap::new();
    let mut lengths: HashMap<DocumentId, Option<usize>> = HashMap::new();
    let mut suggestions = Vec::with_capacity(proposals.len());
    for p in proposals {
        let len_chars = match lengths.get(&p.document_id) {
            Some(len) => *len,
            None => {
                let len = store.document_len_chars(p.document_id)?;
                lengths.insert(p.document_id, len);
                len
            }
        };
        let Some(len_chars) = len_chars else {
            continue;
        };
        if p.start_char >= p.end_char || p.end_char > len_chars {
            report.dropped.push(format!(
                "{}..{} is not a span of a {len_chars}-character document",
                p.start_char, p.end_char
            ));
            continue;
        }
        if !p.score.is_finite() {
            report.dropped.push(format!(
                "{}..{} has no numeric score",
                p.start_char, p.end_char
            ));
            continue;
        }
        let Some(label) = schema.label_by_name(LabelKind::Span, &p.label) else {
            *report.unknown_labels.entry(p.label).or_default() += 1;
            continue;
        };
        let existing = match spans.entry(p.document_id) {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => entry.insert(store.spans_of(p.document_id)?),
        };
        let said = existing.iter().any(|s| match config {
            SourceConfig::Learned => s.start_char() < p.end_char && p.start_char < s.end_char(),
            _ => {
                s.start_char() == p.start_char
                    && s.end_char() == p.end_char
                    && s.label_id() == label.id
            }
        });
        if said {
            report.already_annotated += 1;
            continue;
        }
        suggestions.push(NewSuggestion {
            document_id: p.document_id,
            start_char: p.start_char,
            end_char: p.end_char,
            label_id: label.id,
            score: p.score.clamp(0.0, 1.0),
        });
    }
    Ok(suggestions)
}
