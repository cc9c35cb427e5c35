//! The project `glossator copy` is tested on, and what a user compares
//! between the two ends of a copy (every export, search, stats), shared by
//! tests/copy_project.rs and tests/copy_server.rs.

use std::path::{Path, PathBuf};

use glossator::store::{OpenMode, Reader, Store};

use super::{glossator, gold_jsonl_line, ok, stderr, torture_jsonl_line, write};

/// A project with the gold and torture samples in two layers (gold, done,
/// and ana's) and assignments, made by the real binary.
pub fn layered_project(dir: &Path) -> PathBuf {
    let project = dir.join("source.sqlite");
    let samples = [gold_jsonl_line(), torture_jsonl_line()];
    let as_gold: Vec<String> = samples.iter().map(|line| in_gold_layer(line)).collect();
    let gold = write(dir, "gold.jsonl", as_gold.join("\n") + "\n");
    ok(glossator(&[&"import", &project, &gold]));
    let ana = write(dir, "ana.jsonl", samples.join("\n") + "\n");
    ok(glossator(&[
        &"import",
        &project,
        &ana,
        &"--annotator",
        &"ana",
    ]));
    ok(glossator(&[
        &"assign",
        &project,
        &"--annotators",
        &"ana,ben",
        &"--per-document",
        &"2",
    ]));
    project
}

/// A native JSONL line with every span and relation in the `gold` layer,
/// which is done.
pub fn in_gold_layer(line: &str) -> String {
    let mut document: serde_json::Value = serde_json::from_str(line).unwrap();
    for key in ["spans", "relations"] {
        if let Some(items) = document[key].as_array_mut() {
            for item in items {
                item["annotator"] = "gold".into();
            }
        }
    }
    document["layers"] = serde_json::json!([{"annotator": "gold", "status": "done"}]);
    document.to_string()
}

/// Deletes the span with the highest id: the ids then have a hole at the
/// end, and only the sequence remembers that id was handed out.
pub fn delete_last_span(project: &Path) -> glossator::model::Span {
    let (mut store, _) = Store::open(project, OpenMode::Existing).unwrap();
    let last = store
        .document_ids()
        .unwrap()
        .into_iter()
        .flat_map(|d| store.spans_of(d).unwrap())
        .max_by_key(|s| s.id.0)
        .unwrap();
    store.write(|tx| tx.delete_span(last.id)).unwrap();
    last
}

/// Every export a user would compare, and the stats, as bytes.
pub fn exports(project: &Path) -> Vec<(String, Vec<u8>)> {
    let mut all = Vec::new();
    for (format, layer) in [
        ("jsonl", "all"),
        ("label-studio", "all"),
        ("csv", "gold"),
        ("conll", "ana"),
        ("doccano", "gold"),
        ("brat", "gold"),
    ] {
        let out_dir = tempfile::tempdir().unwrap();
        let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![
            &"export",
            &project,
            &"--format",
            &format,
            &"--layer",
            &layer,
        ];
        let folder = out_dir.path().join("brat");
        if format == "brat" {
            args.extend([&"-o" as &dyn AsRef<std::ffi::OsStr>, &folder]);
        }
        let out = glossator(&args);
        assert!(out.status.success(), "{format}: {}", stderr(&out));
        let mut bytes = out.stdout;
        if format == "brat" {
            let mut names: Vec<_> = std::fs::read_dir(&folder)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            names.sort();
            for name in names {
                bytes.extend(name.file_name().unwrap().as_encoded_bytes());
                bytes.extend(std::fs::read(&name).unwrap());
            }
        }
        all.push((format!("{format} --layer {layer}"), bytes));
    }
    // The search index came along (words, a phrase, a prefix).
    for query in [
        "Taliban",
        "\"peace talks\" OR ceasefire",
        "pakist*",
        "label:ACTOR annotator:ana",
    ] {
        let out = glossator(&[&"search", &project, &query]);
        assert!(out.status.success(), "{query}: {}", stderr(&out));
        all.push((format!("search {query}"), out.stdout));
    }
    let stats = ok(glossator(&[&"stats", &project, &"--json"]));
    let mut stats: serde_json::Value = serde_json::from_str(&stats).unwrap();
    stats.as_object_mut().unwrap().remove("project");
    all.push(("stats".into(), stats.to_string().into_bytes()));
    all
}

pub fn assert_same_exports(a: &Path, b: &Path) {
    for ((what, left), (_, right)) in exports(a).into_iter().zip(exports(b)) {
        assert!(
            left == right,
            "{what} differs:\n{}\n---\n{}",
            String::from_utf8_lossy(&left),
            String::from_utf8_lossy(&right)
        );
    }
}
