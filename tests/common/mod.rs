//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod copy_samples;
pub mod curation_ui;
pub mod engines;
pub mod pg_server;
pub mod ui_app;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use glossator::formats::jsonl::export_jsonl;
use glossator::store::{OpenMode, Store};

/// tests/data: the samples and other tools' files the tests read, each folder
/// with its SOURCE.md and licence. The repository holds everything it tests.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("data")
}

pub fn sample(name: &str) -> PathBuf {
    data_dir().join("samples").join(name)
}

pub fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs the real binary.
pub fn glossator(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_glossator"));
    for arg in args {
        command.arg(arg);
    }
    command.env_remove("GLOSSATOR_DB");
    command.output().expect("the glossator binary runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Asserts success and returns stdout.
pub fn ok(output: Output) -> String {
    assert!(
        output.status.success(),
        "glossator failed: {}\n{}",
        stderr(&output),
        stdout(&output)
    );
    stdout(&output)
}

/// Asserts failure with a one-line message containing `expected`, no panic.
pub fn fails_with(output: Output, expected: &str) -> String {
    let message = stderr(&output);
    assert!(
        !output.status.success(),
        "expected failure, got success: {}",
        stdout(&output)
    );
    assert!(
        message.contains(expected),
        "message {message:?} lacks {expected:?}"
    );
    assert!(!message.contains("panicked"), "panic: {message}");
    assert_eq!(
        message.trim_end().lines().count(),
        1,
        "one line: {message:?}"
    );
    message
}

/// Everything a project holds, as its JSONL export: equal snapshots mean the
/// documents, spans, attributes, notes, relations and statuses are the same.
pub fn snapshot(store: &Store) -> String {
    let mut out = Vec::new();
    export_jsonl(store, &mut out).expect("export");
    let schema = glossator::store::Reader::schema(store).expect("schema");
    format!("{}\n{schema:?}", String::from_utf8(out).expect("utf-8"))
}

pub fn snapshot_file(path: &Path) -> String {
    let (store, _) = Store::open(path, OpenMode::Existing).expect("open project");
    snapshot(&store)
}

/// The gold sample as one native JSONL line (its JSON already has the native shape).
pub fn gold_jsonl_line() -> String {
    let gold = read_json(&sample("afghanistan-pakistan-ceasefire.gold.json"));
    serde_json::to_string(&gold).expect("json")
}

/// The torture gold as one JSONL line: text and spans (extra offset keys kept,
/// they are reported as ignored).
pub fn torture_jsonl_line() -> String {
    let gold = read_json(&sample("unicode-torture.gold.json"));
    let line = serde_json::json!({"id": "torture", "text": gold["text"], "spans": gold["spans"]});
    serde_json::to_string(&line).expect("json")
}

pub fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write fixture");
    path
}

/// (start, end, label, text) of every span in an exported JSONL document, sorted.
pub fn span_tuples(document: &serde_json::Value) -> Vec<(u64, u64, String, String)> {
    let mut tuples: Vec<_> = document["spans"]
        .as_array()
        .expect("spans")
        .iter()
        .map(|s| {
            (
                s["start"].as_u64().expect("start"),
                s["end"].as_u64().expect("end"),
                s["label"].as_str().expect("label").to_string(),
                s["text"].as_str().expect("text").to_string(),
            )
        })
        .collect();
    tuples.sort();
    tuples
}

pub fn parse_jsonl(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .map(|line| serde_json::from_str(line).expect("exported line is JSON"))
        .collect()
}

/// A project file holding the two gold documents, made by the real binary.
pub fn gold_project_file(dir: &Path, name: &str) -> PathBuf {
    let project = dir.join(name);
    let input = write(
        dir,
        "gold.jsonl",
        format!("{}\n{}\n", gold_jsonl_line(), torture_jsonl_line()),
    );
    ok(glossator(&[&"import", &project, &input]));
    project
}

/// Another process editing `project` without pause (`dev-edit-burst`),
/// returned once it has the project open.
pub fn busy_writer(project: &Path) -> std::process::Child {
    let mut writer = Command::new(env!("CARGO_BIN_EXE_glossator"))
        .args(["dev-edit-burst", "--edits", "1000000"])
        .arg(project)
        .env_remove("GLOSSATOR_DB")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the glossator binary runs");
    let mut first_line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(writer.stdout.as_mut().expect("piped")),
        &mut first_line,
    )
    .expect("the writer reports");
    assert!(first_line.starts_with("start"), "{first_line}");
    writer
}

/// Every document of a project as `glossator export` writes it (JSONL on
/// standard output).
pub fn exported_documents(project: &Path) -> Vec<serde_json::Value> {
    parse_jsonl(&ok(glossator(&[&"export", &project])))
}

/// The Python the tests check our output with: `$GLOSSATOR_TEST_PYTHON`, else the
/// test environment `.ci/python-env` makes (`target/python-env`), else `python3`
/// on PATH. A test that needs Python never passes silently without it: this
/// panics with how to install it.
pub fn python() -> PathBuf {
    if let Some(explicit) = std::env::var_os("GLOSSATOR_TEST_PYTHON") {
        return PathBuf::from(explicit);
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/python-env/bin/python3");
    if venv.exists() {
        return venv;
    }
    let found = Command::new("python3").arg("--version").output();
    match found {
        Ok(output) if output.status.success() => PathBuf::from("python3"),
        _ => panic!(
            "this test checks Glossator's output with Python 3, which was not found: \
             install it (Debian: apt-get install python3) or set GLOSSATOR_TEST_PYTHON"
        ),
    }
}

/// Python with these modules importable (the interchange consumers: spaCy,
/// seqeval, Label Studio's converter, `datasets`). Panics with how to get them:
/// `bash .ci/python-env` installs tests/python-requirements.txt into
/// target/python-env, which `python()` then finds.
pub fn python_with(modules: &[&str]) -> PathBuf {
    let python = python();
    let probe = format!("import {}", modules.join(", "));
    let output = Command::new(&python)
        .args(["-c", &probe])
        .output()
        .unwrap_or_else(|e| panic!("{} does not run: {e}", python.display()));
    assert!(
        output.status.success(),
        "this test needs the Python modules {modules:?} ({} says: {}); run `bash .ci/python-env` \
         to install tests/python-requirements.txt into target/python-env",
        python.display(),
        String::from_utf8_lossy(&output.stderr).trim()
    );
    python
}

/// Runs a Python script with arguments; asserts success and returns stdout.
pub fn run_python(python: &Path, script: &str, args: &[&dyn AsRef<std::ffi::OsStr>]) -> String {
    let mut command = Command::new(python);
    command.arg("-c").arg(script);
    for arg in args {
        command.arg(arg);
    }
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{} does not run: {e}", python.display()));
    assert!(
        output.status.success(),
        "python failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A project as the first Glossator with layers wrote it (schema version 3):
/// the v1 fixture upgraded, then the later additions (the search index, the
/// suggestions table) taken out again. Read-only, it reads as it is; opened
/// to edit, the upgrades after version 3 run.
#[allow(dead_code)]
pub fn layers_version_project(path: &Path) {
    std::fs::copy(data_dir().join("../fixtures/project-v1.sqlite"), path).unwrap();
    drop(Store::open(path, OpenMode::Existing).unwrap());
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(
        "DROP TRIGGER documents_fts_delete;
         DROP TRIGGER documents_fts_update;
         DROP TABLE documents_fts;
         DROP TABLE suggestions;
         DROP TRIGGER curation_progress_layer_insert;
         DROP TRIGGER curation_progress_layer_update;
         DROP TRIGGER curation_progress_layer_delete;
         DROP TABLE curation_progress;
         DROP TABLE curation_span_decisions;
         DROP TABLE curation_relation_decisions;
         DROP TABLE gold_span_provenance;
         DROP TABLE gold_relation_provenance;
         PRAGMA user_version = 3;",
    )
    .unwrap();
}
