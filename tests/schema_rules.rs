//! `glossator schema --import` keeps the schema editor's rules (issue 13,
//! item 14): a refused file changes nothing, and says which label and why.

mod common;

use common::{fails_with, glossator, gold_project_file, ok, write};

fn schema_with(labels: serde_json::Value) -> String {
    serde_json::json!({ "labels": labels, "relations": [] }).to_string()
}

#[test]
fn a_schema_file_is_refused_for_what_the_editor_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let project = gold_project_file(dir.path(), "p.sqlite");
    let before = ok(glossator(&[&"schema", &project]));
    let label = |name: &str, key: &str| serde_json::json!({"name": name, "color": "#336699", "shortcut": key});
    let cases = [
        (
            label("PLACE", "2"),
            "label \"PLACE\": key \"2\" already tags ACTOR",
        ),
        (
            label("PLACE", "r"),
            "label \"PLACE\": \"r\" starts a relation; choose another key",
        ),
        (label("PLACE", "\u{0}"), "must be one key"),
        (
            label("PLA\u{7}CE", "7"),
            "contains the control character U+0007",
        ),
        (
            label(&"N".repeat(5000), "7"),
            "name is 5000 characters long",
        ),
        (
            serde_json::json!({"name": "PLACE", "color": "#336699",
                "attributes": [{"name": "x".repeat(5000), "kind": "choice", "values": []}]}),
            "name is 5000 characters long",
        ),
    ];
    for (n, (label, expected)) in cases.into_iter().enumerate() {
        let file = write(
            dir.path(),
            &format!("bad{n}.json"),
            schema_with(serde_json::json!([label])),
        );
        fails_with(
            glossator(&[&"schema", &project, &"--import", &file]),
            expected,
        );
    }
    assert_eq!(
        ok(glossator(&[&"schema", &project])),
        before,
        "nothing changed"
    );

    // A label the project has keeps its key: naming it again is no clash.
    let again = write(
        dir.path(),
        "again.json",
        schema_with(serde_json::json!([
            label("ACTOR", "2"),
            label("PLACE", "4")
        ])),
    );
    let said = ok(glossator(&[&"schema", &project, &"--import", &again]));
    assert!(said.contains("1 labels and relation types added"), "{said}");
}
