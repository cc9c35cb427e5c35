//! The samples go in through the CLI and come out with the gold's offsets.

mod common;

use common::*;

#[test]
fn gold_sample_round_trips_spans_relations_and_attributes() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    let input = write(dir.path(), "gold.jsonl", gold_jsonl_line() + "\n");
    let report = ok(glossator(&[&"import", &project, &input]));
    assert!(
        report.contains("Imported 1 document (30 spans, 13 relations)."),
        "{report}"
    );
    // The gold uses event types the default schema lacks: added and said so.
    assert!(
        report.contains("value \"Ceasefire\" of attribute EVENT.type"),
        "{report}"
    );

    let exported = parse_jsonl(&ok(glossator(&[
        &"export",
        &project,
        &"--format",
        &"jsonl",
    ])));
    assert_eq!(exported.len(), 1);
    let document = &exported[0];
    let gold = read_json(&sample("afghanistan-pakistan-ceasefire.gold.json"));
    assert_eq!(document["text"], gold["text"]);
    assert_eq!(document["title"], gold["title"]);
    assert_eq!(document["meta"], gold["meta"]);
    assert_eq!(span_tuples(document), span_tuples(&gold));

    // Spans carry their attributes; relations join the same (start, end) pairs.
    let key = |span: &serde_json::Value| (span["start"].as_u64(), span["end"].as_u64());
    let gold_by_id: std::collections::HashMap<String, &serde_json::Value> = gold["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["id"].to_string(), s))
        .collect();
    let out_by_id: std::collections::HashMap<String, &serde_json::Value> = document["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["id"].as_str().unwrap().to_string(), s))
        .collect();
    for span in document["spans"].as_array().unwrap() {
        let gold_span = gold["spans"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| key(g) == key(span))
            .unwrap();
        assert_eq!(span["attributes"], gold_span["attributes"]);
    }
    let mut gold_relations: Vec<_> = gold["relations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                key(gold_by_id[&r["from"].to_string()]),
                key(gold_by_id[&r["to"].to_string()]),
                r["label"].clone(),
            )
        })
        .collect();
    let mut out_relations: Vec<_> = document["relations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                key(out_by_id[r["from"].as_str().unwrap()]),
                key(out_by_id[r["to"].as_str().unwrap()]),
                r["label"].clone(),
            )
        })
        .collect();
    gold_relations.sort_by_key(|r| format!("{r:?}"));
    out_relations.sort_by_key(|r| format!("{r:?}"));
    assert_eq!(out_relations, gold_relations);
}

#[test]
fn torture_text_survives_with_gold_offsets_and_identical_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    let input = write(dir.path(), "torture.jsonl", torture_jsonl_line());
    let report = ok(glossator(&[
        &"import",
        &project,
        &input,
        &sample("unicode-torture.txt"),
    ]));
    // The .txt holds the same text as the JSONL line: a duplicate, skipped and listed.
    assert!(
        report.contains("Imported 1 document (9 spans, 0 relations)."),
        "{report}"
    );
    assert!(report.contains("Skipped 1 duplicate"), "{report}");
    assert!(
        report.contains("ignored keys Glossator does not use: spans[].byte_end"),
        "{report}"
    );

    let out = dir.path().join("out.jsonl");
    ok(glossator(&[&"export", &project, &"--output", &out]));
    let exported = parse_jsonl(&std::fs::read_to_string(&out).unwrap());
    let gold = read_json(&sample("unicode-torture.gold.json"));
    let original = std::fs::read(sample("unicode-torture.txt")).unwrap();
    assert_eq!(
        exported[0]["text"].as_str().unwrap().as_bytes(),
        original.as_slice()
    );
    assert_eq!(span_tuples(&exported[0]), span_tuples(&gold));
}

#[test]
fn plain_text_import_keeps_crlf_bytes_and_titles_by_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    ok(glossator(&[
        &"import",
        &project,
        &sample("unicode-torture.txt"),
        &sample("afghanistan-pakistan-ceasefire.txt"),
    ]));
    let exported = parse_jsonl(&ok(glossator(&[&"export", &project])));
    assert_eq!(exported.len(), 2);
    assert_eq!(exported[0]["title"], "unicode-torture");
    assert_eq!(exported[0]["meta"]["source"], "unicode-torture.txt");
    assert_eq!(exported[0]["status"], "new");
    for (document, file) in exported
        .iter()
        .zip(["unicode-torture.txt", "afghanistan-pakistan-ceasefire.txt"])
    {
        let original = std::fs::read(sample(file)).unwrap();
        assert_eq!(
            document["text"].as_str().unwrap().as_bytes(),
            original.as_slice(),
            "{file}"
        );
    }
}

#[test]
fn export_is_deterministic_and_reimport_is_reported_as_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    let input = write(dir.path(), "gold.jsonl", gold_jsonl_line());
    ok(glossator(&[&"import", &project, &input]));
    let first = ok(glossator(&[&"export", &project]));
    let second = ok(glossator(&[&"export", &project]));
    assert_eq!(first, second);

    let again = ok(glossator(&[&"import", &project, &input]));
    assert!(again.contains("Imported 0 documents"), "{again}");
    assert!(
        again.contains("gold.jsonl:1: \"Afghanistan and Pakistan cease-fire\""),
        "{again}"
    );
    assert_eq!(ok(glossator(&[&"export", &project])), first);
}

#[test]
fn exported_jsonl_reimports_to_the_same_export() {
    let dir = tempfile::tempdir().unwrap();
    let first_project = dir.path().join("a.sqlite");
    let input = write(
        dir.path(),
        "in.jsonl",
        gold_jsonl_line() + "\n" + &torture_jsonl_line() + "\n",
    );
    ok(glossator(&[&"import", &first_project, &input]));
    let exported = write(
        dir.path(),
        "out.jsonl",
        ok(glossator(&[&"export", &first_project])),
    );
    let second_project = dir.path().join("b.sqlite");
    ok(glossator(&[&"import", &second_project, &exported]));
    let first: Vec<_> = parse_jsonl(&std::fs::read_to_string(&exported).unwrap());
    let second = parse_jsonl(&ok(glossator(&[&"export", &second_project])));
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(a["text"], b["text"]);
        assert_eq!(span_tuples(a), span_tuples(b));
        assert_eq!(
            a["relations"].as_array().unwrap().len(),
            b["relations"].as_array().unwrap().len()
        );
    }
}

#[test]
fn directories_are_walked_in_name_order_and_other_files_reported() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir_all(docs.join("sub")).unwrap();
    write(&docs, "b.txt", "second");
    write(&docs, "a.txt", "first");
    write(&docs.join("sub"), "c.txt", "third");
    write(&docs, "notes.md", "not imported");
    let project = dir.path().join("p.sqlite");
    let report = ok(glossator(&[&"import", &project, &docs]));
    assert!(report.contains("Imported 3 documents"), "{report}");
    assert!(
        report.contains("notes.md: skipped: not a file type Glossator reads"),
        "{report}"
    );
    let titles: Vec<String> = parse_jsonl(&ok(glossator(&[&"export", &project])))
        .iter()
        .map(|d| d["title"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(titles, ["a", "b", "c"]);
}

#[test]
fn stats_counts_documents_spans_and_relations() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    let input = write(dir.path(), "gold.jsonl", gold_jsonl_line());
    ok(glossator(&[&"import", &project, &input]));
    let stats: serde_json::Value =
        serde_json::from_str(&ok(glossator(&[&"stats", &project, &"--json"]))).unwrap();
    assert_eq!(stats["documents"], 1);
    assert_eq!(stats["spans"], 30);
    assert_eq!(stats["spans_by_label"]["ACTOR"], 12);
    assert_eq!(stats["spans_by_label"]["EVENT"], 11);
    assert_eq!(stats["spans_by_label"]["CLAIM"], 7);
    assert_eq!(stats["relations"], 13);
    assert_eq!(stats["relations_by_label"]["source"], 7);
    assert_eq!(stats["documents_by_status"]["new"], 1);
    let table = ok(glossator(&[&"stats", &project]));
    assert!(table.contains("Spans      30"), "{table}");
    assert!(table.contains("  ACTOR             12"), "{table}");
}

/// Python's own slicing agrees with every exported span (no packages needed).
#[test]
fn python_slicing_agrees_with_exported_offsets() {
    let python = python();
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    let input = write(
        dir.path(),
        "in.jsonl",
        torture_jsonl_line() + "\n" + &gold_jsonl_line(),
    );
    ok(glossator(&[&"import", &project, &input]));
    let out = dir.path().join("out.jsonl");
    ok(glossator(&[&"export", &project, &"-o", &out]));
    let script = r#"
import json, sys
checked = 0
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        doc = json.loads(line)
        for span in doc["spans"]:
            assert doc["text"][span["start"]:span["end"]] == span["text"], span
            checked += 1
print(checked)
"#;
    let printed = run_python(&python, script, &[&out]);
    assert_eq!(printed.trim(), "39");
}

#[test]
fn the_schema_exports_and_imports_as_json_and_bad_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    ok(glossator(&[
        &"import",
        &project,
        &sample("afghanistan-pakistan-ceasefire.txt"),
    ]));
    let printed: serde_json::Value =
        serde_json::from_str(&ok(glossator(&[&"schema", &project]))).unwrap();
    assert_eq!(printed["labels"][0]["name"], "EVENT");
    assert_eq!(
        printed["relations"][5]["pairs"][0],
        serde_json::json!(["CLAIM", "ACTOR"])
    );

    let exported = dir.path().join("schema.json");
    ok(glossator(&[&"schema", &project, &"--export", &exported]));
    let mut shared: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&exported).unwrap()).unwrap();
    shared["labels"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"name": "PLACE", "color": "#336699", "shortcut": "4"}));
    let other = dir.path().join("other.sqlite");
    ok(glossator(&[
        &"import",
        &other,
        &sample("unicode-torture.txt"),
    ]));
    let team = write(dir.path(), "team.json", shared.to_string());
    ok(glossator(&[&"schema", &other, &"--import", &team]));
    let printed: serde_json::Value =
        serde_json::from_str(&ok(glossator(&[&"schema", &other]))).unwrap();
    assert_eq!(printed["labels"][3]["name"], "PLACE");

    shared["labels"][3]["shortcut"] = "1".into();
    let clash = write(dir.path(), "clash.json", shared.to_string());
    fails_with(
        glossator(&[&"schema", &other, &"--import", &clash]),
        "labels \"EVENT\" and \"PLACE\" share the shortcut \"1\"",
    );
    let broken = write(dir.path(), "broken.json", "{\"labels\": [");
    fails_with(
        glossator(&[&"schema", &other, &"--import", &broken]),
        "broken.json:1: bad schema file",
    );
}
