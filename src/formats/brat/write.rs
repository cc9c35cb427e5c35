use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use super::conf::{write_annotation_conf, ConfInput};
use super::newlines::{map_fragments, UniversalNewlines};
use super::{EQUIV_PREFIX, EVENT_ROLES, FRAGMENTS, NORMALIZATION_PREFIX, NOTE_PREFIX};
use crate::formats::bundle::{for_each_document, Bundle};
use crate::formats::jsonl::ExportSummary;
use crate::formats::ExportError;
use crate::model::{AttributeKind, CharIndex, DocumentId, DocumentSummary, SpanId};
use crate::store::Reader;

/// Writes `<id>.txt` (the text, with CR line ends made LF as brat reads
/// them: see [`BratNewlines`]) and `<id>.ann` per document and an
/// `annotation.conf` into `dir`, which must not exist or be empty. Files are
/// written to a new folder beside it that is renamed at the end, so a failed
/// export leaves nothing half-written. File names come from document ids with
/// anything but letters, digits, `.`, `_` and `-` replaced: nothing is written
/// outside `dir` (see `FileNames`).
pub fn export_brat(
    store: &impl Reader,
    dir: &Path,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ExportSummary, ExportError> {
    export_brat_with(store, dir, BratNewlines::default(), progress)
}

/// What the export does with CR in a document's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BratNewlines {
    /// CRLF and lone CR become LF in the `.txt`, offsets shifted to match:
    /// what brat reads (universal newlines) is then what the offsets count.
    #[default]
    Lf,
    /// The `.txt` byte for byte; brat misplaces spans after a CRLF.
    Keep,
}

impl BratNewlines {
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "lf" => Some(Self::Lf),
            "keep" => Some(Self::Keep),
            _ => None,
        }
    }
}

/// [`export_brat`] with a choice of line ends.
pub fn export_brat_with(
    store: &impl Reader,
    dir: &Path,
    newlines: BratNewlines,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ExportSummary, ExportError> {
    if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
        return Err(ExportError::FolderNotEmpty(dir.to_path_buf()));
    }
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    // A fresh folder of this run's own: a killed export's leftover (even one
    // with this process's id) is never adopted, and is removed here.
    let dir = &crate::store::resolve(dir).unwrap_or_else(|| dir.to_path_buf());
    crate::formats::atomic::remove_stale_temporaries(dir);
    let (_, temp) = crate::formats::atomic::temp_beside(dir)?;
    std::fs::create_dir(&temp)?;
    let result = write_all(store, &temp, newlines, progress);
    match result {
        Ok(summary) => {
            if dir.exists() {
                std::fs::remove_dir(dir)?;
            }
            std::fs::rename(&temp, dir)?;
            Ok(summary)
        }
        Err(err) => {
            let _ = std::fs::remove_dir_all(&temp);
            Err(err)
        }
    }
}

fn write_all(
    store: &impl Reader,
    dir: &Path,
    newlines: BratNewlines,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ExportSummary, ExportError> {
    let mut summary = ExportSummary::default();
    let mut conf = ConfInput {
        entities: BTreeSet::new(),
        events: BTreeMap::new(),
        relations: BTreeSet::new(),
        equivalences: BTreeSet::new(),
        attributes: BTreeMap::new(),
        attribute_targets: BTreeMap::new(),
    };
    let _snapshot = store.snapshot()?;
    let mut file_names =
        FileNames::for_documents(&store.document_summaries(crate::model::GOLD_LAYER)?);
    let mut notes = Notes::default();
    let schema = store.schema()?;
    // Two files a document: creating 200,000 files is mostly kernel time, so a
    // second thread writes them while this one reads and formats the next.
    let (files, to_write) = std::sync::mpsc::sync_channel::<(std::path::PathBuf, Vec<u8>)>(512);
    let writer = std::thread::spawn(move || -> std::io::Result<()> {
        for (path, bytes) in to_write {
            std::fs::write(&path, bytes)?;
        }
        Ok(())
    });
    let walked = for_each_document(store, progress, |mut bundle| {
        let name = file_names.name(bundle.document.id, &bundle.document.external_id);
        if bundle.document.text.contains('\r') {
            match newlines {
                BratNewlines::Lf => {
                    if to_universal_newlines(&mut bundle) {
                        notes.crlf_converted.push(name.clone());
                    }
                }
                BratNewlines::Keep => {
                    notes.crlf_kept += usize::from(bundle.document.text.contains("\r\n"))
                }
            }
        }
        leave_out_line_breaks(&mut bundle, &mut notes);
        let ann = document_ann(&bundle, &mut conf, &mut notes)?;
        summary.documents += 1;
        summary.spans += bundle.spans.len();
        summary.relations += bundle.relations.len();
        let sent = files
            .send((
                dir.join(format!("{name}.txt")),
                bundle.document.text.into_bytes(),
            ))
            .and_then(|()| files.send((dir.join(format!("{name}.ann")), ann.into_bytes())));
        // A closed channel means the writer stopped on an error; joining it
        // below reports that error.
        if sent.is_err() {
            return Err(ExportError::Cancelled);
        }
        Ok(())
    });
    drop(files);
    let written = writer
        .join()
        .unwrap_or_else(|_| Err(std::io::Error::other("the file writer stopped")));
    written?;
    walked?;
    // Declare the schema's labels too, used or not.
    for label in schema.span_labels() {
        let name = brat_name(&label.name);
        if !conf.events.contains_key(&name) {
            conf.entities.insert(name);
        }
    }
    for attribute in &schema.attributes {
        if attribute.kind != AttributeKind::Text && !attribute.name.starts_with("brat:") {
            conf.attribute_targets
                .entry(brat_name(&attribute.name))
                .or_default()
                .insert(brat_name(schema.label_name(attribute.label_id)));
            let values = conf
                .attributes
                .entry(brat_name(&attribute.name))
                .or_default();
            if attribute.kind == AttributeKind::Choice {
                values.extend(attribute.values.iter().map(|v| brat_name(v)));
            }
        }
    }
    std::fs::write(dir.join("annotation.conf"), write_annotation_conf(&conf))?;
    notes.renamed_documents = file_names.into_renames();
    summary.notices = notes.into_messages();
    Ok(summary)
}

/// What was changed to fit brat's syntax, counted for the report.
#[derive(Default)]
struct Notes {
    renamed: usize,
    multiline_notes: usize,
    split_at_newlines: usize,
    /// File names of the documents whose CRLF became LF.
    crlf_converted: Vec<String>,
    /// Documents written with CRLF (`--brat-newlines keep`).
    crlf_kept: usize,
    /// (document id, file name) where they differ.
    renamed_documents: Vec<(String, String)>,
    /// Spans of nothing but line breaks, and relations touching them.
    line_break_spans: usize,
    line_break_relations: usize,
}

impl Notes {
    fn into_messages(self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.renamed_documents.is_empty() {
            let list: Vec<String> = self
                .renamed_documents
                .iter()
                .map(|(id, name)| format!("{id:?} as {name}"))
                .collect();
            out.push(format!(
                "{} documents written under another name, as their ids cannot be file names here or another document has them (a re-import takes the file name as id): {}",
                self.renamed_documents.len(),
                list.join(", ")
            ));
        }
        if !self.crlf_converted.is_empty() {
            out.push(format!(
                "{} documents had CR line ends, written as LF with offsets shifted to match, as brat reads text with universal newlines (--brat-newlines keep writes the text byte for byte): {}",
                self.crlf_converted.len(),
                self.crlf_converted.join(", ")
            ));
        }
        if self.line_break_spans > 0 {
            out.push(format!(
                "left out {} spans of only line breaks (a brat line cannot hold their text) and {} relations to them",
                self.line_break_spans, self.line_break_relations
            ));
        }
        if self.crlf_kept > 0 {
            out.push(format!(
                "{} documents keep CRLF line ends (--brat-newlines keep): brat counts a CRLF as one character, so it misplaces their spans after the first",
                self.crlf_kept
            ));
        }
        if self.renamed > 0 {
            out.push(format!("{} names or values with spaces written with '_' (brat does not allow spaces there)", self.renamed));
        }
        if self.multiline_notes > 0 {
            out.push(format!(
                "{} notes with line breaks written on one line",
                self.multiline_notes
            ));
        }
        if self.split_at_newlines > 0 {
            out.push(format!("{} spans crossing a line break written as fragments (brat spans cannot hold a line break)", self.split_at_newlines));
        }
        out
    }
}

fn document_ann(
    bundle: &Bundle<'_>,
    conf: &mut ConfInput,
    notes: &mut Notes,
) -> Result<String, ExportError> {
    let index = CharIndex::new(&bundle.document.text);
    let mut out = String::new();
    let t_id: HashMap<SpanId, String> = bundle
        .spans
        .iter()
        .enumerate()
        .map(|(n, s)| (s.id, format!("T{}", n + 1)))
        .collect();
    let mut e_id: HashMap<SpanId, String> = HashMap::new();
    for span in bundle
        .spans
        .iter()
        .filter(|s| s.data.attributes.contains_key(EVENT_ROLES))
    {
        e_id.insert(span.id, format!("E{}", e_id.len() + 1));
    }
    // Events and attributes refer to an event by its E id.
    let target = |id: SpanId| {
        e_id.get(&id)
            .or_else(|| t_id.get(&id))
            .cloned()
            .unwrap_or_default()
    };
    let renamed = std::cell::Cell::new(0);
    let name = |raw: &str| {
        let clean = brat_name(raw);
        if clean != raw {
            renamed.set(renamed.get() + 1);
        }
        clean
    };
    let (mut attribute_n, mut note_n, mut norm_n) = (0, 0, 0);
    let mut tail = String::new();
    for span in &bundle.spans {
        let label = name(bundle.label_name(span));
        let fragments = fragments_of(span, &index)
            .unwrap_or_else(|| split_at_newlines(&index, span.start_char(), span.end_char()));
        if fragments.len() > 1 && !span.data.attributes.contains_key(FRAGMENTS) {
            notes.split_at_newlines += 1;
        }
        let offsets: Vec<String> = fragments.iter().map(|(s, e)| format!("{s} {e}")).collect();
        let texts: Vec<&str> = fragments
            .iter()
            .map(|&(s, e)| index.slice(s, e).unwrap_or(""))
            .collect();
        writeln!(
            out,
            "{}\t{label} {}\t{}",
            t_id[&span.id],
            offsets.join(";"),
            texts.join(" ")
        )
        .ok();
        if e_id.contains_key(&span.id) {
            conf.events.entry(label.clone()).or_default();
        }
        for (attribute, value) in &span.data.attributes {
            if attribute == FRAGMENTS || attribute == EVENT_ROLES {
                continue;
            }
            if let Some(kind) = attribute.strip_prefix(NOTE_PREFIX) {
                note_n += 1;
                writeln!(
                    tail,
                    "#{note_n}\t{kind} {}\t{}",
                    target(span.id),
                    one_line(value, notes)
                )
                .ok();
            } else if let Some(kind) = attribute.strip_prefix(NORMALIZATION_PREFIX) {
                norm_n += 1;
                let (reference, text) = value.split_once('\t').unwrap_or((value, ""));
                writeln!(
                    tail,
                    "N{norm_n}\t{kind} {} {reference}\t{}",
                    target(span.id),
                    one_line(text, notes)
                )
                .ok();
            } else {
                let attribute_name = name(attribute);
                conf.attribute_targets
                    .entry(attribute_name.clone())
                    .or_default()
                    .insert(label.clone());
                let kind = bundle
                    .schema
                    .attributes_of(span.label_id())
                    .find(|a| &a.name == attribute)
                    .map(|a| a.kind);
                if kind == Some(AttributeKind::Flag) || (kind.is_none() && value == "true") {
                    if value == "true" {
                        attribute_n += 1;
                        writeln!(tail, "A{attribute_n}\t{attribute_name} {}", target(span.id)).ok();
                        conf.attributes.entry(attribute_name).or_default();
                    }
                } else {
                    attribute_n += 1;
                    let value = name(value);
                    writeln!(
                        tail,
                        "A{attribute_n}\t{attribute_name} {} {value}",
                        target(span.id)
                    )
                    .ok();
                    conf.attributes
                        .entry(attribute_name)
                        .or_default()
                        .insert(value);
                }
            }
        }
        if !span.data.note.is_empty() {
            note_n += 1;
            writeln!(
                tail,
                "#{note_n}\tAnnotatorNotes {}\t{}",
                target(span.id),
                one_line(&span.data.note, notes)
            )
            .ok();
        }
    }
    // Events: the trigger's outgoing relations whose label is one of its roles.
    let mut outgoing: HashMap<SpanId, Vec<&crate::model::Relation>> = HashMap::new();
    for relation in &bundle.relations {
        outgoing
            .entry(relation.data.from_span)
            .or_default()
            .push(relation);
    }
    let mut role_relations: HashSet<crate::model::RelationId> = HashSet::new();
    for span in &bundle.spans {
        let Some(roles) = span.data.attributes.get(EVENT_ROLES) else {
            continue;
        };
        let roles: Vec<&str> = roles.split_whitespace().collect();
        let label = name(bundle.label_name(span));
        let mut args = Vec::new();
        for relation in outgoing.get(&span.id).into_iter().flatten() {
            let role = bundle.schema.label_name(relation.data.label_id);
            if roles.contains(&role) {
                role_relations.insert(relation.id);
                args.push(format!("{}:{}", name(role), target(relation.data.to_span)));
                conf.events
                    .entry(label.clone())
                    .or_default()
                    .insert(name(role));
            }
        }
        let args = if args.is_empty() {
            String::new()
        } else {
            format!(" {}", args.join(" "))
        };
        writeln!(out, "{}\t{label}:{}{args}", e_id[&span.id], t_id[&span.id]).ok();
    }
    // Relations, and equivalence classes from "*Kind" chains.
    let mut relation_n = 0;
    let mut classes: BTreeMap<String, Equivalences> = BTreeMap::new();
    for relation in bundle
        .relations
        .iter()
        .filter(|r| !role_relations.contains(&r.id))
    {
        let label = bundle.schema.label_name(relation.data.label_id);
        let (from, to) = (
            t_id.get(&relation.data.from_span)
                .cloned()
                .unwrap_or_default(),
            t_id.get(&relation.data.to_span)
                .cloned()
                .unwrap_or_default(),
        );
        if let Some(kind) = label.strip_prefix(EQUIV_PREFIX) {
            classes.entry(name(kind)).or_default().join(from, to);
            continue;
        }
        relation_n += 1;
        let label = name(label);
        writeln!(out, "R{relation_n}\t{label} Arg1:{from} Arg2:{to}").ok();
        conf.relations.insert(label);
        if !relation.data.note.is_empty() {
            note_n += 1;
            writeln!(
                tail,
                "#{note_n}\tAnnotatorNotes R{relation_n}\t{}",
                one_line(&relation.data.note, notes)
            )
            .ok();
        }
    }
    for (kind, equivalences) in classes {
        conf.equivalences.insert(kind.clone());
        for members in equivalences.classes() {
            writeln!(out, "*\t{kind} {}", members.join(" ")).ok();
        }
    }
    out.push_str(&tail);
    notes.renamed += renamed.get();
    Ok(out)
}

/// Equivalence classes from pairs, by union-find: each pair costs about
/// O(1), where merging lists of sets cost O(classes) a pair.
#[derive(Default)]
struct Equivalences {
    index: HashMap<String, usize>,
    members: Vec<String>,
    parent: Vec<usize>,
}

impl Equivalences {
    fn join(&mut self, a: String, b: String) {
        let (a, b) = (self.node(a), self.node(b));
        let (a, b) = (self.root(a), self.root(b));
        // The smaller index becomes the root: classes come out in first-seen order.
        self.parent[a.max(b)] = a.min(b);
    }

    fn node(&mut self, id: String) -> usize {
        if let Some(&node) = self.index.get(&id) {
            return node;
        }
        let node = self.members.len();
        self.index.insert(id.clone(), node);
        self.members.push(id);
        self.parent.push(node);
        node
    }

    fn root(&mut self, mut node: usize) -> usize {
        while self.parent[node] != node {
            self.parent[node] = self.parent[self.parent[node]];
            node = self.parent[node];
        }
        node
    }

    /// Each class's members in the order they were first seen; classes in
    /// the order of their first member.
    fn classes(mut self) -> Vec<Vec<String>> {
        let mut by_root: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        let members = std::mem::take(&mut self.members);
        for (node, member) in members.into_iter().enumerate() {
            let root = self.root(node);
            by_root.entry(root).or_default().push(member);
        }
        by_root.into_values().collect()
    }
}

/// The fragments a span kept from a brat import, when they are still valid.
fn fragments_of(span: &crate::model::Span, index: &CharIndex<'_>) -> Option<Vec<(usize, usize)>> {
    let text = span.data.attributes.get(FRAGMENTS)?;
    let fragments: Option<Vec<(usize, usize)>> = text
        .split(';')
        .map(|f| {
            let mut numbers = f.split_whitespace().map(str::parse::<usize>);
            match (numbers.next(), numbers.next()) {
                (Some(Ok(s)), Some(Ok(e))) if s < e && e <= index.len_chars() => Some((s, e)),
                _ => None,
            }
        })
        .collect();
    fragments.filter(|f| !f.is_empty())
}

/// A span as fragments that do not cross line breaks.
fn split_at_newlines(index: &CharIndex<'_>, start: usize, end: usize) -> Vec<(usize, usize)> {
    let text = index.slice(start, end).unwrap_or("");
    let mut fragments = Vec::new();
    let mut fragment_start = start;
    for (offset, c) in text.chars().enumerate() {
        if c == '\n' || c == '\r' {
            if start + offset > fragment_start {
                fragments.push((fragment_start, start + offset));
            }
            fragment_start = start + offset + 1;
        }
    }
    if end > fragment_start {
        fragments.push((fragment_start, end));
    }
    if fragments.is_empty() {
        fragments.push((start, end));
    }
    fragments
}

fn one_line(text: &str, notes: &mut Notes) -> String {
    if text.contains(['\n', '\r']) {
        notes.multiline_notes += 1;
        text.replace(['\n', '\r'], " ")
    } else {
        text.to_string()
    }
}

/// brat names cannot hold white space.
pub fn brat_name(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .collect()
}

/// Leaves out spans whose text is only line breaks (and relations touching
/// them): their `T` line would break in two. A span kept as brat fragments is
/// written from those.
fn leave_out_line_breaks(bundle: &mut Bundle<'_>, notes: &mut Notes) {
    let index = CharIndex::new(&bundle.document.text);
    let unwritable: HashSet<SpanId> = bundle
        .spans
        .iter()
        .filter(|s| {
            !s.data.attributes.contains_key(FRAGMENTS)
                && index
                    .slice(s.start_char(), s.end_char())
                    .is_some_and(|t| !t.is_empty() && t.chars().all(|c| c == '\n' || c == '\r'))
        })
        .map(|s| s.id)
        .collect();
    if unwritable.is_empty() {
        return;
    }
    notes.line_break_spans += unwritable.len();
    bundle.spans.retain(|s| !unwritable.contains(&s.id));
    let before = bundle.relations.len();
    bundle.relations.retain(|r| {
        !unwritable.contains(&r.data.from_span) && !unwritable.contains(&r.data.to_span)
    });
    notes.line_break_relations += before - bundle.relations.len();
}

/// Turns a document's CRLF and lone CR into LF, shifting its spans (and kept
/// brat fragments) to match; whether the text changed.
fn to_universal_newlines(bundle: &mut Bundle<'_>) -> bool {
    let Some(view) = UniversalNewlines::of(&bundle.document.text) else {
        return false;
    };
    for span in &mut bundle.spans {
        span.data.start_char = view.to_brat(span.data.start_char);
        span.data.end_char = view.to_brat(span.data.end_char);
        if let Some(fragments) = span.data.attributes.get_mut(FRAGMENTS) {
            if let Some(mapped) = map_fragments(fragments, |o| view.to_brat(o)) {
                *fragments = mapped;
            }
        }
    }
    bundle.document.text = view.text;
    true
}

/// File names of the documents: each document's id when it can be a file
/// name and no other document's id claims it (case aside, for case-blind file
/// systems); otherwise a name no document id claims, reported. A re-import
/// takes file names as ids, so no document takes another's id on the way back.
struct FileNames {
    chosen: HashMap<DocumentId, String>,
    /// Lowercased names taken.
    taken: HashSet<String>,
    renames: Vec<(String, String)>,
}

impl FileNames {
    fn for_documents(documents: &[DocumentSummary]) -> Self {
        let mut names = Self {
            chosen: HashMap::with_capacity(documents.len()),
            taken: HashSet::with_capacity(documents.len()),
            renames: Vec::new(),
        };
        // Ids that are file names as they are come first, in project order.
        for document in documents {
            if file_base(&document.external_id) == document.external_id
                && names
                    .taken
                    .insert(document.external_id.to_ascii_lowercase())
            {
                names
                    .chosen
                    .insert(document.id, document.external_id.clone());
            }
        }
        for document in documents {
            if !names.chosen.contains_key(&document.id) {
                let name = names.fresh(&document.external_id);
                names.chosen.insert(document.id, name);
            }
        }
        names
    }

    /// The name of a document; one the listing did not have (added since)
    /// gets a fresh name.
    fn name(&mut self, id: DocumentId, external_id: &str) -> String {
        match self.chosen.remove(&id) {
            Some(name) => name,
            None => self.fresh(external_id),
        }
    }

    /// A name for `external_id` that nobody has taken, recorded as a rename
    /// when it is not the id itself.
    fn fresh(&mut self, external_id: &str) -> String {
        let base = file_base(external_id);
        let mut candidate = base.clone();
        let mut n = 2;
        while !self.taken.insert(candidate.to_ascii_lowercase()) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        if candidate != external_id {
            self.renames
                .push((external_id.to_string(), candidate.clone()));
        }
        candidate
    }

    fn into_renames(self) -> Vec<(String, String)> {
        self.renames
    }
}

/// A file name from a document id that stays inside the export folder.
fn file_base(id: &str) -> String {
    let mut base: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    base = base.trim_start_matches('.').to_string();
    // File systems cap a name at 255 bytes; leave room for "-NN.ann".
    base.truncate(200);
    if base.is_empty() {
        base = "document".into();
    }
    const RESERVED: [&str; 5] = ["CON", "PRN", "AUX", "NUL", "annotation"];
    // Windows reserves "CON" whatever follows the first dot ("con.x.txt").
    let upper = base
        .split('.')
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    if RESERVED.iter().any(|r| upper == r.to_ascii_uppercase())
        || ((upper.starts_with("COM") || upper.starts_with("LPT")) && upper.len() == 4)
    {
        base = format!("_{base}");
    }
    base
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(ids: &[&str]) -> (Vec<String>, Vec<(String, String)>) {
        let documents: Vec<DocumentSummary> = ids
            .iter()
            .enumerate()
            .map(|(n, id)| DocumentSummary {
                id: DocumentId(n as i64 + 1),
                external_id: id.to_string(),
                title: String::new(),
                len_chars: 0,
                status: crate::model::DocumentStatus::New,
                span_count: 0,
                assigned: false,
            })
            .collect();
        let mut file_names = FileNames::for_documents(&documents);
        let chosen = documents
            .iter()
            .map(|d| file_names.name(d.id, &d.external_id))
            .collect();
        (chosen, file_names.into_renames())
    }

    #[test]
    fn file_names_stay_inside_the_folder() {
        let (chosen, _) = names(&[
            "../../etc/passwd",
            "..",
            "/abs",
            "CON",
            "a b",
            "a_b",
            "",
            "con.x",
            &"x".repeat(300),
        ]);
        assert_eq!(
            chosen[..8],
            [
                "_.._etc_passwd",
                "document",
                "_abs",
                "_CON",
                "a_b-2",
                "a_b",
                "document-2",
                "_con.x"
            ]
        );
        assert_eq!(chosen[8].len(), 200);
    }

    #[test]
    fn no_document_takes_another_documents_id_and_every_rename_is_listed() {
        let (chosen, renames) = names(&["doc", "doc", "doc-2", "Doc", "a b"]);
        assert_eq!(chosen, ["doc", "doc-3", "doc-2", "Doc-4", "a_b"]);
        assert_eq!(
            renames,
            [
                ("doc".to_string(), "doc-3".to_string()),
                ("Doc".to_string(), "Doc-4".to_string()),
                ("a b".to_string(), "a_b".to_string())
            ]
        );
    }
}
