use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use super::conf::{write_annotation_conf, ConfInput};
use super::{EQUIV_PREFIX, EVENT_ROLES, FRAGMENTS, NORMALIZATION_PREFIX, NOTE_PREFIX};
use crate::formats::bundle::{for_each_document, Bundle};
use crate::formats::jsonl::ExportSummary;
use crate::formats::ExportError;
use crate::model::{AttributeKind, CharIndex, SpanId};
use crate::store::Reader;

/// Writes `<id>.txt` (the text, byte for byte) and `<id>.ann` per document and
/// an `annotation.conf` into `dir`, which must not exist or be empty. Files
/// are written to a new folder beside it that is renamed at the end, so a
/// failed export leaves nothing half-written. File names come from document
/// ids with anything but letters, digits, `.`, `_` and `-` replaced: nothing
/// is written outside `dir`.
pub fn export_brat(
    store: &impl Reader,
    dir: &Path,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ExportSummary, ExportError> {
    if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
        return Err(ExportError::FolderNotEmpty(dir.to_path_buf()));
    }
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let temp = parent.join(format!(
        ".{}.{}.tmp",
        dir.file_name()
            .map_or("brat".into(), |n| n.to_string_lossy()),
        std::process::id()
    ));
    std::fs::create_dir_all(&temp)?;
    let result = write_all(store, &temp, progress);
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
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ExportSummary, ExportError> {
    let mut summary = ExportSummary::default();
    let mut conf = ConfInput {
        entities: BTreeSet::new(),
        events: BTreeMap::new(),
        relations: BTreeSet::new(),
        equivalences: BTreeSet::new(),
        attributes: BTreeMap::new(),
    };
    let mut used_names: HashSet<String> = HashSet::new();
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
    let walked = for_each_document(store, progress, |bundle| {
        let name = unique_file_name(&bundle.document.external_id, &mut used_names);
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
    summary.notices = notes.into_messages();
    Ok(summary)
}

/// What was changed to fit brat's syntax, counted for the report.
#[derive(Default)]
struct Notes {
    renamed: usize,
    multiline_notes: usize,
    split_at_newlines: usize,
}

impl Notes {
    fn into_messages(self) -> Vec<String> {
        let mut out = Vec::new();
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
    let mut role_relations: HashSet<crate::model::RelationId> = HashSet::new();
    for span in &bundle.spans {
        let Some(roles) = span.data.attributes.get(EVENT_ROLES) else {
            continue;
        };
        let roles: Vec<&str> = roles.split_whitespace().collect();
        let label = name(bundle.label_name(span));
        let mut args = Vec::new();
        for relation in bundle
            .relations
            .iter()
            .filter(|r| r.data.from_span == span.id)
        {
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
    let mut classes: BTreeMap<String, Vec<BTreeSet<String>>> = BTreeMap::new();
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
            merge_class(classes.entry(name(kind)).or_default(), from, to);
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
    for (kind, sets) in classes {
        conf.equivalences.insert(kind.clone());
        for members in sets {
            writeln!(
                out,
                "*\t{kind} {}",
                members.into_iter().collect::<Vec<_>>().join(" ")
            )
            .ok();
        }
    }
    out.push_str(&tail);
    notes.renamed += renamed.get();
    Ok(out)
}

fn merge_class(classes: &mut Vec<BTreeSet<String>>, a: String, b: String) {
    let hits: Vec<usize> = classes
        .iter()
        .enumerate()
        .filter(|(_, c)| c.contains(&a) || c.contains(&b))
        .map(|(i, _)| i)
        .collect();
    let mut merged: BTreeSet<String> = [a, b].into_iter().collect();
    for i in hits.into_iter().rev() {
        merged.extend(classes.remove(i));
    }
    classes.push(merged);
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

/// A file name from a document id that stays inside the export folder.
fn unique_file_name(id: &str, used: &mut HashSet<String>) -> String {
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
    let mut candidate = base.clone();
    let mut n = 2;
    while !used.insert(candidate.to_ascii_lowercase()) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_stay_inside_the_folder() {
        let mut used = HashSet::new();
        assert_eq!(
            unique_file_name("../../etc/passwd", &mut used),
            "_.._etc_passwd"
        );
        assert_eq!(unique_file_name("..", &mut used), "document");
        assert_eq!(unique_file_name("/abs", &mut used), "_abs");
        assert_eq!(unique_file_name("CON", &mut used), "_CON");
        assert_eq!(unique_file_name("a b", &mut used), "a_b");
        assert_eq!(unique_file_name("a_b", &mut used), "a_b-2");
        assert_eq!(unique_file_name("", &mut used), "document-2");
        assert_eq!(unique_file_name("con.x", &mut used), "_con.x");
        assert_eq!(unique_file_name(&"x".repeat(300), &mut used).len(), 200);
    }
}
