//! Whether annotations fit the label schema: the attribute values a label
//! accepts and the label pairs a relation type's rules allow. Relabelling,
//! the inspector and `glossator check` ask these same questions.

use super::{AttributeKind, Attributes, LabelId, Schema};

impl Schema {
    /// Whether a span labelled `label` may hold `value` for attribute `name`:
    /// the label has the attribute, and a choice holds one of its values, a
    /// flag holds "true" (off is no value at all), a text holds anything.
    pub fn attribute_fits(&self, label: LabelId, name: &str, value: &str) -> bool {
        self.attributes_of(label)
            .find(|a| a.name == name)
            .is_some_and(|a| match a.kind {
                AttributeKind::Choice => a.values.iter().any(|v| v == value),
                AttributeKind::Flag => value == "true",
                AttributeKind::Text => true,
            })
    }

    /// What a new span labelled `label` starts with: the first value of
    /// every choice attribute.
    pub fn default_attributes(&self, label: LabelId) -> Attributes {
        self.attributes_of(label)
            .filter(|a| a.kind == AttributeKind::Choice)
            .filter_map(|a| Some((a.name.clone(), a.values.first()?.clone())))
            .collect()
    }

    /// A span's attributes once relabelled as `label`: the label's defaults,
    /// except where the old value is one the new label accepts under the
    /// same name (EVENT `type=Conflict` becomes ACTOR's default `type=State`,
    /// since ACTOR has no "Conflict"; a shared free-text note is kept).
    pub fn attributes_after_relabel(&self, label: LabelId, old: &Attributes) -> Attributes {
        let mut attributes = self.default_attributes(label);
        for (name, value) in old {
            if self.attribute_fits(label, name, value) {
                attributes.insert(name.clone(), value.clone());
            }
        }
        attributes
    }

    /// Whether a relation typed `relation` may join a span labelled `from` to
    /// one labelled `to`: a type with rules joins only the pairs they name;
    /// one without rules joins any.
    pub fn relation_fits(&self, relation: LabelId, from: LabelId, to: LabelId) -> bool {
        let mut rules = self
            .rules
            .iter()
            .filter(|r| r.relation == relation)
            .peekable();
        rules.peek().is_none() || rules.any(|r| r.from == from && r.to == to)
    }

    /// Relation types whose every rule names the span label `label`: without
    /// it they would have no rules, and a type without rules joins anything.
    pub fn relation_types_only_for(&self, label: LabelId) -> Vec<LabelId> {
        self.relation_labels()
            .map(|relation| relation.id)
            .filter(|&relation| {
                let mut rules = self
                    .rules
                    .iter()
                    .filter(|r| r.relation == relation)
                    .peekable();
                rules.peek().is_some() && rules.all(|r| r.from == label || r.to == label)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{LabelKind, Schema};

    /// The default schema as a project holds it (model tests may use the store
    /// to build one: the schema's ids come from it).
    fn default_schema() -> Schema {
        let store = crate::store::Store::in_memory().unwrap();
        crate::store::Reader::schema(&store).unwrap()
    }

    #[test]
    fn relabel_keeps_only_values_the_new_label_accepts() {
        let schema = default_schema();
        let id = |name| schema.label_by_name(LabelKind::Span, name).unwrap().id;
        let old = [("type", "Conflict"), ("realis", "planned")]
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .into_iter()
            .collect();
        let after = schema.attributes_after_relabel(id("ACTOR"), &old);
        assert_eq!(after.len(), 1);
        assert_eq!(after["type"], "State");
        let old = [("type".to_string(), "Other".to_string())]
            .into_iter()
            .collect();
        assert_eq!(
            schema.attributes_after_relabel(id("ACTOR"), &old)["type"],
            "Other"
        );
    }

    #[test]
    fn a_relation_type_without_rules_joins_anything() {
        let schema = default_schema();
        let span = |name| schema.label_by_name(LabelKind::Span, name).unwrap().id;
        let relation = |name| schema.label_by_name(LabelKind::Relation, name).unwrap().id;
        assert!(schema.relation_fits(relation("agent"), span("EVENT"), span("ACTOR")));
        assert!(!schema.relation_fits(relation("agent"), span("ACTOR"), span("ACTOR")));
        assert!(schema.relation_fits(crate::model::LabelId(9999), span("ACTOR"), span("ACTOR")));
    }
}
