//! The bad-input table of docs/BAD_INPUT.md, one test per row not already in
//! cli_errors.rs: what the user sees, and that the project is unchanged by a
//! refused import.

mod common;

use std::path::Path;

use common::*;

/// A project holding the gold sample, its snapshot, and the folder.
fn gold_project() -> (tempfile::TempDir, std::path::PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    let input = write(dir.path(), "gold.jsonl", gold_jsonl_line());
    ok(glossator(&[&"import", &project, &input]));
    let before = snapshot_file(&project);
    (dir, project, before)
}

fn refused(project: &Path, input: &Path, expected: &str) {
    fails_with(glossator(&[&"import", &project, &input]), expected);
}

#[test]
fn zero_byte_and_blank_text_files_are_skipped_with_a_note() {
    let (dir, project, before) = gold_project();
    let zero = write(dir.path(), "zero.txt", "");
    let blank = write(dir.path(), "blank.txt", "\n  \r\n\t\n");
    let out = ok(glossator(&[&"import", &project, &zero, &blank]));
    assert!(
        out.contains("zero.txt: skipped: the file is empty"),
        "{out}"
    );
    assert!(
        out.contains("blank.txt: skipped: the file holds only white space"),
        "{out}"
    );
    assert_eq!(snapshot_file(&project), before);
}

#[test]
fn empty_jsonl_imports_nothing_and_says_so() {
    let (dir, project, before) = gold_project();
    let empty = write(dir.path(), "empty.jsonl", "\n\n");
    let out = ok(glossator(&[&"import", &project, &empty]));
    assert!(out.contains("Imported 0 documents"), "{out}");
    assert_eq!(snapshot_file(&project), before);
}

#[test]
fn binary_files_are_called_binary() {
    let (dir, project, before) = gold_project();
    let png = write(dir.path(), "image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    refused(
        &project,
        &png,
        "image.txt:3: a NUL byte at byte offset 8: this is a binary file, not text",
    );
    let nul = write(dir.path(), "nul.txt", b"looks like text\nthen\0\0\0");
    refused(
        &project,
        &nul,
        "nul.txt:2: a NUL byte at byte offset 20: this is a binary file, not text",
    );
    let jsonl = write(dir.path(), "nul.jsonl", b"{\"text\": \"a\0b\"}\n");
    refused(
        &project,
        &jsonl,
        "nul.jsonl:1: a NUL byte at byte offset 11",
    );
    assert_eq!(snapshot_file(&project), before);
}

#[test]
fn a_200_mb_text_file_is_refused_before_it_is_read() {
    let (dir, project, before) = gold_project();
    let huge = dir.path().join("huge.txt");
    // Sparse: the size is real, the disk use is not.
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(200 * 1024 * 1024)
        .unwrap();
    refused(&project,
        &huge,
        "huge.txt: the file is 200.0 MB; a document's text file may be at most 64.0 MB (documents at most 16777216 characters): split it",
    );
    assert_eq!(snapshot_file(&project), before);
}

#[test]
fn a_document_over_the_character_limit_is_refused() {
    let (dir, project, before) = gold_project();
    let text = "a".repeat(glossator::model::limits::MAX_DOCUMENT_CHARS + 1);
    let input = write(
        dir.path(),
        "long.jsonl",
        format!("{{\"text\": \"{text}\"}}\n"),
    );
    refused(
        &project,
        &input,
        "long.jsonl:1: the document is over 16777216 characters long; the limit is 16777216: split it",
    );
    assert_eq!(snapshot_file(&project), before);
}

#[test]
fn a_10_mb_line_imports_with_offsets_intact() {
    let (dir, project, _) = gold_project();
    let line = "Kabul — talks “resumed” 😀. ".repeat(10 * 1024 * 1024 / 36);
    let chars = line.chars().count();
    let txt = write(dir.path(), "one-line.txt", &line);
    let jsonl = write(
        dir.path(),
        "one-line.jsonl",
        serde_json::json!({"id": "long-jsonl", "text": format!("{line}!"), "spans": [{"start": chars - 2, "end": chars, "label": "ACTOR"}]}).to_string(),
    );
    let out = ok(glossator(&[&"import", &project, &txt, &jsonl]));
    assert!(out.contains("Imported 2 documents (1 span,"), "{out}");
    let documents = exported_documents(&project);
    let long = documents.iter().find(|d| d["id"] == "long-jsonl").unwrap();
    let expected: String = line.chars().skip(chars - 2).collect();
    assert_eq!(long["spans"][0]["text"], expected.as_str());
    assert_eq!(long["text"].as_str().unwrap().chars().count(), chars + 1);
}

#[test]
fn json_nested_10000_deep_is_refused_not_a_stack_overflow() {
    let (dir, project, before) = gold_project();
    let deep = format!(
        "{{\"text\": \"x\", \"meta\": {{\"a\": {}{}}}}}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let input = write(dir.path(), "deep.jsonl", &deep);
    refused(&project, &input, "deep.jsonl:1: bad JSON at column");
    let message = stderr(&glossator(&[&"import", &project, &input]));
    assert!(
        message.contains("nest more than 128 levels deep"),
        "{message}"
    );
    let json = write(dir.path(), "deep.json", format!("[{deep}]"));
    refused(&project, &json, "nest more than 128 levels deep");
    assert_eq!(snapshot_file(&project), before);
}

#[test]
fn a_10000_character_label_is_refused() {
    let (dir, project, before) = gold_project();
    let label = "L".repeat(10_000);
    let input = write(
        dir.path(),
        "label.jsonl",
        format!("{{\"text\": \"hello world\", \"spans\": [{{\"start\": 0, \"end\": 5, \"label\": \"{label}\"}}]}}\n"),
    );
    refused(
        &project,
        &input,
        "label.jsonl:1: span 1: label name is 10000 characters long; at most 1000 are allowed",
    );
    assert_eq!(snapshot_file(&project), before);
}

#[test]
fn duplicate_document_ids_get_distinct_ids_and_are_reported() {
    let (dir, project, _) = gold_project();
    let input = write(
        dir.path(),
        "dups.jsonl",
        "{\"id\": \"same\", \"text\": \"first\"}\n{\"id\": \"same\", \"text\": \"second\"}\n",
    );
    let out = ok(glossator(&[&"import", &project, &input]));
    assert!(out.contains("Imported 2 documents"), "{out}");
    let ids: Vec<String> = exported_documents(&project)
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect();
    let unique: std::collections::BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    assert!(ids.contains(&"same".to_string()));
}

/// Titles and ids that look like paths never lead an export out of its folder.
#[test]
fn export_stays_inside_the_chosen_folder_whatever_the_ids_say() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    let ids = [
        "../../escape",
        "/etc/passwd",
        "CON",
        "con.txt",
        "a/../../b",
        "..",
        "\\\\server\\share",
        &"x".repeat(400),
    ];
    let lines: String = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            serde_json::json!({"id": id, "title": id, "text": format!("text {i}")}).to_string()
                + "\n"
        })
        .collect();
    let input = write(dir.path(), "ids.jsonl", lines);
    ok(glossator(&[&"import", &project, &input]));
    let out = dir.path().join("export/brat");
    ok(glossator(&[
        &"export",
        &project,
        &"--format",
        &"brat",
        &"-o",
        &out,
    ]));
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    let texts = names.iter().filter(|n| n.ends_with(".txt")).count();
    assert_eq!(texts, ids.len(), "{names:?}");
    for name in &names {
        assert!(
            !name.contains('/') && !name.contains('\\') && !name.starts_with('.'),
            "{name}"
        );
        assert!(name.len() < 255, "{name}");
        let stem = name.split('.').next().unwrap().to_ascii_uppercase();
        assert!(
            !["CON", "PRN", "AUX", "NUL"].contains(&stem.as_str()),
            "{name}"
        );
    }
    // Nothing appeared beside the export folder or above it (but SQLite's
    // own log and shared memory, which a read-only reader leaves to the next
    // writer to remove).
    let mut around: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| !name.ends_with("-wal") && !name.ends_with("-shm"))
        .collect();
    around.sort();
    assert_eq!(around, ["export", "ids.jsonl", "p.sqlite", "p.sqlite.lock"]);
}

#[cfg(unix)]
#[test]
fn non_utf8_and_dotdot_file_names_import() {
    use std::os::unix::ffi::OsStrExt;
    let (dir, project, _) = gold_project();
    let name = std::ffi::OsStr::from_bytes(b"caf\xE9 notes.txt");
    let path = dir.path().join(name);
    std::fs::write(&path, "Text in a file whose name is Latin-1.").unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let dotted = dir.path().join("sub/../dotted.txt");
    std::fs::write(dir.path().join("dotted.txt"), "Reached through sub/..").unwrap();
    let out = ok(glossator(&[&"import", &project, &path, &dotted]));
    assert!(out.contains("Imported 2 documents"), "{out}");
    let stats = ok(glossator(&[&"stats", &project]));
    assert!(stats.contains("Documents  3"), "{stats}");
    // A project and an export at non-UTF-8 paths work too.
    let odd_project = dir
        .path()
        .join(std::ffi::OsStr::from_bytes(b"proj\xFF.sqlite"));
    ok(glossator(&[&"import", &odd_project, &path]));
    let odd_export = dir
        .path()
        .join(std::ffi::OsStr::from_bytes(b"out\xFF.jsonl"));
    ok(glossator(&[
        &"export",
        &odd_project,
        &"--format",
        &"jsonl",
        &"-o",
        &odd_export,
    ]));
    assert!(std::fs::read_to_string(&odd_export)
        .unwrap()
        .contains("Latin-1"));
}

/// Quotes and SQL in labels, ids, titles and attribute values are data: every
/// query is parameterised.
#[test]
fn quotes_and_sql_in_user_data_are_only_data() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    let nasty = "x'); DROP TABLE spans; --\"";
    let line = serde_json::json!({
        "id": nasty, "title": nasty, "text": "Robert'); DROP TABLE documents;-- said hi",
        "spans": [{"start": 0, "end": 6, "label": nasty, "attributes": {nasty: nasty}, "note": nasty}]
    });
    let input = write(dir.path(), "nasty.jsonl", format!("{line}\n"));
    ok(glossator(&[&"import", &project, &input]));
    let stats = ok(glossator(&[&"stats", &project, &"--json"]));
    assert!(stats.contains("DROP TABLE spans"), "{stats}");
    let document = &exported_documents(&project)[0];
    assert_eq!(document["id"], nasty);
    assert_eq!(document["spans"][0]["label"], nasty);
    assert_eq!(document["spans"][0]["attributes"][nasty], nasty);
    ok(glossator(&[&"check", &project]));
}

/// JSONL is read line by line; an encoding error still names the line and the
/// byte offset in the whole file.
#[test]
fn invalid_utf8_on_a_later_jsonl_line_names_the_file_offset() {
    let (dir, project, before) = gold_project();
    let input = write(
        dir.path(),
        "bad.jsonl",
        b"{\"text\":\"ok\"}\n{\"text\":\"\xFF\"}\n",
    );
    refused(
        &project,
        &input,
        "bad.jsonl:2: invalid UTF-8 at byte offset 23 (byte 0xFF); the file must be UTF-8",
    );
    assert_eq!(snapshot_file(&project), before);
}
