//! The importer reads documents ahead and checks and writes them a batch
//! at a time (500 documents, fewer when they are large). What batching
//! could break, on both engines: a document must meet the earlier documents
//! of its own batch as if they were stored already (duplicates, document
//! ids, span and relation ids), an error must still name its own document
//! and leave nothing, and `--annotator` must still add or skip layers.

mod common;

use std::path::{Path, PathBuf};

use common::engines::{fresh_projects, Fresh};
use common::{parse_jsonl, snapshot, write};
use glossator::formats::{
    collect_import_files, import_files_with, ImportError, ImportOptions, ImportReport,
};
use glossator::store::engine::Engine;
use glossator::store::Reader;

/// More documents than one batch holds.
const PAST_ONE_BATCH: usize = 520;

fn line(id: &str, text: &str, spans: serde_json::Value) -> String {
    serde_json::json!({"id": id, "text": text, "spans": spans}).to_string()
}

/// `count` documents of distinct text, one span each, no ids asked for.
fn plain_lines(count: usize) -> Vec<String> {
    (1..=count)
        .map(|n| {
            line(
                &format!("doc-{n}"),
                &format!("Talks {n} in Doha ended."),
                serde_json::json!([{"start": 0, "end": 5, "label": "EVENT"}]),
            )
        })
        .collect()
}

fn corpus(folder: &Path, name: &str, lines: &[String]) -> PathBuf {
    write(folder, name, lines.join("\n") + "\n")
}

fn import(
    project: &mut Fresh,
    file: &Path,
    annotator: Option<&str>,
) -> Result<ImportReport, ImportError> {
    let (files, notices) = collect_import_files(&[file.to_path_buf()], None).expect("input");
    let options = ImportOptions {
        annotator: annotator.map(str::to_string),
        ..ImportOptions::default()
    };
    import_files_with(
        &mut project.store,
        &files,
        notices,
        &options,
        &mut |_, _| true,
    )
}

fn engine_name(project: &Fresh) -> &'static str {
    match project.engine {
        Engine::Sqlite => "SQLite",
        Engine::Postgres => "PostgreSQL",
    }
}

/// The exported documents (every layer), by their external id.
fn exported(project: &Fresh) -> Vec<serde_json::Value> {
    let snapshot = snapshot(&project.store);
    let documents: Vec<&str> = snapshot
        .lines()
        .filter(|line| line.starts_with('{'))
        .collect();
    parse_jsonl(&documents.join("\n"))
}

fn span_ids(document: &serde_json::Value) -> Vec<String> {
    document["spans"]
        .as_array()
        .expect("spans")
        .iter()
        .map(|span| span["id"].as_str().expect("id").to_string())
        .collect()
}

#[test]
fn a_duplicate_inside_one_batch_and_of_an_earlier_batch_is_skipped_and_named() {
    let folder = tempfile::tempdir().unwrap();
    let mut lines = plain_lines(PAST_ONE_BATCH);
    // Line 3 repeats line 1 (the same batch); line 515 repeats line 7 (an
    // earlier batch).
    lines[2] = lines[0].replace("doc-1", "again-1");
    lines[514] = lines[6].replace("doc-7", "again-7");
    let file = corpus(folder.path(), "corpus.jsonl", &lines);
    for mut project in fresh_projects("batch_duplicates") {
        let engine = engine_name(&project);
        let report = import(&mut project, &file, None).expect("import");
        assert_eq!(report.documents, PAST_ONE_BATCH - 2, "{engine}");
        let named: Vec<String> = report
            .duplicates
            .iter()
            .map(|d| d.location.to_string())
            .collect();
        assert_eq!(
            named,
            [
                format!("{}:3", file.display()),
                format!("{}:515", file.display())
            ],
            "{engine}"
        );
        assert_eq!(
            project.store.stats().unwrap().documents,
            PAST_ONE_BATCH - 2,
            "{engine}"
        );
    }
}

#[test]
fn a_document_id_taken_inside_the_batch_or_an_earlier_one_is_numbered_and_reported() {
    let folder = tempfile::tempdir().unwrap();
    let mut lines = plain_lines(PAST_ONE_BATCH);
    lines[1] = lines[1].replace("\"doc-2\"", "\"doc-1\"");
    lines[509] = lines[509].replace("\"doc-510\"", "\"doc-1\"");
    let file = corpus(folder.path(), "corpus.jsonl", &lines);
    let mut exports = Vec::new();
    for mut project in fresh_projects("batch_external_ids") {
        let engine = engine_name(&project);
        let report = import(&mut project, &file, None).expect("import");
        let notices: Vec<String> = report.notices.iter().map(|n| n.to_string()).collect();
        assert_eq!(
            notices,
            [
                format!(
                    "{}:2: document id \"doc-1\" is already used in the project; stored as \"doc-1-2\"",
                    file.display()
                ),
                format!(
                    "{}:510: document id \"doc-1\" is already used in the project; stored as \"doc-1-3\"",
                    file.display()
                ),
            ],
            "{engine}"
        );
        let documents = exported(&project);
        assert_eq!(documents[1]["id"], "doc-1-2", "{engine}");
        assert_eq!(documents[509]["id"], "doc-1-3", "{engine}");
        exports.push(snapshot(&project.store));
    }
    assert_eq!(exports[0], exports[1], "both engines hold the same");
}

#[test]
fn span_ids_are_kept_or_renumbered_across_the_documents_of_a_batch_as_one_by_one() {
    let folder = tempfile::tempdir().unwrap();
    let span = |id: &str, start: u32| serde_json::json!({"id": id, "start": start, "end": start + 4, "label": "EVENT"});
    let lines = vec![
        // Keeps s1 and s2.
        line(
            "a",
            "Text one and more.",
            serde_json::json!([span("s1", 0), span("s2", 5)]),
        ),
        // s40 is free: kept; s1 is taken by the first document: renumbered
        // after the highest id given (s41), as the engine numbers a row
        // inserted after the kept ones.
        line(
            "b",
            "Text two and more.",
            serde_json::json!([span("s1", 0), span("s40", 5)]),
        ),
        // No ids: the next after the highest given (s42, s43).
        line(
            "c",
            "Text six and more.",
            serde_json::json!([{"start": 0, "end": 4, "label": "EVENT"},
                               {"start": 5, "end": 8, "label": "EVENT"}]),
        ),
        // s41 was given to the second document: renumbered (s44).
        line(
            "d",
            "Text ten and more.",
            serde_json::json!([span("s41", 0)]),
        ),
    ];
    let file = corpus(folder.path(), "corpus.jsonl", &lines);
    let mut exports = Vec::new();
    for mut project in fresh_projects("batch_span_ids") {
        let engine = engine_name(&project);
        let report = import(&mut project, &file, None).expect("import");
        assert_eq!(report.renumbered_ids, 2, "{engine}");
        let ids: Vec<Vec<String>> = exported(&project).iter().map(span_ids).collect();
        assert_eq!(
            ids,
            [
                vec!["s1", "s2"],
                vec!["s41", "s40"],
                vec!["s42", "s43"],
                vec!["s44"]
            ],
            "{engine}"
        );
        // A second import: every id it asks for is taken; new ones follow
        // the highest the first import gave.
        let again = corpus(
            folder.path(),
            "again.jsonl",
            &[line(
                "e",
                "Text new and more.",
                serde_json::json!([span("s2", 0)]),
            )],
        );
        let report = import(&mut project, &again, None).expect("import");
        assert_eq!(report.renumbered_ids, 1, "{engine}");
        assert_eq!(span_ids(&exported(&project)[4]), ["s45"], "{engine}");
        exports.push(snapshot(&project.store));
    }
    assert_eq!(exports[0], exports[1], "both engines hold the same");
}

#[test]
fn relation_ids_and_ends_stay_right_across_the_documents_of_a_batch() {
    let folder = tempfile::tempdir().unwrap();
    let document = |id: &str, text: &str| {
        serde_json::json!({"id": id, "text": text,
            "spans": [{"id": "s1", "start": 0, "end": 4, "label": "EVENT"},
                      {"id": "s2", "start": 5, "end": 8, "label": "ACTOR"}],
            "relations": [{"id": "r1", "from": "s1", "to": "s2", "label": "agent"}]})
        .to_string()
    };
    let lines = vec![
        document("a", "Talk one two."),
        document("b", "Talk two two."),
    ];
    let file = corpus(folder.path(), "corpus.jsonl", &lines);
    let mut exports = Vec::new();
    for mut project in fresh_projects("batch_relation_ids") {
        let engine = engine_name(&project);
        let report = import(&mut project, &file, None).expect("import");
        // The second document's s1, s2 and r1 are taken.
        assert_eq!(report.renumbered_ids, 3, "{engine}");
        let documents = exported(&project);
        let relation = &documents[1]["relations"][0];
        assert_eq!(relation["id"], "r2", "{engine}");
        assert_eq!(relation["from"], "s3", "{engine}: {relation}");
        assert_eq!(relation["to"], "s4", "{engine}: {relation}");
        exports.push(snapshot(&project.store));
    }
    assert_eq!(exports[0], exports[1], "both engines hold the same");
}

/// Imports `lines` into a fresh project on each engine: refused with an
/// error that starts with the file's name and then `expected`, and the
/// project as it was.
fn assert_refused_leaving_nothing(hint: &str, lines: &[String], expected: &str) {
    let folder = tempfile::tempdir().unwrap();
    let file = corpus(folder.path(), "corpus.jsonl", lines);
    for mut project in fresh_projects(hint) {
        let engine = engine_name(&project);
        let before = snapshot(&project.store);
        let error = import(&mut project, &file, None)
            .expect_err("refused")
            .to_string();
        assert!(
            error.starts_with(&format!("{}{expected}", file.display())),
            "{engine}: {error}"
        );
        assert_eq!(snapshot(&project.store), before, "{engine}: nothing stored");
    }
}

#[test]
fn a_bad_span_in_the_third_document_names_it_and_nothing_is_stored() {
    let mut lines = plain_lines(10);
    lines[2] = line(
        "doc-3",
        "Short.",
        serde_json::json!([{"start": 0, "end": 60, "label": "EVENT"}]),
    );
    // A line that is not JSON after it: the bad span, read first, is the error.
    lines[7] = "{not json".to_string();
    assert_refused_leaving_nothing("batch_bad_span", &lines, ":3: span 1");
}

#[test]
fn a_bad_line_after_good_documents_is_the_error_and_nothing_is_stored() {
    let mut lines = plain_lines(10);
    lines[7] = "{not json".to_string();
    assert_refused_leaving_nothing("batch_bad_line", &lines, ":8");
}

#[test]
fn annotator_adds_layers_to_documents_of_the_project_and_of_its_own_batch() {
    let folder = tempfile::tempdir().unwrap();
    let first = corpus(folder.path(), "first.jsonl", &plain_lines(3));
    // Again with ana's name: the three texts the project holds get her
    // layer, a new text is a new document, and that text repeated in the
    // same batch finds her layer there already.
    let mut lines = plain_lines(3);
    lines.push(line(
        "new",
        "A new text.",
        serde_json::json!([{"start": 0, "end": 1, "label": "EVENT"}]),
    ));
    lines.push(lines[3].replace("\"new\"", "\"new-again\""));
    let second = corpus(folder.path(), "second.jsonl", &lines);
    let mut exports = Vec::new();
    for mut project in fresh_projects("batch_annotator") {
        let engine = engine_name(&project);
        import(&mut project, &first, None).expect("import");
        let report = import(&mut project, &second, Some("ana")).expect("import");
        assert_eq!(report.layers_added, 3, "{engine}: {report}");
        assert_eq!(report.documents, 1, "{engine}: {report}");
        let skipped: Vec<String> = report
            .layers_skipped
            .iter()
            .map(|s| format!("{} {}", s.location, s.annotator))
            .collect();
        assert_eq!(skipped, [format!("{}:5 ana", second.display())], "{engine}");
        // A third time: every layer is there.
        let report = import(&mut project, &second, Some("ana")).expect("import");
        assert_eq!(report.layers_added, 0, "{engine}: {report}");
        assert_eq!(report.layers_skipped.len(), 5, "{engine}: {report}");
        let documents = exported(&project);
        assert_eq!(documents.len(), 4, "{engine}");
        exports.push(snapshot(&project.store));
    }
    assert_eq!(exports[0], exports[1], "both engines hold the same");
}

/// Roles that may not set a sequence (a curator importing documents, an
/// annotator importing their layer) draw the ids their batch used from it:
/// ids kept beyond it are kept, and the ids given next come after them.
#[test]
fn a_team_role_keeps_ids_beyond_the_sequence_and_the_next_ids_follow_them() {
    use glossator::store::Store;

    let (ana_url, cy_url) =
        common::pg_server::team_project("batch_team_ids", "secret", &["Seeded text."]);
    let folder = tempfile::tempdir().unwrap();
    let span = |id: Option<&str>| match id {
        Some(id) => serde_json::json!([{"id": id, "start": 0, "end": 4, "label": "EVENT"}]),
        None => serde_json::json!([{"start": 0, "end": 4, "label": "EVENT"}]),
    };
    let import_as = |url: &str, lines: &[String], annotator: Option<&str>, name: &str| {
        let file = corpus(folder.path(), name, lines);
        let (files, notices) = collect_import_files(&[file], None).expect("input");
        let options = ImportOptions {
            annotator: annotator.map(str::to_string),
            ..ImportOptions::default()
        };
        let mut store = Store::open_server(url).unwrap_or_else(|e| panic!("{e}"));
        import_files_with(&mut store, &files, notices, &options, &mut |_, _| true)
            .unwrap_or_else(|e| panic!("import into {name}: {e}"))
    };
    // team_project's annotator role.
    let ana = "ana_batch_team_ids";

    import_as(
        &cy_url,
        &[
            line("a", "Talk one.", span(Some("s100"))),
            line("b", "Talk two.", span(None)),
        ],
        None,
        "curator.jsonl",
    );
    let report = import_as(
        &ana_url,
        &[
            line("a", "Talk one.", span(Some("s500"))),
            line("b", "Talk two.", span(Some("s100"))),
        ],
        Some(ana),
        "ana.jsonl",
    );
    assert_eq!(report.layers_added, 2, "{report}");
    assert_eq!(report.renumbered_ids, 1, "{report}");
    import_as(
        &cy_url,
        &[line("c", "Talk three.", span(None))],
        None,
        "more.jsonl",
    );

    let export = common::ok(common::glossator(&[
        &"export",
        &cy_url,
        &"--format",
        &"jsonl",
        &"--layer",
        &"all",
    ]));
    let mut ids: Vec<String> = parse_jsonl(&export).iter().flat_map(span_ids).collect();
    ids.sort();
    assert_eq!(ids, ["s100", "s101", "s500", "s501", "s502"], "{export}");
}
