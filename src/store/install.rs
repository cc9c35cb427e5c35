//! Installing a label schema file into a project.

use super::{Reader, StoreError, Tx};
use crate::model::schema::SchemaFile;
use crate::model::{AttributeKind, LabelKind};

impl Tx<'_> {
    /// Adds the labels, attributes and relation types of `schema` that the project
    /// does not have yet; what it has is left as it is.
    pub fn install_schema(&self, schema: &SchemaFile) -> Result<(), StoreError> {
        for label in &schema.labels {
            let existing = self.schema()?;
            let label_id = match existing.label_by_name(LabelKind::Span, &label.name) {
                Some(found) => found.id,
                None => self.add_label(
                    LabelKind::Span,
                    &label.name,
                    &label.color,
                    label.shortcut.as_deref(),
                )?,
            };
            for attribute in &label.attributes {
                let kind = AttributeKind::parse(&attribute.kind).ok_or_else(|| {
                    StoreError::Corrupt(format!(
                        "attribute {:?} of {:?} has kind {:?}; expected \"choice\" or \"flag\"",
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
            let existing = self.schema()?;
            let relation_id = match existing.label_by_name(LabelKind::Relation, &relation.name) {
                Some(found) => found.id,
                None => {
                    self.add_label(LabelKind::Relation, &relation.name, &relation.color, None)?
                }
            };
            for (from, to) in &relation.pairs {
                let find = |name: &str| {
                    existing
                        .label_by_name(LabelKind::Span, name)
                        .map(|label| label.id)
                        .ok_or_else(|| {
                            StoreError::Corrupt(format!(
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
