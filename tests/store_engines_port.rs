//! The store's reads and writes outside documents and spans (layers,
//! schema edits, suggestions, agreement input, search, check) give the same
//! answers on SQLite and on PostgreSQL: each test runs one scenario on both
//! engines, starting from the same project, and compares what it saw.

mod common;

use std::path::Path;

use common::pg_server::server;
use common::{glossator, gold_jsonl_line, ok, torture_jsonl_line, write};
use glossator::model::{DocumentStatus, LabelKind, NewSuggestion, SuggestionStatus};
use glossator::store::{
    copy_project, read_agreement_input, read_spans_created_per_day, LayerReads, OpenMode,
    ProjectLocation, Reader, SchemaQueries, Store, StoreError, SuggestionQueries,
};

/// The gold and torture samples, in ana's and ben's layers, as a file.
fn sample_project(dir: &Path) -> std::path::PathBuf {
    let project = dir.join("sample.sqlite");
    let input = write(
        dir,
        "samples.jsonl",
        format!("{}\n{}\n", gold_jsonl_line(), torture_jsonl_line()),
    );
    for annotator in ["ana", "ben"] {
        ok(glossator(&[
            &"import",
            &project,
            &input,
            &"--annotator",
            &annotator,
        ]));
    }
    project
}

/// Runs `scenario` on a file copy and on a server copy of the sample
/// project, and checks both saw the same; returns what they saw.
fn on_both_engines(name: &str, scenario: impl Fn(&mut Store) -> String) -> String {
    let dir = tempfile::tempdir().unwrap();
    let sample = sample_project(dir.path());
    let source = Store::open_read_only(&sample, "test").unwrap();

    let file = dir.path().join("file.sqlite");
    copy_project(&source, &ProjectLocation::File(file.clone())).unwrap();
    let (mut on_file, _) = Store::open(&file, OpenMode::Existing).unwrap();

    let database = server().create_database(name);
    let url = server().superuser_url(&database);
    copy_project(&source, &ProjectLocation::Server(url.clone())).unwrap();
    let mut on_server = Store::open_server(&url).unwrap();

    let seen_on_file = scenario(&mut on_file);
    let seen_on_server = scenario(&mut on_server);
    let differs = seen_on_file
        .lines()
        .zip(seen_on_server.lines())
        .find(|(a, b)| a != b);
    assert!(
        differs.is_none() && seen_on_file == seen_on_server,
        "SQLite and PostgreSQL saw different things; first:\nSQLite:     {:?}\nPostgreSQL: {:?}\n\nSQLite saw all of:\n{seen_on_file}",
        differs.map(|d| d.0),
        differs.map(|d| d.1)
    );
    seen_on_file
}

fn first_document(store: &Store) -> glossator::model::DocumentId {
    store.document_ids().unwrap()[0]
}

#[test]
fn layers_and_assignments() {
    let seen = on_both_engines("layers", |store| {
        let document = first_document(store);
        let mut seen = String::new();
        store
            .write(|tx| {
                tx.set_layer_status(document, "ana", DocumentStatus::Done)?;
                tx.set_layer_status(document, "cy", DocumentStatus::InProgress)?;
                tx.assign(document, "ana")?;
                tx.assign(document, "ana")?; // twice: still one
                tx.assign(document, "dan")?;
                tx.touch_layer(document, "ben")?;
                tx.set_assignments(
                    &["dan".into(), "eve".into()],
                    &[(document, vec!["eve".into()])],
                )?;
                Ok::<_, StoreError>(())
            })
            .unwrap();
        seen += &format!(
            "status {:?}\n",
            store.layer_status(document, "ana").unwrap()
        );
        seen += &format!("layers {:?}\n", names(&store.layers_of(document).unwrap()));
        seen += &format!("names {:?}\n", store.layer_names().unwrap());
        seen += &format!("annotators {:?}\n", store.annotator_names().unwrap());
        seen += &format!("assignments {:?}\n", store.assignments().unwrap());
        seen += &format!("stats {:?}\n", store.layer_stats().unwrap());
        seen += &format!("project stats {:?}\n", store.stats().unwrap());
        seen += &format!(
            "ana's spans {}\n",
            store.layer_spans_of(document, "ana").unwrap().len()
        );
        seen += &format!(
            "ben's relations {}\n",
            store.layer_relations_of(document, "ben").unwrap().len()
        );
        store
            .write(|tx| {
                tx.drop_layer_if_empty(document, "cy")?; // in progress: stays
                tx.set_layer_status(document, "cy", DocumentStatus::New)?;
                tx.drop_layer_if_empty(document, "cy")?; // now it goes
                tx.delete_layer(document, "ben")?;
                tx.unassign(document, "ana")?;
                Ok::<_, StoreError>(())
            })
            .unwrap();
        seen += &format!("after {:?}\n", names(&store.layers_of(document).unwrap()));
        seen += &format!("keys {}\n", store.layer_keys().unwrap().len());
        seen += &format!("assignments {:?}\n", store.assignments().unwrap());
        seen
    });
    assert!(seen.contains("status Some(Done)"), "{seen}");
    assert!(seen.contains(r#"after [("ana", Done, 0)]"#), "{seen}");
}

fn names(layers: &[glossator::model::LayerSummary]) -> Vec<(String, DocumentStatus, i64)> {
    layers
        .iter()
        .map(|l| (l.annotator.clone(), l.status, l.revision))
        .collect()
}

#[test]
fn schema_edits() {
    let seen = on_both_engines("schema_edits", |store| {
        let schema = store.schema().unwrap();
        let mut span_labels = schema.span_labels().map(|l| l.id);
        let (first, second) = (span_labels.next().unwrap(), span_labels.next().unwrap());
        let relation = schema.relation_labels().next().unwrap().id;
        let mut seen = format!("usage {:?}\n", sorted(store.all_label_usage().unwrap()));
        seen += &format!("first {:?}\n", store.label_usage(first).unwrap());
        let attribute = schema.attributes_of(first).next().map(|a| a.name.clone());
        if let Some(name) = &attribute {
            seen += &format!(
                "attribute {name} {}\n",
                store.attribute_usage(first, name, None).unwrap()
            );
        }
        store
            .write(|tx| {
                tx.rename_label(second, "RENAMED")?;
                tx.set_label_color(second, "#123456")?;
                tx.set_label_shortcut(second, Some("x"))?;
                tx.swap_label_order(first, second)?;
                tx.add_relation_rule(relation, first, second)?;
                tx.remove_label(first, Some(second))?;
                Ok::<_, StoreError>(())
            })
            .unwrap();
        seen += &format!("schema {:?}\n", store.schema().unwrap());
        seen += &format!("usage {:?}\n", sorted(store.all_label_usage().unwrap()));
        seen += &format!(
            "named {:?}\n",
            store.label_named(LabelKind::Span, "RENAMED").unwrap()
        );
        let refused = store.write(|tx| tx.remove_label(second, None));
        seen += &format!("refused {refused:?}\n");
        seen += &common::snapshot(store);
        seen
    });
    assert!(seen.contains("refused Err(LabelInUse"), "{seen}");
}

fn sorted<K: Ord + Copy, V: std::fmt::Debug>(
    map: std::collections::HashMap<K, V>,
) -> Vec<(K, String)> {
    let mut all: Vec<(K, String)> = map
        .into_iter()
        .map(|(k, v)| (k, format!("{v:?}")))
        .collect();
    all.sort_by_key(|(k, _)| *k);
    all
}

#[test]
fn suggestions_keep_decisions_and_best_scores() {
    let seen = on_both_engines("suggestions", |store| {
        let document = first_document(store);
        let label = store.schema().unwrap().span_labels().next().unwrap().id;
        let suggest = |start: usize, score: f64| NewSuggestion {
            document_id: document,
            start_char: start,
            end_char: start + 3,
            label_id: label,
            score,
        };
        let mut seen = String::new();
        for annotator in [Some("ana"), None] {
            let first = store
                .write(|tx| {
                    tx.store_suggestions(
                        annotator,
                        "dictionary",
                        &[document],
                        &[suggest(0, 0.5), suggest(10, 0.9)],
                    )
                })
                .unwrap();
            let pending = store.pending_suggestions_of(document, annotator).unwrap();
            store
                .write(|tx| tx.set_suggestion_status(pending[0].id, SuggestionStatus::Rejected))
                .unwrap();
            // Again, from another source, higher and lower: the rejected one
            // stays rejected, the pending one keeps its best score.
            let second = store
                .write(|tx| {
                    tx.store_suggestions(
                        annotator,
                        "patterns",
                        &[document],
                        &[suggest(0, 0.99), suggest(10, 0.2)],
                    )
                })
                .unwrap();
            let all = store.pending_suggestions(annotator, None, 0.0).unwrap();
            seen += &format!("{annotator:?} {first:?} {second:?}\n");
            for s in &all {
                seen += &format!(
                    "  {}..{} {} {} {:?}\n",
                    s.start_char, s.end_char, s.score, s.source, s.status
                );
            }
            seen += &format!(
                "  tallies {:?}\n",
                store.suggestion_tallies(annotator).unwrap()
            );
            seen += &format!(
                "  decided {:?}\n",
                store.suggestion(pending[0].id).unwrap().map(|s| s.status)
            );
        }
        seen += &format!(
            "all tallies {:?}\n",
            store.all_suggestion_tallies().unwrap()
        );
        seen
    });
    assert!(seen.contains("already_decided: 1"), "{seen}");
    assert!(seen.contains("10..13 0.9 patterns Pending"), "{seen}");
}

#[test]
fn agreement_input_and_spans_per_day() {
    on_both_engines("agreement", |store| {
        format!(
            "{:?}\n{:?}",
            read_agreement_input(store).unwrap(),
            read_spans_created_per_day(store)
                .unwrap()
                .into_iter()
                .map(|(name, days)| (name, days.len()))
                .collect::<Vec<_>>()
        )
    });
}

#[test]
fn check_finds_nothing_in_a_sound_project_and_the_same_contradictions() {
    let seen = on_both_engines("check", |store| {
        let label = store.schema().unwrap().span_labels().next().unwrap().id;
        store
            .write(|tx| {
                tx.add_attribute_def(label, "stance", glossator::model::AttributeKind::Choice)
            })
            .unwrap();
        let document = first_document(store);
        let span = store.layer_spans_of(document, "ana").unwrap()[0].clone();
        store
            .write(|tx| tx.set_span_attribute(span.id, "mood", Some("odd")))
            .unwrap();
        store.refuse_if_damaged().unwrap();
        format!(
            "{:?}\n{:?}",
            store.check_integrity().unwrap(),
            store.schema_contradictions().unwrap()
        )
    });
    assert!(seen.starts_with("[]\n"), "{seen}");
    assert!(seen.contains("mood=\\\"odd\\\""), "{seen}");
}

#[test]
fn search_finds_the_same_places() {
    use glossator::search::{search, Query, SearchScope};
    let seen = on_both_engines("search", |store| {
        let mut seen = String::new();
        for query in [
            "Taliban",
            "taliban talks",
            "\"peace talks\" OR ceasefire",
            "pakist*",
            "\"Durand Li\"*",
            "cafe",
            "Zabihullah",
            "Tehrik-i-Taliban",
            "talks -Doha",
            "label:ACTOR annotator:ana",
            "伊斯坦布尔",
        ] {
            let parsed = Query::parse(query).unwrap();
            let scope = SearchScope {
                documents: None,
                limit: 1000,
            };
            let found = search(store, &parsed, &scope, &mut |_, _| {
                std::ops::ControlFlow::Continue(())
            })
            .unwrap();
            seen += &format!("{query}: {}\n", found.hits.len());
            for hit in found.hits {
                seen += &format!(
                    "  {} {}..{} {:?}\n",
                    hit.document, hit.start, hit.end, hit.text
                );
            }
        }
        let regex = Query::regex(r"\bpakist\w+").unwrap();
        let scope = SearchScope {
            documents: None,
            limit: 100,
        };
        let found = search(store, &regex, &scope, &mut |_, _| {
            std::ops::ControlFlow::Continue(())
        })
        .unwrap();
        seen += &format!("regex: {}\n", found.hits.len());
        seen
    });
    assert!(seen.contains("Taliban: "), "{seen}");
    assert!(!seen.contains("Taliban: 0\n"), "{seen}");
    assert!(!seen.contains("pakist*: 0\n"), "{seen}");
}

/// What only a file has is refused on a server with what to do instead;
/// Save a copy as… writes a project file.
#[test]
fn packages_merges_and_backups_are_refused_on_a_server_naming_the_way() {
    let dir = tempfile::tempdir().unwrap();
    let sample = sample_project(dir.path());
    let source = Store::open_read_only(&sample, "test").unwrap();
    let database = server().create_database("file_only");
    let url = server().superuser_url(&database);
    copy_project(&source, &ProjectLocation::Server(url.clone())).unwrap();
    let on_server = Store::open_server(&url).unwrap();
    let refused = [
        on_server
            .write_package("ana", &dir.path().join("ana.sqlite"))
            .map(|_| ()),
        on_server.attach_package(&sample, 1).map(|_| ()),
        on_server.write_periodic_backup(5).map(|_| ()),
    ];
    for (what, result) in ["package", "merge", "backup"].iter().zip(refused) {
        let message = match result {
            Err(err @ StoreError::NotOnServer { .. }) => err.to_string(),
            other => panic!("{what}: {other:?}"),
        };
        let expected = if *what == "backup" {
            "pg_dump"
        } else {
            "glossator copy"
        };
        assert!(message.contains(expected), "{what}: {message}");
    }
    assert!(!dir.path().join("ana.sqlite").exists());
    // Save a copy as… is a copy into a new project file.
    on_server
        .save_copy(&dir.path().join("copy.sqlite"))
        .unwrap();
    let copied = Store::open_read_only(&dir.path().join("copy.sqlite"), "test").unwrap();
    assert_eq!(copied.stats().unwrap(), on_server.stats().unwrap());
}
