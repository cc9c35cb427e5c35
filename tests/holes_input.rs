//! Issue 13, the input-reading holes: special files and huge files read
//! before being checked, the document limit checked after the whole line was
//! in memory, folder symlink loops, escaped NUL and repeated keys in JSONL,
//! hand-made damage `check` missed and exports wrote, brat confs looked for
//! above the chosen folder. Every run is bounded in time (and, where memory
//! is the point, in address space), so a regression fails instead of hanging.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use glossator::model::limits::{MAX_DOCUMENT_CHARS, MAX_INPUT_FILE_BYTES};

/// What a bounded run printed.
struct Run {
    success: bool,
    stdout: String,
    stderr: String,
}

/// Runs the binary with at most `memory_mb` of address space (`ulimit -v`),
/// killing it after `timeout`: a hang or a runaway read fails the test.
fn run_bounded(args: &[&dyn AsRef<std::ffi::OsStr>], memory_mb: u64, timeout: Duration) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let out = std::fs::File::create(dir.path().join("out")).unwrap();
    let err = std::fs::File::create(dir.path().join("err")).unwrap();
    let mut command = Command::new("bash");
    command
        .arg("-c")
        .arg(format!("ulimit -v {}; exec \"$@\"", memory_mb * 1024))
        .arg("bash")
        .arg(env!("CARGO_BIN_EXE_glossator"));
    for arg in args {
        command.arg(arg);
    }
    let mut child = command
        .env_remove("GLOSSATOR_DB")
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .expect("bash runs");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > timeout {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("glossator still running after {timeout:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        success: status.success(),
        stdout: std::fs::read_to_string(dir.path().join("out")).unwrap(),
        stderr: std::fs::read_to_string(dir.path().join("err")).unwrap(),
    }
}

const QUICK: Duration = Duration::from_secs(60);
const MEMORY_MB: u64 = 600;

fn refused_with(run: Run, expected: &str) {
    assert!(!run.success, "expected a refusal, got: {}", run.stdout);
    assert!(
        run.stderr.contains(expected),
        "message {:?} lacks {expected:?}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

fn imported(run: Run) -> String {
    assert!(run.success, "import failed: {}", run.stderr);
    run.stdout
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

fn project_with(dir: &Path, jsonl: &str) -> PathBuf {
    let project = dir.join("p.sqlite");
    let input = write(dir, "in.jsonl", jsonl);
    ok(glossator(&[&"import", &project, &input]));
    project
}

// Item 8: special files and huge files.

#[test]
fn a_fifo_is_refused_not_waited_for_named_or_in_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    let fifo = dir.path().join("pipe.txt");
    mkfifo(&fifo);
    refused_with(
        run_bounded(&[&"import", &project, &fifo], MEMORY_MB, QUICK),
        "pipe.txt: not a regular file (a named pipe (FIFO)); Glossator imports only regular files",
    );

    let folder = dir.path().join("corpus");
    std::fs::create_dir(&folder).unwrap();
    write(&folder, "a.txt", "A text.");
    mkfifo(&folder.join("b.jsonl"));
    mkfifo(&folder.join("c.txt"));
    let out = imported(run_bounded(
        &[&"import", &project, &folder],
        MEMORY_MB,
        QUICK,
    ));
    assert!(out.contains("Imported 1 document"), "{out}");
    assert!(
        out.contains("b.jsonl: skipped: not a regular file (a named pipe (FIFO))"),
        "{out}"
    );
    assert!(out.contains("c.txt: skipped: not a regular file"), "{out}");
}

#[test]
fn dev_zero_as_a_text_file_is_refused_not_read_forever() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    let zero = dir.path().join("zero.txt");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    refused_with(
        run_bounded(&[&"import", &project, &zero], MEMORY_MB, QUICK),
        "zero.txt: not a regular file (a character device)",
    );
    let jsonl = dir.path().join("zero.jsonl");
    std::os::unix::fs::symlink("/dev/zero", &jsonl).unwrap();
    refused_with(
        run_bounded(&[&"import", &project, &jsonl], MEMORY_MB, QUICK),
        "zero.jsonl: not a regular file (a character device)",
    );
}

#[test]
fn huge_json_files_are_sniffed_and_refused_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    // Over the input limit: refused by its size, after detection read only its start.
    let over = dir.path().join("over.json");
    std::fs::File::create(&over)
        .unwrap()
        .set_len(MAX_INPUT_FILE_BYTES + 512 * 1024 * 1024)
        .unwrap();
    refused_with(
        run_bounded(&[&"import", &project, &over], MEMORY_MB, QUICK),
        "over.json: the file is 4608.0 MB; an input file may be at most 4096.0 MB",
    );
    // Under it: one 3.9 GB "line" is refused once it passes the line limit.
    let under = dir.path().join("under.jsonl");
    let file = std::fs::File::create(&under).unwrap();
    std::io::Write::write_all(&mut &file, b"{\"meta\": \"").unwrap();
    file.set_len(MAX_INPUT_FILE_BYTES - 100 * 1024 * 1024)
        .unwrap();
    refused_with(
        run_bounded(&[&"import", &project, &under], MEMORY_MB, QUICK),
        "under.jsonl:1: the line is over 256.0 MB, the most one JSONL line",
    );
}

// Item 9: the document limit while the line streams.

#[test]
fn an_over_long_jsonl_text_is_refused_as_it_streams_not_after() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    let mut line = String::with_capacity(MAX_DOCUMENT_CHARS + 200 * 1024 * 1024);
    line.push_str("{\"text\": \"");
    line.extend(std::iter::repeat_n('a', MAX_DOCUMENT_CHARS + 1));
    line.push_str("\", \"meta\": {\"pad\": \"");
    line.extend(std::iter::repeat_n('b', 180 * 1024 * 1024));
    line.push_str("\"}}\n");
    let input = write(dir.path(), "long.jsonl", &line);
    drop(line);
    // Before the fix the line was held three times over (read, parsed, copied).
    refused_with(
        run_bounded(&[&"import", &project, &input], 300, QUICK),
        "long.jsonl:1: the document is over 16777216 characters long; the limit is 16777216: split it",
    );
}

// Item 10: folder symlink loops.

#[test]
fn folder_symlink_loops_are_skipped_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    let folder = dir.path().join("corpus");
    std::fs::create_dir_all(folder.join("sub")).unwrap();
    write(&folder, "a.txt", "The first text.");
    write(&folder.join("sub"), "b.txt", "The second text.");
    std::os::unix::fs::symlink(".", folder.join("self")).unwrap();
    std::os::unix::fs::symlink("..", folder.join("sub").join("up")).unwrap();
    let out = imported(run_bounded(
        &[&"import", &project, &folder],
        MEMORY_MB,
        QUICK,
    ));
    assert!(out.contains("Imported 2 documents"), "{out}");
    assert!(
        out.contains("self: skipped: a link to a folder already read (a loop"),
        "{out}"
    );
    assert!(
        out.contains("up: skipped: a link to a folder already read"),
        "{out}"
    );

    // The same loops in a brat corpus.
    write(&folder, "a.ann", "T1\tX 0 3\tThe\n");
    let brat_project = dir.path().join("brat.sqlite");
    let out = imported(run_bounded(
        &[&"import", &brat_project, &folder],
        MEMORY_MB,
        QUICK,
    ));
    assert!(out.contains("Imported 2 documents (1 span"), "{out}");
    assert!(
        out.contains("self: skipped: a link to a folder already read"),
        "{out}"
    );
}

// Item 15 and item 19: escaped NUL and repeated keys in JSONL.

#[test]
fn escaped_nul_in_jsonl_is_refused_with_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            r#"{"text": "a\u0000b"}"#,
            "n.jsonl:2: field \"text\" holds an escaped NUL (\\u0000); text never holds NUL",
        ),
        (
            r#"{"id": "x\u0000", "text": "ab"}"#,
            "n.jsonl:2: field \"id\" holds an escaped NUL",
        ),
        (
            r#"{"text": "ab", "spans": [{"start": 0, "end": 1, "label": "X", "note": "\u0000"}]}"#,
            "n.jsonl:2: field \"spans[0].note\" holds an escaped NUL",
        ),
        (
            r#"{"text": "ab", "spans": [{"start": 0, "end": 1, "label": "X", "attributes": {"k": "v\u0000"}}]}"#,
            "n.jsonl:2: field \"spans[0].attributes.k\" holds an escaped NUL",
        ),
    ];
    for (line, expected) in cases {
        let project = dir.path().join("p.sqlite");
        let input = write(
            dir.path(),
            "n.jsonl",
            format!("{{\"text\": \"fine\"}}\n{line}\n"),
        );
        fails_with(glossator(&[&"import", &project, &input]), expected);
        assert!(!project.exists() || exported_documents(&project).is_empty());
    }
}

#[test]
fn repeated_jsonl_keys_are_refused_not_silently_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    let input = write(
        dir.path(),
        "dup.jsonl",
        r#"{"text": "ab", "spans": [{"start": 0, "end": 1, "label": "A", "label": "B"}]}"#,
    );
    fails_with(
        glossator(&[&"import", &project, &input]),
        "dup.jsonl:1: key \"label\" appears twice in field \"spans[0]\"",
    );
}

#[test]
fn an_empty_attribute_name_is_named_once() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    let input = write(
        dir.path(),
        "attr.jsonl",
        r#"{"text": "ab", "spans": [{"start": 0, "end": 1, "label": "A", "attributes": {" ": "x"}}]}"#,
    );
    let message = fails_with(
        glossator(&[&"import", &project, &input]),
        "attr.jsonl:1: span 1: attribute name is empty",
    );
    assert!(!message.contains("name name"), "{message}");
}

// Item 19: brat confs only from the chosen folder and the files' folders.

#[test]
fn brat_import_ignores_a_conf_above_the_chosen_folder() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "annotation.conf", "[entities]\nStray\n");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    write(&corpus, "a.txt", "Kabul talks.");
    write(&corpus, "a.ann", "T1\tPlace 0 5\tKabul\n");
    let project = dir.path().join("p.sqlite");
    let out = ok(glossator(&[&"import", &project, &corpus]));
    assert!(!out.contains("the file's schema"), "{out}");
    let schema = ok(glossator(&[&"schema", &project]));
    assert!(!schema.contains("Stray"), "{schema}");

    // A conf beside the files, in a subfolder of the chosen one, is used.
    let nested = dir.path().join("nested");
    std::fs::create_dir_all(nested.join("docs")).unwrap();
    write(
        &nested.join("docs"),
        "annotation.conf",
        "[entities]\nPlace\nPerson\n",
    );
    write(&nested.join("docs"), "a.txt", "Kabul talks.");
    write(&nested.join("docs"), "a.ann", "T1\tPlace 0 5\tKabul\n");
    let project = dir.path().join("nested.sqlite");
    let out = ok(glossator(&[&"import", &project, &nested]));
    assert!(out.contains("the file's schema: 2 labels"), "{out}");
}

// Item 16: hand-made damage.

/// A project whose file was then edited by hand with `sql`.
fn damaged_project(dir: &Path, sql: &str) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let project = project_with(
        dir,
        concat!(
            r#"{"id": "d1", "title": "One", "text": "Kabul talks resumed.", "#,
            r#""spans": [{"id": "s1", "start": 0, "end": 5, "label": "PLACE"}, {"id": "s2", "start": 6, "end": 11, "label": "EVENT"}], "#,
            r#""relations": [{"from": "s2", "to": "s1", "label": "where"}]}"#,
            "\n"
        ),
    );
    let conn = rusqlite::Connection::open(&project).unwrap();
    conn.execute_batch(&format!(
        "PRAGMA ignore_check_constraints = 1; {sql}; PRAGMA wal_checkpoint(TRUNCATE);"
    ))
    .unwrap();
    drop(conn);
    project
}

fn check_finds(project: &Path, expected: &str) {
    let output = glossator(&[&"check", &project]);
    assert!(!output.status.success(), "check passed a damaged project");
    let out = stdout(&output);
    assert!(
        out.contains(expected),
        "check said {out:?}, not {expected:?}"
    );
}

#[test]
fn check_finds_hand_made_damage() {
    let dir = tempfile::tempdir().unwrap();
    let inflated = damaged_project(
        &dir.path().join("inflated"),
        "UPDATE documents SET len_chars = len_chars + 50; UPDATE spans SET end_char = 60 WHERE start_char = 6",
    );
    check_finds(&inflated, "says it is 70 characters long; its text is 20");
    check_finds(
        &inflated,
        "has offsets 6..60, outside its document's 20 characters",
    );

    let relation = damaged_project(
        &dir.path().join("relation"),
        "UPDATE relations SET label_id = (SELECT id FROM labels WHERE name = 'PLACE')",
    );
    check_finds(&relation, "is typed with \"PLACE\", a span label");

    let title = damaged_project(
        &dir.path().join("title"),
        "UPDATE documents SET title = CAST(X'4F6EFF65' AS TEXT)",
    );
    check_finds(
        &title,
        "documents row 1: title is not valid UTF-8 (at byte 2)",
    );

    let negative = damaged_project(
        &dir.path().join("negative"),
        "UPDATE spans SET start_char = -5 WHERE start_char = 6",
    );
    check_finds(
        &negative,
        "has offsets -5..11, outside its document's 20 characters",
    );
}

#[test]
fn no_export_writes_an_offset_outside_its_document() {
    let dir = tempfile::tempdir().unwrap();
    for (name, sql) in [
        ("negative", "UPDATE spans SET start_char = -5 WHERE start_char = 6"),
        (
            "inflated",
            "UPDATE documents SET len_chars = 99; UPDATE spans SET end_char = 90 WHERE start_char = 6",
        ),
    ] {
        let project = damaged_project(&dir.path().join(name), sql);
        for format in glossator::formats::export::ExportFormat::ALL {
            let out = dir.path().join(format!("{name}-out-{}", format.cli_name()));
            let message = fails_with(
                glossator(&[&"export", &project, &"--format", &format.cli_name(), &"-o", &out]),
                "of document \"d1\" has offsets",
            );
            assert!(message.contains("outside its text of 20 characters"), "{message}");
            assert!(!out.exists(), "{} wrote {}", format.cli_name(), out.display());
        }
    }
}
