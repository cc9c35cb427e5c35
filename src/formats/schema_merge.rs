//! A file's own schema (brat's `annotation.conf`) fitted to the project
//! before it is installed: a label the project has keeps the attributes it
//! has (the file's values for them would mix one label's values into
//! another's, as brat declares an attribute's values once for all types;
//! values the annotations use are added as they are met), and a label that
//! comes without a colour gets one no label has.

use crate::model::schema::{distinct_color, SchemaFile};
use crate::model::{LabelKind, Schema};

pub fn fit_to_project(file: &SchemaFile, project: &Schema) -> SchemaFile {
    let mut fitted = file.clone();
    let mut used: Vec<String> = project.labels().iter().map(|l| l.color.clone()).collect();
    for label in &mut fitted.labels {
        if let Some(known) = project.label_by_name(LabelKind::Span, &label.name) {
            label
                .attributes
                .retain(|a| project.attributes_of(known.id).all(|k| k.name != a.name));
        }
        if label.color.is_empty() {
            label.color = distinct_color(used.iter().map(String::as_str));
        }
        used.push(label.color.clone());
    }
    for relation in &mut fitted.relations {
        if relation.color.is_empty() {
            relation.color = distinct_color(used.iter().map(String::as_str));
        }
        used.push(relation.color.clone());
    }
    fitted
}
