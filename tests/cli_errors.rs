//! Every bad input gets a one-line message naming the file, the line and what
//! was expected; the project is unchanged and nothing is created.

mod common;

use common::*;

/// A project holding the gold sample, and its snapshot.
fn project_with_gold(dir: &std::path::Path) -> (std::path::PathBuf, String) {
    let project = dir.join("p.sqlite");
    let input = write(dir, "gold.jsonl", gold_jsonl_line());
    ok(glossator(&[&"import", &project, &input]));
    let before = snapshot_file(&project);
    (project, before)
}

/// Imports `contents` as `name` into a gold project: expects `expected` in the
/// error and the project exactly as before.
fn import_fails(name: &str, contents: &[u8], expected: &str) {
    let dir = tempfile::tempdir().unwrap();
    let (project, before) = project_with_gold(dir.path());
    let input = write(dir.path(), name, contents);
    fails_with(glossator(&[&"import", &project, &input]), expected);
    assert_eq!(
        snapshot_file(&project),
        before,
        "project changed after {name}"
    );
}

const TEXT: &str = r#""text": "Kabul — 😀 talks""#;

#[test]
fn invalid_utf8_names_the_byte_offset() {
    import_fails(
        "bad.txt",
        b"fine\nbad \xFF here",
        "bad.txt:2: invalid UTF-8 at byte offset 9 (byte 0xFF)",
    );
}

#[test]
fn utf16_file_is_refused() {
    import_fails("u16.txt", b"\xFF\xFEK\0a\0", "u16.txt: the file is UTF-16");
}

#[test]
fn bad_json_names_the_line_and_column() {
    let input = format!("{{{TEXT}}}\n{{\"text\": \"x\",\n");
    import_fails(
        "bad.jsonl",
        input.as_bytes(),
        "bad.jsonl:2: bad JSON at column 13: EOF while parsing a value",
    );
}

#[test]
fn span_past_the_end() {
    let input = format!(r#"{{{TEXT}, "spans": [{{"start": 0, "end": 99, "label": "ACTOR"}}]}}"#);
    import_fails(
        "past.jsonl",
        input.as_bytes(),
        "past.jsonl:1: span 1: end 99 is past the end of the text (15 code points)",
    );
}

#[test]
fn span_start_after_end() {
    let input =
        format!(r#"{{{TEXT}, "spans": [{{"id": "a", "start": 5, "end": 2, "label": "ACTOR"}}]}}"#);
    import_fails(
        "rev.jsonl",
        input.as_bytes(),
        "rev.jsonl:1: span 1 (id \"a\"): start 5 is not before end 2",
    );
}

#[test]
fn negative_offset() {
    let input = format!(r#"{{{TEXT}, "spans": [{{"start": -1, "end": 2, "label": "ACTOR"}}]}}"#);
    import_fails(
        "neg.jsonl",
        input.as_bytes(),
        "neg.jsonl:1: span 1: start -1 is negative",
    );
}

#[test]
fn span_text_that_does_not_match_counts_in_code_points() {
    // "😀" is code point 8; a UTF-16 count would put it at 8..10.
    let input = format!(
        r#"{{{TEXT}, "spans": [{{"start": 8, "end": 10, "label": "ACTOR", "text": "😀"}}]}}"#
    );
    import_fails("mismatch.jsonl", input.as_bytes(), "mismatch.jsonl:1: span 1: span text \"😀\" does not match the document's text[8:10] = \"😀 \"");
}

#[test]
fn relation_to_a_missing_span() {
    let input = format!(
        r#"{{{TEXT}, "spans": [{{"id": 1, "start": 0, "end": 5, "label": "ACTOR"}}], "relations": [{{"from": 1, "to": 7, "label": "agent"}}]}}"#
    );
    import_fails("rel.jsonl", input.as_bytes(), "rel.jsonl:1: relation 1: \"to\" refers to span id \"7\", which this document does not have");
}

#[test]
fn duplicate_span_ids() {
    let input = format!(
        r#"{{{TEXT}, "spans": [{{"id": 1, "start": 0, "end": 5, "label": "ACTOR"}}, {{"id": 1, "start": 1, "end": 5, "label": "ACTOR"}}]}}"#
    );
    import_fails(
        "dup.jsonl",
        input.as_bytes(),
        "dup.jsonl:1: span 2 (id \"1\"): span id \"1\" is used twice",
    );
}

#[test]
fn label_with_control_characters() {
    let input =
        format!(r#"{{{TEXT}, "spans": [{{"start": 0, "end": 5, "label": "AC\u0007TOR"}}]}}"#);
    import_fails(
        "ctl.jsonl",
        input.as_bytes(),
        "ctl.jsonl:1: span 1: label name \"AC\\u{7}TOR\" contains the control character U+0007",
    );
}

#[test]
fn an_error_on_a_later_line_imports_nothing_at_all() {
    let good = format!("{{{TEXT}}}");
    let bad = r#"{"text": "x", "spans": [{"start": 0, "end": 3, "label": "ACTOR"}]}"#;
    import_fails(
        "partial.jsonl",
        format!("{good}\n{bad}\n").as_bytes(),
        "partial.jsonl:2: span 1: end 3 is past the end",
    );
}

#[test]
fn missing_input_file() {
    let dir = tempfile::tempdir().unwrap();
    let (project, before) = project_with_gold(dir.path());
    fails_with(
        glossator(&[&"import", &project, &dir.path().join("nope.txt")]),
        "nope.txt",
    );
    assert_eq!(snapshot_file(&project), before);
}

#[test]
fn unknown_file_type_asks_for_format() {
    import_fails(
        "data.csv",
        b"a,b",
        "data.csv: unknown file type; expected .txt, .jsonl, .json, .conll or a brat folder",
    );
}

#[test]
fn a_failed_import_creates_no_project() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("new.sqlite");
    let input = write(dir.path(), "bad.jsonl", "{oops");
    fails_with(
        glossator(&[&"import", &project, &input]),
        "bad.jsonl:1: bad JSON",
    );
    assert!(!project.exists());
}

#[test]
fn export_and_stats_refuse_a_missing_project_and_create_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("missing.sqlite");
    for command in ["export", "stats"] {
        fails_with(
            glossator(&[&command, &project]),
            "missing.sqlite does not exist",
        );
        assert!(!project.exists(), "{command} created the file");
    }
}

#[test]
fn non_project_files_are_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let other_db = dir.path().join("other.sqlite");
    rusqlite_free_sqlite_file(&other_db);
    let cases: Vec<(std::path::PathBuf, &str)> = vec![
        (
            write(dir.path(), "notes.txt", "hello"),
            "is not a Glossator project: it is not an SQLite database",
        ),
        (
            write(dir.path(), "empty.sqlite", ""),
            "is not a Glossator project: the file is empty",
        ),
        (
            write(
                dir.path(),
                "garbage.sqlite",
                b"SQLite format 3\0garbage garbage garbage".repeat(20),
            ),
            "is damaged (SQLite cannot read it: file is not a database); it was not changed",
        ),
        (
            other_db,
            "is not a Glossator project: it is an SQLite database of another program",
        ),
        (
            dir.path().to_path_buf(),
            "is not a Glossator project: it is a directory",
        ),
    ];
    let input = write(dir.path(), "in.txt", "some text");
    for (path, expected) in cases {
        let before = std::fs::read(&path).ok();
        for args in [vec!["stats"], vec!["export"], vec!["import"]] {
            let mut full: Vec<&dyn AsRef<std::ffi::OsStr>> = args
                .iter()
                .map(|a| a as &dyn AsRef<std::ffi::OsStr>)
                .collect();
            full.push(&path);
            if args[0] == "import" {
                full.push(&input);
            }
            fails_with(glossator(&full), expected);
            assert!(
                !glossator::store::lock::lock_path(&path).exists(),
                "no lock file beside {}",
                path.display()
            );
            assert_eq!(
                std::fs::read(&path).ok(),
                before,
                "{} changed",
                path.display()
            );
        }
    }
}

/// An SQLite database that some other program wrote.
fn rusqlite_free_sqlite_file(path: &std::path::Path) {
    glossator::store::testing::write_foreign_sqlite_file(path).expect("foreign sqlite file");
}

#[test]
fn a_project_from_a_newer_version_is_refused_with_both_versions() {
    let dir = tempfile::tempdir().unwrap();
    let (project, _) = project_with_gold(dir.path());
    glossator::store::testing::set_schema_version(&project, 99).unwrap();
    let message = fails_with(
        glossator(&[&"stats", &project]),
        &format!(
            "schema version 99; this build reads up to version {}",
            glossator::store::CURRENT_SCHEMA_VERSION
        ),
    );
    assert!(message.contains("update Glossator"), "{message}");
}

#[test]
fn unknown_labels_are_added_and_reported_not_refused() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    let input = write(
        dir.path(),
        "new.jsonl",
        format!(
            r#"{{{TEXT}, "spans": [{{"id": 1, "start": 0, "end": 5, "label": "PLACE"}}, {{"id": 2, "start": 8, "end": 9, "label": "ACTOR"}}], "relations": [{{"from": 1, "to": 2, "label": "near"}}]}}"#
        ),
    );
    let report = ok(glossator(&[&"import", &project, &input]));
    assert!(report.contains("span label \"PLACE\""), "{report}");
    assert!(report.contains("relation label \"near\""), "{report}");
}
