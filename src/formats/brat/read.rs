use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::newlines::{map_fragments, UniversalNewlines};
use super::{EQUIV_PREFIX, EVENT_ROLES, FRAGMENTS, NORMALIZATION_PREFIX, NOTE_PREFIX};
use crate::formats::decode::{decode_utf8, read_document_file, read_file};
use crate::formats::walk::walk_files;
use crate::formats::{
    ImportDocument, ImportError, ImportRelation, ImportSpan, Location, Notice, ParsedInput,
};
use crate::model::CharIndex;

/// Reads every `.txt` of a folder (recursively) with its `.ann` beside it,
/// and the schema of an `annotation.conf` / `visual.conf` in the folder or
/// beside the files (never above the folder chosen: a stray conf in a parent
/// or in the home folder is not this corpus's).
pub fn read_brat_dir(dir: &Path) -> Result<ParsedInput, ImportError> {
    let mut parsed = ParsedInput::default();
    let mut texts = Vec::new();
    walk_files(dir, &mut parsed.notices, &mut |path| {
        if path.extension().is_some_and(|e| e == "txt") {
            texts.push(path);
        }
    })?;
    texts.sort();
    let conf_folders = conf_folders(dir, &texts);
    for txt in texts {
        let (text, bom) = decode_utf8(&txt, read_document_file(&txt)?)?;
        parsed.notices.extend(bom);
        let ann_path = txt.with_extension("ann");
        let ann = if ann_path.exists() {
            let (ann, bom) = decode_utf8(&ann_path, read_file(&ann_path)?)?;
            parsed.notices.extend(bom);
            ann
        } else {
            String::new()
        };
        let stem = txt
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut document = parse_ann(&ann_path, &text, &ann, &mut parsed.notices)?;
        document.location = Location::file(&txt);
        document.external_id = Some(stem.clone());
        document.title = Some(stem);
        if let Some(name) = txt.file_name() {
            document
                .meta
                .insert("source".into(), name.to_string_lossy().into_owned().into());
        }
        parsed.documents.push(document);
    }
    if let Some(conf) = find_in(&conf_folders, "annotation.conf") {
        let (text, _) = decode_utf8(&conf, read_file(&conf)?)?;
        let visual = find_in(&conf_folders, "visual.conf")
            .map(|p| read_file(&p).map(|b| String::from_utf8_lossy(&b).into_owned()))
            .transpose()?;
        // Which attributes each type's annotations carry: a class-wide
        // declaration goes to those types only.
        let mut used: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
            std::collections::BTreeMap::new();
        for span in parsed.documents.iter().flat_map(|d| &d.spans) {
            used.entry(span.label.clone())
                .or_default()
                .extend(span.attributes.iter().map(|(name, _)| name.clone()));
        }
        parsed.schema = Some(super::conf::parse_annotation_conf(
            &conf,
            &text,
            visual.as_deref(),
            &used,
        )?);
    }
    Ok(parsed)
}

/// Where a corpus's confs may be: the chosen folder first, then the
/// folders of its files, in name order.
fn conf_folders(dir: &Path, texts: &[PathBuf]) -> Vec<PathBuf> {
    let mut folders = vec![dir.to_path_buf()];
    let mut beside: Vec<PathBuf> = texts
        .iter()
        .filter_map(|txt| txt.parent().map(Path::to_path_buf))
        .filter(|folder| folder != dir)
        .collect();
    beside.sort();
    beside.dedup();
    folders.extend(beside);
    folders
}

/// The first of `folders` holding the file `name`.
fn find_in(folders: &[PathBuf], name: &str) -> Option<PathBuf> {
    folders.iter().map(|d| d.join(name)).find(|p| p.is_file())
}

/// One `.ann` file over its text. Ids are resolved after every line is read,
/// so lines may refer forward.
///
/// brat itself counts each CRLF of the text as one character (it reads with
/// universal newlines), Glossator's own export counts it as two. Offsets are
/// read as Glossator's first; if they do not fit and fit brat's view, they
/// are read that way, mapped onto the text as stored, and reported.
pub fn parse_ann(
    path: &Path,
    text: &str,
    ann: &str,
    notices: &mut Vec<Notice>,
) -> Result<ImportDocument, ImportError> {
    let mut own_notices = Vec::new();
    let error = match parse_ann_over(path, text, ann, &mut own_notices) {
        Ok(document) => {
            notices.append(&mut own_notices);
            return Ok(document);
        }
        Err(error) => error,
    };
    let Some(view) = UniversalNewlines::of(text).filter(UniversalNewlines::shifts_offsets) else {
        return Err(error);
    };
    let mut own_notices = Vec::new();
    let Ok(mut document) = parse_ann_over(path, &view.text, ann, &mut own_notices) else {
        return Err(error);
    };
    for span in &mut document.spans {
        span.start = view.to_stored(span.start as usize) as i64;
        span.end = view.to_stored(span.end as usize) as i64;
        // Checked against brat's view above; the stored text has CRLF where it has LF.
        span.text = None;
        for (name, value) in &mut span.attributes {
            if name == FRAGMENTS {
                if let Some(mapped) = map_fragments(value, |o| view.to_stored(o)) {
                    *value = mapped;
                }
            }
        }
    }
    document.text = text.to_string();
    notices.append(&mut own_notices);
    notices.push(Notice {
        location: Location::file(path),
        message: "offsets count each CRLF line end as one character, as brat reads text (universal newlines): read that way and placed on the text as stored".into(),
    });
    Ok(document)
}

fn parse_ann_over(
    path: &Path,
    text: &str,
    ann: &str,
    notices: &mut Vec<Notice>,
) -> Result<ImportDocument, ImportError> {
    let index = CharIndex::new(text);
    let mut document = ImportDocument::plain(Location::file(path), text.to_string());
    let mut span_of: HashMap<String, usize> = HashMap::new();
    // Event id → trigger id, and the events' roles.
    let mut trigger_of: HashMap<String, String> = HashMap::new();
    let mut pending: Vec<(usize, Pending)> = Vec::new();
    for (number, raw) in ann.split('\n').enumerate() {
        let line = number + 1;
        let raw = raw.trim_end_matches('\r');
        if raw.trim().is_empty() {
            continue;
        }
        let at = |message: String| ImportError::at(Location::line(path, line), message);
        let mut fields = raw.splitn(3, '\t');
        let id = fields.next().unwrap_or("");
        let body = fields
            .next()
            .ok_or_else(|| at(format!("expected an id, a tab and an annotation: {raw:?}")))?;
        let tail = fields.next();
        match id.chars().next() {
            Some('T') => {
                let (label, offsets) = body
                    .split_once(' ')
                    .ok_or_else(|| at(format!("expected \"TYPE START END\", found {body:?}")))?;
                let mut fragments = Vec::new();
                for fragment in offsets.split(';') {
                    let mut numbers = fragment.split_whitespace().map(str::parse::<i64>);
                    match (numbers.next(), numbers.next(), numbers.next()) {
                        (Some(Ok(start)), Some(Ok(end)), None) => fragments.push((start, end)),
                        _ => {
                            return Err(at(format!(
                                "bad offsets {fragment:?}: expected two numbers"
                            )))
                        }
                    }
                }
                let start = fragments.iter().map(|f| f.0).min().unwrap_or(0);
                let end = fragments.iter().map(|f| f.1).max().unwrap_or(0);
                let mut attributes = Vec::new();
                let claimed = tail.map(String::from);
                if fragments.len() > 1 {
                    // brat joins the fragments' texts with a space.
                    let mut joined = Vec::new();
                    for &(s, e) in &fragments {
                        let piece = crate::model::validate::check_span(&index, s, e, None)
                            .map_err(|p| at(format!("{id}: fragment {s} {e}: {p}")))
                            .map(|(s, e)| index.slice(s, e).unwrap_or(""))?;
                        joined.push(piece);
                    }
                    if let Some(claimed) = &claimed {
                        if *claimed != joined.join(" ") {
                            return Err(at(format!(
                                "{id}: text {claimed:?} does not match its fragments {:?}",
                                joined.join(" ")
                            )));
                        }
                    }
                    attributes.push((FRAGMENTS.to_string(), offsets.to_string()));
                } else {
                    crate::model::validate::check_span(&index, start, end, claimed.as_deref())
                        .map_err(|p| at(format!("{id}: {p}")))?;
                }
                span_of.insert(id.to_string(), document.spans.len());
                document.spans.push(ImportSpan {
                    key: Some(id.to_string()),
                    start,
                    end,
                    label: label.to_string(),
                    text: if fragments.len() > 1 { None } else { claimed },
                    attributes,
                    annotator: None,
                    note: String::new(),
                });
            }
            Some('E') => {
                let mut parts = body.split_whitespace();
                let (_, trigger) = parts
                    .next()
                    .and_then(|p| p.split_once(':'))
                    .ok_or_else(|| at(format!("expected \"TYPE:TRIGGER\", found {body:?}")))?;
                trigger_of.insert(id.to_string(), trigger.to_string());
                let roles = parts
                    .map(|p| {
                        p.split_once(':')
                            .map(|(r, a)| (r.to_string(), a.to_string()))
                            .ok_or_else(|| at(format!("expected ROLE:ID, found {p:?}")))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                pending.push((
                    line,
                    Pending::Event {
                        id: id.to_string(),
                        trigger: trigger.to_string(),
                        roles,
                    },
                ));
            }
            Some('R') => {
                let mut parts = body.split_whitespace();
                let label = parts.next().unwrap_or("").to_string();
                let args: Vec<(String, String)> = parts
                    .filter_map(|p| p.split_once(':'))
                    .map(|(r, a)| (r.to_string(), a.to_string()))
                    .collect();
                let find = |name: &str, fallback: usize| {
                    args.iter()
                        .find(|(r, _)| r == name)
                        .or(args.get(fallback))
                        .map(|(_, a)| a.clone())
                };
                let (Some(from), Some(to)) = (find("Arg1", 0), find("Arg2", 1)) else {
                    return Err(at(format!(
                        "expected \"TYPE Arg1:ID Arg2:ID\", found {body:?}"
                    )));
                };
                pending.push((
                    line,
                    Pending::Relation {
                        id: id.to_string(),
                        label,
                        from,
                        to,
                    },
                ));
            }
            Some('A') | Some('M') => {
                let parts: Vec<&str> = body.split_whitespace().collect();
                let (name, target, value) = match parts.as_slice() {
                    [name, target] => (*name, *target, "true"),
                    [name, target, value] => (*name, *target, *value),
                    _ => return Err(at(format!("expected \"NAME ID [VALUE]\", found {body:?}"))),
                };
                pending.push((
                    line,
                    Pending::Attribute {
                        name: name.to_string(),
                        target: target.to_string(),
                        value: value.to_string(),
                    },
                ));
            }
            Some('#') => {
                let (kind, target) = body
                    .split_once(' ')
                    .ok_or_else(|| at(format!("expected \"TYPE ID\", found {body:?}")))?;
                pending.push((
                    line,
                    Pending::Note {
                        kind: kind.to_string(),
                        target: target.trim().to_string(),
                        text: tail.unwrap_or("").to_string(),
                    },
                ));
            }
            Some('N') => {
                let parts: Vec<&str> = body.split_whitespace().collect();
                let [kind, target, reference] = parts.as_slice() else {
                    return Err(at(format!("expected \"TYPE ID DB:ID\", found {body:?}")));
                };
                let value = format!("{reference}\t{}", tail.unwrap_or(""));
                pending.push((
                    line,
                    Pending::Attribute {
                        name: format!("{NORMALIZATION_PREFIX}{kind}"),
                        target: target.to_string(),
                        value,
                    },
                ));
            }
            Some('*') => {
                let mut parts = body.split_whitespace();
                let kind = parts.next().unwrap_or("Equiv").to_string();
                let members: Vec<String> = parts.map(String::from).collect();
                pending.push((line, Pending::Equiv { kind, members }));
            }
            _ => notices.push(Notice {
                location: Location::line(path, line),
                message: format!("skipped a line of a kind Glossator does not read: {raw:?}"),
            }),
        }
    }

    // Second pass: everything that refers to ids.
    let resolve = |id: &str| -> Option<usize> {
        let target = trigger_of.get(id).map_or(id, String::as_str);
        span_of.get(target).copied()
    };
    let mut relation_of: HashMap<String, usize> = HashMap::new();
    let mut roles_of: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut shared_triggers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (line, item) in pending {
        let at = |message: String| ImportError::at(Location::line(path, line), message);
        let unknown = |id: &str| at(format!("refers to {id:?}, which this file does not define"));
        match item {
            Pending::Event { id, trigger, roles } => {
                let trigger_span = *span_of.get(&trigger).ok_or_else(|| unknown(&trigger))?;
                shared_triggers.entry(trigger.clone()).or_default().push(id);
                let names = roles_of.entry(trigger_span).or_default();
                for (role, argument) in roles {
                    resolve(&argument).ok_or_else(|| unknown(&argument))?;
                    if !names.contains(&role) {
                        names.push(role.clone());
                    }
                    document.relations.push(ImportRelation {
                        key: None,
                        from: trigger.clone(),
                        to: span_key(&document, resolve(&argument)),
                        label: role,
                        annotator: None,
                        note: String::new(),
                    });
                }
            }
            Pending::Relation {
                id,
                label,
                from,
                to,
            } => {
                let (from, to) = (
                    resolve(&from).ok_or_else(|| unknown(&from))?,
                    resolve(&to).ok_or_else(|| unknown(&to))?,
                );
                relation_of.insert(id.clone(), document.relations.len());
                document.relations.push(ImportRelation {
                    key: Some(id),
                    from: span_key(&document, Some(from)),
                    to: span_key(&document, Some(to)),
                    label,
                    annotator: None,
                    note: String::new(),
                });
            }
            Pending::Attribute {
                name,
                target,
                value,
            } => {
                if relation_of.contains_key(&target) {
                    notices.push(Notice { location: Location::line(path, line), message: format!("skipped attribute {name} of relation {target}: Glossator keeps attributes on spans only") });
                    continue;
                }
                let Some(span) = resolve(&target) else {
                    notices.push(dangling(path, line, &target));
                    continue;
                };
                set_attribute(&mut document.spans[span], name, value);
            }
            Pending::Note { kind, target, text } => {
                if let Some(&relation) = relation_of.get(&target) {
                    append_note(&mut document.relations[relation].note, &text);
                    continue;
                }
                let Some(span) = resolve(&target) else {
                    notices.push(dangling(path, line, &target));
                    continue;
                };
                if kind == "AnnotatorNotes" {
                    append_note(&mut document.spans[span].note, &text);
                } else {
                    set_attribute(
                        &mut document.spans[span],
                        format!("{NOTE_PREFIX}{kind}"),
                        text,
                    );
                }
            }
            Pending::Equiv { kind, members } => {
                let spans = members
                    .iter()
                    .map(|m| resolve(m).ok_or_else(|| unknown(m)))
                    .collect::<Result<Vec<_>, _>>()?;
                for pair in spans.windows(2) {
                    document.relations.push(ImportRelation {
                        key: None,
                        from: span_key(&document, Some(pair[0])),
                        to: span_key(&document, Some(pair[1])),
                        label: format!("{EQUIV_PREFIX}{kind}"),
                        annotator: None,
                        note: String::new(),
                    });
                }
            }
        }
    }
    for (span, mut roles) in roles_of {
        roles.sort();
        set_attribute(
            &mut document.spans[span],
            EVENT_ROLES.to_string(),
            roles.join(" "),
        );
    }
    for (trigger, events) in shared_triggers.into_iter().filter(|(_, e)| e.len() > 1) {
        notices.push(Notice {
            location: Location::file(path),
            message: format!(
                "events {} share the trigger {trigger}: kept as one event",
                events.join(", ")
            ),
        });
    }
    Ok(document)
}

/// A note or attribute whose annotation the file does not define: nothing to
/// attach it to, so it is reported.
fn dangling(path: &Path, line: usize, target: &str) -> Notice {
    Notice {
        location: Location::line(path, line),
        message: format!("skipped: refers to {target:?}, which this file does not define"),
    }
}

enum Pending {
    Event {
        id: String,
        trigger: String,
        roles: Vec<(String, String)>,
    },
    Relation {
        id: String,
        label: String,
        from: String,
        to: String,
    },
    Attribute {
        name: String,
        target: String,
        value: String,
    },
    Note {
        kind: String,
        target: String,
        text: String,
    },
    Equiv {
        kind: String,
        members: Vec<String>,
    },
}

fn span_key(document: &ImportDocument, index: Option<usize>) -> String {
    index
        .and_then(|i| document.spans[i].key.clone())
        .unwrap_or_default()
}

fn set_attribute(span: &mut ImportSpan, name: String, value: String) {
    match span.attributes.iter_mut().find(|(n, _)| *n == name) {
        Some(existing) => existing.1 = value,
        None => span.attributes.push((name, value)),
    }
}

fn append_note(note: &mut String, text: &str) {
    if !note.is_empty() {
        note.push('\n');
    }
    note.push_str(text);
}
