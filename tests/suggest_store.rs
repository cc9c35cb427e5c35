//! Issue 20, suggestions: stored per annotator, rejected ones not proposed
//! again, accepted through the edit path, counted per source, never exported.

mod common;

use common::*;
use glossator::formats::import_documents;
use glossator::formats::jsonl::parse_jsonl;
use glossator::model::{DocumentId, SuggestionStatus};
use glossator::store::{LayerReads, Reader, Store, SuggestionQueries};
use glossator::suggest::accept::accept_pending;
use glossator::suggest::{run_source, DocumentFilter, SourceConfig};

const TEXT: &str = "The Taliban and Tehrik-i-Taliban Pakistan agreed a ceasefire in Kabul; peace talks follow. Taliban.";

fn project(lines: &[&str]) -> Store {
    let mut store = Store::in_memory().unwrap();
    let jsonl = lines.join("\n");
    let parsed = parse_jsonl(std::path::Path::new("t.jsonl"), &jsonl).unwrap();
    import_documents(&mut store, parsed).unwrap();
    store
}

fn one_document() -> (Store, DocumentId) {
    let line = serde_json::json!({"id": "d1", "text": TEXT}).to_string();
    let store = project(&[&line]);
    let id = store.document_ids().unwrap()[0];
    (store, id)
}

fn dictionary() -> SourceConfig {
    SourceConfig::Dictionary {
        path: data_dir().join("handmade/suggest/actors.tsv"),
        match_case: false,
    }
}

fn run(store: &mut Store, config: &SourceConfig, annotator: Option<&str>) -> String {
    run_source(
        store,
        config,
        &DocumentFilter::All,
        annotator,
        &mut |_, _| true,
    )
    .unwrap()
    .to_string()
}

/// (text, label) of the pending suggestions of `annotator` in the document.
fn pending(store: &Store, document: DocumentId, annotator: Option<&str>) -> Vec<(String, String)> {
    let schema = store.schema().unwrap();
    let chars: Vec<char> = TEXT.chars().collect();
    store
        .pending_suggestions_of(document, annotator)
        .unwrap()
        .into_iter()
        .map(|s| {
            (
                chars[s.start_char..s.end_char].iter().collect(),
                schema.label_name(s.label_id).to_string(),
            )
        })
        .collect()
}

#[test]
fn a_dictionary_run_stores_the_longest_matches_for_its_annotator_only() {
    let (mut store, document) = one_document();
    let summary = run(&mut store, &dictionary(), Some("ana"));
    assert!(
        summary.starts_with("dictionary: 4 suggestions in 1 documents"),
        "{summary}"
    );
    let expected = vec![
        ("Taliban".to_string(), "ACTOR".to_string()),
        ("Tehrik-i-Taliban Pakistan".into(), "ACTOR".into()),
        ("ceasefire".into(), "EVENT".into()),
        ("Taliban".into(), "ACTOR".into()),
    ];
    assert_eq!(pending(&store, document, Some("ana")), expected);
    assert!(pending(&store, document, Some("ben")).is_empty());
    assert!(pending(&store, document, Some("unknown")).is_empty());
}

#[test]
fn a_rejected_suggestion_is_not_proposed_again_and_counts_per_source() {
    let (mut store, document) = one_document();
    run(&mut store, &dictionary(), None);
    let first = store
        .pending_suggestions_of(document, Some("unknown"))
        .unwrap()[0]
        .clone();
    store
        .write(|tx| tx.set_suggestion_status(first.id, SuggestionStatus::Rejected))
        .unwrap();
    let again = run(&mut store, &dictionary(), None);
    assert!(again.contains("3 suggestions"), "{again}");
    assert!(again.contains("1 accepted or rejected before"), "{again}");
    let left = store
        .pending_suggestions_of(document, Some("unknown"))
        .unwrap();
    assert!(left.iter().all(|s| s.id != first.id));
    assert_eq!(left.len(), 3, "a second run does not duplicate");

    let tallies = store.suggestion_tallies(Some("unknown")).unwrap();
    assert_eq!(tallies.len(), 1);
    assert_eq!(
        (
            tallies[0].source.as_str(),
            tallies[0].pending,
            tallies[0].rejected
        ),
        ("dictionary", 3, 1)
    );
    assert_eq!(tallies[0].acceptance_rate(), Some(0.0));
}

#[test]
fn accepting_makes_spans_of_the_annotator_in_one_step_and_only_then_exports_them() {
    let (mut store, document) = one_document();
    run(&mut store, &dictionary(), Some("ana"));
    let mut exported = Vec::new();
    glossator::formats::jsonl::export_jsonl(&store, &mut exported).unwrap();
    let exported = parse_jsonl_values(&exported);
    assert!(
        exported[0]["spans"].as_array().unwrap().is_empty(),
        "suggestions are not annotations"
    );

    let report = accept_pending(&mut store, Some("ana"), Some("dictionary"), 0.5).unwrap();
    assert_eq!((report.accepted, report.documents), (4, 1));
    let spans = store.spans_of(document).unwrap();
    assert_eq!(spans.len(), 4);
    assert!(spans.iter().all(|s| s.data.annotator == "ana"));
    // Default attribute values, as a span made by hand gets.
    assert!(spans.iter().all(|s| !s.data.attributes.is_empty()));
    assert_eq!(
        store.layer_status(document, "ana").unwrap(),
        Some(glossator::model::DocumentStatus::InProgress)
    );
    assert!(store
        .pending_suggestions_of(document, Some("ana"))
        .unwrap()
        .is_empty());
    let tally = &store.suggestion_tallies(Some("ana")).unwrap()[0];
    assert_eq!((tally.accepted, tally.acceptance_rate()), (4, Some(1.0)));

    // Run again: what is annotated now is not suggested again.
    let again = run(&mut store, &dictionary(), Some("ana"));
    assert!(again.starts_with("dictionary: 0 suggestions"), "{again}");
}

#[test]
fn min_score_and_source_choose_what_is_accepted() {
    let line = serde_json::json!({"id": "d1", "text": "Washington met Washington and Washington.",
        "spans": [
            {"start": 0, "end": 10, "label": "ACTOR"},
            {"start": 15, "end": 25, "label": "ACTOR"},
            {"start": 30, "end": 40, "label": "EVENT"}]})
    .to_string();
    let other = serde_json::json!({"id": "d2", "text": "Washington said so."}).to_string();
    let mut store = project(&[&line, &other]);
    let summary = run(&mut store, &SourceConfig::Learned, None);
    assert!(summary.starts_with("learned: 2 suggestions"), "{summary}");
    let d2 = store.document_ids().unwrap()[1];
    let mut scores: Vec<(String, String)> = store
        .pending_suggestions_of(d2, Some("unknown"))
        .unwrap()
        .iter()
        .map(|s| {
            (
                store.schema().unwrap().label_name(s.label_id).to_string(),
                format!("{:.2}", s.score),
            )
        })
        .collect();
    scores.sort();
    assert_eq!(
        scores,
        vec![
            ("ACTOR".into(), "0.67".into()),
            ("EVENT".into(), "0.33".into())
        ]
    );
    let report = accept_pending(&mut store, None, Some("dictionary"), 0.0).unwrap();
    assert_eq!(report.accepted, 0, "another source's suggestions stay");
    let report = accept_pending(&mut store, None, None, 0.5).unwrap();
    assert_eq!(report.accepted, 1);
    let spans = store.spans_of(d2).unwrap();
    assert_eq!(spans.len(), 1);
    assert_eq!(
        store.schema().unwrap().label_name(spans[0].label_id()),
        "ACTOR"
    );
}

#[test]
fn unknown_labels_and_filters_are_reported() {
    let (mut store, _) = one_document();
    let dir = tempfile::tempdir().unwrap();
    let tsv = write(dir.path(), "d.tsv", "Kabul\tPLACE\nTaliban\tACTOR\n");
    let config = SourceConfig::Dictionary {
        path: tsv,
        match_case: true,
    };
    let summary = run(&mut store, &config, None);
    assert!(
        summary.contains("skipped labels not in the schema: \"PLACE\" (1)"),
        "{summary}"
    );
    let error = DocumentFilter::parse("d9")
        .unwrap()
        .select(&store, "unknown")
        .unwrap_err();
    assert!(error.to_string().contains("no document \"d9\""), "{error}");
    assert!(DocumentFilter::parse("status:finished").is_err());
}

fn parse_jsonl_values(bytes: &[u8]) -> Vec<serde_json::Value> {
    common::parse_jsonl(std::str::from_utf8(bytes).unwrap())
}

/// A file from before suggestions: read-only it reads as having none; opened
/// to edit, the upgrade adds the table and a run stores suggestions.
#[test]
fn an_older_file_gains_the_suggestions_table_on_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite");
    common::layers_version_project(&path);
    let reader = Store::open_read_only(&path, "test").unwrap();
    let first = reader.document_ids().unwrap()[0];
    assert!(reader
        .pending_suggestions_of(first, Some("unknown"))
        .unwrap()
        .is_empty());
    assert!(reader
        .suggestion_tallies(Some("unknown"))
        .unwrap()
        .is_empty());
    drop(reader);
    let (mut store, _) = Store::open(&path, glossator::store::OpenMode::Existing).unwrap();
    let summary = run(&mut store, &dictionary(), None);
    assert!(!summary.starts_with("dictionary: 0 "), "{summary}");
    assert!(!store
        .pending_suggestions_of(first, Some("unknown"))
        .unwrap()
        .is_empty());
}

/// The upgrade and schema.sql make the same table and index: a file
/// upgraded to this version is like a new one.
#[test]
fn the_upgrade_makes_what_schema_sql_makes() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.sqlite");
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/project-v1.sqlite"),
        &old,
    )
    .unwrap();
    drop(Store::open(&old, glossator::store::OpenMode::Existing).unwrap());
    let new = dir.path().join("new.sqlite");
    drop(Store::open(&new, glossator::store::OpenMode::CreateIfMissing).unwrap());
    let definitions = |path: &std::path::Path| -> Vec<String> {
        let conn = rusqlite::Connection::open(path).unwrap();
        let mut statement = conn
            .prepare("SELECT sql FROM sqlite_schema WHERE tbl_name = 'suggestions' ORDER BY name")
            .unwrap();
        let rows = statement
            .query_map([], |row| row.get::<_, String>(0))
            .unwrap();
        rows.map(|sql| {
            let sql = sql.unwrap();
            // Comments and layout apart, the same statement.
            let code: Vec<&str> = sql
                .lines()
                .map(|l| l.split("--").next().unwrap_or(""))
                .collect();
            code.join(" ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
    };
    let upgraded = definitions(&old);
    assert_eq!(upgraded.len(), 2, "{upgraded:?}");
    assert_eq!(upgraded, definitions(&new));
}

#[test]
fn a_run_covers_only_the_documents_the_filter_selects_and_keeps_the_others() {
    let lines: Vec<String> = ["d1", "d2", "d3"]
        .iter()
        .map(|id| serde_json::json!({"id": id, "text": format!("{id}: the Taliban")}).to_string())
        .collect();
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let mut store = project(&refs);
    let ids = store.document_ids().unwrap();
    store
        .write(|tx| tx.set_layer_status(ids[1], "unknown", glossator::model::DocumentStatus::Done))
        .unwrap();
    let count = |store: &Store| -> Vec<usize> {
        ids.iter()
            .map(|id| {
                store
                    .pending_suggestions_of(*id, Some("unknown"))
                    .unwrap()
                    .len()
            })
            .collect()
    };
    let only = |filter: &str| DocumentFilter::parse(filter).unwrap();
    run_source(
        &mut store,
        &dictionary(),
        &only("d1,d3"),
        None,
        &mut |_, _| true,
    )
    .unwrap();
    assert_eq!(count(&store), vec![1, 0, 1]);
    run_source(
        &mut store,
        &dictionary(),
        &only("status:done"),
        None,
        &mut |_, _| true,
    )
    .unwrap();
    assert_eq!(
        count(&store),
        vec![1, 1, 1],
        "an earlier run's suggestions elsewhere stay"
    );
    // Cancelled: nothing stored.
    let cancelled = run_source(
        &mut store,
        &SourceConfig::Learned,
        &DocumentFilter::All,
        None,
        &mut |_, _| false,
    );
    assert!(matches!(
        cancelled,
        Err(glossator::suggest::SuggestError::Cancelled)
    ));
}
