//! `glossator check`'s second question: annotations that contradict the
//! label schema (an attribute the label does not have or a value it does not
//! offer, a relation its type's rules do not allow). The file is sound; the
//! annotations need an annotator's decision, not a restored copy.

use super::{Reader, Store, StoreError};
use crate::model::LabelId;

impl Store {
    /// One line per contradiction, attributes (by span) then relations (by id).
    pub fn schema_contradictions(&self) -> Result<Vec<String>, StoreError> {
        let schema = self.schema()?;
        let mut problems = self.lines(
            "SELECT a.span_id, s.label_id, a.name, a.value FROM span_attributes a
             JOIN spans s ON s.id = a.span_id ORDER BY a.span_id, a.name",
            |row| {
                let (span, label) = (row.get::<_, i64>(0)?, LabelId(row.get(1)?));
                let (name, value) = (row.get::<_, String>(2)?, row.get::<_, String>(3)?);
                if schema.attribute_fits(label, &name, &value) {
                    return Ok(None);
                }
                let label_name = schema.label_name(label);
                let has_it = schema.attributes_of(label).any(|a| a.name == name);
                Ok(Some(if has_it {
                    format!("span {span} ({label_name}): {name}={value:?} is not a value {label_name} offers for {name:?}")
                } else {
                    format!("span {span} ({label_name}): {name}={value:?}, but {label_name} has no attribute {name:?}")
                }))
            },
        )?;
        problems.extend(self.lines(
            "SELECT r.id, r.label_id, f.label_id, t.label_id FROM relations r
             JOIN spans f ON f.id = r.from_span_id JOIN spans t ON t.id = r.to_span_id
             ORDER BY r.id",
            |row| {
                let id = row.get::<_, i64>(0)?;
                let [relation, from, to] = [1, 2, 3].map(|i| row.get::<_, i64>(i).map(LabelId));
                let (relation, from, to) = (relation?, from?, to?);
                Ok((!schema.relation_fits(relation, from, to)).then(|| {
                    format!(
                        "relation {id}: the schema does not allow {:?} from {} to {}",
                        schema.label_name(relation),
                        schema.label_name(from),
                        schema.label_name(to)
                    )
                }))
            },
        )?);
        Ok(problems)
    }
}
