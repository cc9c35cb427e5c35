//! Issue 20, search: the full-text index against a brute-force scan of the
//! benchmark corpus's first 1,000 documents, the index kept current by
//! imports and deletions, the upgrade that builds it, and `glossator search`.

mod common;

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use common::{fails_with, glossator, ok};
use glossator::formats::{collect_import_files, import_files};
use glossator::model::DocumentId;
use glossator::search::{search, Hit, Query, SearchError, SearchScope};
use glossator::store::{OpenMode, Reader, Store, CURRENT_SCHEMA_VERSION};

/// The benchmark corpus's first `documents` documents (seed 42, as
/// `glossator gen-bench` writes it), imported into a new project.
fn corpus_project(dir: &Path, documents: usize) -> PathBuf {
    let input = dir.join("corpus.jsonl");
    let mut out = std::fs::File::create(&input).unwrap();
    glossator::bench_corpus::write_corpus(&mut out, 42, documents).unwrap();
    drop(out);
    let project = dir.join("corpus.sqlite");
    let (mut store, _) = Store::open(&project, OpenMode::CreateIfMissing).unwrap();
    let (files, notices) = collect_import_files(&[input], None).unwrap();
    import_files(&mut store, &files, notices, &mut |_, _| true).unwrap();
    project
}

fn run(store: &Store, query: &Query) -> Vec<Hit> {
    let scope = SearchScope {
        documents: None,
        limit: usize::MAX,
    };
    let found = search(store, query, &scope, &mut |_, _| ControlFlow::Continue(())).unwrap();
    assert!(!found.more && !found.cancelled);
    found.hits
}

/// (document, start, end) of every hit.
fn places(hits: &[Hit]) -> Vec<(DocumentId, usize, usize)> {
    hits.iter()
        .map(|h| (h.document_id, h.start, h.end))
        .collect()
}

/// A word of the brute-force scan: letters and digits (and combining
/// marks), lowercased; (start, end) in code points.
fn words(text: &str) -> Vec<(String, usize, usize)> {
    let mut words = Vec::new();
    let mut current: Option<(String, usize)> = None;
    for (i, c) in text.chars().enumerate() {
        let wordy = c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c);
        match (&mut current, wordy) {
            (Some((word, _)), true) => word.extend(c.to_lowercase()),
            (None, true) => current = Some((c.to_lowercase().collect(), i)),
            (Some(_), false) => {
                let (word, start) = current.take().unwrap();
                words.push((word, start, i));
            }
            (None, false) => {}
        }
    }
    if let Some((word, start)) = current {
        words.push((word, start, text.chars().count()));
    }
    words
}

/// Every place in every document where `phrase` (lowercase words) occurs as
/// consecutive words, the last one possibly a prefix: no index involved.
fn brute_force(
    store: &Store,
    phrase: &[&str],
    last_is_prefix: bool,
) -> Vec<(DocumentId, usize, usize)> {
    let mut found = Vec::new();
    for id in store.document_ids().unwrap() {
        let text = store.document(id).unwrap().unwrap().text;
        let words = words(&text);
        for window in words.windows(phrase.len()) {
            let last = phrase.len() - 1;
            let fits = window
                .iter()
                .zip(phrase)
                .enumerate()
                .all(|(i, (word, want))| {
                    if i == last && last_is_prefix {
                        word.0.starts_with(want)
                    } else {
                        word.0 == *want
                    }
                });
            if fits {
                found.push((id, window[0].1, window[last].2));
            }
        }
    }
    found
}

#[test]
fn the_index_finds_what_a_brute_force_scan_finds_in_1000_documents() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_read_only(&corpus_project(dir.path(), 1000), "test").unwrap();
    for (query, phrase, prefix) in [
        ("taliban", &["taliban"][..], false),
        ("Pakistan", &["pakistan"], false),
        ("\"Afghan Taliban\"", &["afghan", "taliban"], false),
        (
            "\"cease-fire announced\"",
            &["cease", "fire", "announced"],
            false,
        ),
        ("pakist*", &["pakist"], true),
        ("\"the tal\"*", &["the", "tal"], true),
        ("doha", &["doha"], false),
        ("report", &["report"], false),
    ] {
        let hits = run(&store, &Query::parse(query).unwrap());
        let expected = brute_force(&store, phrase, prefix);
        assert!(!expected.is_empty(), "{query}: the corpus has some");
        assert_eq!(places(&hits), expected, "{query}");
        for hit in &hits {
            assert_eq!(
                hit.text.to_lowercase().chars().count(),
                hit.end - hit.start,
                "{query}"
            );
        }
    }
}

#[test]
fn a_regex_finds_what_scanning_every_text_finds() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_read_only(&corpus_project(dir.path(), 300), "test").unwrap();
    // Narrowed by the index (\b and a word), and not (no word to narrow by).
    for pattern in [r"\bTalib\w*", r"🇵🇰🇦🇫|«[^»]*»", r"\d{3}\b"] {
        let regex = regex::Regex::new(pattern).unwrap();
        let mut expected = Vec::new();
        for id in store.document_ids().unwrap() {
            let text = store.document(id).unwrap().unwrap().text;
            for m in regex.find_iter(&text) {
                let start = text[..m.start()].chars().count();
                expected.push((id, start, start + m.as_str().chars().count()));
            }
        }
        assert!(!expected.is_empty(), "{pattern}");
        let hits = run(&store, &Query::regex(pattern).unwrap());
        assert_eq!(places(&hits), expected, "{pattern}");
    }
}

#[test]
fn filters_choose_documents_and_spans() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_read_only(&corpus_project(dir.path(), 200), "test").unwrap();
    let schema = store.schema().unwrap();
    // label:ACTOR alone: every ACTOR span is a hit.
    let hits = run(&store, &Query::parse("label:ACTOR").unwrap());
    let mut expected = Vec::new();
    for id in store.document_ids().unwrap() {
        let mut ranges: Vec<_> = store
            .spans_of(id)
            .unwrap()
            .into_iter()
            .filter(|s| schema.label_name(s.data.label_id) == "ACTOR")
            .map(|s| (id, s.data.start_char, s.data.end_char))
            .collect();
        ranges.dedup();
        expected.extend(ranges);
    }
    assert_eq!(places(&hits), expected);

    // Words in documents that hold an ACTOR span reading "Taliban".
    let with_span = run(
        &store,
        &Query::parse("doha span:\"taliban\" label:ACTOR").unwrap(),
    );
    let all = run(&store, &Query::parse("doha").unwrap());
    assert!(!with_span.is_empty() && with_span.len() < all.len());
    for hit in &with_span {
        let text = store.document(hit.document_id).unwrap().unwrap().text;
        let chars: Vec<char> = text.chars().collect();
        assert!(store.spans_of(hit.document_id).unwrap().iter().any(|s| {
            schema.label_name(s.data.label_id) == "ACTOR"
                && chars[s.data.start_char..s.data.end_char]
                    .iter()
                    .collect::<String>()
                    .eq_ignore_ascii_case("taliban")
        }));
    }
    // Nothing in the corpus is done yet.
    assert!(run(&store, &Query::parse("doha status:done").unwrap()).is_empty());
    assert_eq!(run(&store, &Query::parse("doha status:new").unwrap()), all);
}

#[test]
fn imports_and_deletions_keep_the_index_current() {
    let mut store = Store::in_memory().unwrap();
    let query = Query::parse("zanzibar").unwrap();
    assert!(run(&store, &query).is_empty());
    let id = store
        .write(|tx| {
            let meta = serde_json::Map::new();
            tx.insert_document(&glossator::store::NewDocument {
                external_id: "z",
                title: "z",
                text: "Talks in Zanzibar, then Zanzíbar again.",
                len_chars: 39,
                content_hash: "hash-z",
                meta: &meta,
            })
        })
        .unwrap();
    let hits = run(&store, &query);
    // Diacritics aside: "Zanzíbar" is found too.
    assert_eq!(
        hits.iter()
            .map(|h| (h.start, h.end, h.text.as_str()))
            .collect::<Vec<_>>(),
        [(9, 17, "Zanzibar"), (24, 32, "Zanzíbar")]
    );
    assert_eq!(hits[0].before, "Talks in ");
    assert_eq!(hits[0].after, ", then Zanzíbar again.");
    store.write(|tx| tx.delete_document(id)).unwrap();
    assert!(run(&store, &query).is_empty());

    // A text holding the marks highlight() uses is searched all the same.
    let text = "\u{FDD0} Zanzibar \u{FDD1} and Zanzibar";
    store
        .write(|tx| {
            let meta = serde_json::Map::new();
            tx.insert_document(&glossator::store::NewDocument {
                external_id: "marks",
                title: "marks",
                text,
                len_chars: text.chars().count(),
                content_hash: "hash-marks",
                meta: &meta,
            })
        })
        .unwrap();
    let hits = run(&store, &query);
    assert_eq!(
        hits.iter().map(|h| (h.start, h.end)).collect::<Vec<_>>(),
        [(2, 10), (17, 25)]
    );
}

/// A file from before the index (schema version 3, layers): read-only, a
/// search says how to get one; opened to edit, the upgrade builds it.
#[test]
fn the_upgrade_builds_the_index_of_an_older_project() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite");
    common::layers_version_project(&path);
    let query = Query::parse("\"Afghanistan and Pakistan\"").unwrap();
    let scope = SearchScope {
        documents: None,
        limit: 10,
    };
    let read_only = Store::open_read_only(&path, "test").unwrap();
    let refused = search(&read_only, &query, &scope, &mut |_, _| {
        ControlFlow::Continue(())
    });
    assert!(matches!(refused, Err(SearchError::NoIndex)), "{refused:?}");
    drop(read_only);

    let (store, _) = Store::open(&path, OpenMode::Existing).unwrap();
    let version: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(version, CURRENT_SCHEMA_VERSION);
    let hits = run(&store, &query);
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h.text == "Afghanistan and Pakistan"));
    assert!(store.check_integrity().unwrap().is_empty());
}

#[test]
fn the_cli_prints_hits_in_context_and_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let project = corpus_project(dir.path(), 20);
    let text = ok(glossator(&[
        &"search",
        &project,
        &"\"Afghan Taliban\"",
        &"--limit",
        &"2",
    ]));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].starts_with("doc-0000"), "{text}");
    assert!(lines[0].contains("[Afghan Taliban]"), "{text}");
    assert!(
        lines[2].starts_with("the first 2 hits; there are more"),
        "{text}"
    );

    let json = ok(glossator(&[
        &"search", &project, &"taliban", &"--json", &"--limit", &"0",
    ]));
    let store = Store::open_read_only(&project, "test").unwrap();
    let expected = run(&store, &Query::parse("taliban").unwrap());
    let lines: Vec<serde_json::Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), expected.len());
    for (line, hit) in lines.iter().zip(&expected) {
        assert_eq!(line["document"], hit.document.as_str());
        assert_eq!(line["start"], hit.start);
        assert_eq!(line["end"], hit.end);
        assert_eq!(line["text"], hit.text.as_str());
        assert_eq!(line["before"], hit.before.as_str());
        assert_eq!(line["after"], hit.after.as_str());
        let keys: Vec<&String> = line.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            ["document", "start", "end", "text", "before", "after"]
        );
    }
}

#[test]
fn bad_queries_fail_in_one_line_naming_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let project = corpus_project(dir.path(), 5);
    fails_with(
        glossator(&[&"search", &project, &"talks \"peace"]),
        "character 7 of the query: this quote is never closed",
    );
    fails_with(
        glossator(&[&"search", &project, &"label:PERSON"]),
        "character 1 of the query: no span label \"PERSON\" in this project (labels: EVENT, ACTOR, CLAIM)",
    );
    fails_with(
        glossator(&[&"search", &project, &"EVENT.colour:red"]),
        "character 1 of the query: EVENT has no attribute \"colour\"",
    );
    fails_with(
        glossator(&[&"search", &project, &"status:done"]),
        "status: alone chooses documents",
    );
    fails_with(
        glossator(&[&"search", &project, &"--regex", &"(unclosed"]),
        "bad regular expression",
    );
}
