//! Layers in and out of files: native JSONL keeps every layer, the other
//! formats write one, Label Studio writes one annotation per layer, and
//! `import --annotator` adds an annotator's layer to texts already there.

mod common;

use std::path::Path;

use common::*;

fn three_annotators() -> std::path::PathBuf {
    data_dir().join("handmade/layers/three-annotators.jsonl")
}

fn import_into(project: &Path, args: &[&dyn AsRef<std::ffi::OsStr>]) -> String {
    let mut all: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"import", &project];
    all.extend_from_slice(args);
    ok(glossator(&all))
}

#[test]
fn jsonl_with_three_annotators_layers_round_trips_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    let input = three_annotators();
    import_into(&project, &[&input]);
    let exported = ok(glossator(&[&"export", &project, &"--layer", &"all"]));
    assert_eq!(exported, std::fs::read_to_string(&input).unwrap());
    // All layers is native JSONL's default.
    assert_eq!(ok(glossator(&[&"export", &project])), exported);
    let documents = parse_jsonl(&exported);
    let statuses: Vec<(&str, &str)> = documents[0]["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["annotator"].as_str().unwrap(),
                l["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [("ana", "done"), ("ben", "in_progress"), ("cy", "new")]
    );
}

#[test]
fn one_layer_formats_take_the_only_layer_or_gold_or_refuse_naming_the_layers() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    import_into(&project, &[&three_annotators()]);
    fails_with(
        glossator(&[&"export", &project, &"--format", &"conll"]),
        "conll writes one annotator's layer; choose one with --layer (layers: ana, ben, cy)",
    );
    fails_with(
        glossator(&[&"export", &project, &"--format", &"csv", &"--layer", &"all"]),
        "(layers: ana, ben, cy)",
    );
    fails_with(
        glossator(&[&"export", &project, &"--layer", &"zed"]),
        "the project has no layer \"zed\" (layers: ana, ben, cy)",
    );
    let csv = ok(glossator(&[
        &"export",
        &project,
        &"--format",
        &"csv",
        &"--layer",
        &"ben",
    ]));
    assert_eq!(
        csv.lines().count(),
        3,
        "a header and ben's two spans: {csv}"
    );
    assert!(csv.contains(",ben,") && !csv.contains(",ana,"), "{csv}");
    // One layer of native JSONL: only ben's spans and status.
    let ben = parse_jsonl(&ok(glossator(&[&"export", &project, &"--layer", &"ben"])));
    assert_eq!(ben[0]["spans"].as_array().unwrap().len(), 2);
    assert_eq!(ben[0]["status"], "in_progress");
    assert_eq!(ben[0]["layers"].as_array().unwrap().len(), 1);

    // A project of one annotator needs no --layer.
    let single = dir.path().join("single.sqlite");
    let jsonl = write(
        dir.path(),
        "one.jsonl",
        r#"{"id":"a","text":"Rebels attacked.","spans":[{"start":0,"end":6,"label":"ACTOR","annotator":"ana"}]}"#,
    );
    import_into(&single, &[&jsonl]);
    let conll = ok(glossator(&[&"export", &single, &"--format", &"conll"]));
    assert!(conll.contains("Rebels\tB-ACTOR"), "{conll}");
}

#[test]
fn gold_is_the_default_layer_of_one_layer_formats() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    // A curated layer, as an export of a curated project names it.
    let jsonl = write(
        dir.path(),
        "curated.jsonl",
        concat!(
            r#"{"id":"a","text":"Rebels attacked.","layers":[{"annotator":"ana","status":"done"},{"annotator":"gold","status":"done"}],"#,
            r#""spans":[{"start":0,"end":6,"label":"ACTOR","annotator":"ana"},{"start":7,"end":15,"label":"EVENT","annotator":"gold"}]}"#
        ),
    );
    import_into(&project, &[&jsonl]);
    let conll = ok(glossator(&[&"export", &project, &"--format", &"conll"]));
    assert!(conll.contains("attacked\tB-EVENT"), "{conll}");
    assert!(conll.contains("Rebels\tO"), "{conll}");
}

#[test]
fn label_studio_writes_one_annotation_per_layer_and_reads_them_back() {
    let dir = tempfile::tempdir().unwrap();
    let task = serde_json::json!([{
        "id": 5,
        "data": {"text": "Rebels attacked the town."},
        "annotations": [
            {"id": 1, "completed_by": "ana@example.org", "result": [
                {"id": "a1", "from_name": "label", "to_name": "text", "type": "labels",
                 "value": {"start": 0, "end": 6, "text": "Rebels", "labels": ["ACTOR"]}}]},
            {"id": 2, "completed_by": "ben@example.org", "result": [
                {"id": "a1", "from_name": "label", "to_name": "text", "type": "labels",
                 "value": {"start": 7, "end": 15, "text": "attacked", "labels": ["EVENT"]}},
                {"id": "b2", "from_name": "label", "to_name": "text", "type": "labels",
                 "value": {"start": 0, "end": 6, "text": "Rebels", "labels": ["ACTOR"]}},
                {"from_id": "a1", "to_id": "b2", "type": "relation", "direction": "right",
                 "labels": ["agent"]}]}
        ]
    }]);
    let input = write(dir.path(), "task.json", task.to_string());
    let project = dir.path().join("p.sqlite");
    import_into(&project, &[&input]);
    let out = dir.path().join("out.json");
    ok(glossator(&[
        &"export",
        &project,
        &"--format",
        &"label-studio",
        &"-o",
        &out,
    ]));
    let exported = read_json(&out);
    let annotations = exported[0]["annotations"].as_array().unwrap();
    let who: Vec<&str> = annotations
        .iter()
        .map(|a| a["completed_by"].as_str().unwrap())
        .collect();
    assert_eq!(who, ["ana@example.org", "ben@example.org"]);
    assert_eq!(annotations[0]["result"].as_array().unwrap().len(), 1);
    assert_eq!(annotations[1]["result"].as_array().unwrap().len(), 3);

    // And back: the same two annotators, each with their own layer.
    let again = dir.path().join("again.sqlite");
    import_into(&again, &[&out]);
    let documents = exported_documents(&again);
    let layers: Vec<&str> = documents[0]["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["annotator"].as_str().unwrap())
        .collect();
    assert_eq!(layers, ["ana@example.org", "ben@example.org"]);
    assert_eq!(documents[0]["relations"][0]["annotator"], "ben@example.org");
}

#[test]
fn import_with_an_annotator_adds_their_layer_to_texts_already_there() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    let text = "Rebels attacked the town.";
    let file = |name: &str, start: u32, end: u32, label: &str, status: &str| {
        write(
            dir.path(),
            name,
            serde_json::json!({"id": "d1", "text": text, "status": status,
                "spans": [{"start": start, "end": end, "label": label}]})
            .to_string(),
        )
    };
    let ana = file("ana.jsonl", 0, 6, "ACTOR", "done");
    let ben = file("ben.jsonl", 7, 15, "EVENT", "in_progress");
    let cy = file("cy.jsonl", 16, 24, "ACTOR", "done");
    import_into(&project, &[&ana, &"--annotator", &"ana"]);
    let report = import_into(&project, &[&ben, &"--annotator", &"ben"]);
    assert!(
        report.contains("Imported 0 documents (1 span, 0 relations)"),
        "{report}"
    );
    assert!(report.contains("Added a layer to 1 document"), "{report}");
    import_into(&project, &[&cy, &"--annotator", &"cy"]);
    let documents = exported_documents(&project);
    assert_eq!(documents.len(), 1, "one document, three layers");
    let layers: Vec<(&str, &str)> = documents[0]["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["annotator"].as_str().unwrap(),
                l["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        layers,
        [("ana", "done"), ("ben", "in_progress"), ("cy", "done")]
    );
    let owners: Vec<&str> = documents[0]["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["annotator"].as_str().unwrap())
        .collect();
    assert_eq!(owners, ["ana", "ben", "cy"]);

    // ana again: her layer is there, so the file is skipped and said.
    let before = ok(glossator(&[&"export", &project]));
    let report = import_into(&project, &[&ana, &"--annotator", &"ana"]);
    assert!(
        report.contains("Skipped 1 document where the annotator already has a layer"),
        "{report}"
    );
    assert!(report.contains("(ana)"), "{report}");
    assert_eq!(ok(glossator(&[&"export", &project])), before);

    // Without --annotator the same text is a duplicate, as always.
    let report = import_into(&project, &[&ana]);
    assert!(report.contains("Skipped 1 duplicate"), "{report}");
}

#[test]
fn bad_layers_in_jsonl_are_refused_with_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    let cases = [
        (
            r#"{"text":"Rebels.","layers":[{"status":"done"}]}"#,
            r#"bad.jsonl:1: layer 1: missing "annotator""#,
        ),
        (
            r#"{"text":"Rebels.","layers":[{"annotator":"ana","status":"finished"}]}"#,
            r#"layer 1: unknown status "finished"; expected "new", "in_progress" or "done""#,
        ),
        (
            r#"{"text":"Rebels.","layers":[{"annotator":"ana"},{"annotator":"ana"}]}"#,
            r#"layer 2: annotator "ana" has two layers of this document"#,
        ),
        (
            r#"{"text":"Rebels attacked.","spans":[{"id":"a","start":0,"end":6,"label":"ACTOR","annotator":"ana"},{"id":"b","start":7,"end":15,"label":"EVENT","annotator":"ben"}],"relations":[{"from":"b","to":"a","label":"agent"}]}"#,
            "relation 1: it joins a span of ben's layer to one of ana's; a relation joins spans of one annotator",
        ),
    ];
    for (line, expected) in cases {
        let input = write(dir.path(), "bad.jsonl", format!("{line}\n"));
        fails_with(glossator(&[&"import", &project, &input]), expected);
        assert!(!project.exists(), "{expected}");
    }
}
