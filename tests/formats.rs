//! Interchange formats: the real corpora in tests/data/corpora, round trips
//! with exact offsets, Python's view of the exports, and bad input.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::*;

fn corpus(path: &str) -> PathBuf {
    data_dir().join("corpora").join(path)
}

/// Every annotation of a project, comparable across projects: per document
/// (by text), spans as (label, start, end, text, attributes, note) and
/// relations as (label, from span, to span, note).
fn annotation_set(project: &Path) -> BTreeSet<String> {
    let exported = parse_jsonl(&ok(glossator(&[&"export", &project])));
    let mut set = BTreeSet::new();
    for document in exported {
        let text = document["text"].as_str().unwrap();
        let doc_key = format!("{:x}", text.len()) + &text.chars().take(40).collect::<String>();
        let key_of = |id: &str| {
            let span = document["spans"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["id"] == id)
                .unwrap();
            format!("{}@{}-{}", span["label"], span["start"], span["end"])
        };
        for span in document["spans"].as_array().unwrap() {
            let attributes: std::collections::BTreeMap<String, serde_json::Value> =
                serde_json::from_value(span["attributes"].clone()).unwrap();
            set.insert(format!(
                "{doc_key}|S|{}|{}|{}|{}|{:?}|{}",
                span["label"], span["start"], span["end"], span["text"], attributes, span["note"]
            ));
        }
        for relation in document["relations"].as_array().unwrap() {
            set.insert(format!(
                "{doc_key}|R|{}|{}|{}|{}",
                relation["label"],
                key_of(relation["from"].as_str().unwrap()),
                key_of(relation["to"].as_str().unwrap()),
                relation["note"]
            ));
        }
    }
    set
}

fn stats(project: &Path) -> serde_json::Value {
    serde_json::from_str(&ok(glossator(&[&"stats", &project, &"--json"]))).unwrap()
}

/// Imports a brat folder, exports it, imports the export: the same annotations,
/// texts byte for byte. Returns (documents, spans, relations, report).
fn brat_round_trip(folder: &str) -> (u64, u64, u64, String) {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.sqlite");
    let report = ok(glossator(&[&"import", &first, &corpus(folder)]));
    let out = dir.path().join("brat-out");
    ok(glossator(&[
        &"export",
        &first,
        &"--format",
        &"brat",
        &"--output",
        &out,
    ]));
    assert!(out.join("annotation.conf").is_file());
    for entry in std::fs::read_dir(corpus(folder)).unwrap() {
        let original = entry.unwrap().path();
        if original.extension().is_some_and(|e| e == "txt") {
            let exported = out.join(original.file_name().unwrap());
            assert_eq!(
                std::fs::read(&exported).unwrap(),
                std::fs::read(&original).unwrap(),
                "{}",
                exported.display()
            );
        }
    }
    let second = dir.path().join("second.sqlite");
    ok(glossator(&[&"import", &second, &out]));
    let (a, b) = (annotation_set(&first), annotation_set(&second));
    let only_first: Vec<_> = a.difference(&b).take(5).collect();
    let only_second: Vec<_> = b.difference(&a).take(5).collect();
    assert!(
        only_first.is_empty() && only_second.is_empty(),
        "{folder}: lost {only_first:#?}\ngained {only_second:#?}"
    );
    let stats = stats(&first);
    (
        stats["documents"].as_u64().unwrap(),
        stats["spans"].as_u64().unwrap(),
        stats["relations"].as_u64().unwrap(),
        report,
    )
}

#[test]
fn brat_treebank_round_trips() {
    // Treebank shapes (brat's TDT corpus has no stated licence, so ours is handmade):
    // multi-valued attributes, lemma notes with a leading space, *null* tokens.
    let (documents, spans, relations, report) = brat_round_trip("../handmade/brat-treebank");
    assert_eq!((documents, spans, relations), (2, 14, 11));
    assert!(report.contains("the file's schema"), "{report}");
}

#[test]
fn brat_tutorials_round_trip_with_events_attributes_notes_and_equivalences() {
    let (documents, spans, _, _) = brat_round_trip("brat-examples/tutorials/news");
    assert_eq!((documents, spans), (13, 119));
    let (documents, spans, _, _) = brat_round_trip("brat-examples/tutorials/bio");
    assert_eq!((documents, spans), (13, 107));
}

#[test]
fn litbank_round_trips_nested_entities_events_and_coreference() {
    let (documents, spans, _, _) = brat_round_trip("litbank/entities");
    assert_eq!((documents, spans), (12, 1579));
    let (_, spans, _, report) = brat_round_trip("litbank/events");
    assert_eq!(spans, 1073);
    assert!(
        report.contains("_brat.ann:92: skipped: refers to \"T130\""),
        "{report}"
    );
    let (_, spans, relations, _) = brat_round_trip("litbank/coref");
    assert_eq!((spans, relations), (7452, 80));
}

#[test]
fn brat_news_keeps_what_glossator_has_no_place_for() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    ok(glossator(&[
        &"import",
        &project,
        &corpus("brat-examples/tutorials/news"),
    ]));
    let exported = ok(glossator(&[&"export", &project]));
    // A normalisation, an event's roles, an equivalence chain and a note survive.
    assert!(
        exported.contains("\"N:Reference\":\"Wikipedia:64488\\tCarlos Salinas de Gortari\""),
        "normalisation"
    );
    assert!(exported.contains("\"brat:event_roles\":"), "event roles");
    assert!(exported.contains("\"label\":\"*Alias\""), "equivalence");
    assert!(
        exported.contains("\"Confidence\":\"Neutral\""),
        "valued attribute on an event"
    );
}

#[test]
fn discontinuous_brat_spans_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    write(&input, "d.txt", "Kabul and — 😀 Doha talks");
    write(&input, "d.ann", "T1\tGPE 0 5;14 18\tKabul Doha\nT2\tEVENT 19 24\ttalks\nR1\tloc Arg1:T2 Arg2:T1\n#1\tAnnotatorNotes T1\tcheck\n");
    let first = dir.path().join("a.sqlite");
    ok(glossator(&[&"import", &first, &input]));
    let out = dir.path().join("out");
    ok(glossator(&[
        &"export",
        &first,
        &"--format",
        &"brat",
        &"-o",
        &out,
    ]));
    let ann = std::fs::read_to_string(out.join("d.ann")).unwrap();
    assert!(ann.contains("T1\tGPE 0 5;14 18\tKabul Doha\n"), "{ann}");
    assert!(ann.contains("#1\tAnnotatorNotes T1\tcheck"), "{ann}");
    let second = dir.path().join("b.sqlite");
    ok(glossator(&[&"import", &second, &out]));
    assert_eq!(annotation_set(&first), annotation_set(&second));
}

#[test]
fn doccano_and_label_studio_samples_import_with_their_span_counts() {
    let cases: [(&str, Option<&str>, u64, u64, u64); 9] = [
        ("doccano-examples/backend/data_export/pipeline/examples/sequence_labeling/example.jsonl", None, 3, 4, 0),
        ("doccano-examples/backend/data_export/pipeline/examples/relation_extraction/example.jsonl", None, 1, 4, 3),
        ("doccano-examples/backend/data_import/pipeline/examples/sequence_labeling/example.jsonl", None, 3, 3, 0),
        ("doccano-examples/backend/data_import/pipeline/examples/relation_extraction/example.jsonl", None, 1, 4, 3),
        ("doccano-examples/backend/data_import/tests/data/relation_extraction/example.jsonl", None, 1, 4, 3),
        ("doccano-examples/backend/data_import/tests/data/sequence_labeling/example_overlapping.jsonl", None, 1, 2, 0),
        ("doccano-examples/backend/data_import/pipeline/examples/sequence_labeling/example.txt", Some("conll"), 1, 4, 0),
        ("label-studio-examples/web/libs/editor/src/examples/named_entity/tasks.json", None, 1, 1, 0),
        ("label-studio-examples/web/libs/editor/src/examples/named_entity/annotations/1.json", None, 1, 1, 0),
    ];
    for (file, format, documents, spans, relations) in cases {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("p.sqlite");
        let path = corpus(file);
        match format {
            Some(format) => ok(glossator(&[
                &"import",
                &project,
                &path,
                &"--format",
                &format,
            ])),
            None => ok(glossator(&[&"import", &project, &path])),
        };
        let stats = stats(&project);
        assert_eq!(
            (
                stats["documents"].as_u64().unwrap(),
                stats["spans"].as_u64().unwrap(),
                stats["relations"].as_u64().unwrap()
            ),
            (documents, spans, relations),
            "{file}"
        );
    }
}

#[test]
fn conll_dialects_import_and_a_malformed_line_is_refused() {
    for (file, spans) in [("example.conll", 2), ("labeling.trailing.conll", 2)] {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("p.sqlite");
        ok(glossator(&[
            &"import",
            &project,
            &corpus(&format!(
                "doccano-examples/backend/data_import/tests/data/sequence_labeling/{file}"
            )),
        ]));
        assert_eq!(stats(&project)["spans"], spans, "{file}");
    }
    let dir = tempfile::tempdir().unwrap();
    let invalid = corpus(
        "doccano-examples/backend/data_import/tests/data/sequence_labeling/labeling.invalid.conll",
    );
    fails_with(
        glossator(&[&"import", &dir.path().join("p.sqlite"), &invalid]),
        "labeling.invalid.conll:1: tag \"SOCCERO\" is not O or B-, I-, E-, L-, S-, U- with a label",
    );
    let missing_text =
        corpus("doccano-examples/backend/data_import/tests/data/sequence_labeling/example.jsonl");
    fails_with(
        glossator(&[&"import", &dir.path().join("p.sqlite"), &missing_text]),
        "example.jsonl:3: missing \"text\"",
    );
    assert!(!dir.path().join("p.sqlite").exists());
}

/// The torture text through every format that reads back: offsets exact in
/// code points, text byte for byte.
#[test]
fn the_torture_text_round_trips_through_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source.sqlite");
    ok(glossator(&[
        &"import",
        &source,
        &write(dir.path(), "t.jsonl", torture_jsonl_line()),
    ]));
    let gold = read_json(&sample("unicode-torture.gold.json"));
    let original = std::fs::read(sample("unicode-torture.txt")).unwrap();
    for (format, output) in [
        ("jsonl", "o.jsonl"),
        ("doccano", "o.doccano.jsonl"),
        ("doccano-relations", "o.rel.jsonl"),
        ("label-studio", "o.json"),
        ("brat", "o-brat"),
    ] {
        let out = dir.path().join(output);
        let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> =
            vec![&"export", &source, &"--format", &format, &"-o", &out];
        if format == "brat" {
            // The torture text has CRLF: byte for byte is brat's `keep` (the
            // default writes LF, as brat reads; tests/conll_brat.rs).
            args.push(&"--brat-newlines");
            args.push(&"keep");
        }
        ok(glossator(&args));
        let back = dir.path().join(format!("{format}.sqlite"));
        let import_format = if format.starts_with("doccano") {
            "doccano"
        } else {
            format
        };
        ok(glossator(&[
            &"import",
            &back,
            &out,
            &"--format",
            &import_format,
        ]));
        let exported = parse_jsonl(&ok(glossator(&[&"export", &back])));
        assert_eq!(
            exported[0]["text"].as_str().unwrap().as_bytes(),
            original.as_slice(),
            "{format}"
        );
        assert_eq!(span_tuples(&exported[0]), span_tuples(&gold), "{format}");
    }
    // CoNLL rebuilds the text from tokens; the spans keep their labels and token texts.
    let out = dir.path().join("o.conll");
    ok(glossator(&[
        &"export",
        &source,
        &"--format",
        &"conll",
        &"-o",
        &out,
    ]));
    let conll = std::fs::read_to_string(&out).unwrap();
    assert!(conll.contains("伊斯坦布尔\tB-ACTOR\n"), "{conll}");
    assert!(conll.contains("Zabihulla\u{301}h\tB-ACTOR\n"), "{conll}");
}

/// Python's standard library reads the JSONL, CSV and doccano exports and
/// agrees with every offset of the torture sample.
#[test]
fn python_agrees_with_jsonl_csv_and_doccano_offsets() {
    let python = python();
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    ok(glossator(&[
        &"import",
        &project,
        &write(dir.path(), "t.jsonl", torture_jsonl_line()),
    ]));
    for (format, name) in [
        ("jsonl", "o.jsonl"),
        ("csv", "o.csv"),
        ("doccano", "o.doccano.jsonl"),
    ] {
        ok(glossator(&[
            &"export",
            &project,
            &"--format",
            &format,
            &"-o",
            &dir.path().join(name),
        ]));
    }
    let script = r#"
import csv, json, sys
d = sys.argv[1]
doc = json.loads(open(d + "/o.jsonl", encoding="utf-8").readline())
text = doc["text"]
expected = [(s["start"], s["end"], s["label"], s["text"]) for s in doc["spans"]]
for s in doc["spans"]:
    assert text[s["start"]:s["end"]] == s["text"], s
rows = list(csv.DictReader(open(d + "/o.csv", encoding="utf-8", newline="")))
assert [(int(r["start"]), int(r["end"]), r["label"], r["text"]) for r in rows] == expected, rows
for r in rows:
    assert text[int(r["start"]):int(r["end"])] == r["text"], r
rec = json.loads(open(d + "/o.doccano.jsonl", encoding="utf-8").readline())
units = rec["text"].encode("utf-16-le")
got = [(s, e, l, units[2*s:2*e].decode("utf-16-le")) for s, e, l in rec["label"]]
assert [(g[2], g[3]) for g in got] == [(e[2], e[3]) for e in expected], got
print(len(expected))
"#;
    let printed = run_python(&python, script, &[&dir.path()]);
    assert_eq!(printed.trim(), "9");
}

#[test]
fn csv_quotes_per_rfc_4180_and_keeps_formulas_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    let line = r#"{"id": "x", "text": "=cmd(1), \"quoted\"\nnext", "spans": [{"start": 0, "end": 7, "label": "ACTOR"}, {"start": 9, "end": 17, "label": "CLAIM"}]}"#;
    ok(glossator(&[
        &"import",
        &project,
        &write(dir.path(), "x.jsonl", line),
    ]));
    let csv = ok(glossator(&[&"export", &project, &"--format", &"csv"]));
    assert!(
        csv.starts_with(
            "doc_id,doc_title,span_id,start,end,label,text,attributes,annotator,note\r\n"
        ),
        "{csv}"
    );
    assert!(csv.contains(",=cmd(1),"), "{csv}");
    assert!(csv.contains(",\"\"\"quoted\"\"\","), "{csv}");
}

#[test]
fn conll_export_reports_what_iob_cannot_hold() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    let line = r#"{"text": "Pakistan army chief", "spans": [{"start": 0, "end": 19, "label": "ACTOR"}, {"start": 0, "end": 8, "label": "ACTOR"}]}"#;
    ok(glossator(&[
        &"import",
        &project,
        &write(dir.path(), "x.jsonl", line),
    ]));
    let output = glossator(&[&"export", &project, &"--format", &"conll"]);
    assert_eq!(
        stdout(&output),
        "-DOCSTART- -X- O O\n\nPakistan\tB-ACTOR\narmy\tI-ACTOR\nchief\tI-ACTOR\n\n"
    );
    assert!(
        stderr(&output).contains("left out 1 nested or overlapping spans"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn malformed_input_of_every_importer_names_file_and_line_and_changes_nothing() {
    let cases: Vec<(&str, &[u8], &str)> = vec![
        ("bad.json", b"[{\"data\": {\"text\": \"abc\"}, \"annotations\": [{\"result\": [{\"type\": \"labels\", \"id\": \"a\", \"value\": {\"start\": 0, \"end\": 9, \"labels\": [\"X\"]}}]}]}]", "bad.json:1 (task 1): span 1 (id \"a\"): end 9 is past the end of the text (3 code points)"),
        ("trunc.json", b"[{\"data\": {\"text\": \"abc\"}", "trunc.json:1: bad JSON"),
        ("rev.jsonl", b"{\"text\": \"abcdef\", \"label\": [[4, 2, \"X\"]]}", "rev.jsonl:1: span 1: start 4 is not before end 2"),
        ("mismatch.json", b"[{\"data\": {\"text\": \"abcdef\"}, \"annotations\": [{\"result\": [{\"type\": \"labels\", \"id\": \"a\", \"value\": {\"start\": 0, \"end\": 2, \"text\": \"xy\", \"labels\": [\"X\"]}}]}]}]", "does not match"),
        ("rel.jsonl", b"{\"text\": \"abc\", \"entities\": [{\"id\": 1, \"start_offset\": 0, \"end_offset\": 1, \"label\": \"X\"}], \"relations\": [{\"from_id\": 1, \"to_id\": 9, \"type\": \"r\"}]}", "rel.jsonl:1: relation 1: \"to\" refers to span id \"9\""),
        ("latin1.conll", b"caf\xe9\tO\n", "latin1.conll:1: invalid UTF-8 at byte offset 3"),
        ("bad.conll", b"a\tO\nb\tQ-X\n", "bad.conll:2: tag \"Q-X\""),
    ];
    for (name, contents, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("p.sqlite");
        ok(glossator(&[
            &"import",
            &project,
            &write(dir.path(), "gold.jsonl", gold_jsonl_line()),
        ]));
        let before = snapshot_file(&project);
        fails_with(
            glossator(&[&"import", &project, &write(dir.path(), name, contents)]),
            expected,
        );
        assert_eq!(snapshot_file(&project), before, "{name}");
    }
    // brat: a relation to an id the file does not define.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    write(&input, "d.txt", "abc def");
    write(&input, "d.ann", "T1\tX 0 3\tabc\nR1\tr Arg1:T1 Arg2:T7\n");
    fails_with(
        glossator(&[&"import", &dir.path().join("p.sqlite"), &input]),
        "d.ann:2: refers to \"T7\"",
    );
    write(&input, "d.ann", "T1\tX 0 3\tabd\n");
    fails_with(
        glossator(&[&"import", &dir.path().join("p.sqlite"), &input]),
        "d.ann:1: T1: span text \"abd\" does not match",
    );
    assert!(!dir.path().join("p.sqlite").exists());
}
