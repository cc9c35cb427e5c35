//! Curation (issue 19) on both engines: the same `glossator curate` runs on
//! a project file and on a server project holding the same import, and
//! they end with the same gold (export `--layer gold`, provenance times
//! aside) and the same counts, and curating again changes neither. Then a
//! curator's decision and its undo through the store on each engine.

mod common;

use common::engines::fresh_server_project;
use common::{data_dir, glossator, ok};
use glossator::edit::History;
use glossator::model::GOLD_LAYER;
use glossator::store::{CurationReads, LayerReads, OpenMode, Reader, Store};
use serde_json::Value;

/// Where each engine's project is: a file in `folder`, and a fresh server
/// database (its store closed, as the CLI opens the project itself).
fn locations(folder: &tempfile::TempDir, hint: &str) -> Vec<String> {
    let server = fresh_server_project(hint).location.clone();
    let file = folder.path().join("p.sqlite").display().to_string();
    vec![file, server]
}

fn import_fixture(location: &str) {
    let fixture = data_dir().join("handmade/curation/three-annotators.jsonl");
    ok(glossator(&[&"import", &location, &fixture]));
}

fn open(location: &str) -> Store {
    if location.starts_with("postgres") {
        Store::open_server(location).unwrap_or_else(|e| panic!("{e}"))
    } else {
        Store::open(std::path::Path::new(location), OpenMode::Existing)
            .unwrap_or_else(|e| panic!("{e}"))
            .0
    }
}

/// The gold export with each provenance's `at` (a clock reading) blanked.
fn gold_without_times(location: &str) -> String {
    let exported = ok(glossator(&[&"export", &location, &"--layer", &"gold"]));
    exported
        .lines()
        .map(|line| {
            let mut document: Value = serde_json::from_str(line).unwrap();
            for key in ["spans", "relations"] {
                for item in document[key].as_array_mut().into_iter().flatten() {
                    if let Some(provenance) = item.get_mut("provenance") {
                        provenance["at"] = Value::Null;
                    }
                }
            }
            document.to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn curate(location: &str) -> Value {
    let output = ok(glossator(&[
        &"curate",
        &location,
        &"--strategy",
        &"threshold",
        &"--json",
    ]));
    serde_json::from_str(&output).unwrap()
}

#[test]
fn curate_gives_the_same_gold_on_a_file_and_on_a_server() {
    let folder = tempfile::tempdir().unwrap();
    let mut answers = Vec::new();
    for location in locations(&folder, "curate_same_gold") {
        import_fixture(&location);
        let first = curate(&location);
        assert!(
            first["accepted"].as_u64().unwrap() > 0,
            "{location}: {first}"
        );
        let again = curate(&location);
        assert_eq!(again["accepted"], 0, "curating twice changed gold: {again}");
        answers.push((first, gold_without_times(&location)));
    }
    assert_eq!(answers[0].0, answers[1].0, "the counts differ");
    assert_eq!(answers[0].1, answers[1].1, "the gold differs");
    assert!(
        answers[0].1.contains("strategy:threshold"),
        "{}",
        answers[0].1
    );
}

#[test]
fn a_curators_decision_and_its_undo_on_both_engines() {
    let folder = tempfile::tempdir().unwrap();
    for location in locations(&folder, "curate_decision_undo") {
        import_fixture(&location);
        let mut store = open(&location);
        let document = store.document_ids().unwrap()[0];
        let layers = store.curation_layers(&[document]).unwrap().remove(0);
        let candidates = glossator::curate::span_candidates(&layers, None);
        let next = candidates
            .candidates
            .iter()
            .find(|c| c.state.is_undecided())
            .expect("an undecided candidate");
        let schema = store.schema().unwrap();
        let command = glossator::curate::accept_candidate(
            &schema,
            &layers,
            &candidates,
            next.key,
            None,
            glossator::store::now_ms(),
        )
        .expect("an accept command");
        let before = store.layer_spans_of(document, GOLD_LAYER).unwrap().len();
        let mut history = History::default();
        history
            .perform(&mut store, &command)
            .unwrap_or_else(|e| panic!("{location}: accept: {e}"));
        let gold = store.layer_spans_of(document, GOLD_LAYER).unwrap();
        assert_eq!(gold.len(), before + 1, "{location}");
        let accepted = gold
            .iter()
            .find(|s| s.data.start_char == next.key.start_char);
        let provenance = store
            .span_provenance(accepted.expect("the accepted span").id)
            .unwrap()
            .expect("its provenance");
        assert_eq!(provenance.origin.as_text(), "curator", "{location}");
        history
            .undo(&mut store)
            .unwrap_or_else(|e| panic!("{location}: undo: {e}"));
        assert_eq!(
            store.layer_spans_of(document, GOLD_LAYER).unwrap().len(),
            before,
            "{location}"
        );
    }
}
