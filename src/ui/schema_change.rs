//! Applies the schema editor's changes, with the checks a user needs: unique
//! names, one-key shortcuts without clashes, values in use kept.

use std::path::Path;

use crate::model::schema::{check_label_name, palette_color, SchemaFile};
use crate::model::{AttributeKind, LabelKind};
use crate::session::Session;
use crate::store::SchemaQueries;
use crate::ui::schema_editor::SchemaChange;

/// Keys the article keeps for itself.
const RESERVED_KEYS: [&str; 1] = ["r"];

pub fn apply(session: &mut Session, change: SchemaChange) -> Result<(), String> {
    let schema = session.schema().clone();
    let fail = |e: crate::store::StoreError| e.to_string();
    match change {
        SchemaChange::Rename(id, name) => {
            let name = name.trim().to_string();
            check_label_name(&name).map_err(|p| format!("label {p}"))?;
            let kind = schema
                .label(id)
                .map(|l| l.kind)
                .ok_or("that label no longer exists")?;
            if schema
                .label_by_name(kind, &name)
                .is_some_and(|other| other.id != id)
            {
                return Err(format!("there is already a label named {name:?}"));
            }
            session
                .change_schema(false, |tx| tx.rename_label(id, &name))
                .map_err(fail)
        }
        SchemaChange::Color(id, color) => session
            .change_schema(false, |tx| tx.set_label_color(id, &color))
            .map_err(fail),
        SchemaChange::Shortcut(id, key) => {
            if let Some(key) = &key {
                let lower = key.to_lowercase();
                if RESERVED_KEYS.contains(&lower.as_str()) {
                    return Err(format!("{key:?} starts a relation; choose another key"));
                }
                if let Some(other) = schema.span_labels().find(|l| {
                    l.id != id
                        && l.shortcut.as_deref().map(str::to_lowercase) == Some(lower.clone())
                }) {
                    return Err(format!("key {key:?} already tags {}", other.name));
                }
            }
            session
                .change_schema(false, |tx| tx.set_label_shortcut(id, key.as_deref()))
                .map_err(fail)
        }
        SchemaChange::Swap(a, b) => session
            .change_schema(false, |tx| tx.swap_label_order(a, b))
            .map_err(fail),
        SchemaChange::Remove(id, replacement) => session
            .change_schema(true, |tx| tx.remove_label(id, replacement))
            .map_err(fail),
        SchemaChange::Add(kind) => {
            let count = schema.labels().iter().filter(|l| l.kind == kind).count();
            let stem = if kind == LabelKind::Span {
                "LABEL"
            } else {
                "relation"
            };
            let name = (1..)
                .map(|n| format!("{stem}{n}"))
                .find(|n| schema.label_by_name(kind, n).is_none())
                .unwrap_or_default();
            session
                .change_schema(false, |tx| {
                    tx.add_label(kind, &name, palette_color(count), None)
                        .map(|_| ())
                })
                .map_err(fail)
        }
        SchemaChange::AddAttribute(label, name) => {
            check_label_name(&name).map_err(|p| format!("attribute {p}"))?;
            if schema.attributes_of(label).any(|a| a.name == name) {
                return Err(format!("the label already has an attribute {name:?}"));
            }
            session
                .change_schema(false, |tx| {
                    tx.add_attribute_def(label, &name, AttributeKind::Choice)
                        .map(|_| ())
                })
                .map_err(fail)
        }
        SchemaChange::RemoveAttribute(label, name) => session
            .change_schema(true, |tx| tx.remove_attribute_def(label, &name))
            .map_err(fail),
        SchemaChange::SetValues(label, name, values) => {
            let current = schema
                .attributes_of(label)
                .find(|a| a.name == name)
                .map(|a| a.values.clone())
                .unwrap_or_default();
            for dropped in current.iter().filter(|v| !values.contains(v)) {
                let used = session
                    .store()
                    .attribute_usage(label, &name, Some(dropped))
                    .map_err(fail)?;
                if used > 0 {
                    return Err(format!("value {dropped:?} is used by {used} spans; change them first, or keep the value"));
                }
            }
            session
                .change_schema(false, |tx| tx.set_attribute_values(label, &name, &values))
                .map_err(fail)
        }
        SchemaChange::AddRule(relation, from, to) => session
            .change_schema(false, |tx| tx.add_relation_rule(relation, from, to))
            .map_err(fail),
        SchemaChange::RemoveRule(relation, from, to) => session
            .change_schema(false, |tx| tx.remove_relation_rule(relation, from, to))
            .map_err(fail),
    }
}

pub fn import(session: &mut Session, path: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let file: SchemaFile = serde_json::from_str(&text).map_err(|e| {
        format!(
            "{}:{}: bad schema file at column {}: {e}",
            path.display(),
            e.line(),
            e.column()
        )
    })?;
    let problems = file.problems(session.schema());
    if !problems.is_empty() {
        return Err(format!("{}: {}", path.display(), problems.join("; ")));
    }
    session
        .change_schema(false, |tx| tx.install_schema(&file))
        .map_err(|e| e.to_string())?;
    Ok(format!("Imported the schema of {}", path.display()))
}

pub fn export(session: &Session, path: &Path) -> Result<(), String> {
    session
        .store()
        .refuse_as_output(path)
        .map_err(|e| e.to_string())?;
    let json = serde_json::to_string_pretty(&session.schema().to_file())
        .map_err(|e| e.to_string())?
        + "\n";
    crate::formats::atomic::write_atomically(path, |out| Ok(out.write_all(json.as_bytes())?))
        .map_err(|e| format!("{e:#}"))
}
