//! Packages back into the project. Documents are matched by content hash;
//! labels, attributes and values the project lacks are added; a package's
//! layer replaces the project's layer of the same annotator and document when
//! the project's layer has not changed since the package was made (same
//! revision); when both changed, the package's version is kept beside it as
//! the layer `NAME (conflict N)`. All packages go in one transaction: all or
//! nothing. Merging a package again changes nothing (layers equal in content
//! are left alone), and packages of different annotators give the same
//! project in any order (their new ids come from separate ranges).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::model::layer::conflict_layer_name;
use crate::model::{
    DocumentId, LabelId, LabelKind, LayerSummary, Relation, RelationData, Schema, Span, SpanData,
    SpanId,
};
use crate::store::{AttachedPackage, LayerReads, NewDocument, Reader, Store, StoreError, Tx};

/// Why a merge was refused; the project is unchanged.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// The package could not be opened; the store's message names the file.
    #[error("{source}")]
    Open { path: PathBuf, source: StoreError },
    #[error("{} is not a package (it names no annotator); to bring in another project's documents, export and import them", .0.display())]
    NotAPackage(PathBuf),
    #[error("{} shares no document with this project: it is a package of another project", .0.display())]
    OtherProject(PathBuf),
    #[error("{} is named twice", .0.display())]
    Twice(PathBuf),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What merging one package did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PackageMerge {
    pub path: PathBuf,
    pub annotator: String,
    /// Layers brought in: new to the project, or replacing an unchanged one.
    pub taken: usize,
    /// Layers the project already holds as they are in the package.
    pub unchanged: usize,
    /// Layers the package did not change while the project did: the project's kept.
    pub project_newer: usize,
    /// (document id, layer name) of each conflict kept beside the project's layer.
    pub conflicts: Vec<(String, String)>,
    /// Documents the project did not have (deleted since the package was made).
    pub documents_added: usize,
    /// Labels, attributes and values added to the schema.
    pub schema_additions: Vec<String>,
    /// Span and relation ids the project had meanwhile used, given new numbers.
    pub renumbered: usize,
}

/// What a merge did, package by package.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeReport {
    pub packages: Vec<PackageMerge>,
}

impl std::fmt::Display for MergeReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for package in &self.packages {
            writeln!(
                f,
                "{} ({}): {} layers taken, {} unchanged, {} kept as the project has them (changed only there), {} conflicts.",
                package.path.display(),
                package.annotator,
                package.taken,
                package.unchanged,
                package.project_newer,
                package.conflicts.len()
            )?;
            for (document, layer) in &package.conflicts {
                writeln!(
                    f,
                    "  conflict in {document:?}: changed in the project and in the package; the package's version is the layer {layer:?}"
                )?;
            }
            if package.documents_added > 0 {
                writeln!(
                    f,
                    "  added {} documents the project no longer had",
                    package.documents_added
                )?;
            }
            for addition in &package.schema_additions {
                writeln!(f, "  added to the label schema: {addition}")?;
            }
            if package.renumbered > 0 {
                writeln!(
                    f,
                    "  renumbered {} span or relation ids the project uses",
                    package.renumbered
                )?;
            }
        }
        Ok(())
    }
}

/// The project's page cache during a merge: large enough that a merge of
/// millions of spans rewrites few pages twice, well inside the 500 MB a
/// merge may take.
const MERGE_CACHE_MIB: i64 = 256;

/// Merges `packages` into `project` in one transaction.
pub fn merge_packages(
    project: &mut Store,
    packages: &[PathBuf],
) -> Result<MergeReport, MergeError> {
    let hashes: HashMap<String, DocumentId> = project
        .document_hashes()?
        .into_iter()
        .map(|(id, hash)| (hash, id))
        .collect();
    let mut opened = Vec::with_capacity(packages.len());
    for (n, path) in packages.iter().enumerate() {
        if packages[..n].contains(path) {
            return Err(MergeError::Twice(path.clone()));
        }
        opened.push(open_package(path, &hashes)?);
    }
    project.set_cache_mib(MERGE_CACHE_MIB)?;
    let mut attached = Vec::with_capacity(opened.len());
    for (n, (path, _, _)) in opened.iter().enumerate() {
        match project.attach_package(path, n) {
            Ok(package) => attached.push(package),
            Err(source) => {
                detach_all(project, attached)?;
                return Err(MergeError::Open {
                    path: path.clone(),
                    source,
                });
            }
        }
    }
    let result = project.write(|tx| {
        let mut report = MergeReport::default();
        for ((path, package, annotator), attached) in opened.iter().zip(&attached) {
            let mut merged = PackageMerge {
                path: path.clone(),
                annotator: annotator.clone(),
                ..PackageMerge::default()
            };
            let source = Source {
                store: package,
                attached,
            };
            merge_one(tx, &source, &hashes, &mut merged)?;
            report.packages.push(merged);
        }
        Ok::<_, MergeError>(report)
    });
    detach_all(project, attached)?;
    result
}

fn detach_all(project: &Store, attached: Vec<AttachedPackage>) -> Result<(), StoreError> {
    for package in attached {
        project.detach_package(package)?;
    }
    Ok(())
}

/// A package as merge reads it: opened on its own (typed reads) and attached
/// to the project's connection (bulk copies).
struct Source<'a> {
    store: &'a Store,
    attached: &'a AttachedPackage,
}

/// A package opened to read, checked: ours, of a version this build reads,
/// undamaged, a package, of this project.
fn open_package(
    path: &Path,
    project_hashes: &HashMap<String, DocumentId>,
) -> Result<(PathBuf, Store, String), MergeError> {
    let failed = |source: StoreError| MergeError::Open {
        path: path.to_path_buf(),
        source,
    };
    let package = Store::open_read_only(path, "a package being merged").map_err(failed)?;
    package.refuse_if_damaged().map_err(failed)?;
    let annotator = package
        .package_annotator()
        .map_err(failed)?
        .ok_or_else(|| MergeError::NotAPackage(path.to_path_buf()))?;
    let hashes = package.document_hashes().map_err(failed)?;
    if !hashes.is_empty() && !hashes.iter().any(|(_, h)| project_hashes.contains_key(h)) {
        return Err(MergeError::OtherProject(path.to_path_buf()));
    }
    Ok((path.to_path_buf(), package, annotator))
}

fn merge_one(
    tx: &Tx<'_>,
    source: &Source<'_>,
    project_hashes: &HashMap<String, DocumentId>,
    report: &mut PackageMerge,
) -> Result<(), MergeError> {
    let package = source.store;
    let package_schema = package.schema()?;
    report.schema_additions = add_missing_schema(tx, &package_schema)?;
    let schema = tx.schema()?;
    let labels = label_map(&package_schema, &schema);
    let pairs: Vec<(LabelId, LabelId)> = labels.iter().map(|(a, b)| (*a, *b)).collect();
    tx.set_merge_labels(&pairs)?;
    let _snapshot = package.snapshot()?;
    tx.begin_layer_copies()?;
    let mut queued: Vec<Queued> = Vec::new();
    // Read once: the project's layers (as they are before this package) and
    // the package's, with the revisions it was made from.
    let mut project_layers = tx.all_layers()?;
    let mut package_layers = package.all_layers()?;
    for (package_document, hash) in package.document_hashes()? {
        let Some(layers) = package_layers.remove(&package_document) else {
            continue;
        };
        let document = match project_hashes.get(&hash) {
            Some(id) => *id,
            None => match tx.document_by_hash(&hash)? {
                Some(id) => id,
                None => {
                    report.documents_added += 1;
                    add_document(tx, package, package_document)?
                }
            },
        };
        let existing: Vec<LayerSummary> = project_layers
            .remove(&document)
            .unwrap_or_default()
            .into_iter()
            .map(|(layer, _)| layer)
            .collect();
        // A package carries other layers (gold) only for its annotator to
        // see: nothing but the annotator's own layers comes back.
        let own = report.annotator.clone();
        for (layer, base) in layers.iter().filter(|(l, _)| l.annotator == own) {
            let incoming = Incoming {
                source,
                document: package_document,
                layer,
                schema: &package_schema,
            };
            merge_layer(
                tx,
                &schema,
                document,
                &existing,
                *base,
                &incoming,
                &mut queued,
                report,
            )?;
        }
    }
    // Layers whose ids the project used meanwhile: row by row, new ids.
    for (package_document, document, target) in tx.copy_queued_layers(source.attached)? {
        let Some(entry) = queued
            .iter()
            .find(|q| q.package_document == package_document && q.target == target)
        else {
            continue;
        };
        let incoming = Incoming {
            source,
            document: package_document,
            layer: &entry.layer,
            schema: &package_schema,
        };
        tx.insert_layer(document, &target, &entry.layer)?;
        copy_annotations(tx, &labels, document, &target, &incoming, report)?;
    }
    Ok(())
}

/// A layer copy waiting for the package's bulk copy.
struct Queued {
    package_document: DocumentId,
    layer: LayerSummary,
    target: String,
}

/// One layer as merge compares and copies it.
struct LayerContent {
    spans: Vec<Span>,
    relations: Vec<Relation>,
    /// Status and annotations by label name, in text order: equal
    /// fingerprints are the same layer, whatever the ids.
    fingerprint: String,
}

impl LayerContent {
    fn read(
        reader: &impl Reader,
        document: DocumentId,
        layer: &LayerSummary,
        schema: &Schema,
    ) -> Result<Self, StoreError> {
        let spans = reader.layer_spans_of(document, &layer.annotator)?;
        let relations = reader.layer_relations_of(document, &layer.annotator)?;
        let fingerprint = fingerprint(layer, &spans, &relations, schema);
        Ok(Self {
            spans,
            relations,
            fingerprint,
        })
    }
}

fn fingerprint(
    layer: &LayerSummary,
    spans: &[Span],
    relations: &[Relation],
    schema: &Schema,
) -> String {
    let key = |span: &Span| {
        format!(
            "{}-{} {} {:?} {:?}",
            span.start_char(),
            span.end_char(),
            schema.label_name(span.label_id()),
            span.data.attributes,
            span.data.note
        )
    };
    let by_id: HashMap<SpanId, String> = spans.iter().map(|s| (s.id, key(s))).collect();
    let mut lines: Vec<String> = spans.iter().map(key).collect();
    for relation in relations {
        let end = |id: SpanId| by_id.get(&id).cloned().unwrap_or_default();
        lines.push(format!(
            "r {} -> {} {} {:?}",
            end(relation.data.from_span),
            end(relation.data.to_span),
            schema.label_name(relation.data.label_id),
            relation.data.note
        ));
    }
    lines.sort();
    format!("{}\n{}", layer.status.as_str(), lines.join("\n"))
}

/// One layer of a package on its way in.
struct Incoming<'a> {
    source: &'a Source<'a>,
    document: DocumentId,
    layer: &'a LayerSummary,
    schema: &'a Schema,
}

impl Incoming<'_> {
    fn content(&self) -> Result<LayerContent, StoreError> {
        LayerContent::read(self.source.store, self.document, self.layer, self.schema)
    }
}

/// Decides what becomes of one package layer: queued for copying (new,
/// replacing, or as a conflict layer), or left (unchanged, project newer).
/// `existing` are the project's layers of the document, `base` the revision
/// the package was made from.
#[allow(clippy::too_many_arguments)]
fn merge_layer(
    tx: &Tx<'_>,
    schema: &Schema,
    document: DocumentId,
    existing: &[LayerSummary],
    base: Option<i64>,
    incoming: &Incoming<'_>,
    queued: &mut Vec<Queued>,
    report: &mut PackageMerge,
) -> Result<(), MergeError> {
    let layer = incoming.layer;
    let name = &layer.annotator;
    let current = existing.iter().find(|l| &l.annotator == name);
    let mut copy = |target: &str| -> Result<(), MergeError> {
        tx.queue_layer_copy(
            incoming.source.attached,
            incoming.document,
            name,
            document,
            target,
            layer,
        )?;
        queued.push(Queued {
            package_document: incoming.document,
            layer: layer.clone(),
            target: target.to_string(),
        });
        Ok(())
    };
    // The common case, a layer new to the project: no comparison to make.
    if current.is_none() && base.is_none() {
        copy(name)?;
        report.taken += 1;
        return Ok(());
    }
    let content = incoming.content()?;
    if let Some(current) = current {
        let ours = LayerContent::read(tx, document, current, schema)?;
        if ours.fingerprint == content.fingerprint {
            report.unchanged += 1;
            return Ok(());
        }
    }
    if base == Some(layer.revision) {
        // The annotator did not touch it: whatever the project did stands.
        report.project_newer += 1;
        return Ok(());
    }
    match current {
        Some(current) if Some(current.revision) == base => {
            tx.delete_layer(document, name)?;
            copy(name)?;
            report.taken += 1;
        }
        _ => {
            // Both sides changed (or the project made the layer meanwhile).
            let prefix = format!("{name} (conflict ");
            for other in existing.iter().filter(|l| l.annotator.starts_with(&prefix)) {
                let theirs = LayerContent::read(tx, document, other, schema)?;
                if theirs.fingerprint == content.fingerprint {
                    report.unchanged += 1;
                    return Ok(());
                }
            }
            let target = (1..)
                .map(|n| conflict_layer_name(name, n))
                .find(|candidate| !existing.iter().any(|l| &l.annotator == candidate))
                .unwrap_or_else(|| conflict_layer_name(name, existing.len() + 1));
            copy(&target)?;
            let external_id = tx
                .document(document)?
                .map(|d| d.external_id)
                .unwrap_or_default();
            report.conflicts.push((external_id, target));
        }
    }
    Ok(())
}

/// Copies a package layer's spans and relations into `target`'s layer row
/// by row, keeping ids and times where the project has not used the id (the
/// bulk copy's fallback when some id is taken).
fn copy_annotations(
    tx: &Tx<'_>,
    labels: &HashMap<LabelId, LabelId>,
    document: DocumentId,
    target: &str,
    incoming: &Incoming<'_>,
    report: &mut PackageMerge,
) -> Result<(), MergeError> {
    let package = incoming.source.store;
    let name = &incoming.layer.annotator;
    let content = incoming.content()?;
    let span_times = package.layer_times(incoming.document, name, false)?;
    let relation_times = package.layer_times(incoming.document, name, true)?;
    let now = crate::store::now_ms();
    let mut span_ids: HashMap<SpanId, SpanId> = HashMap::new();
    for span in &content.spans {
        let keep = !tx.span_id_taken(span.id)?;
        if !keep {
            report.renumbered += 1;
        }
        let data = SpanData {
            document_id: document,
            label_id: mapped(labels, span.label_id())?,
            annotator: target.to_string(),
            attributes: span.data.attributes.clone(),
            ..span.data.clone()
        };
        let times = span_times.get(&span.id.0).copied().unwrap_or((now, now));
        let id = tx.insert_span_at(keep.then_some(span.id), &data, times)?;
        span_ids.insert(span.id, id);
    }
    for relation in &content.relations {
        let keep = !tx.relation_id_taken(relation.id)?;
        if !keep {
            report.renumbered += 1;
        }
        let end = |id: SpanId| {
            span_ids.get(&id).copied().ok_or_else(|| {
                StoreError::Corrupt(format!(
                    "relation {} of the package ends at a span it lacks",
                    relation.id
                ))
            })
        };
        let data = RelationData {
            document_id: document,
            from_span: end(relation.data.from_span)?,
            to_span: end(relation.data.to_span)?,
            label_id: mapped(labels, relation.data.label_id)?,
            annotator: target.to_string(),
            note: relation.data.note.clone(),
        };
        let times = relation_times
            .get(&relation.id.0)
            .copied()
            .unwrap_or((now, now));
        tx.insert_relation_at(keep.then_some(relation.id), &data, times)?;
    }
    Ok(())
}

fn mapped(labels: &HashMap<LabelId, LabelId>, id: LabelId) -> Result<LabelId, StoreError> {
    labels.get(&id).copied().ok_or_else(|| {
        StoreError::Corrupt(format!(
            "the package uses label {id}, which its schema lacks"
        ))
    })
}

/// Package label id → project label id, by kind and name.
fn label_map(package: &Schema, project: &Schema) -> HashMap<LabelId, LabelId> {
    package
        .labels()
        .iter()
        .filter_map(|label| {
            project
                .label_by_name(label.kind, &label.name)
                .map(|ours| (label.id, ours.id))
        })
        .collect()
}

/// Adds the labels, attributes, values and relation rules of `package` that
/// the project lacks; says what was added.
fn add_missing_schema(tx: &Tx<'_>, package: &Schema) -> Result<Vec<String>, StoreError> {
    let mut added = Vec::new();
    let mut schema = tx.schema()?;
    for label in package.labels() {
        if schema.label_by_name(label.kind, &label.name).is_none() {
            // A shortcut the project already uses would take two labels.
            let shortcut = label.shortcut.as_deref().filter(|key| {
                !schema
                    .labels()
                    .iter()
                    .any(|l| l.shortcut.as_deref() == Some(key))
            });
            tx.add_label(label.kind, &label.name, &label.color, shortcut)?;
            added.push(format!("{} label {:?}", label.kind.as_str(), label.name));
            schema = tx.schema()?;
        }
    }
    for definition in &package.attributes {
        let label = package.label_name(definition.label_id);
        let Some(ours) = schema.label_by_name(LabelKind::Span, label).map(|l| l.id) else {
            continue;
        };
        let existing = schema
            .attributes_of(ours)
            .find(|d| d.name == definition.name)
            .cloned();
        let attribute_id = match existing {
            Some(_) => tx.attribute_def_id(ours, &definition.name)?,
            None => {
                added.push(format!("attribute {label}.{}", definition.name));
                Some(tx.add_attribute_def(ours, &definition.name, definition.kind)?)
            }
        };
        let Some(attribute_id) = attribute_id else {
            continue;
        };
        let known: Vec<String> = existing.map(|d| d.values).unwrap_or_default();
        for value in &definition.values {
            if !known.contains(value) {
                tx.add_attribute_value(attribute_id, value)?;
                added.push(format!(
                    "value {value:?} of attribute {label}.{}",
                    definition.name
                ));
            }
        }
    }
    schema = tx.schema()?;
    for rule in &package.rules {
        let find = |id: LabelId, kind: LabelKind| {
            schema
                .label_by_name(kind, package.label_name(id))
                .map(|l| l.id)
        };
        if let (Some(relation), Some(from), Some(to)) = (
            find(rule.relation, LabelKind::Relation),
            find(rule.from, LabelKind::Span),
            find(rule.to, LabelKind::Span),
        ) {
            if !schema
                .rules
                .iter()
                .any(|r| r.relation == relation && r.from == from && r.to == to)
            {
                tx.add_relation_rule(relation, from, to)?;
                added.push(format!(
                    "rule {} from {} to {}",
                    package.label_name(rule.relation),
                    package.label_name(rule.from),
                    package.label_name(rule.to)
                ));
            }
        }
    }
    Ok(added)
}

/// A document of the package the project no longer has: added, with a free id.
fn add_document(tx: &Tx<'_>, package: &Store, id: DocumentId) -> Result<DocumentId, StoreError> {
    let document = package
        .document(id)?
        .ok_or_else(|| StoreError::Corrupt(format!("package document {id} vanished")))?;
    let mut external_id = document.external_id.clone();
    let mut n = 2;
    while tx.external_id_taken(&external_id)? {
        external_id = format!("{}-{n}", document.external_id);
        n += 1;
    }
    tx.insert_document(&NewDocument {
        external_id: &external_id,
        title: &document.title,
        text: &document.text,
        len_chars: document.len_chars,
        content_hash: &crate::model::text::content_hash(&document.text),
        meta: &document.meta,
    })
}
