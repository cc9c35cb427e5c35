//! Search finds the same documents and places on a file (FTS5) and on a
//! server (documents_fts: the words as Glossator folds them, a GIN index),
//! including where PostgreSQL's own text parser cuts words otherwise than
//! FTS5, and in a text with more distinct words than a tsvector holds.

mod common;

use common::engines::{add_document, fresh_projects};
use glossator::search::{search, Query, SearchScope};
use glossator::store::Store;

/// Each hit as "document start..end".
fn found(store: &Store, query: &str) -> Vec<String> {
    let query = Query::parse(query).unwrap();
    let scope = SearchScope {
        documents: None,
        limit: 1000,
    };
    search(store, &query, &scope, &mut |_, _| {
        std::ops::ControlFlow::Continue(())
    })
    .unwrap()
    .hits
    .into_iter()
    .map(|hit| format!("{} {}..{}", hit.document, hit.start, hit.end))
    .collect()
}

#[test]
fn words_are_found_as_fts5_cuts_and_folds_them_on_both_engines() {
    let texts = [
        ("a", "Un café à Kaboul, naïve ceasefire."),
        ("b", "Version 3.5 of e-mail x_y at a@example.com"),
        ("c", "Nothing here. ÆRØ Straße İstanbul"),
    ];
    // Each query's hits, on a file and on a server.
    let cases: &[(&str, usize)] = &[
        ("cafe", 1),
        ("NAIVE", 1),
        ("kaboul ceasefire", 1),
        ("kabul", 0),
        // PostgreSQL's parser takes "3.5" as one word, FTS5 as two.
        ("3", 1),
        ("5", 1),
        ("mail", 1),
        ("x", 1),
        ("example", 1),
        ("istanbul", 1),
        ("strasse", 0),
        ("straße", 1),
        ("kab*", 1),
        ("\"naive cease\"*", 1),
        ("here -nothing", 0),
    ];
    let mut seen = Vec::new();
    for mut project in fresh_projects("search_words") {
        for (id, text) in texts {
            add_document(&mut project.store, id, text);
        }
        let mut hits = Vec::new();
        for (query, documents) in cases {
            let found = found(&project.store, query);
            let mut in_documents: Vec<&str> = found
                .iter()
                .map(|hit| hit.split(' ').next().unwrap())
                .collect();
            in_documents.dedup();
            assert_eq!(
                in_documents.len(),
                *documents,
                "{query:?} on {:?}: {found:?}",
                project.engine
            );
            hits.push((query, found));
        }
        seen.push(hits);
    }
    assert_eq!(seen[0], seen[1], "the same hits on a file and on a server");
}

/// A text with more distinct words than a tsvector holds (1 MB) is
/// searched whole: its last word is found, on both engines.
#[test]
fn a_text_beyond_the_tsvector_limit_is_searchable_to_its_end() {
    let mut text = String::from("beginning ");
    // 1.4 MB of distinct words.
    for n in 0..130_000 {
        text.push_str(&format!("word{n:06x} "));
    }
    text.push_str("ending");
    for mut project in fresh_projects("search_words_long") {
        add_document(&mut project.store, "long", &text);
        add_document(&mut project.store, "short", "a short ending");
        assert_eq!(
            found(&project.store, "beginning").len(),
            1,
            "{:?}",
            project.engine
        );
        assert_eq!(
            found(&project.store, "ending").len(),
            2,
            "{:?}",
            project.engine
        );
        assert_eq!(found(&project.store, "word01fbcf").len(), 1);
    }
}
