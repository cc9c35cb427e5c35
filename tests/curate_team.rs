//! Gold in packages (issue 19): a re-issued package carries its documents'
//! gold layer so the annotator sees how gold differs from their layer; merge
//! never takes gold back from an annotator's package.

mod common;

use std::path::Path;

use common::*;
use glossator::curate::candidates::span_key;
use glossator::edit::{apply, Command};
use glossator::model::{DocumentId, SpanData, GOLD_LAYER};
use glossator::store::{CurationReads, LayerReads, OpenMode, Reader, Store};

fn gold_keys(store: &Store, document: DocumentId) -> Vec<String> {
    store
        .layer_spans_of(document, GOLD_LAYER)
        .unwrap()
        .iter()
        .map(|s| format!("{:?}", span_key(s)))
        .collect()
}

fn first_document(path: &Path) -> (Store, DocumentId) {
    let (store, _) = Store::open(path, OpenMode::Existing).unwrap();
    let id = store.document_ids().unwrap()[0];
    (store, id)
}

#[test]
fn a_package_shows_gold_and_merge_never_takes_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let project = d.join("p.sqlite");
    let fixture = data_dir().join("handmade/curation/three-annotators.jsonl");
    ok(glossator(&[&"import", &project, &fixture]));
    ok(glossator(&[
        &"curate",
        &project,
        &"--strategy",
        &"threshold",
    ]));
    ok(glossator(&[&"assign", &project, &"--annotators", &"ana"]));
    let package = d.join("ana.sqlite");
    ok(glossator(&[
        &"package",
        &project,
        &"--annotator",
        &"ana",
        &"-o",
        &package,
    ]));

    let (project_store, doc) = first_document(&project);
    let project_gold = gold_keys(&project_store, doc);
    drop(project_store);
    assert_eq!(project_gold.len(), 3);
    let (mut store, package_doc) = first_document(&package);
    // View › Layers lists gold, with the project's gold spans and their
    // provenance.
    let layers: Vec<String> = store
        .layers_of(package_doc)
        .unwrap()
        .into_iter()
        .map(|l| l.annotator)
        .collect();
    assert_eq!(layers, ["ana", GOLD_LAYER]);
    assert_eq!(gold_keys(&store, package_doc), project_gold);
    let first = store.layer_spans_of(package_doc, GOLD_LAYER).unwrap()[0].id;
    assert!(store.span_provenance(first).unwrap().is_some());

    // Someone edits gold inside the package (not through the app, which
    // edits only ana's layer), and ana edits her own layer.
    let label = store.layer_spans_of(package_doc, "ana").unwrap()[0]
        .data
        .label_id;
    for annotator in [GOLD_LAYER, "ana"] {
        apply(
            &mut store,
            &Command::AddSpan {
                id: None,
                span: SpanData {
                    document_id: package_doc,
                    start_char: 22,
                    end_char: 27,
                    label_id: label,
                    attributes: Default::default(),
                    annotator: annotator.to_string(),
                    note: String::new(),
                },
                relations: Vec::new(),
            },
        )
        .unwrap();
    }
    drop(store);
    ok(glossator(&[&"merge", &project, &package]));
    let (store, doc) = first_document(&project);
    assert_eq!(gold_keys(&store, doc), project_gold);
    let ana = store.layer_spans_of(doc, "ana").unwrap();
    assert!(
        ana.iter().any(|s| s.data.start_char == 22),
        "ana's own edit comes back"
    );
}
