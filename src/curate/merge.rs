//! What an accepted candidate becomes in gold: the voters' attributes by
//! majority, their notes side by side.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{AttributeKind, Attributes, LabelId, Schema, Span};

/// The attributes of a gold span made from `voted` (the voters' spans, one
/// per voter): for each attribute any voter set, the value most voters gave
/// (a voter without it votes for leaving it unset). A tie leaves the label's
/// default (the first value of a closed set; unset otherwise) and is
/// returned as the reason the span needs a curator's look.
pub fn merge_attributes(
    schema: &Schema,
    label: LabelId,
    voted: &[&Span],
) -> (Attributes, Option<String>) {
    let names: BTreeSet<&String> = voted
        .iter()
        .flat_map(|span| span.data.attributes.keys())
        .collect();
    let mut merged = Attributes::new();
    let mut ties = Vec::new();
    for name in names {
        let mut tally: BTreeMap<Option<&String>, Vec<&str>> = BTreeMap::new();
        for span in voted {
            tally
                .entry(span.data.attributes.get(name))
                .or_default()
                .push(span.data.annotator.as_str());
        }
        let most = tally.values().map(Vec::len).max().unwrap_or(0);
        let leaders: Vec<Option<&String>> = tally
            .iter()
            .filter(|(_, voters)| voters.len() == most)
            .map(|(value, _)| *value)
            .collect();
        match leaders.as_slice() {
            [Some(value)] => {
                merged.insert(name.clone(), (*value).clone());
            }
            [None] => {}
            _ => {
                if let Some(default) = default_value(schema, label, name) {
                    merged.insert(name.clone(), default);
                }
                let votes: Vec<String> = tally
                    .iter()
                    .map(|(value, voters)| {
                        let value = value.map_or("(unset)".to_string(), |v| format!("{v:?}"));
                        format!("{value} by {}", voters.join(", "))
                    })
                    .collect();
                ties.push(format!("{name} tied ({})", votes.join("; ")));
            }
        }
    }
    let review = (!ties.is_empty()).then(|| format!("attribute vote {}", ties.join("; ")));
    (merged, review)
}

/// The label's default for an attribute: the first value of a closed set;
/// None for flags, free text and attributes the schema does not define.
fn default_value(schema: &Schema, label: LabelId, name: &str) -> Option<String> {
    let def = schema.attributes_of(label).find(|a| a.name == name)?;
    match def.kind {
        AttributeKind::Choice => def.values.first().cloned(),
        _ => None,
    }
}

/// The voters' notes, each on its own line prefixed with its annotator
/// (`ana: check the date`), in voter order; empty notes are left out.
pub fn merge_notes<'a>(notes: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    notes
        .into_iter()
        .filter(|(_, note)| !note.trim().is_empty())
        .map(|(annotator, note)| format!("{annotator}: {note}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_prefixed_and_empty_ones_left_out() {
        let merged = merge_notes([("ana", "date?"), ("ben", " "), ("cy", "ok")]);
        assert_eq!(merged, "ana: date?\ncy: ok");
    }
}
