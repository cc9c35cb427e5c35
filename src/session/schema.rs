//! Changes to the label schema, from the schema editor or a schema file, with
//! the rules of `model::schema_rules`: the CLI and the window refuse the
//! same things with the same words.

use std::path::{Path, PathBuf};

use crate::formats::atomic::WriteError;
use crate::model::schema::{palette_color, SchemaFile};
use crate::model::schema_rules::{check_label_name, check_shortcut, KeyProblem, NameProblem};
use crate::model::{AttributeKind, LabelId, LabelKind};
use crate::store::{Reader, SchemaQueries, Store, StoreError};

use super::Session;

/// One change the schema editor asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum SchemaChange {
    Rename(LabelId, String),
    Color(LabelId, String),
    Shortcut(LabelId, Option<String>),
    Swap(LabelId, LabelId),
    /// Removes a label; its annotations move to the second label when given.
    Remove(LabelId, Option<LabelId>),
    Add(LabelKind),
    AddAttribute(LabelId, String),
    RemoveAttribute(LabelId, String),
    SetValues(LabelId, String, Vec<String>),
    AddRule(LabelId, LabelId, LabelId),
    RemoveRule(LabelId, LabelId, LabelId),
}

/// Why a schema change or a schema file is refused.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    #[error("label {0}")]
    LabelName(NameProblem),
    #[error("attribute {0}")]
    AttributeName(NameProblem),
    #[error("{0}")]
    Key(KeyProblem),
    #[error("that label no longer exists")]
    NoSuchLabel,
    #[error("there is already a label named {0:?}")]
    NameTaken(String),
    #[error("the label already has an attribute {0:?}")]
    AttributeTaken(String),
    #[error(
        "{} may only join {label} spans; without {label} {} would join anything. Change {} pairs or remove {} first, or move {label}'s annotations to another label",
        quoted_list(.relations), if .relations.len() == 1 { "it" } else { "they" },
        if .relations.len() == 1 { "its" } else { "their" }, if .relations.len() == 1 { "it" } else { "them" }
    )]
    OnlyRulesName {
        label: String,
        relations: Vec<String>,
    },
    #[error("value {value:?} is used by {spans} spans; change them first, or keep the value")]
    ValueInUse { value: String, spans: usize },
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}:{line}: bad schema file at column {column}: {message}", path.display())]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    /// The file parses but breaks the rules; one problem per entry.
    #[error("{}: {}", path.display(), problems.join("; "))]
    Rules {
        path: PathBuf,
        problems: Vec<String>,
    },
    #[error(transparent)]
    Write(#[from] crate::formats::atomic::WriteError),
    #[error("cannot write the schema as JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// `"agent"`, `"agent" and "target"`, `"agent", "target" and "place"`.
fn quoted_list(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// What installing a schema file added, in the sentence the CLI and the
/// window both say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaImported {
    pub path: PathBuf,
    pub labels_added: usize,
    pub attributes: usize,
}

impl std::fmt::Display for SchemaImported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Imported the schema of {}: {} labels and relation types added, {} attributes now.",
            self.path.display(),
            self.labels_added,
            self.attributes
        )
    }
}

/// Reads and checks a schema file against the project's schema.
pub fn read_schema_file(store: &Store, path: &Path) -> Result<SchemaFile, SchemaError> {
    let text = std::fs::read_to_string(path).map_err(|source| SchemaError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let file: SchemaFile = serde_json::from_str(&text).map_err(|e| SchemaError::Syntax {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let problems = file.problems(&store.schema()?);
    if !problems.is_empty() {
        return Err(SchemaError::Rules {
            path: path.to_path_buf(),
            problems,
        });
    }
    Ok(file)
}

/// Adds what the schema file at `path` has and the project lacks, in one
/// transaction (`glossator schema --import`, Edit › Label schema › Import).
pub fn import_schema_file(store: &mut Store, path: &Path) -> Result<SchemaImported, SchemaError> {
    let file = read_schema_file(store, path)?;
    let before = store.schema()?.labels().len();
    store.write(|tx| tx.install_schema(&file))?;
    let after = store.schema()?;
    Ok(SchemaImported {
        path: path.to_path_buf(),
        labels_added: after.labels().len() - before,
        attributes: after.attributes.len(),
    })
}

/// The project's schema as the JSON file users share.
pub fn schema_json(store: &Store) -> Result<String, SchemaError> {
    Ok(serde_json::to_string_pretty(&store.schema()?.to_file())? + "\n")
}

/// Writes the project's schema to `path`, whole or not at all.
pub fn export_schema_file(store: &Store, path: &Path) -> Result<(), SchemaError> {
    // Never onto the project itself, its log, lock or backups.
    store.refuse_as_output(path)?;
    let json = schema_json(store)?;
    crate::formats::atomic::write_atomically(path, |out| {
        out.write_all(json.as_bytes())
            .map_err(|source| WriteError::Write {
                path: path.to_path_buf(),
                source,
            })
            .map_err(SchemaError::from)
    })
}

impl Session {
    /// Applies one change of the schema editor, after its checks.
    pub fn change_schema_by(&mut self, change: SchemaChange) -> Result<(), SchemaError> {
        let schema = self.schema().clone();
        match change {
            SchemaChange::Rename(id, name) => {
                let name = name.trim().to_string();
                check_label_name(&name).map_err(SchemaError::LabelName)?;
                let kind = schema
                    .label(id)
                    .map(|l| l.kind)
                    .ok_or(SchemaError::NoSuchLabel)?;
                if schema
                    .label_by_name(kind, &name)
                    .is_some_and(|other| other.id != id)
                {
                    return Err(SchemaError::NameTaken(name));
                }
                self.change_schema(false, |tx| tx.rename_label(id, &name))?;
            }
            SchemaChange::Color(id, color) => {
                self.change_schema(false, |tx| tx.set_label_color(id, &color))?
            }
            SchemaChange::Shortcut(id, key) => {
                if let Some(key) = &key {
                    check_shortcut(&schema, Some(id), key).map_err(SchemaError::Key)?;
                }
                self.change_schema(false, |tx| tx.set_label_shortcut(id, key.as_deref()))?;
            }
            SchemaChange::Swap(a, b) => {
                self.change_schema(false, |tx| tx.swap_label_order(a, b))?
            }
            SchemaChange::Remove(id, replacement) => {
                self.check_label_removal(id, replacement)?;
                self.change_schema(true, |tx| tx.remove_label(id, replacement))?
            }
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
                self.change_schema(false, |tx| {
                    tx.add_label(kind, &name, palette_color(count), None)
                        .map(|_| ())
                })?;
            }
            SchemaChange::AddAttribute(label, name) => {
                check_label_name(&name).map_err(SchemaError::AttributeName)?;
                if schema.attributes_of(label).any(|a| a.name == name) {
                    return Err(SchemaError::AttributeTaken(name));
                }
                self.change_schema(false, |tx| {
                    tx.add_attribute_def(label, &name, AttributeKind::Choice)
                        .map(|_| ())
                })?;
            }
            SchemaChange::RemoveAttribute(label, name) => {
                self.change_schema(true, |tx| tx.remove_attribute_def(label, &name))?
            }
            SchemaChange::SetValues(label, name, values) => {
                let current = schema
                    .attributes_of(label)
                    .find(|a| a.name == name)
                    .map(|a| a.values.clone())
                    .unwrap_or_default();
                for dropped in current.iter().filter(|v| !values.contains(v)) {
                    let spans = self.store().attribute_usage(label, &name, Some(dropped))?;
                    if spans > 0 {
                        return Err(SchemaError::ValueInUse {
                            value: dropped.clone(),
                            spans,
                        });
                    }
                }
                self.change_schema(false, |tx| tx.set_attribute_values(label, &name, &values))?;
            }
            SchemaChange::AddRule(relation, from, to) => {
                self.change_schema(false, |tx| tx.add_relation_rule(relation, from, to))?
            }
            SchemaChange::RemoveRule(relation, from, to) => {
                self.change_schema(false, |tx| tx.remove_relation_rule(relation, from, to))?
            }
        }
        Ok(())
    }

    /// Installs a schema file into this project and re-reads the schema.
    pub fn import_schema(&mut self, path: &Path) -> Result<SchemaImported, SchemaError> {
        let imported = import_schema_file(&mut self.store, path)?;
        self.changes += 1;
        self.reload()?;
        Ok(imported)
    }

    pub fn export_schema(&self, path: &Path) -> Result<(), SchemaError> {
        export_schema_file(self.store(), path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session() -> Session {
        let mut store = Store::in_memory().unwrap();
        crate::project::seed_sample(&mut store).unwrap();
        Session::new(store).unwrap()
    }

    /// The window's import and `glossator schema --import` are one function:
    /// same checks, same sentence.
    #[test]
    fn the_app_imports_a_schema_file_with_the_clis_checks_and_words() {
        let dir = tempfile::tempdir().unwrap();
        let mut session = session();
        let mut file = session.schema().to_file();
        file.labels.push(crate::model::schema::SchemaFileLabel {
            name: "PLACE".into(),
            color: "#336699".into(),
            shortcut: Some("4".into()),
            attributes: Vec::new(),
        });
        let path = dir.path().join("team.json");
        std::fs::write(&path, serde_json::to_string(&file).unwrap()).unwrap();
        let imported = session.import_schema(&path).unwrap();
        let said = imported.to_string();
        assert!(said.starts_with("Imported the schema of "), "{said}");
        assert_eq!(imported.labels_added, 1, "{said}");
        assert!(session
            .schema()
            .label_by_name(LabelKind::Span, "PLACE")
            .is_some());

        file.labels[3].name = "SITE".into();
        std::fs::write(&path, serde_json::to_string(&file).unwrap()).unwrap();
        let refused = session.import_schema(&path).unwrap_err().to_string();
        assert!(
            refused.ends_with("label \"SITE\": key \"4\" already tags PLACE"),
            "{refused}"
        );
    }

    #[test]
    fn a_schema_export_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let session = session();
        let path = dir.path().join("schema.json");
        session.export_schema(&path).unwrap();
        let back: SchemaFile =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(back, session.schema().to_file());
    }
}
