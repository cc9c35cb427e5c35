//! Issue 16, bug 11: a brat round trip polluted the schema. Every label got
//! every attribute `annotation.conf` declared (new EVENT spans defaulted to
//! `kind=city`), and imported labels reused the project's colours.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{data_dir, glossator, ok, sample};
use glossator::model::{LabelKind, Schema};
use glossator::store::{Reader, Store};

/// (label, attribute) → its values, as a set: what a label offers.
/// brat's names hold no spaces ("Armed group" goes out as "Armed_group"),
/// so values are compared as brat writes them; `brat:` attributes are the
/// import's own bookkeeping.
fn attributes(schema: &Schema) -> BTreeMap<(String, String), BTreeSet<String>> {
    schema
        .attributes
        .iter()
        .filter(|a| !a.name.starts_with("brat:"))
        .map(|a| {
            (
                (schema.label_name(a.label_id).to_string(), a.name.clone()),
                a.values.iter().map(|v| v.replace(' ', "_")).collect(),
            )
        })
        .collect()
}

fn schema_of(project: &Path) -> Schema {
    Store::open_read_only(project, "test")
        .unwrap()
        .schema()
        .unwrap()
}

/// The gold sample (EVENT.type and ACTOR.type share a name, with other
/// values) to brat and back into a new project: each label offers what it
/// offered, nothing more.
#[test]
fn a_brat_round_trip_gives_each_label_only_its_own_attributes() {
    let dir = tempfile::tempdir().unwrap();
    let gold = common::read_json(&sample("afghanistan-pakistan-ceasefire.gold.json"));
    let jsonl = dir.path().join("gold.jsonl");
    std::fs::write(&jsonl, format!("{gold}\n")).unwrap();
    let p = dir.path().join("p.sqlite");
    ok(glossator(&[&"import", &p, &jsonl]));
    let out = dir.path().join("brat");
    ok(glossator(&[
        &"export",
        &p,
        &"--format",
        &"brat",
        &"-o",
        &out,
    ]));
    let q = dir.path().join("q.sqlite");
    ok(glossator(&[&"import", &q, &out]));

    let (before, after) = (schema_of(&p), schema_of(&q));
    assert_eq!(attributes(&after), attributes(&before));
    // A new EVENT span gets EVENT's defaults, none of ACTOR's or CLAIM's.
    let event = after.label_by_name(LabelKind::Span, "EVENT").unwrap().id;
    let names: BTreeSet<_> = after.attributes_of(event).map(|a| a.name.clone()).collect();
    assert_eq!(names, BTreeSet::from(["realis".into(), "type".into()]));
    let conf = std::fs::read_to_string(out.join("annotation.conf")).unwrap();
    assert!(conf.contains("stance\tArg:CLAIM,"), "{conf}");
}

/// A conf from another tool: attributes over a whole class go to the labels
/// whose annotations use them; one named for a type goes to that type; new
/// labels get colours no other label has.
#[test]
fn class_wide_attributes_go_to_the_labels_that_use_them_and_colours_differ() {
    let dir = tempfile::tempdir().unwrap();
    let q = dir.path().join("q.sqlite");
    let corpus = data_dir().join("handmade/day-ui/brat-any-attribute");
    ok(glossator(&[&"import", &q, &corpus]));
    let schema = schema_of(&q);
    let offered: BTreeSet<(String, String)> = attributes(&schema).into_keys().collect();
    let new_ones: BTreeSet<(String, String)> = offered
        .into_iter()
        .filter(|(label, _)| ["Person", "Place", "Visit", "Ghost"].contains(&label.as_str()))
        .collect();
    let pair = |l: &str, a: &str| (l.to_string(), a.to_string());
    assert_eq!(
        new_ones,
        BTreeSet::from([
            pair("Place", "Certainty"),
            pair("Visit", "Negated"),
            pair("Visit", "Mood"),
        ])
    );
    let colours: Vec<String> = schema
        .span_labels()
        .map(|l| l.color.to_lowercase())
        .collect();
    let distinct: BTreeSet<&String> = colours.iter().collect();
    assert_eq!(distinct.len(), colours.len(), "{colours:?}");
}
