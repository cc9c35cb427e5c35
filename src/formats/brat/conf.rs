//! `annotation.conf` in (to a label schema) and out (from one).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::formats::ImportError;
use crate::model::schema::{SchemaFile, SchemaFileAttribute, SchemaFileLabel, SchemaFileRelation};

/// Reads the schema of an `annotation.conf` (and the colours of `visual.conf`):
/// entity and event types become span labels, event roles and relation types
/// relation types with the pairs they may join, attributes attributes.
/// Abstract types ("!Life") and `<OVERLAP>` rules are left out.
///
/// An attribute declared over a whole class (`Arg:<ANY>`, `<ENTITY>`,
/// `<EVENT>`) goes only to the types whose annotations carry it in the
/// corpus (`used`: type → attribute names), not to every type; one that
/// names its types goes to those. A type without a `visual.conf` colour gets
/// none here (an empty colour): the import picks one no label has.
pub fn parse_annotation_conf(
    _path: &Path,
    text: &str,
    visual: Option<&str>,
    used: &BTreeMap<String, BTreeSet<String>>,
) -> Result<SchemaFile, ImportError> {
    let mut sections: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut macros: BTreeMap<String, String> = BTreeMap::new();
    let mut section = String::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(name) = trimmed.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            section = name.trim().to_string();
            continue;
        }
        if let Some((name, value)) = trimmed
            .split_once('=')
            .filter(|(n, _)| n.starts_with('<') && n.ends_with('>'))
        {
            macros.insert(name.to_string(), value.trim().to_string());
            continue;
        }
        sections
            .entry(section.clone())
            .or_default()
            .push(trimmed.to_string());
    }
    let first_field = |line: &str| line.split_whitespace().next().unwrap_or("").to_string();
    let concrete = |lines: Option<&Vec<String>>| -> Vec<String> {
        lines
            .into_iter()
            .flatten()
            .filter(|l| !l.starts_with('!'))
            .map(|l| first_field(l))
            .collect()
    };
    let mut entities = concrete(sections.get("entities"));
    entities.extend(concrete(sections.get("spans")));
    let events = concrete(sections.get("events"));
    let colors = visual.map(parse_visual_colors).unwrap_or_default();

    // "A|<POG>|<ENTITY>" → concrete types.
    let expand = |types: &str| -> Vec<String> {
        let mut out = Vec::new();
        for name in types.split('|').map(str::trim) {
            match name {
                "<ENTITY>" => out.extend(entities.iter().cloned()),
                "<EVENT>" => out.extend(events.iter().cloned()),
                "<ANY>" => out.extend(entities.iter().chain(&events).cloned()),
                _ if macros.contains_key(name) => {
                    out.extend(macros[name].split('|').map(|s| s.trim().to_string()))
                }
                _ => out.push(name.to_string()),
            }
        }
        out.retain(|t| entities.contains(t) || events.contains(t));
        out
    };
    // "Role?:A|B, Role2+:C" → (role, types); no types when a whole class
    // ("<ANY>") is allowed, which needs no rules.
    let arguments = |spec: &str| -> Vec<(String, Vec<String>)> {
        spec.split(',')
            .filter_map(|arg| arg.trim().split_once(':'))
            .filter(|(role, _)| !role.starts_with('<'))
            .map(|(role, types)| {
                let role = role.trim_end_matches(['?', '*', '+']);
                let role = role.split('{').next().unwrap_or(role);
                let types = if unconstrained(types) {
                    Vec::new()
                } else {
                    expand(types)
                };
                (role.to_string(), types)
            })
            .collect()
    };
    let rest = |line: &str| {
        line.split_once(char::is_whitespace)
            .map_or(String::new(), |(_, r)| r.to_string())
    };

    let mut relations: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
    for line in sections.get("relations").into_iter().flatten() {
        let name = first_field(line);
        if name.starts_with('<') {
            continue;
        }
        let spec = rest(line);
        let pairs = relations.entry(name).or_default();
        // Over a whole class ("<ANY>") a relation may join anything: no rules.
        if unconstrained(&spec) {
            continue;
        }
        let args = arguments(&spec);
        if let [(_, from), (_, to), ..] = args.as_slice() {
            for a in from {
                for b in to {
                    pairs.insert((a.clone(), b.clone()));
                }
            }
        }
    }
    for line in sections
        .get("events")
        .into_iter()
        .flatten()
        .filter(|l| !l.starts_with('!'))
    {
        let event = first_field(line);
        for (role, types) in arguments(&rest(line)) {
            let pairs = relations.entry(role).or_default();
            for t in types {
                pairs.insert((event.clone(), t));
            }
        }
    }
    let mut attributes_of: BTreeMap<String, Vec<SchemaFileAttribute>> = BTreeMap::new();
    for line in sections.get("attributes").into_iter().flatten() {
        let name = first_field(line);
        let spec = rest(line);
        let mut targets = Vec::new();
        let mut values = Vec::new();
        for part in spec.split(',') {
            match part.trim().split_once(':') {
                Some(("Arg", types)) if unconstrained(types) => {
                    targets = expand(types);
                    targets.retain(|t| used.get(t).is_some_and(|names| names.contains(&name)));
                }
                Some(("Arg", types)) => targets = expand(types),
                Some(("Value", list)) => {
                    values = list.split('|').map(|v| v.trim().to_string()).collect()
                }
                _ => {}
            }
        }
        let kind = if values.is_empty() { "flag" } else { "choice" };
        for target in targets {
            attributes_of
                .entry(target)
                .or_default()
                .push(SchemaFileAttribute {
                    name: name.clone(),
                    kind: kind.into(),
                    values: values.clone(),
                });
        }
    }
    let labels = entities
        .iter()
        .chain(&events)
        .map(|name| SchemaFileLabel {
            name: name.clone(),
            color: colors.get(name).cloned().unwrap_or_default(),
            shortcut: None,
            attributes: attributes_of.remove(name).unwrap_or_default(),
        })
        .collect();
    let relations = relations
        .into_iter()
        .map(|(name, pairs)| SchemaFileRelation {
            color: colors.get(&name).cloned().unwrap_or_default(),
            name,
            pairs: pairs.into_iter().collect(),
        })
        .collect();
    Ok(SchemaFile { labels, relations })
}

/// Whether a relation's arguments name a whole class of types.
fn unconstrained(spec: &str) -> bool {
    ["<ANY>", "<ENTITY>", "<EVENT>"]
        .iter()
        .any(|class| spec.contains(class))
}

/// `Type<TAB>bgColor:#rrggbb, …` lines of `visual.conf`.
fn parse_visual_colors(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter_map(|line| {
            let (name, rest) = line.trim().split_once(char::is_whitespace)?;
            let color = rest
                .split(',')
                .find_map(|part| part.trim().strip_prefix("bgColor:"))?;
            crate::model::schema::parse_hex_color(color.trim())?;
            Some((name.to_string(), color.trim().to_string()))
        })
        .collect()
}

/// What the exporter knows of the project, to declare in `annotation.conf`.
pub struct ConfInput {
    pub entities: BTreeSet<String>,
    /// Event type → its role names.
    pub events: BTreeMap<String, BTreeSet<String>>,
    pub relations: BTreeSet<String>,
    /// Equivalence kinds ("Equiv").
    pub equivalences: BTreeSet<String>,
    /// Attribute name → its values (empty: binary).
    pub attributes: BTreeMap<String, BTreeSet<String>>,
    /// Attribute name → the types that define or use it (brat's names are
    /// global; declaring `Arg:<ANY>` gave every type every attribute on the
    /// way back in).
    pub attribute_targets: BTreeMap<String, BTreeSet<String>>,
}

/// An `annotation.conf` that declares everything the exported files use, so
/// brat opens them without complaint; overlapping spans are allowed.
pub fn write_annotation_conf(input: &ConfInput) -> String {
    let mut out = String::from("# Written by Glossator.\n\n[entities]\n");
    for entity in &input.entities {
        out += &format!("{entity}\n");
    }
    out += "\n[relations]\n<OVERLAP>\tArg1:<ANY>, Arg2:<ANY>, <OVL-TYPE>:<ANY>\n";
    for relation in &input.relations {
        out += &format!("{relation}\tArg1:<ANY>, Arg2:<ANY>\n");
    }
    for kind in &input.equivalences {
        out += &format!("{kind}\tArg1:<ANY>, Arg2:<ANY>, <REL-TYPE>:symmetric-transitive\n");
    }
    out += "\n[events]\n";
    for (event, roles) in &input.events {
        let args: Vec<String> = roles.iter().map(|r| format!("{r}*:<ANY>")).collect();
        if args.is_empty() {
            out += &format!("{event}\n");
        } else {
            out += &format!("{event}\t{}\n", args.join(", "));
        }
    }
    out += "\n[attributes]\n";
    for (name, values) in &input.attributes {
        let targets = input
            .attribute_targets
            .get(name)
            .filter(|t| !t.is_empty())
            .map_or_else(
                || "<ANY>".to_string(),
                |t| t.iter().cloned().collect::<Vec<_>>().join("|"),
            );
        if values.is_empty() {
            out += &format!("{name}\tArg:{targets}\n");
        } else {
            out += &format!(
                "{name}\tArg:{targets}, Value:{}\n",
                values.iter().cloned().collect::<Vec<_>>().join("|")
            );
        }
    }
    out
}
