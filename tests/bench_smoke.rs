//! The benchmark corpus, small: `gen-bench` is deterministic and its output
//! imports and exports cleanly (what `cargo bench --bench perf` times at full
//! size; the benchmarks themselves do not run in CI).

mod common;

use common::*;

#[test]
fn the_benchmark_corpus_is_deterministic_and_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let gen = |out: &std::path::Path| {
        ok(glossator(&[
            &"gen-bench",
            &out,
            &"--documents",
            &"300",
            &"--article-bytes",
            &"30000",
            &"--article-spans",
            &"600",
            &"--article-relations",
            &"60",
        ]))
    };
    let (first, second) = (dir.path().join("a"), dir.path().join("b"));
    gen(&first);
    gen(&second);
    for name in ["article.jsonl", "corpus.jsonl"] {
        assert_eq!(
            std::fs::read(first.join(name)).unwrap(),
            std::fs::read(second.join(name)).unwrap(),
            "{name} is the same for the same seed"
        );
    }
    let article = &parse_jsonl(&std::fs::read_to_string(first.join("article.jsonl")).unwrap())[0];
    let text = article["text"].as_str().unwrap();
    assert!(
        text.len() >= 30_000 && text.contains("\r\n") && text.contains('😀') && text.contains('“')
    );
    assert_eq!(article["spans"].as_array().unwrap().len(), 600);
    assert_eq!(article["relations"].as_array().unwrap().len(), 60);

    let project = dir.path().join("bench.sqlite");
    let out = ok(glossator(&[
        &"import",
        &project,
        &first.join("corpus.jsonl"),
        &first.join("article.jsonl"),
    ]));
    assert!(out.contains("Imported 301 documents (3600 spans"), "{out}");
    for (format, name) in [
        ("jsonl", "o.jsonl"),
        ("csv", "o.csv"),
        ("conll", "o.conll"),
        ("brat", "brat"),
    ] {
        ok(glossator(&[
            &"export",
            &project,
            &"--format",
            &format,
            &"-o",
            &dir.path().join(name),
        ]));
    }
    let exported = parse_jsonl(&std::fs::read_to_string(dir.path().join("o.jsonl")).unwrap());
    assert_eq!(exported.len(), 301);
    ok(glossator(&[&"check", &project]));
}
