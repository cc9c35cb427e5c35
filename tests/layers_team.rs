//! The team workflow end to end through the real binary: import, assign,
//! package, annotate in each package (through the app's session), merge in
//! two orders, compare; then a conflict; and the packages merge refuses.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use glossator::model::{DocumentStatus, LabelKind};
use glossator::session::{Edit, Session};
use glossator::store::{LayerReads, OpenMode, Store, CURRENT_SCHEMA_VERSION};

fn corpus(dir: &Path, documents: usize) -> PathBuf {
    let lines: String = (0..documents)
        .map(|i| {
            format!(
                "{{\"id\": \"doc-{i}\", \"text\": \"Talks {i} resumed in Doha — “today” 😀, rebels said.\"}}\n"
            )
        })
        .collect();
    write(dir, "corpus.jsonl", lines)
}

/// Annotates `documents` of a package as its annotator would in the app: a
/// span (its label chosen by `seed`) and, for every other one, done.
fn annotate(package: &Path, documents: usize, seed: usize) {
    let (store, _) = Store::open(package, OpenMode::Existing).unwrap();
    let mut session = Session::new(store).unwrap();
    let labels: Vec<_> = session.schema().span_labels().map(|l| l.id).collect();
    let ids: Vec<_> = session.documents().iter().map(|d| d.id).collect();
    for (n, id) in ids.into_iter().take(documents).enumerate() {
        session.open_document(id).unwrap();
        let label = labels[(n + seed) % labels.len()];
        session.create_span(0, 5, label).unwrap();
        if n % 2 == 0 {
            session
                .apply(Edit::SetDocumentStatus(DocumentStatus::Done))
                .unwrap();
        }
    }
}

fn export_all(project: &Path) -> String {
    ok(glossator(&[&"export", &project, &"--layer", &"all"]))
}

fn copy(from: &Path, to: &Path) -> PathBuf {
    std::fs::copy(from, to).unwrap();
    to.to_path_buf()
}

#[test]
fn import_assign_package_annotate_merge_in_two_orders_then_a_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let project = d.join("team.sqlite");
    ok(glossator(&[&"import", &project, &corpus(d, 50)]));
    let table = ok(glossator(&[
        &"assign",
        &project,
        &"--annotators",
        &"ana,ben,cy",
        &"--per-document",
        &"2",
        &"--seed",
        &"7",
    ]));
    assert!(
        table.contains("Assigned 50 documents, 2 annotators each"),
        "{table}"
    );
    // 100 assignments over 3 annotators: 33 or 34 each.
    for name in ["ana", "ben", "cy"] {
        let row = table.lines().find(|l| l.starts_with(name)).unwrap();
        let assigned: usize = row.split_whitespace().nth(1).unwrap().parse().unwrap();
        assert!((33..=34).contains(&assigned), "{row}");
    }
    let packages: Vec<PathBuf> = ["ana", "ben", "cy"]
        .iter()
        .enumerate()
        .map(|(n, name)| {
            let package = d.join(format!("{name}.sqlite"));
            let said = ok(glossator(&[
                &"package",
                &project,
                &"--annotator",
                name,
                &"-o",
                &package,
            ]));
            assert!(said.contains(&format!("{name}'s package")), "{said}");
            annotate(&package, 10, n);
            // The package knows whose it is.
            let store = Store::open_read_only(&package, "test").unwrap();
            assert_eq!(store.package_annotator().unwrap().as_deref(), Some(*name));
            package
        })
        .collect();

    let one_go = copy(&project, &d.join("one-go.sqlite"));
    let report = ok(glossator(&[
        &"merge",
        &one_go,
        &packages[0],
        &packages[1],
        &packages[2],
    ]));
    assert!(
        report.contains("ana.sqlite (ana): 10 layers taken"),
        "{report}"
    );
    let reversed = copy(&project, &d.join("reversed.sqlite"));
    for package in packages.iter().rev() {
        ok(glossator(&[&"merge", &reversed, package]));
    }
    let merged = export_all(&one_go);
    assert_eq!(
        merged,
        export_all(&reversed),
        "merge order changed the project"
    );
    let documents = parse_jsonl(&merged);
    let layers: usize = documents
        .iter()
        .map(|d| d["layers"].as_array().unwrap().len())
        .sum();
    assert_eq!(layers, 30);
    // Idempotent: the same packages again change nothing.
    let again = ok(glossator(&[&"merge", &one_go, &packages[0], &packages[2]]));
    assert!(again.contains("0 layers taken, 10 unchanged"), "{again}");
    assert_eq!(export_all(&one_go), merged);

    // A conflict: ana's layer of one document changes in the project and in
    // a package made before that change.
    let later = d.join("ana-2.sqlite");
    ok(glossator(&[
        &"package",
        &one_go,
        &"--annotator",
        &"ana",
        &"-o",
        &later,
    ]));
    let first_of = |path: &Path| {
        let (store, _) = Store::open(path, OpenMode::Existing).unwrap();
        let mut session = Session::new(store).unwrap();
        session.set_annotator(Some("ana".into())).unwrap();
        let id = session
            .documents()
            .iter()
            .find(|d| d.span_count > 0)
            .unwrap()
            .id;
        session.open_document(id).unwrap();
        (session, id)
    };
    let (mut in_project, document) = first_of(&one_go);
    let actor = in_project
        .schema()
        .label_by_name(LabelKind::Span, "ACTOR")
        .unwrap()
        .id;
    in_project.create_span(6, 7, actor).unwrap();
    let external_id = in_project.open().unwrap().document.external_id.clone();
    drop(in_project);
    let (mut in_package, _) = first_of(&later);
    assert_eq!(
        in_package.annotator(),
        "ana",
        "a package is its annotator's"
    );
    in_package.create_span(9, 16, actor).unwrap();
    drop(in_package);
    let report = ok(glossator(&[&"merge", &one_go, &later]));
    assert!(
        report.contains(&format!(
            "conflict in {external_id:?}: changed in the project and in the package; the package's version is the layer \"ana (conflict 1)\""
        )),
        "{report}"
    );
    let store = Store::open_read_only(&one_go, "test").unwrap();
    let mine: Vec<(usize, usize)> = store
        .layer_spans_of(document, "ana")
        .unwrap()
        .iter()
        .map(|s| (s.start_char(), s.end_char()))
        .collect();
    assert!(
        mine.contains(&(6, 7)) && !mine.contains(&(9, 16)),
        "{mine:?}"
    );
    let theirs: Vec<(usize, usize)> = store
        .layer_spans_of(document, "ana (conflict 1)")
        .unwrap()
        .iter()
        .map(|s| (s.start_char(), s.end_char()))
        .collect();
    assert!(
        theirs.contains(&(9, 16)) && !theirs.contains(&(6, 7)),
        "{theirs:?}"
    );
    drop(store);
    // Merging it again keeps the one conflict layer.
    let before = export_all(&one_go);
    ok(glossator(&[&"merge", &one_go, &later]));
    assert_eq!(export_all(&one_go), before);

    // assign again never takes away an assignment with annotations.
    ok(glossator(&[
        &"assign",
        &one_go,
        &"--annotators",
        &"ana,ben,cy",
        &"--per-document",
        &"1",
        &"--seed",
        &"99",
    ]));
    let store = Store::open_read_only(&one_go, "test").unwrap();
    let assigned: std::collections::HashSet<_> = store.assignments().unwrap().into_iter().collect();
    for (document, annotator) in store.layer_keys().unwrap() {
        if ["ana", "ben", "cy"].contains(&annotator.as_str()) {
            assert!(
                assigned.contains(&(document, annotator.clone())),
                "{annotator} lost {document}"
            );
        }
    }
}

/// Everything a merge must refuse leaves the project byte for byte as it was.
#[test]
fn merge_refuses_other_projects_future_versions_damaged_files_and_plain_projects() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let project = d.join("p.sqlite");
    ok(glossator(&[&"import", &project, &corpus(d, 4)]));
    ok(glossator(&[
        &"assign",
        &project,
        &"--annotators",
        &"ana",
        &"--seed",
        &"1",
    ]));
    let good = d.join("good.sqlite");
    ok(glossator(&[
        &"package",
        &project,
        &"--annotator",
        &"ana",
        &"-o",
        &good,
    ]));
    annotate(&good, 2, 0);

    let other = d.join("other.sqlite");
    let text = write(
        d,
        "other.jsonl",
        "{\"id\": \"x\", \"text\": \"Something else entirely.\"}\n",
    );
    ok(glossator(&[&"import", &other, &text]));
    ok(glossator(&[&"assign", &other, &"--annotators", &"ana"]));
    let foreign = d.join("foreign.sqlite");
    ok(glossator(&[
        &"package",
        &other,
        &"--annotator",
        &"ana",
        &"-o",
        &foreign,
    ]));

    let future = copy(&good, &d.join("future.sqlite"));
    glossator::store::testing::set_schema_version(&future, CURRENT_SCHEMA_VERSION + 1).unwrap();
    let damaged = copy(&good, &d.join("damaged.sqlite"));
    let mut bytes = std::fs::read(&damaged).unwrap();
    let middle = bytes.len() / 2;
    let end = (middle + 4096).min(bytes.len());
    bytes[middle..end].fill(0xA5);
    std::fs::write(&damaged, bytes).unwrap();

    let before = std::fs::read(&project).unwrap();
    let before_export = export_all(&project);
    let cases: [(&Path, &str); 4] = [
        (&foreign, "shares no document with this project"),
        (&future, "version"),
        (&damaged, "damaged"),
        (&other, "is not a package"),
    ];
    for (package, expected) in cases {
        // The good package first: all or nothing means it is not merged either.
        fails_with(glossator(&[&"merge", &project, &good, &package]), expected);
        assert_eq!(export_all(&project), before_export, "{}", package.display());
    }
    assert_eq!(std::fs::read(&project).unwrap(), before);
    fails_with(
        glossator(&[&"merge", &project, &good, &good]),
        "is named twice",
    );
}

#[test]
fn package_refuses_unknown_annotators_unassigned_ones_and_existing_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let project = d.join("p.sqlite");
    ok(glossator(&[&"import", &project, &corpus(d, 3)]));
    fails_with(
        glossator(&[
            &"package",
            &project,
            &"--annotator",
            &"zed",
            &"-o",
            &d.join("z.sqlite"),
        ]),
        "the project has no annotator \"zed\"",
    );
    ok(glossator(&[
        &"assign",
        &project,
        &"--annotators",
        &"ana,ben",
        &"--documents",
        &"doc-1",
    ]));
    let taken = write(d, "taken.sqlite", "x");
    fails_with(
        glossator(&[&"package", &project, &"--annotator", &"ana", &"-o", &taken]),
        "already exists",
    );
    let store = Store::open_read_only(&project, "test").unwrap();
    assert_eq!(
        store.assignments().unwrap().len(),
        1,
        "--documents doc-1: one document"
    );
    drop(store);
    fails_with(
        glossator(&[&"assign", &project, &"--annotators", &"ana,gold"]),
        "reserved for the curated layer",
    );
    fails_with(
        glossator(&[
            &"assign",
            &project,
            &"--annotators",
            &"ana",
            &"--per-document",
            &"2",
        ]),
        "--per-document 2 needs at least that many annotators",
    );
}
