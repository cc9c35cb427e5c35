//! The rules a label schema keeps, whoever changes it (the schema editor,
//! `glossator schema --import`, an import that declares labels): names that
//! can be shown and exported, one-key shortcuts that do not clash.

use std::collections::BTreeMap;
use std::fmt;

use super::schema::{parse_hex_color, SchemaFile};
use super::{AttributeKind, LabelId, LabelKind, Schema};

/// The longest label or attribute name accepted (brat corpora use cluster ids
/// of 300 characters as types).
pub const MAX_LABEL_NAME_CHARS: usize = 1000;

/// Keys the article keeps for itself (R starts a relation).
pub const RESERVED_KEYS: [&str; 1] = ["r"];

/// Why a label, relation, attribute or value name is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameProblem {
    Empty,
    Control { name: String, code: u32 },
    TooLong { len_chars: usize },
}

impl fmt::Display for NameProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => write!(f, "name is empty"),
            Self::Control { name, code } => write!(
                f,
                "name {name:?} contains the control character U+{code:04X}"
            ),
            Self::TooLong { len_chars } => write!(
                f,
                "name is {len_chars} characters long; at most {MAX_LABEL_NAME_CHARS} are allowed"
            ),
        }
    }
}

/// Checks a label, relation or attribute name: not blank, no control
/// characters, at most [`MAX_LABEL_NAME_CHARS`].
pub fn check_label_name(name: &str) -> Result<(), NameProblem> {
    if name.trim().is_empty() {
        return Err(NameProblem::Empty);
    }
    if let Some(control) = name.chars().find(|c| c.is_control()) {
        return Err(NameProblem::Control {
            name: name.to_string(),
            code: control as u32,
        });
    }
    let len_chars = name.chars().count();
    if len_chars > MAX_LABEL_NAME_CHARS {
        return Err(NameProblem::TooLong { len_chars });
    }
    Ok(())
}

/// Why a shortcut key is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyProblem {
    /// Not exactly one visible character.
    NotOneKey { key: String },
    /// A key the article uses itself.
    Reserved { key: String },
    /// Another label has it.
    Taken { key: String, label: String },
}

impl fmt::Display for KeyProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotOneKey { key } => write!(
                f,
                "shortcut {key:?} must be one key (a letter, digit or sign)"
            ),
            Self::Reserved { key } => write!(f, "{key:?} starts a relation; choose another key"),
            Self::Taken { key, label } => write!(f, "key {key:?} already tags {label}"),
        }
    }
}

/// Checks a span label's shortcut: one visible character, not reserved, and
/// not the key of another label of `schema` than `label`.
pub fn check_shortcut(
    schema: &Schema,
    label: Option<LabelId>,
    key: &str,
) -> Result<(), KeyProblem> {
    let mut chars = key.chars();
    let one = matches!((chars.next(), chars.next()), (Some(c), None) if !c.is_control() && !c.is_whitespace());
    if !one {
        return Err(KeyProblem::NotOneKey { key: key.into() });
    }
    let lower = key.to_lowercase();
    if RESERVED_KEYS.contains(&lower.as_str()) {
        return Err(KeyProblem::Reserved { key: key.into() });
    }
    match schema.span_labels().find(|l| {
        Some(l.id) != label && l.shortcut.as_deref().map(str::to_lowercase).as_ref() == Some(&lower)
    }) {
        Some(other) => Err(KeyProblem::Taken {
            key: key.into(),
            label: other.name.clone(),
        }),
        None => Ok(()),
    }
}

impl SchemaFile {
    /// Checks names, colours, shortcuts and that every pair names a label of
    /// the file or of `existing`, with the same rules as the schema editor.
    /// Returns the problems, one line each.
    pub fn problems(&self, existing: &Schema) -> Vec<String> {
        let mut problems = Vec::new();
        let mut shortcuts = BTreeMap::new();
        for label in &self.labels {
            if let Err(p) = check_label_name(&label.name) {
                problems.push(format!("label {:?}: {p}", label.name));
            }
            if parse_hex_color(&label.color).is_none() {
                problems.push(format!(
                    "label {:?}: colour {:?} is not #rrggbb",
                    label.name, label.color
                ));
            }
            if let Some(key) = &label.shortcut {
                // A label the project has keeps its own key (installing adds
                // only what is missing): only a new one can clash with it.
                let is_new = existing
                    .label_by_name(LabelKind::Span, &label.name)
                    .is_none();
                let others = if is_new { existing } else { &Schema::default() };
                if let Some(other) = shortcuts.insert(key.to_lowercase(), &label.name) {
                    problems.push(format!(
                        "labels {other:?} and {:?} share the shortcut {key:?}",
                        label.name
                    ));
                } else if let Err(p) = check_shortcut(others, None, key) {
                    problems.push(format!("label {:?}: {p}", label.name));
                }
            }
            for attribute in &label.attributes {
                if let Err(p) = check_label_name(&attribute.name) {
                    problems.push(format!(
                        "attribute {:?} of {:?}: {p}",
                        attribute.name, label.name
                    ));
                }
                if AttributeKind::parse(&attribute.kind).is_none() {
                    problems.push(format!(
                        "attribute {:?} of {:?}: kind {:?} is not choice, flag or text",
                        attribute.name, label.name, attribute.kind
                    ));
                }
                for value in &attribute.values {
                    if let Err(p) = check_label_name(value) {
                        problems.push(format!(
                            "value {value:?} of attribute {:?} of {:?}: {}",
                            attribute.name,
                            label.name,
                            p.to_string().replacen("name", "value", 1)
                        ));
                    }
                }
            }
        }
        for relation in &self.relations {
            if let Err(p) = check_label_name(&relation.name) {
                problems.push(format!("relation {:?}: {p}", relation.name));
            }
            if parse_hex_color(&relation.color).is_none() {
                problems.push(format!(
                    "relation {:?}: colour {:?} is not #rrggbb",
                    relation.name, relation.color
                ));
            }
            for (from, to) in &relation.pairs {
                for end in [from, to] {
                    let known = self.labels.iter().any(|l| &l.name == end)
                        || existing.label_by_name(LabelKind::Span, end).is_some();
                    if !known {
                        problems.push(format!(
                            "relation {:?} joins {end:?}, which is no span label",
                            relation.name
                        ));
                    }
                }
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::schema::default_schema_file;

    #[test]
    fn label_names_are_checked() {
        assert!(check_label_name("EVENT").is_ok());
        assert!(check_label_name("  ").is_err());
        let control = check_label_name("a\u{7}b").unwrap_err().to_string();
        assert!(control.contains("U+0007"), "{control}");
        let long = check_label_name(&"x".repeat(10_000))
            .unwrap_err()
            .to_string();
        assert!(long.contains("10000"), "{long}");
    }

    fn news() -> Schema {
        let mut schema = Schema::default();
        for (n, label) in default_schema_file().labels.iter().enumerate() {
            schema.push_label(crate::model::Label {
                id: LabelId(n as i64 + 1),
                kind: LabelKind::Span,
                name: label.name.clone(),
                color: label.color.clone(),
                shortcut: label.shortcut.clone(),
                sort_order: n as i64,
            });
        }
        schema
    }

    #[test]
    fn shortcuts_are_one_free_unreserved_key() {
        let schema = news();
        let event = schema.label_by_name(LabelKind::Span, "EVENT").unwrap().id;
        assert_eq!(check_shortcut(&schema, Some(event), "1"), Ok(()));
        assert_eq!(check_shortcut(&schema, None, "4"), Ok(()));
        let refused = |key: &str| check_shortcut(&schema, None, key).unwrap_err().to_string();
        assert_eq!(refused("2"), "key \"2\" already tags ACTOR");
        assert_eq!(refused("R"), "\"R\" starts a relation; choose another key");
        assert!(refused("\0").contains("must be one key"));
        assert!(refused("ab").contains("must be one key"));
        assert!(refused(" ").contains("must be one key"));
    }

    /// `schema --import` once accepted what the editor refuses (issue 13
    /// item 14): the same rules now apply to a file.
    #[test]
    fn a_schema_file_keeps_the_editors_rules() {
        let existing = news();
        let mut file = default_schema_file();
        file.labels.truncate(0);
        let label = |name: &str, key: &str| crate::model::schema::SchemaFileLabel {
            name: name.into(),
            color: "#336699".into(),
            shortcut: Some(key.into()),
            attributes: Vec::new(),
        };
        file.relations.clear();
        for (name, key) in [("A", "2"), ("B", "r"), ("C", "\0"), ("D", "\u{1b}")] {
            file.labels.push(label(name, key));
        }
        file.labels.push(label(&"N".repeat(5000), "7"));
        file.labels.push(label("E\u{7}", "8"));
        let mut with_attribute = label("F", "9");
        with_attribute
            .attributes
            .push(crate::model::schema::SchemaFileAttribute {
                name: "x".repeat(5000),
                kind: "choice".into(),
                values: vec!["ok".into(), "bad\u{0}".into()],
            });
        file.labels.push(with_attribute);
        let problems = file.problems(&existing);
        assert_eq!(problems.len(), 8, "{problems:#?}");
        assert!(
            problems[0].contains("already tags ACTOR"),
            "{}",
            problems[0]
        );
        assert!(problems[1].contains("starts a relation"), "{}", problems[1]);
        // An existing label keeps its key: naming it again is no clash.
        let mut again = default_schema_file();
        again.relations.clear();
        assert_eq!(again.problems(&existing), Vec::<String>::new());
    }
}
