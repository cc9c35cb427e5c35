//! Issue 20's suggestion sources at corpus scale, on the release build: each
//! source run over every document (propose, check, store in one
//! transaction), and accepting every pending suggestion in one transaction.
//!
//!     cargo bench --bench suggest              # 20,000 documents, 200,000 spans
//!     cargo bench --bench suggest -- --small   # 2,000 documents

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use glossator::store::{OpenMode, Store};
use glossator::suggest::accept::accept_pending;
use glossator::suggest::{run_source, DocumentFilter, SourceConfig};

const RUNS: usize = 3;

/// Terms of the dictionary: words and phrases of the sample article, and
/// filler terms that never match (a dictionary is mostly misses).
fn dictionary(dir: &Path) -> PathBuf {
    let mut tsv = String::new();
    for (term, label) in [
        ("Afghanistan", "ACTOR"),
        ("Pakistan", "ACTOR"),
        ("Taliban", "ACTOR"),
        ("Tehrik-i-Taliban Pakistan", "ACTOR"),
        ("Qatar", "ACTOR"),
        ("Turkey", "ACTOR"),
        ("cease-fire", "EVENT"),
        ("airstrikes", "EVENT"),
        ("meeting in Doha", "EVENT"),
    ] {
        tsv += &format!("{term}\t{label}\n");
    }
    for n in 0..5_000 {
        tsv += &format!("unmatched term {n}\tCLAIM\n");
    }
    let path = dir.join("terms.tsv");
    std::fs::write(&path, tsv).unwrap();
    path
}

fn patterns(dir: &Path) -> PathBuf {
    let lines = [
        r#"{"label": "ACTOR", "pattern": [{"is_title": true, "op": "+"}, {"lower": "said"}]}"#,
        r#"{"label": "EVENT", "pattern": [{"is_digit": true}, {"lower": {"regex": "^(soldiers|people|civilians)$"}}]}"#,
        r#"{"label": "ACTOR", "pattern": [{"lower": "the", "op": "?"}, {"lower": "taliban"}]}"#,
        r#"{"label": "EVENT", "pattern": [{"lower": "cease"}, {"orth": "-", "op": "*"}, {"lower": "fire"}]}"#,
        r#"{"label": "ACTOR", "pattern": "Tehrik-i-Taliban Pakistan"}"#,
        r#"{"label": "CLAIM", "pattern": [{"lower": "said"}, {"op": "*"}, {"orth": "."}]}"#,
    ];
    let path = dir.join("patterns.jsonl");
    std::fs::write(&path, lines.join("\n")).unwrap();
    path
}

#[path = "common/imported_corpus.rs"]
mod imported_corpus;
use imported_corpus::imported_corpus;

fn main() {
    let small = std::env::args().any(|a| a == "--small");
    let documents = if small { 2_000 } else { 20_000 };
    let project = imported_corpus("suggest", documents);
    let dir = project.parent().unwrap().to_path_buf();
    println!("{documents} documents, {} spans", documents * 10);

    let sources = [
        (
            "dictionary (5,009 terms)",
            SourceConfig::Dictionary {
                path: dictionary(&dir),
                match_case: false,
            },
        ),
        (
            "patterns (6 token patterns with ?, +, *, regex)",
            SourceConfig::Patterns {
                path: patterns(&dir),
            },
        ),
        ("learned (from the corpus's spans)", SourceConfig::Learned),
    ];
    for (name, config) in &sources {
        let mut stored = 0;
        let times = on_a_copy(&dir, &project, |store| {
            let started = Instant::now();
            let report =
                run_source(store, config, &DocumentFilter::All, None, &mut |_, _| true).unwrap();
            stored = report.stored.pending;
            started.elapsed()
        });
        report(&format!("{name}: {stored} suggestions"), documents, &times);
    }
    let mut accepted = 0;
    let times = on_a_copy(&dir, &project, |store| {
        run_source(
            store,
            &sources[0].1,
            &DocumentFilter::All,
            None,
            &mut |_, _| true,
        )
        .unwrap();
        let started = Instant::now();
        accepted = accept_pending(store, None, None, 0.0).unwrap().accepted;
        started.elapsed()
    });
    report(
        &format!("accept all ({accepted} spans, one transaction)"),
        documents,
        &times,
    );
}

/// Runs `work` on a fresh copy of the project `RUNS` times; the times sorted.
fn on_a_copy(
    dir: &Path,
    project: &Path,
    mut work: impl FnMut(&mut Store) -> Duration,
) -> Vec<Duration> {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let copy = dir.join("copy.sqlite");
            std::fs::copy(project, &copy).unwrap();
            let (mut store, _) = Store::open(&copy, OpenMode::Existing).unwrap();
            let took = work(&mut store);
            drop(store);
            std::fs::remove_file(&copy).unwrap();
            took
        })
        .collect();
    times.sort();
    times
}

fn report(what: &str, documents: usize, times: &[Duration]) {
    let median = times[times.len() / 2];
    println!(
        "{what}: median {:.0} ms ({:.0} documents/s), worst {:.0} ms",
        median.as_secs_f64() * 1000.0,
        documents as f64 / median.as_secs_f64(),
        times[times.len() - 1].as_secs_f64() * 1000.0
    );
}
