//! Issue 20, "tag all occurrences": one undo removes them all, the skip
//! rules, terms holding emoji and combining marks, the index's narrowing
//! against a scan of every text, and `glossator annotate-all`.

mod common;

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use common::{fails_with, glossator, ok};
use glossator::model::{DocumentStatus, LabelKind};
use glossator::search::{
    plan_tag_all, CharIndex, MatchOptions, SkipRule, TagAllPlan, TagAllRequest, TagScope,
    TermMatcher,
};
use glossator::session::{Edit, Session};
use glossator::store::{LayerReads, OpenMode, Reader, Store};

/// Texts with the cases that break naive matching: an emoji ZWJ family and
/// its two-person prefix, an accent as a combining mark, a flag, CRLF.
const TEXTS: [&str; 3] = [
    "The Tehrik-i-Taliban and the 👩‍👩‍👧 family met. 👩‍👩 is not 👩‍👩‍👧.\r\nA cafe\u{301} in Doha; the café.",
    "Tehrik-i-Taliban Pakistan (TTP), not tehrik-i-taliban fans; 🇵🇰 cafe\u{301}s.",
    "Nothing to see.",
];

fn project(dir: &Path) -> PathBuf {
    let input = dir.join("texts.jsonl");
    let lines: Vec<String> = TEXTS
        .iter()
        .enumerate()
        .map(|(i, text)| serde_json::json!({"id": format!("d{i}"), "text": text}).to_string())
        .collect();
    std::fs::write(&input, lines.join("\n") + "\n").unwrap();
    let path = dir.join("p.sqlite");
    ok(glossator(&[&"import", &path, &input]));
    path
}

fn plan(
    store: &Store,
    term: &str,
    label: &str,
    options: MatchOptions,
    skip: SkipRule,
) -> TagAllPlan {
    let label = store
        .schema()
        .unwrap()
        .label_by_name(LabelKind::Span, label)
        .unwrap()
        .id;
    let request = TagAllRequest {
        term: term.into(),
        label,
        scope: TagScope::Corpus,
        options,
        skip,
    };
    plan_tag_all(store, &request, &mut |_, _| ControlFlow::Continue(())).unwrap()
}

fn texts(plan: &TagAllPlan) -> Vec<(&str, usize, usize, &str)> {
    plan.to_tag
        .iter()
        .map(|h| (h.document.as_str(), h.start, h.end, h.text.as_str()))
        .collect()
}

#[test]
fn emoji_and_combining_marks_inside_the_term_match_whole_characters_only() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_read_only(&project(dir.path()), "test").unwrap();
    let any = MatchOptions::default();
    // The family, not the two-person sequence inside it (and vice versa).
    assert_eq!(
        texts(&plan(
            &store,
            "👩‍👩‍👧 family",
            "ACTOR",
            any,
            SkipRule::SameLabel
        )),
        [("d0", 29, 41, "👩‍👩‍👧 family")]
    );
    assert_eq!(
        texts(&plan(&store, "👩‍👩", "ACTOR", any, SkipRule::SameLabel)),
        [("d0", 47, 50, "👩‍👩")]
    );
    // "cafe" + U+0301 is found as written; plain "cafe" does not cut it.
    let decomposed = plan(&store, "cafe\u{301}", "ACTOR", any, SkipRule::SameLabel);
    assert_eq!(
        texts(&decomposed),
        [("d0", 68, 73, "cafe\u{301}"), ("d1", 63, 68, "cafe\u{301}")]
    );
    assert!(plan(&store, "cafe", "ACTOR", any, SkipRule::SameLabel)
        .to_tag
        .is_empty());
    // Whole words: "cafe\u{301}s" is a longer word.
    let whole = MatchOptions {
        whole_word: true,
        match_case: false,
    };
    assert_eq!(
        texts(&plan(
            &store,
            "cafe\u{301}",
            "ACTOR",
            whole,
            SkipRule::SameLabel
        )),
        [("d0", 68, 73, "cafe\u{301}")]
    );
    // Case: three with it folded, two without.
    let folded = plan(
        &store,
        "Tehrik-i-Taliban",
        "ACTOR",
        any,
        SkipRule::SameLabel,
    );
    assert_eq!(folded.to_tag.len(), 3);
    let exact = MatchOptions {
        whole_word: false,
        match_case: true,
    };
    assert_eq!(
        plan(
            &store,
            "Tehrik-i-Taliban",
            "ACTOR",
            exact,
            SkipRule::SameLabel
        )
        .to_tag
        .len(),
        2
    );
}

#[test]
fn skip_rules_leave_tagged_places_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = project(dir.path());
    let (mut store, _) = Store::open(&path, OpenMode::Existing).unwrap();
    let schema = store.schema().unwrap();
    let label = |name| schema.label_by_name(LabelKind::Span, name).unwrap().id;
    let d1 = store.document_ids().unwrap()[1];
    // In d1: "Tehrik-i-Taliban Pakistan" is an ACTOR; the lowercase one sits
    // inside a CLAIM.
    let command = glossator::search::tag_all_command(
        &store,
        &schema,
        label("ACTOR"),
        &[(d1, 0, 25)],
        "unknown",
    )
    .unwrap();
    glossator::edit::apply(&mut store, &command).unwrap();
    let command = glossator::search::tag_all_command(
        &store,
        &schema,
        label("CLAIM"),
        &[(d1, 36, 58)],
        "unknown",
    )
    .unwrap();
    glossator::edit::apply(&mut store, &command).unwrap();
    let any = MatchOptions::default();
    let same = plan(
        &store,
        "Tehrik-i-Taliban",
        "ACTOR",
        any,
        SkipRule::SameLabel,
    );
    assert_eq!(
        same.to_tag
            .iter()
            .map(|h| (h.document.as_str(), h.start))
            .collect::<Vec<_>>(),
        [("d0", 4), ("d1", 37)]
    );
    assert_eq!(same.skipped.len(), 1);
    let any_span = plan(&store, "Tehrik-i-Taliban", "ACTOR", any, SkipRule::AnySpan);
    assert_eq!(
        any_span
            .to_tag
            .iter()
            .map(|h| (h.document.as_str(), h.start))
            .collect::<Vec<_>>(),
        [("d0", 4)]
    );
    assert_eq!(any_span.skipped.len(), 2);
}

#[test]
fn one_undo_removes_every_tagged_occurrence() {
    let dir = tempfile::tempdir().unwrap();
    let path = project(dir.path());
    let (store, _) = Store::open(&path, OpenMode::Existing).unwrap();
    let mut session = Session::new(store).unwrap();
    session.set_annotator(Some("ana".into())).unwrap();
    let before = common::snapshot(session.store());
    let actor = session
        .schema()
        .label_by_name(LabelKind::Span, "ACTOR")
        .unwrap()
        .id;
    let found = plan(
        session.store(),
        "tehrik-i-taliban",
        "ACTOR",
        MatchOptions::default(),
        SkipRule::SameLabel,
    );
    let positions: Vec<_> = found
        .to_tag
        .iter()
        .map(|h| (h.document_id, h.start, h.end))
        .collect();
    assert_eq!(positions.len(), 3);
    let outcome = session
        .apply(Edit::TagAll {
            label: actor,
            positions: positions.clone(),
            text: "tehrik-i-taliban".into(),
        })
        .unwrap();
    assert_eq!(
        outcome.message.unwrap(),
        "Tagged 3 occurrences of “tehrik-i-taliban” as ACTOR in 2 documents (Ctrl+Z removes them all)"
    );
    for (document, start, end) in &positions {
        let spans = session.store().spans_of(*document).unwrap();
        let span = spans
            .iter()
            .find(|s| s.start_char() == *start && s.end_char() == *end)
            .unwrap();
        assert_eq!(span.data.annotator, "ana");
        assert_eq!(
            session.store().layer_status(*document, "ana").unwrap(),
            Some(DocumentStatus::InProgress)
        );
    }
    let rows: Vec<usize> = session.documents().iter().map(|d| d.span_count).collect();
    assert_eq!(rows, [1, 2, 0], "the document list shows the new spans");
    session.apply(Edit::Undo).unwrap();
    assert_eq!(
        common::snapshot(session.store()),
        before,
        "one undo, everything as it was"
    );
    let rows: Vec<(usize, DocumentStatus)> = session
        .documents()
        .iter()
        .map(|d| (d.span_count, d.status))
        .collect();
    assert_eq!(rows, [(0, DocumentStatus::New); 3], "and the list says so");
    session.apply(Edit::Redo).unwrap();
    assert_eq!(session.store().stats().unwrap().spans, 3);
}

/// The index narrows a corpus "tag all" to some documents: it must never
/// lose one that a scan of every text finds.
#[test]
fn narrowing_by_the_index_loses_no_occurrence() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("corpus.jsonl");
    let mut out = std::fs::File::create(&input).unwrap();
    glossator::bench_corpus::write_corpus(&mut out, 42, 300).unwrap();
    drop(out);
    let path = dir.path().join("corpus.sqlite");
    ok(glossator(&[&"import", &path, &input]));
    let store = Store::open_read_only(&path, "test").unwrap();
    for (term, whole_word) in [
        ("Afghan Taliban", false),
        ("fghan Tal", false),
        ("Taliban", true),
        ("ceasefire»", false),
        ("naïve café", true),
    ] {
        let options = MatchOptions {
            whole_word,
            match_case: false,
        };
        let matcher = TermMatcher::new(term, options).unwrap();
        let mut expected = Vec::new();
        for id in store.document_ids().unwrap() {
            let text = store.document(id).unwrap().unwrap().text;
            for (start, end) in matcher.find(&text, &CharIndex::new(&text)) {
                expected.push((id, start, end));
            }
        }
        assert!(!expected.is_empty(), "{term}");
        let found = plan(&store, term, "ACTOR", options, SkipRule::AnySpan);
        let mut all: Vec<_> = found
            .to_tag
            .iter()
            .chain(&found.skipped)
            .map(|h| (h.document_id, h.start, h.end))
            .collect();
        all.sort();
        expected.sort();
        assert_eq!(all, expected, "{term}");
    }
}

#[test]
fn the_cli_tags_in_one_step_and_dry_run_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = project(dir.path());
    let before = std::fs::read(&path).unwrap();
    let listed = ok(glossator(&[
        &"annotate-all",
        &path,
        &"--text",
        &"Tehrik-i-Taliban",
        &"--label",
        &"ACTOR",
        &"--match-case",
        &"--dry-run",
    ]));
    assert!(
        listed.contains("d0  4..20  The [Tehrik-i-Taliban] and the"),
        "{listed}"
    );
    assert!(listed.ends_with("would tag 2 occurrences of \"Tehrik-i-Taliban\" as ACTOR; nothing was changed (--dry-run)\n"), "{listed}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "--dry-run wrote nothing"
    );

    let said = ok(glossator(&[
        &"annotate-all",
        &path,
        &"--text",
        &"tehrik-i-taliban",
        &"--label",
        &"ACTOR",
        &"--whole-word",
        &"--annotator",
        &"ana",
    ]));
    assert_eq!(
        said,
        "tagged 3 occurrences of \"tehrik-i-taliban\" as ACTOR in 2 documents\n"
    );
    let again = ok(glossator(&[
        &"annotate-all",
        &path,
        &"--text",
        &"tehrik-i-taliban",
        &"--label",
        &"ACTOR",
    ]));
    assert_eq!(again, "nothing to tag: no untagged occurrence of \"tehrik-i-taliban\"; 3 skipped (already inside a span labelled ACTOR)\n");
    let store = Store::open_read_only(&path, "test").unwrap();
    assert_eq!(store.stats().unwrap().annotators, ["ana"]);

    fails_with(
        glossator(&[
            &"annotate-all",
            &path,
            &"--text",
            &"x",
            &"--label",
            &"PERSON",
        ]),
        "no span label \"PERSON\"",
    );
    fails_with(
        glossator(&[&"annotate-all", &path, &"--text", &"", &"--label", &"ACTOR"]),
        "the text to tag is empty",
    );
}
