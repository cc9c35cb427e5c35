//! Our Label Studio, JSONL and CSV exports read by the tools people load them
//! with: Label Studio's own converter (label_studio_sdk.converter: JSON_MIN,
//! CSV, CONLL2003) and Hugging Face `datasets`. Python is only a test tool
//! here (`bash .ci/python-env` installs it).

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// A project whose first documents have spans with no annotator (the layer of
/// `unknown` since schema version 3) and whose last has a named one, every
/// document with the same shape otherwise (attributes, meta, a relation).
fn mixed_annotator_project(dir: &Path) -> PathBuf {
    let mut lines = String::new();
    for n in 0..4 {
        let annotator = if n == 3 { "ana" } else { "" };
        let line = serde_json::json!({
            "id": format!("doc-{n}"), "title": format!("Talks {n}"),
            "text": format!("Envoys met in Doha, round {n}."),
            "meta": {"source": "wire"},
            "spans": [
                {"id": "a", "start": 0, "end": 6, "label": "ACTOR", "attributes": {"type": "Person"},
                 "annotator": annotator, "note": ""},
                {"id": "b", "start": 7, "end": 10, "label": "EVENT", "attributes": {"type": "Meeting"},
                 "annotator": annotator, "note": ""}],
            "relations": [{"from": "b", "to": "a", "label": "agent", "annotator": annotator, "note": ""}]
        });
        lines.push_str(&format!("{line}\n"));
    }
    let project = dir.join("p.sqlite");
    ok(glossator(&[
        &"import",
        &project,
        &write(dir, "in.jsonl", lines),
    ]));
    project
}

fn export(project: &Path, format: &str, output: &Path) {
    ok(glossator(&[
        &"export",
        &project,
        &"--format",
        &format,
        &"-o",
        &output,
    ]));
}

#[test]
#[ignore = "needs the test Python environment: bash .ci/python-env"]
fn datasets_loads_jsonl_and_csv_with_mixed_annotators() {
    let python = python_with(&["datasets"]);
    let dir = tempfile::tempdir().unwrap();
    let project = mixed_annotator_project(dir.path());
    export(&project, "jsonl", &dir.path().join("o.jsonl"));
    // CSV holds one layer (schema version 3): spans that named no annotator
    // are the layer of `unknown`.
    ok(glossator(&[
        &"export",
        &project,
        &"--format",
        &"csv",
        &"--layer",
        &"unknown",
        &"-o",
        &dir.path().join("o.csv"),
    ]));
    // Tiny chunks put each row in its own Arrow batch: the type the first
    // batch gives a column must hold the later ones (a null annotator first
    // and a name later failed with "Couldn't cast array of type string to null").
    let script = r#"
import sys, datasets
d = sys.argv[1]
datasets.disable_progress_bars()
rows = datasets.load_dataset("json", data_files=d + "/o.jsonl", split="train",
                             chunksize=16, cache_dir=d + "/cache-json")
annotators = [s["annotator"] for doc in rows for s in doc["spans"]]
assert annotators == ["unknown"] * 6 + ["ana", "ana"], annotators
for doc in rows:
    for s in doc["spans"]:
        assert doc["text"][s["start"]:s["end"]] == s["text"], s
csv_rows = datasets.load_dataset("csv", data_files=d + "/o.csv", split="train",
                                 cache_dir=d + "/cache-csv")
assert csv_rows["annotator"] == ["unknown"] * 6, csv_rows["annotator"]
csv_rows = datasets.load_dataset("csv", data_files=d + "/o.csv", split="train", chunksize=1,
                                 cache_dir=d + "/cache-csv-chunks")
assert csv_rows["annotator"] == ["unknown"] * 6, csv_rows["annotator"]
print(len(rows), len(csv_rows))
"#;
    let printed = run_python(&python, script, &[&dir.path()]);
    assert_eq!(printed.trim(), "4 6");
}

const LABEL_CONFIG: &str = r#"<View>
  <Labels name="label" toName="text">
    <Label value="ACTOR"/><Label value="EVENT"/><Label value="CLAIM"/>
  </Labels>
  <Relations><Relation value="agent"/></Relations>
  <Text name="text" value="$text"/>
</View>"#;

#[test]
#[ignore = "needs the test Python environment: bash .ci/python-env"]
fn label_studio_converter_reads_our_export_as_json_min_csv_and_conll() {
    let python = python_with(&["label_studio_sdk.converter"]);
    let dir = tempfile::tempdir().unwrap();
    let project = mixed_annotator_project(dir.path());
    let input = dir.path().join("o.json");
    export(&project, "label-studio", &input);
    let script = r#"
import sys, json, os, csv
from label_studio_sdk.converter import Converter
config, source, out = sys.argv[1], sys.argv[2], sys.argv[3]
converter = Converter(config=config, project_dir=None, download_resources=False)
for fmt in ["JSON_MIN", "CSV", "CONLL2003"]:
    converter.convert(source, os.path.join(out, fmt), fmt, is_dir=False)
records = json.load(open(os.path.join(out, "JSON_MIN", "result.json"), encoding="utf-8"))
assert [r["id"] for r in records] == [1, 2, 3, 4], [r["id"] for r in records]
assert [r["doc_id"] for r in records] == ["doc-0", "doc-1", "doc-2", "doc-3"]
for r in records:
    for region in r["label"]:
        assert r["text"][region["start"]:region["end"]] == region["text"], region
rows = list(csv.DictReader(open(os.path.join(out, "CSV", "result.csv"), encoding="utf-8")))
assert len(rows) == 4 and all(row["doc_id"] for row in rows), rows
conll = open(os.path.join(out, "CONLL2003", "result.conll"), encoding="utf-8").read()
assert "Envoys -X- _ B-ACTOR" in conll and "met -X- _ B-EVENT" in conll, conll
print(len(records))
"#;
    let out = dir.path().join("converted");
    let printed = run_python(&python, script, &[&LABEL_CONFIG, &input, &out]);
    assert_eq!(printed.trim(), "4");
    // Label Studio's JSON-MIN of our export comes back with the same spans.
    let again = dir.path().join("again.sqlite");
    ok(glossator(&[
        &"import",
        &again,
        &out.join("JSON_MIN").join("result.json"),
    ]));
    let spans = |project: &Path| -> Vec<_> {
        exported_documents(project)
            .iter()
            .map(|d| (d["id"].clone(), span_tuples(d)))
            .collect()
    };
    assert_eq!(spans(&again), spans(&project));
}
