//! The one importer: validates parsed documents and writes them in a single
//! transaction. Any error leaves the project exactly as it was.

use crate::model::limits::MAX_DOCUMENT_CHARS;
use std::collections::{HashMap, HashSet};
use std::fmt;

use super::{ImportDocument, ImportError, Location, Notice, ParsedInput};
use crate::model::layer::annotator_name_problem;
use crate::model::schema::{check_label_name, distinct_color};
use crate::model::validate::check_span;
use crate::model::{
    AttributeKind, Attributes, CharIndex, DocumentStatus, LabelId, LabelKind, Schema, GOLD_LAYER,
    UNKNOWN_ANNOTATOR,
};
use crate::store::{ImportMemo, Reader, Store, Tx};

mod batch;

/// A document left out because the project already holds the same text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Duplicate {
    pub location: Location,
    pub title: String,
}

/// A document whose text the project holds, left out for `--annotator NAME`
/// because NAME already has a layer of it (merge updates layers).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerSkip {
    pub location: Location,
    pub title: String,
    pub annotator: String,
}

/// What an import did, for the user.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub documents: usize,
    pub spans: usize,
    pub relations: usize,
    pub duplicates: Vec<Duplicate>,
    /// Documents already in the project that got the importing annotator's
    /// layer (`--annotator`).
    pub layers_added: usize,
    /// Documents already in the project where that annotator had a layer.
    pub layers_skipped: Vec<LayerSkip>,
    /// Labels, attributes and values added to the schema ("label FOO").
    pub schema_additions: Vec<String>,
    pub notices: Vec<Notice>,
    /// Span and relation ids of Glossator's own shape (`s12`, `r3`) that the
    /// project already used, so they got new numbers.
    pub renumbered_ids: usize,
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Imported {} ({}, {}).",
            plural(self.documents, "document"),
            plural(self.spans, "span"),
            plural(self.relations, "relation")
        )?;
        if !self.duplicates.is_empty() {
            writeln!(
                f,
                "Skipped {} already in the project (same text):",
                plural(self.duplicates.len(), "duplicate")
            )?;
            for duplicate in &self.duplicates {
                writeln!(f, "  {}: {:?}", duplicate.location, duplicate.title)?;
            }
        }
        if self.layers_added > 0 {
            writeln!(
                f,
                "Added a layer to {} already in the project (same text).",
                plural(self.layers_added, "document")
            )?;
        }
        if !self.layers_skipped.is_empty() {
            writeln!(
                f,
                "Skipped {} where the annotator already has a layer (merge updates layers):",
                plural(self.layers_skipped.len(), "document")
            )?;
            for skip in &self.layers_skipped {
                writeln!(
                    f,
                    "  {}: {:?} ({})",
                    skip.location, skip.title, skip.annotator
                )?;
            }
        }
        if !self.schema_additions.is_empty() {
            // A corpus can add thousands of labels: name the first ones.
            const SHOWN: usize = 30;
            writeln!(f, "Added to the label schema:")?;
            for addition in self.schema_additions.iter().take(SHOWN) {
                writeln!(f, "  {addition}")?;
            }
            if self.schema_additions.len() > SHOWN {
                writeln!(f, "  … and {} more", self.schema_additions.len() - SHOWN)?;
            }
        }
        if self.renumbered_ids > 0 {
            writeln!(
                f,
                "Renumbered {} the project already uses (an export will name them differently).",
                plural(self.renumbered_ids, "span or relation id")
            )?;
        }
        if !self.notices.is_empty() {
            writeln!(f, "Notes:")?;
            for notice in &self.notices {
                writeln!(f, "  {notice}")?;
            }
        }
        Ok(())
    }
}

/// "1 span", "3 spans".
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// Validates and stores `parsed` in one transaction: all of it or nothing.
pub fn import_documents(
    store: &mut Store,
    parsed: ParsedInput,
) -> Result<ImportReport, ImportError> {
    store.write(|tx| {
        let mut importer = Importer::new(tx, parsed.notices, &ImportOptions::default())?;
        if let Some(schema) = &parsed.schema {
            importer.install_schema(schema)?;
        }
        for document in parsed.documents {
            importer.document(document)?;
        }
        importer.finish()
    })
}

/// Reads and stores `files` in one transaction, file by file and, for JSONL,
/// document by document: all of them or, on any error, none (a bad line
/// 90,000 rolls back the 89,999 before it). Memory stays that of one file of
/// another format, or one JSONL document. `progress(bytes_done, bytes_total)`
/// returning false cancels.
pub fn import_files(
    store: &mut Store,
    files: &[super::source::ImportFile],
    notices: Vec<Notice>,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ImportReport, ImportError> {
    import_files_with(store, files, notices, &ImportOptions::default(), progress)
}

/// What the user told the readers beyond the files themselves.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// doccano label ids and their names (`--doccano-labels FILE`).
    pub doccano_labels: Option<super::doccano::LabelMap>,
    /// `--annotator NAME`: everything imported goes into NAME's layers, and a
    /// document whose text the project holds gets NAME's layer when NAME has
    /// none there.
    pub annotator: Option<String>,
    /// Whose layer spans and relations that name no annotator go to (the
    /// app's current annotator); `unknown` when None.
    pub default_annotator: Option<String>,
}

impl ImportOptions {
    /// Refuses an `--annotator` name no annotator may have (`gold`, blank).
    pub fn check(&self) -> Result<(), ImportError> {
        for name in self.annotator.iter().chain(&self.default_annotator) {
            if let Some(problem) = crate::model::layer::annotator_name_problem(name) {
                return Err(ImportError::BadAnnotator(problem));
            }
        }
        Ok(())
    }
}

/// [`import_files`] with options for the readers.
pub fn import_files_with(
    store: &mut Store,
    files: &[super::source::ImportFile],
    notices: Vec<Notice>,
    options: &ImportOptions,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ImportReport, ImportError> {
    use super::source::{read_one, Format};
    options.check()?;
    // Opening checked the header and schema only: a page garbled elsewhere
    // would take the import. Every import reads every page first.
    store.refuse_if_damaged()?;
    let sizes: Vec<usize> = files
        .iter()
        .map(|(path, _)| std::fs::metadata(path).map_or(0, |m| m.len() as usize))
        .collect();
    let total: usize = sizes.iter().sum::<usize>().max(1);
    store.write(|tx| {
        let mut importer = Importer::new(tx, notices, options)?;
        let mut done = 0;
        for ((path, format), size) in files.iter().zip(&sizes) {
            if *format == Format::Jsonl {
                let mut stream = super::jsonl::JsonlStream::open(path)?;
                while let Some(document) = stream.next() {
                    // The documents read ahead are checked first: a bad
                    // span before a bad line is the error, as without them.
                    let document = match document {
                        Ok(document) => document,
                        Err(err) => return Err(importer.flush().err().unwrap_or(err)),
                    };
                    importer.document(document)?;
                    if !progress(done + stream.offset, total) {
                        return Err(ImportError::Cancelled);
                    }
                }
                // A file's notes come after its documents' own.
                importer.flush()?;
                importer.report.notices.extend(stream.finish().notices);
            } else {
                let parsed = read_one(path, *format, options)?;
                if let Some(schema) = &parsed.schema {
                    importer.install_schema(schema)?;
                }
                importer.report.notices.extend(parsed.notices);
                for document in parsed.documents {
                    importer.document(document)?;
                }
                importer.flush()?;
            }
            done += size;
            if !progress(done, total) {
                return Err(ImportError::Cancelled);
            }
        }
        importer.finish()
    })
}

struct Importer<'t, 'c> {
    tx: &'t Tx<'c>,
    schema: Schema,
    report: ImportReport,
    /// Attributes met so far, by label and name.
    attributes: HashMap<LabelId, HashMap<String, AttributeValues>>,
    /// For an id already taken, the next numbered variant to try.
    next_id_suffix: HashMap<String, usize>,
    /// `--annotator`: the owner of every layer this import writes.
    forced_annotator: Option<String>,
    /// The owner of work that names no one.
    default_annotator: String,
    /// Documents read and not yet checked and written: the batch.
    pending: Vec<ImportDocument>,
    /// The bytes of text in `pending`.
    pending_bytes: usize,
    memo: ImportMemo,
}

/// The values an attribute accepts, as the import grows them.
enum AttributeValues {
    /// A flag or free text: any value.
    Any,
    /// A closed set, extended with each new value the input brings.
    Choice {
        attribute_id: i64,
        values: HashSet<String>,
        next_sort_order: i64,
    },
}

/// A span that passed validation, waiting for its document's id.
struct CheckedSpan {
    start_char: usize,
    end_char: usize,
    label_id: LabelId,
    attributes: Attributes,
    /// Whose layer it goes to.
    owner: String,
}

/// A relation that passed validation: its ends (positions in the
/// document's spans), label and layer.
struct CheckedRelation<'d> {
    from: usize,
    to: usize,
    label_id: LabelId,
    relation: &'d super::ImportRelation,
    owner: String,
}

/// A document whose spans and relations passed validation, waiting for
/// its id.
struct CheckedDocument<'d> {
    len_chars: usize,
    spans: Vec<CheckedSpan>,
    relations: Vec<CheckedRelation<'d>>,
    /// The status of each layer the document's own statuses name.
    layer_statuses: Vec<(String, DocumentStatus)>,
}

impl<'t, 'c> Importer<'t, 'c> {
    fn new(
        tx: &'t Tx<'c>,
        notices: Vec<Notice>,
        options: &ImportOptions,
    ) -> Result<Self, ImportError> {
        Ok(Self {
            tx,
            schema: tx.schema()?,
            report: ImportReport {
                notices,
                ..ImportReport::default()
            },
            attributes: HashMap::new(),
            next_id_suffix: HashMap::new(),
            forced_annotator: options.annotator.clone(),
            default_annotator: options
                .default_annotator
                .clone()
                .unwrap_or_else(|| UNKNOWN_ANNOTATOR.to_string()),
            pending: Vec::new(),
            pending_bytes: 0,
            memo: ImportMemo::default(),
        })
    }

    /// Whose layer an item that names `stated` (or no one) goes to, in a
    /// document whose items name `named` as their only annotator (if they
    /// name exactly one: a document is one person's work unless it says
    /// otherwise, and a relation must not join two layers).
    fn owner_in(&self, stated: Option<&str>, named: Option<&str>) -> String {
        self.forced_annotator
            .as_deref()
            .or(stated.filter(|name| !name.is_empty()))
            .or(named)
            .unwrap_or(&self.default_annotator)
            .to_string()
    }

    /// [`Importer::owner_in`] outside a document (its `layers` list).
    fn owner(&self, stated: Option<&str>) -> String {
        self.owner_in(stated, None)
    }

    /// Installs a file's own schema (brat's annotation.conf) and reports it.
    fn install_schema(
        &mut self,
        schema: &crate::model::schema::SchemaFile,
    ) -> Result<(), ImportError> {
        self.tx
            .install_schema(&super::schema_merge::fit_to_project(schema, &self.schema))?;
        self.schema = self.tx.schema()?;
        // The file's schema may define attributes and values met before.
        self.attributes.clear();
        self.report.schema_additions.push(format!(
            "the file's schema: {} labels, {} relation types",
            schema.labels.len(),
            schema.relations.len()
        ));
        Ok(())
    }

    /// Checks a document's spans and relations (adding the labels and
    /// attribute values they bring to the schema); errors name the
    /// document's own location.
    fn check_document<'d>(
        &mut self,
        document: &'d ImportDocument,
    ) -> Result<CheckedDocument<'d>, ImportError> {
        let location = &document.location;
        let index = CharIndex::new(&document.text);
        if index.len_chars() > MAX_DOCUMENT_CHARS {
            return Err(ImportError::at(
                location.clone(),
                format!(
                    "the document is {} characters long; the limit is {MAX_DOCUMENT_CHARS}: split it",
                    index.len_chars()
                ),
            ));
        }

        let named = only_named_annotator(document);
        let mut checked_spans = Vec::with_capacity(document.spans.len());
        let mut span_index_by_key: HashMap<&str, usize> = HashMap::new();
        for (position, span) in document.spans.iter().enumerate() {
            let context = item_context("span", position, span.key.as_deref());
            let at = |message: String| {
                ImportError::at(location.clone(), format!("{context}: {message}"))
            };
            let (start_char, end_char) =
                check_span(&index, span.start, span.end, span.text.as_deref())
                    .map_err(|problem| at(problem.to_string()))?;
            let label_id = self.label(LabelKind::Span, &span.label).map_err(&at)?;
            let mut attributes = Attributes::new();
            for (name, value) in &span.attributes {
                self.attribute(label_id, name, value).map_err(&at)?;
                attributes.insert(name.clone(), value.clone());
            }
            let owner = self.owner_in(span.annotator.as_deref(), named);
            if owner != GOLD_LAYER {
                if let Some(problem) = annotator_name_problem(&owner) {
                    return Err(at(problem));
                }
            }
            if let Some(key) = &span.key {
                if span_index_by_key.insert(key, position).is_some() {
                    return Err(at(format!(
                        "span id {key:?} is used twice in this document"
                    )));
                }
            }
            checked_spans.push(CheckedSpan {
                start_char,
                end_char,
                label_id,
                attributes,
                owner,
            });
        }

        let mut checked_relations = Vec::with_capacity(document.relations.len());
        for (position, relation) in document.relations.iter().enumerate() {
            let context = item_context("relation", position, relation.key.as_deref());
            let at = |message: String| {
                ImportError::at(location.clone(), format!("{context}: {message}"))
            };
            let end = |key: &str, role: &str| {
                span_index_by_key.get(key).copied().ok_or_else(|| {
                    at(format!(
                        "{role:?} refers to span id {key:?}, which this document does not have"
                    ))
                })
            };
            let from = end(&relation.from, "from")?;
            let to = end(&relation.to, "to")?;
            // A relation belongs to its spans' layer; one between two
            // layers could be shown in neither.
            let (from_owner, to_owner) = (&checked_spans[from].owner, &checked_spans[to].owner);
            if from_owner != to_owner {
                return Err(at(format!(
                    "it joins a span of {from_owner}'s layer to one of {to_owner}'s; a relation joins spans of one annotator"
                )));
            }
            let label_id = self
                .label(LabelKind::Relation, &relation.label)
                .map_err(&at)?;
            let owner = from_owner.clone();
            checked_relations.push(CheckedRelation {
                from,
                to,
                label_id,
                relation,
                owner,
            });
        }

        let layer_statuses = self.layer_statuses(document, &checked_spans)?;
        Ok(CheckedDocument {
            len_chars: index.len_chars(),
            spans: checked_spans,
            relations: checked_relations,
            layer_statuses,
        })
    }

    /// The layers a document's status goes to, with their status: the file's
    /// own `layers` when it has them; else its `status` goes to every layer
    /// its spans make (and to the default annotator's when a started or
    /// finished document has no span). `--annotator` takes it all.
    fn layer_statuses(
        &self,
        document: &ImportDocument,
        spans: &[CheckedSpan],
    ) -> Result<Vec<(String, DocumentStatus)>, ImportError> {
        if let Some(forced) = &self.forced_annotator {
            let status = match (document.status, document.layers.as_slice()) {
                (Some(status), _) => status,
                (None, [(_, status)]) => *status,
                _ => DocumentStatus::New,
            };
            let begun = status != DocumentStatus::New || !spans.is_empty();
            return Ok(if begun {
                vec![(forced.clone(), status)]
            } else {
                Vec::new()
            });
        }
        if !document.layers.is_empty() {
            let mut layers = Vec::with_capacity(document.layers.len());
            for (name, status) in &document.layers {
                let owner = self.owner(Some(name));
                if owner != GOLD_LAYER {
                    if let Some(problem) = annotator_name_problem(&owner) {
                        return Err(ImportError::at(
                            document.location.clone(),
                            format!("layers: {problem}"),
                        ));
                    }
                }
                layers.push((owner, *status));
            }
            return Ok(layers);
        }
        let status = document.status.unwrap_or(DocumentStatus::New);
        let mut owners: Vec<String> = spans.iter().map(|s| s.owner.clone()).collect();
        owners.sort();
        owners.dedup();
        if owners.is_empty() && status != DocumentStatus::New {
            owners.push(self.default_annotator.clone());
        }
        Ok(owners.into_iter().map(|owner| (owner, status)).collect())
    }

    /// The label's id; a label the schema lacks is added and reported.
    fn label(&mut self, kind: LabelKind, name: &str) -> Result<LabelId, String> {
        if let Some(label) = self.schema.label_by_name(kind, name) {
            return Ok(label.id);
        }
        check_label_name(name).map_err(|problem| format!("label {problem}"))?;
        let color = distinct_color(self.schema.labels().iter().map(|l| l.color.as_str()));
        let id = self
            .tx
            .add_label(kind, name, &color, None)
            .map_err(|err| err.to_string())?;
        self.report
            .schema_additions
            .push(format!("{} label {name:?}", kind.as_str()));
        // Kept in memory rather than re-read: a brat corpus can bring thousands.
        self.schema.push_label(crate::model::Label {
            id,
            kind,
            name: name.to_string(),
            color,
            shortcut: None,
            sort_order: i64::MAX,
        });
        Ok(id)
    }

    /// Makes sure the schema knows `name = value` for this label. Each
    /// attribute's values are looked up in a set kept for the import, so a
    /// corpus with a distinct value on every span stays linear.
    fn attribute(&mut self, label: LabelId, name: &str, value: &str) -> Result<(), String> {
        let known = self
            .attributes
            .get(&label)
            .is_some_and(|names| names.contains_key(name));
        if !known {
            let state = self.attribute_state(label, name, value)?;
            self.attributes
                .entry(label)
                .or_default()
                .insert(name.to_string(), state);
        }
        let Some(AttributeValues::Choice {
            attribute_id,
            values,
            next_sort_order,
        }) = self
            .attributes
            .get_mut(&label)
            .and_then(|names| names.get_mut(name))
        else {
            return Ok(());
        };
        if values.contains(value) {
            return Ok(());
        }
        self.tx
            .insert_attribute_value(*attribute_id, value, *next_sort_order)
            .map_err(|err| err.to_string())?;
        *next_sort_order += 1;
        values.insert(value.to_string());
        let label_name = self.schema.label_name(label);
        self.report
            .schema_additions
            .push(format!("value {value:?} of attribute {label_name}.{name}"));
        Ok(())
    }

    /// What the import knows of the attribute `name` of `label` the first time
    /// it meets it (with `value`): the schema's definition and values, or a
    /// new definition, reported, that already holds `value`.
    fn attribute_state(
        &mut self,
        label: LabelId,
        name: &str,
        value: &str,
    ) -> Result<AttributeValues, String> {
        let error = |err: crate::store::StoreError| err.to_string();
        let existing = self
            .schema
            .attributes_of(label)
            .find(|definition| definition.name == name)
            .map(|definition| (definition.kind, definition.values.clone()));
        if let Some((kind, values)) = existing {
            if kind != AttributeKind::Choice {
                return Ok(AttributeValues::Any);
            }
            let attribute_id = self
                .tx
                .attribute_def_id(label, name)
                .map_err(error)?
                .ok_or_else(|| format!("attribute {name:?} vanished"))?;
            return Ok(AttributeValues::Choice {
                attribute_id,
                values: values.into_iter().collect(),
                next_sort_order: self
                    .tx
                    .next_attribute_value_order(attribute_id)
                    .map_err(error)?,
            });
        }
        check_label_name(name).map_err(|problem| format!("attribute {problem}"))?;
        let kind = AttributeKind::for_imported_name(name);
        let attribute_id = self
            .tx
            .add_attribute_def(label, name, kind)
            .map_err(error)?;
        let label_name = self.schema.label_name(label).to_string();
        self.report
            .schema_additions
            .push(format!("attribute {label_name}.{name}"));
        self.schema.attributes.push(crate::model::AttributeDef {
            label_id: label,
            name: name.to_string(),
            kind,
            values: Vec::new(),
        });
        if kind != AttributeKind::Choice {
            return Ok(AttributeValues::Any);
        }
        self.tx
            .insert_attribute_value(attribute_id, value, 1)
            .map_err(error)?;
        Ok(AttributeValues::Choice {
            attribute_id,
            values: [value.to_string()].into_iter().collect(),
            next_sort_order: 2,
        })
    }
}

/// The one annotator a document's spans, relations and layers name, if they
/// name exactly one.
/// The id an imported `s12` / `r3` (how Glossator exports span and relation
/// ids) asks to keep, so that import → export → import → export gives the
/// same bytes; None for other keys (and with a leading zero: `s012` is not
/// `s12`). The importer keeps it when the project does not use it yet, and
/// counts it as renumbered otherwise.
fn id_in_key(key: Option<&str>, prefix: char) -> Option<i64> {
    key.and_then(|key| key.strip_prefix(prefix))
        .filter(|digits| !digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|digits| digits.parse::<i64>().ok())
}

fn only_named_annotator(document: &ImportDocument) -> Option<&str> {
    let mut names = document
        .spans
        .iter()
        .filter_map(|s| s.annotator.as_deref())
        .chain(
            document
                .relations
                .iter()
                .filter_map(|r| r.annotator.as_deref()),
        )
        .chain(document.layers.iter().map(|(name, _)| name.as_str()))
        .filter(|name| !name.is_empty());
    let first = names.next()?;
    names.all(|name| name == first).then_some(first)
}

/// "span 3" or "span 3 (id \"s3\")".
fn item_context(kind: &str, position: usize, key: Option<&str>) -> String {
    match key {
        Some(key) => format!("{kind} {} (id {key:?})", position + 1),
        None => format!("{kind} {}", position + 1),
    }
}

/// The title a file gives, else `meta.title`, else the first line of the text.
fn document_title(document: &ImportDocument) -> String {
    if let Some(title) = document.title.as_ref().filter(|t| !t.trim().is_empty()) {
        return title.clone();
    }
    if let Some(serde_json::Value::String(title)) = document.meta.get("title") {
        if !title.trim().is_empty() {
            return title.clone();
        }
    }
    const MAX_TITLE_CHARS: usize = 80;
    let first_line = document
        .text
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or("");
    let mut title: String = first_line.chars().take(MAX_TITLE_CHARS).collect();
    if first_line.chars().count() > MAX_TITLE_CHARS {
        title.push('…');
    }
    if title.is_empty() {
        title = document
            .external_id
            .clone()
            .unwrap_or_else(|| "untitled".into());
    }
    title
}
