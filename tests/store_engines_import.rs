//! An import writes the same project on both engines: on a server a
//! document's spans go in a few multi-row statements (ids kept where the
//! file gives free ones, drawn from the sequence otherwise), so the export
//! afterwards must be byte-identical to the file's, ids, attributes, notes
//! and relations included, and the renumbered ids are reported alike.

mod common;

use common::engines::fresh_server_project;
use common::{glossator, ok, write};

/// Three documents whose spans all say `s1`, `s2`, `s3`: the first keeps
/// its ids, the others are renumbered; attributes, notes and a relation on
/// each.
fn keyed_corpus() -> String {
    (1..=3)
        .map(|n| {
            serde_json::json!({
                "id": format!("doc-{n}"),
                "text": format!("Talks {n} in Doha ended with a ceasefire."),
                "spans": [
                    {"id": "s1", "start": 0, "end": 5, "label": "EVENT", "note": format!("note {n}"),
                     "attributes": {"realis": "actual"}},
                    {"id": "s2", "start": 11, "end": 15, "label": "ACTOR"},
                    {"id": "s3", "start": 29, "end": 38, "label": "EVENT"}
                ],
                "relations": [{"id": format!("r{n}"), "from": "s1", "to": "s2", "label": "agent"}]
            })
            .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn an_import_gives_the_same_project_on_a_file_and_on_a_server() {
    let folder = tempfile::tempdir().unwrap();
    let corpus = write(folder.path(), "corpus.jsonl", keyed_corpus());
    let file = folder.path().join("p.sqlite").display().to_string();
    let server = fresh_server_project("import_same_project").location.clone();
    let mut exports = Vec::new();
    for location in [&file, &server] {
        let report = ok(glossator(&[&"import", location, &corpus]));
        assert!(report.contains("Renumbered 6 span"), "{location}: {report}");
        exports.push(ok(glossator(&[
            &"export",
            location,
            &"--format",
            &"jsonl",
            &"--layer",
            &"all",
        ])));
    }
    assert_eq!(exports[0], exports[1]);
    assert!(
        exports[0].contains("\"realis\":\"actual\""),
        "{}",
        exports[0]
    );
    // A second import of other documents on the server: the ids drawn
    // before must never be drawn again.
    let more = write(
        folder.path(),
        "more.jsonl",
        keyed_corpus().replace("Talks", "Meetings"),
    );
    ok(glossator(&[&"import", &file, &more]));
    ok(glossator(&[&"import", &server, &more]));
    let file_export = ok(glossator(&[&"export", &file, &"--layer", &"all"]));
    let server_export = ok(glossator(&[&"export", &server, &"--layer", &"all"]));
    assert_eq!(file_export, server_export);
}
