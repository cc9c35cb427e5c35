//! Search on the 100,000-document benchmark corpus (issue 20): the first 100
//! hits of a word and of a phrase, a regex over every text, and what the
//! full-text index costs: the project file's size and the import's time,
//! against the same import into a project without the index.
//!
//!     cargo bench --bench search              # 100,000 documents
//!     cargo bench --bench search -- --small   # 5,000, a smoke run

use std::ops::ControlFlow;
use std::path::Path;
use std::time::{Duration, Instant};

use glossator::formats::{collect_import_files, import_files};
use glossator::search::{
    plan_tag_all, search, MatchOptions, Query, SearchScope, SkipRule, TagAllRequest, TagScope,
};
use glossator::store::{OpenMode, Reader, Store};

fn main() {
    let small = std::env::args().any(|a| a == "--small");
    let documents = if small { 5_000 } else { 100_000 };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let corpus = dir.path().join("corpus.jsonl");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&corpus).expect("corpus file"));
    glossator::bench_corpus::write_corpus(&mut out, 42, documents).expect("corpus");
    drop(out);
    println!(
        "corpus: {documents} documents, {:.1} MB of JSONL",
        mb(size(&corpus))
    );

    // Import time and file size, with and without the index; alternated,
    // three of each, medians.
    let with = dir.path().join("with.sqlite");
    let without = dir.path().join("without.sqlite");
    let (mut with_times, mut without_times) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        without_times.push(import(&without, &corpus, false));
        with_times.push(import(&with, &corpus, true));
    }
    let (with_time, without_time) = (median(&mut with_times), median(&mut without_times));
    let (with_size, without_size) = (size(&with), size(&without));
    println!("| measure | without the index | with it | added |");
    println!("|---|---:|---:|---:|");
    println!(
        "| import time (median of 3) | {:.2} s | {:.2} s | {:+.0}% |",
        without_time.as_secs_f64(),
        with_time.as_secs_f64(),
        percent(with_time.as_secs_f64(), without_time.as_secs_f64())
    );
    println!(
        "| project file size | {:.1} MB | {:.1} MB | {:+.0}% |",
        mb(without_size),
        mb(with_size),
        percent(with_size as f64, without_size as f64)
    );

    let store = Store::open_read_only(&with, "benchmark").expect("the project");
    println!();
    println!("| query | hits | median | slowest | target |");
    println!("|---|---:|---:|---:|---|");
    for (name, query, target) in [
        (
            "word `taliban`, first 100 hits",
            Query::parse("taliban"),
            "< 100 ms",
        ),
        (
            "word `ceasefire`, first 100 hits",
            Query::parse("ceasefire"),
            "< 100 ms",
        ),
        (
            "phrase `\"Afghan Taliban\"`, first 100 hits",
            Query::parse("\"Afghan Taliban\""),
            "< 200 ms",
        ),
        (
            "phrase `\"the Afghan Taliban government\"`, first 100 hits",
            Query::parse("\"the Afghan Taliban government\""),
            "< 200 ms",
        ),
        (
            "prefix `pakist*`, first 100 hits",
            Query::parse("pakist*"),
            "< 100 ms",
        ),
        (
            "a word in one document only (`Report 99999`), all hits",
            Query::parse("\"Report 99999\""),
            "—",
        ),
    ] {
        let query = query.expect("a query");
        let scope = SearchScope {
            documents: None,
            limit: 100,
        };
        let mut hits = 0;
        let mut times = repeat(15, || {
            let started = Instant::now();
            let found = search(
                &store,
                &query,
                &scope,
                &mut |_, _| ControlFlow::Continue(()),
            )
            .expect("search");
            hits = found.hits.len();
            started.elapsed()
        });
        let slowest = times.iter().max().copied().unwrap_or_default();
        println!(
            "| {name} | {hits} | {:.1} ms | {:.1} ms | {target} |",
            ms(median(&mut times)),
            ms(slowest)
        );
    }
    // Scans of every text: what the app runs in the background.
    let everything = SearchScope {
        documents: None,
        limit: usize::MAX,
    };
    for (name, query) in [
        (
            "regex `\\d{5}` over every text, all hits",
            Query::regex(r"\d{5}"),
        ),
        (
            "regex `\\bTalib\\w*` (narrowed by the index), all hits",
            Query::regex(r"\bTalib\w*"),
        ),
    ] {
        let query = query.expect("a regex");
        let mut hits = 0;
        let mut times = repeat(3, || {
            let started = Instant::now();
            hits = search(&store, &query, &everything, &mut |_, _| {
                ControlFlow::Continue(())
            })
            .expect("search")
            .hits
            .len();
            started.elapsed()
        });
        println!(
            "| {name} | {hits} | {:.0} ms | — | background, with progress |",
            ms(median(&mut times))
        );
    }
    let actor = store
        .schema()
        .expect("schema")
        .span_labels()
        .nth(1)
        .expect("ACTOR")
        .id;
    let request = TagAllRequest {
        term: "Tehrik-i-Taliban".into(),
        label: actor,
        scope: TagScope::Corpus,
        options: MatchOptions::default(),
        skip: SkipRule::SameLabel,
    };
    let mut found = 0;
    let mut times = repeat(3, || {
        let started = Instant::now();
        found = plan_tag_all(&store, &request, &mut |_, _| ControlFlow::Continue(()))
            .expect("plan")
            .to_tag
            .len();
        started.elapsed()
    });
    println!(
        "| annotate-all preview of `Tehrik-i-Taliban` in the corpus | {found} | {:.0} ms | — | background, with progress |",
        ms(median(&mut times))
    );
}

/// Imports `corpus` into a new project at `path`, with or without the
/// index; the import's time (opening and closing excluded).
fn import(path: &Path, corpus: &Path, with_index: bool) -> Duration {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    drop(Store::open(path, OpenMode::CreateIfMissing).expect("a new project"));
    if !with_index {
        glossator::store::testing::drop_search_index(path).expect("drop the index");
    }
    let (mut store, _) = Store::open(path, OpenMode::Existing).expect("the project");
    let started = Instant::now();
    let (files, notices) = collect_import_files(&[corpus.to_path_buf()], None).expect("input");
    let report = import_files(&mut store, &files, notices, &mut |_, _| true).expect("import");
    let elapsed = started.elapsed();
    assert!(report.documents > 0);
    assert!(store.document_ids().expect("ids").len() == report.documents);
    drop(store);
    elapsed
}

/// The project's bytes on disk (the log is folded in when it closes).
fn size(path: &Path) -> u64 {
    ["", "-wal"]
        .iter()
        .filter_map(|suffix| std::fs::metadata(format!("{}{suffix}", path.display())).ok())
        .map(|m| m.len())
        .sum()
}

fn repeat(runs: usize, mut once: impl FnMut() -> Duration) -> Vec<Duration> {
    once(); // warm the page cache and the statement cache
    (0..runs).map(|_| once()).collect()
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn percent(with: f64, without: f64) -> f64 {
    (with / without - 1.0) * 100.0
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
