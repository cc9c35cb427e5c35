//! Label Studio, doccano, CSV and native JSONL interchange (issue 14): files
//! shaped like the ones the real tools write (tests/data/handmade/ls-doccano),
//! nothing dropped or misplaced in silence, and losses reported on export.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    data_dir().join("handmade").join("ls-doccano").join(name)
}

/// Imports `inputs` into a new project in `dir`; returns the project and the
/// import's report.
fn import(dir: &Path, inputs: &[&dyn AsRef<std::ffi::OsStr>]) -> (PathBuf, String) {
    let project = dir.join("p.sqlite");
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"import", &project];
    args.extend_from_slice(inputs);
    let report = ok(glossator(&args));
    (project, report)
}

fn spans_of(document: &Value) -> Vec<(u64, u64, String, String, String)> {
    document["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["start"].as_u64().unwrap(),
                s["end"].as_u64().unwrap(),
                s["label"].as_str().unwrap().to_string(),
                s["text"].as_str().unwrap().to_string(),
                s["annotator"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn span(
    start: u64,
    end: u64,
    label: &str,
    text: &str,
    who: &str,
) -> (u64, u64, String, String, String) {
    (start, end, label.into(), text.into(), who.into())
}

#[test]
fn label_studio_reads_each_annotation_into_its_annotators_layer_and_names_every_skipped_one() {
    let dir = tempfile::tempdir().unwrap();
    let (project, report) = import(dir.path(), &[&fixture("ls-several-annotations.json")]);
    let documents = exported_documents(&project);
    // Users 2 and 3 each get their layer; the first prediction is the
    // layer "predictions"; the cancelled annotation is left out.
    assert_eq!(
        spans_of(&documents[0]),
        vec![
            span(0, 8, "ACTOR", "Pakistan", "2"),
            span(0, 8, "ACTOR", "Pakistan", "predictions"),
            span(0, 8, "ORG", "Pakistan", "3"),
            span(18, 27, "EVENT", "ceasefire", "2"),
            span(31, 36, "GPE", "Kabul", "predictions"),
        ]
    );
    let layers: Vec<&str> = documents[0]["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["annotator"].as_str().unwrap())
        .collect();
    assert_eq!(layers, ["2", "3", "predictions"]);
    let ceasefire = &documents[0]["spans"][3];
    assert_eq!(ceasefire["note"], "agreed in Doha");
    // A per-region Choices result (same id as its region) is an attribute.
    assert_eq!(ceasefire["attributes"]["type"], "Agreement");
    assert_eq!(documents[0]["relations"].as_array().unwrap().len(), 1);
    assert_eq!(documents[0]["relations"][0]["annotator"], "2");
    assert_eq!(documents[0]["id"], "17");
    assert_eq!(documents[0]["meta"]["batch"], "march");
    assert!(
        report.contains(
            "(task 1, id 17): imported annotation 40 (completed_by 2, 4 results), annotation 41 \
             (completed_by 3, 1 result), prediction 9 (model_version \"ner-v3\", 2 results); \
             skipped annotation 42 (completed_by 4, cancelled, 0 results)"
        ),
        "{report}"
    );
    // No annotation: the first prediction, as the layer "predictions".
    assert_eq!(
        spans_of(&documents[1]),
        vec![span(0, 5, "ACTOR", "Qatar", "predictions")]
    );
    assert!(
        report.contains(
            "(task 2, id 18): imported prediction 10 (model_version \"ner-v3\", 1 result); \
             skipped prediction 11 (model_version \"ner-v4\", 1 result)"
        ),
        "{report}"
    );
    assert!(
        report.contains("each task's first became the layer \"predictions\""),
        "{report}"
    );
}

#[test]
fn label_studio_legacy_completions_import_as_annotations() {
    let dir = tempfile::tempdir().unwrap();
    let (project, report) = import(dir.path(), &[&fixture("ls-legacy-completions.json")]);
    assert!(report.contains("Imported 1 document (1 span"), "{report}");
    let documents = exported_documents(&project);
    assert_eq!(
        spans_of(&documents[0]),
        vec![span(0, 11, "Date", "February 22", "unknown")]
    );
}

#[test]
fn label_studio_text_field_comes_from_to_name_not_the_first_field() {
    let dir = tempfile::tempdir().unwrap();
    let (project, _) = import(dir.path(), &[&fixture("ls-title-article.json")]);
    let documents = exported_documents(&project);
    assert_eq!(documents[0]["title"], "Talks resume");
    assert_eq!(
        spans_of(&documents[0]),
        vec![span(14, 18, "GPE", "Doha", "1")]
    );
    // A prediction without value.text: placed by to_name, on the article.
    assert_eq!(
        spans_of(&documents[1]),
        vec![span(16, 21, "GPE", "Bahia", "predictions")]
    );
}

#[test]
fn label_studio_regions_on_two_fields_or_an_unknown_field_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let two = write(
        dir.path(),
        "two.json",
        r#"[{"data": {"title": "Doha", "article": "Talks in Doha"}, "annotations": [{"result": [
            {"id": "a", "to_name": "title", "type": "labels", "value": {"start": 0, "end": 4, "labels": ["GPE"]}},
            {"id": "b", "to_name": "article", "type": "labels", "value": {"start": 9, "end": 13, "labels": ["GPE"]}}]}]}]"#,
    );
    let project = dir.path().join("p.sqlite");
    fails_with(
        glossator(&[&"import", &project, &two]),
        "two.json:1 (task 1): its regions are on several text fields (to_name article, title)",
    );
    let unknown = write(
        dir.path(),
        "unknown.json",
        r#"[{"data": {"title": "Doha talks", "article": "Talks in Doha"}, "annotations": [{"result": [
            {"id": "a", "to_name": "body", "type": "labels", "value": {"start": 0, "end": 4, "labels": ["GPE"]}}]}]}]"#,
    );
    fails_with(
        glossator(&[&"import", &project, &unknown]),
        "unknown.json:1 (task 1): cannot tell which data field (title, article) its regions are on",
    );
    let neither = write(dir.path(), "x.json", r#"[{"body": "Talks in Doha"}]"#);
    fails_with(
        glossator(&[&"import", &project, &neither]),
        "x.json:1 (task 1): not a Label Studio task: it has no \"data\" (export from Label Studio as JSON or JSON-MIN)",
    );
    assert!(!project.exists());
}

#[test]
fn label_studio_json_min_imports_with_its_annotator() {
    let dir = tempfile::tempdir().unwrap();
    let (project, report) = import(dir.path(), &[&fixture("ls-json-min.json")]);
    let documents = exported_documents(&project);
    assert_eq!(documents.len(), 2);
    assert_eq!(documents[0]["id"], "5");
    assert_eq!(documents[0]["title"], "Talks resume");
    assert_eq!(
        spans_of(&documents[0]),
        vec![
            span(14, 18, "GPE", "Doha", "ana@example.org"),
            span(22, 28, "DATE", "Monday", "ana@example.org"),
        ]
    );
    assert_eq!(documents[0]["meta"]["sentiment"], "Neutral");
    assert_eq!(documents[1]["text"], "Showers fell in Bahia for a week.");
    assert!(
        report.contains("read 2 task(s) of a JSON-MIN export"),
        "{report}"
    );
}

#[test]
fn doccano_1_0_annotations_import_with_label_ids_named_by_the_label_config() {
    let dir = tempfile::tempdir().unwrap();
    let input = fixture("doccano-1.0-annotations.jsonl");
    let (project, report) = import(
        dir.path(),
        &[
            &input,
            &"--doccano-labels",
            &fixture("doccano-1.0-labels.json"),
        ],
    );
    assert!(report.contains("Imported 2 documents (4 spans"), "{report}");
    let documents = exported_documents(&project);
    assert_eq!(
        spans_of(&documents[0]),
        vec![
            span(0, 2, "ORG", "EU", "1"),
            span(11, 17, "MISC", "German", "1")
        ]
    );
    // UTF-16 offsets after the emoji, converted to code points.
    assert_eq!(
        spans_of(&documents[1]),
        vec![
            span(0, 15, "PERSON", "Peter Blackburn", "2"),
            span(18, 22, "GPE", "Doha", "2")
        ]
    );
    assert_eq!(documents[0]["id"], "1");
    assert_eq!(documents[0]["meta"]["source"], "conll2003");
}

#[test]
fn doccano_label_ids_without_a_label_config_are_named_by_id_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let (project, report) = import(dir.path(), &[&fixture("doccano-1.0-annotations.jsonl")]);
    assert!(
        report.contains("labels given by doccano id (3, 4, 5, 6) are named by their ids"),
        "{report}"
    );
    let labels: Vec<String> = spans_of(&exported_documents(&project)[0])
        .into_iter()
        .map(|s| s.2)
        .collect();
    assert_eq!(labels, ["3", "5"]);
}

#[test]
fn doccano_label_config_problems_are_refused_before_anything_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    let partial = write(dir.path(), "labels.json", r#"[{"id": 3, "text": "ORG"}]"#);
    fails_with(
        glossator(&[
            &"import",
            &project,
            &fixture("doccano-1.0-annotations.jsonl"),
            &"--doccano-labels",
            &partial,
        ]),
        "doccano-1.0-annotations.jsonl:1: annotation 2: label id 5 is not in the --doccano-labels file",
    );
    let bad = write(dir.path(), "bad.json", r#"[{"name_of_label": "ORG"}]"#);
    fails_with(
        glossator(&[
            &"import",
            &project,
            &fixture("doccano-1.0-annotations.jsonl"),
            &"--doccano-labels",
            &bad,
        ]),
        "bad.json: label 1: expected {\"id\": 3, \"text\": \"PER\"}",
    );
    assert!(!project.exists());
}

#[test]
fn doccano_list_shaped_entities_import() {
    let dir = tempfile::tempdir().unwrap();
    let (project, _) = import(dir.path(), &[&fixture("doccano-list-entities.jsonl")]);
    let documents = exported_documents(&project);
    assert_eq!(
        spans_of(&documents[0]),
        vec![
            span(4, 16, "Landmark", "Eiffel Tower", "unknown"),
            span(31, 36, "City", "Paris", "unknown")
        ]
    );
    assert_eq!(
        spans_of(&documents[1]),
        vec![
            span(0, 5, "City", "Tokyo", "unknown"),
            span(26, 31, "Country", "Japan", "unknown")
        ]
    );
}

/// A project with what every format may lose: title, meta, status, an
/// attribute, notes, annotators, a relation with a note.
fn rich_project(dir: &Path) -> PathBuf {
    let rich = serde_json::json!({
        "id": "talks-1", "title": "Talks", "text": "Envoys met in Doha; Qatar hosted.",
        "meta": {"source": "wire"}, "status": "done",
        "spans": [
            {"id": "a", "start": 0, "end": 6, "label": "ACTOR", "attributes": {"type": "Person"},
             "annotator": "ana", "note": "plural"},
            {"id": "b", "start": 7, "end": 10, "label": "EVENT"},
            {"id": "c", "start": 20, "end": 25, "label": "ACTOR"}],
        "relations": [{"from": "b", "to": "a", "label": "agent", "annotator": "ana", "note": "who met"}]
    });
    let empty = serde_json::json!({"id": "empty-1", "text": "Nothing here."});
    let input = write(dir, "rich.jsonl", format!("{rich}\n{empty}\n"));
    import(dir, &[&input]).0
}

fn export_notes(project: &Path, format: &str, output: &Path) -> String {
    let out = glossator(&[&"export", &project, &"--format", &format, &"-o", &output]);
    ok(out.clone());
    stderr(&out)
}

#[test]
fn exports_report_what_their_format_cannot_hold() {
    let dir = tempfile::tempdir().unwrap();
    let project = rich_project(dir.path());
    let cases = [
        (
            "label-studio",
            "Label Studio JSON has no place for these, not written: 1 document statuses (in progress or done), 1 relation notes, 1 span attributes (spans that have some)",
        ),
        (
            "doccano",
            "doccano (sequence labelling) has no place for these, not written: 1 document statuses (in progress or done), 2 document titles, 1 relations, 1 span attributes (spans that have some), 1 span notes",
        ),
        (
            "doccano-relations",
            "doccano (relations) has no place for these, not written: 1 document statuses (in progress or done), 2 document titles, 1 relation notes, 1 span attributes (spans that have some), 1 span notes",
        ),
        (
            "csv",
            "CSV (one row per span) has no place for these, not written: 1 document statuses (in progress or done), 1 documents without spans (no row), 1 documents' meta, 1 relations",
        ),
    ];
    for (format, expected) in cases {
        let notes = export_notes(&project, format, &dir.path().join(format!("o.{format}")));
        assert!(notes.contains(expected), "{format}: {notes}");
    }
    let notes = export_notes(&project, "jsonl", &dir.path().join("o.jsonl"));
    assert!(!notes.contains("no place"), "{notes}");
}

#[test]
fn doccano_export_keeps_id_and_meta_and_reads_them_back() {
    let dir = tempfile::tempdir().unwrap();
    let project = rich_project(dir.path());
    let output = dir.path().join("o.jsonl");
    export_notes(&project, "doccano-relations", &output);
    let first: Value = serde_json::from_str(
        std::fs::read_to_string(&output)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(first["id"], "talks-1");
    assert_eq!(first["meta"]["source"], "wire");
    let again = tempfile::tempdir().unwrap();
    let (reimported, _) = import(again.path(), &[&"--format", &"doccano", &output]);
    let documents = exported_documents(&reimported);
    assert_eq!(documents[0]["id"], "talks-1");
    assert_eq!(documents[0]["meta"]["source"], "wire");
    assert_eq!(documents[0]["relations"].as_array().unwrap().len(), 1);
}

#[test]
fn label_studio_export_numbers_tasks_and_reads_doc_id_and_notes_back() {
    let dir = tempfile::tempdir().unwrap();
    let project = rich_project(dir.path());
    let output = dir.path().join("o.json");
    export_notes(&project, "label-studio", &output);
    let tasks = read_json(&output);
    assert_eq!(tasks[0]["id"], 1);
    assert_eq!(tasks[1]["id"], 2);
    assert_eq!(tasks[0]["data"]["doc_id"], "talks-1");
    assert_eq!(tasks[0]["meta"]["source"], "wire");
    let again = tempfile::tempdir().unwrap();
    let (reimported, report) = import(again.path(), &[&output]);
    assert!(!report.contains("already used"), "{report}");
    let documents = exported_documents(&reimported);
    let ids: Vec<&str> = documents
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["talks-1", "empty-1"]);
    assert_eq!(documents[0]["title"], "Talks");
    assert_eq!(documents[0]["meta"]["source"], "wire");
    assert_eq!(documents[0]["spans"][0]["note"], "plural");
    assert_eq!(documents[0]["relations"][0]["label"], "agent");
}

#[test]
fn csv_keeps_text_exact_unless_excel_safe_is_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let line = r#"{"id": "x", "text": "@UN_News +3 -2 =cmd", "spans": [{"start": 0, "end": 8, "label": "ACTOR"}, {"start": 9, "end": 11, "label": "CLAIM"}, {"start": 12, "end": 14, "label": "CLAIM"}, {"start": 15, "end": 19, "label": "CLAIM"}]}"#;
    let (project, _) = import(dir.path(), &[&write(dir.path(), "x.jsonl", line)]);
    let exact = ok(glossator(&[&"export", &project, &"--format", &"csv"]));
    for cell in [",@UN_News,", ",+3,", ",-2,", ",=cmd,"] {
        assert!(exact.contains(cell), "{cell} in {exact}");
    }
    let safe = ok(glossator(&[
        &"export",
        &project,
        &"--format",
        &"csv",
        &"--excel-safe",
    ]));
    for cell in [",'@UN_News,", ",'+3,", ",'-2,", ",'=cmd,"] {
        assert!(safe.contains(cell), "{cell} in {safe}");
    }
    fails_with(
        glossator(&[&"export", &project, &"--excel-safe"]),
        "--excel-safe applies to --format csv only",
    );
}

#[test]
fn jsonl_writes_an_empty_annotator_never_null() {
    let dir = tempfile::tempdir().unwrap();
    let documents = exported_documents(&rich_project(dir.path()));
    assert_eq!(documents[0]["spans"][0]["annotator"], "ana");
    // A span that names no one, in a document only ana annotated, is ana's
    // (every span belongs to one annotator's layer).
    assert_eq!(documents[0]["spans"][1]["annotator"], "ana");
    assert_eq!(documents[0]["relations"][0]["annotator"], "ana");
}

#[test]
fn jsonl_import_export_import_export_is_byte_stable() {
    let dir = tempfile::tempdir().unwrap();
    let project = rich_project(dir.path());
    // Ids that are not ours ("a", "b") get numbers the first time; after that
    // they stay.
    let first = ok(glossator(&[&"export", &project]));
    let again = tempfile::tempdir().unwrap();
    let (second_project, report) =
        import(again.path(), &[&write(again.path(), "first.jsonl", &first)]);
    assert!(!report.contains("Renumbered"), "{report}");
    let second = ok(glossator(&[&"export", &second_project]));
    assert_eq!(first, second);
    // Into a project that already uses those ids: renumbered, and said so.
    let (_, report) = import(
        again.path(),
        &[&write(
            again.path(),
            "rich.jsonl",
            first
                .replace("hosted.", "hosted!")
                .replace("here.", "here!"),
        )],
    );
    assert!(
        report.contains("Renumbered 4 span or relation ids the project already uses"),
        "{report}"
    );
}
