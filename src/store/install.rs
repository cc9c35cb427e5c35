//! Installing a label schema file into a project.

use std::collections::HashMap;

use super::{Reader, StoreError, Tx};
use crate::model::schema::SchemaFile;
use crate::model::{AttributeKind, LabelId, LabelKind};

impl Tx<'_> {
    /// Adds the labels, attributes and relation types of `schema` that the project
    /// does not have yet; what it has is left as it is.
    pub fn install_schema(&self, schema: &SchemaFile) -> Result<(), StoreError> {
        let existing = self.schema()?;
        // Read once, then kept up to date: a brat corpus declares thousands of types.
        let mut ids: HashMap<(LabelKind, String), LabelId> = existing
            .labels()
            .iter()
            .map(|l| ((l.kind, l.name.clone()), l.id))
            .collect();
        for label in &schema.labels {
            let key = (LabelKind::Span, label.name.clone());
            let label_id = match ids.get(&key) {
                Some(id) => *id,
                None => {
                    let id = self.add_label(
                        LabelKind::Span,
                        &label.name,
                        &label.color,
                        label.shortcut.as_deref(),
                    )?;
                    ids.insert(key, id);
                    id
                }
            };
            for attribute in &label.attributes {
                let kind = AttributeKind::parse(&attribute.kind).ok_or_else(|| {
                    StoreError::BadSchemaFile(format!(
                        "attribute {:?} of {:?} has kind {:?}; expected \"choice\", \"flag\" or \"text\"",
                        attribute.name, label.name, attribute.kind
                    ))
                })?;
                let attribute_id = match self.attribute_def_id(label_id, &attribute.name)? {
                    Some(id) => id,
                    None => self.add_attribute_def(label_id, &attribute.name, kind)?,
                };
                for value in &attribute.values {
                    self.add_attribute_value(attribute_id, value)?;
                }
            }
        }
        for relation in &schema.relations {
            let key = (LabelKind::Relation, relation.name.clone());
            let relation_id = match ids.get(&key) {
                Some(id) => *id,
                None => {
                    let id =
                        self.add_label(LabelKind::Relation, &relation.name, &relation.color, None)?;
                    ids.insert(key, id);
                    id
                }
            };
            for (from, to) in &relation.pairs {
                let find = |name: &str| {
                    ids.get(&(LabelKind::Span, name.to_string()))
                        .copied()
                        .ok_or_else(|| {
                            StoreError::BadSchemaFile(format!(
                            "relation {:?} joins label {name:?}, which the schema does not define",
                            relation.name
                        ))
                        })
                };
                self.add_relation_rule(relation_id, find(from)?, find(to)?)?;
            }
        }
        Ok(())
    }
}
