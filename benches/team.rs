//! Teams at corpus scale (issue 17): `assign` over 100,000 documents, and
//! `merge` of 3 packages of 100,000 documents with 1,000,000 spans each (the
//! corpus of `bench_corpus::write_corpus`, seed 42, imported into each package
//! as its annotator's layers). Merge runs as the real binary in a child
//! process, its peak memory read from /proc while it runs.
//!
//!     cargo bench --bench team             # 100,000 documents
//!     cargo bench --bench team -- --small  # 2,000 documents, a smoke run

use std::collections::HashSet;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use glossator::formats::{collect_import_files, import_files_with, ImportOptions};
use glossator::store::{LayerReads, OpenMode, Store};
use glossator::team::plan_assignments;

const ANNOTATORS: [&str; 3] = ["ana", "ben", "cy"];

fn main() {
    let small = std::env::args().any(|a| a == "--small");
    let documents = if small { 2_000 } else { 100_000 };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let d = dir.path();
    let corpus = d.join("corpus.jsonl");
    let plain = d.join("plain.jsonl");
    write_inputs(&corpus, &plain, documents);
    let project = d.join("project.sqlite");
    import(&project, &plain, None);

    let assign = time_assign(&project);
    println!(
        "assign: {documents} documents × 3 annotators, 3 per document: {:.2} s (plan and write, one transaction)",
        assign.as_secs_f64()
    );

    let packages: Vec<PathBuf> = ANNOTATORS
        .iter()
        .map(|name| {
            let package = d.join(format!("{name}.sqlite"));
            let store = Store::open_read_only(&project, "bench").expect("project");
            store.write_package(name, &package).expect("package");
            drop(store);
            let started = Instant::now();
            import(&package, &corpus, Some(name));
            eprintln!(
                "filled {name}'s package in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            package
        })
        .collect();
    let spans: usize = {
        let store = Store::open_read_only(&packages[0], "bench").expect("package");
        store
            .layer_stats()
            .expect("stats")
            .iter()
            .map(|s| s.spans)
            .sum()
    };
    let (elapsed, peak_kb) = time_merge(&project, &packages);
    println!(
        "merge: 3 packages × {documents} documents × {spans} spans: {:.1} s, peak resident {} MB",
        elapsed.as_secs_f64(),
        peak_kb / 1024
    );
}

/// The corpus with spans, and the same documents without (the project's).
fn write_inputs(corpus: &Path, plain: &Path, documents: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(corpus).expect("corpus"));
    glossator::bench_corpus::write_corpus(&mut out, 42, documents).expect("write the corpus");
    out.flush().expect("flush");
    drop(out);
    let mut out = std::io::BufWriter::new(std::fs::File::create(plain).expect("plain"));
    let lines = std::io::BufReader::new(std::fs::File::open(corpus).expect("corpus")).lines();
    for line in lines {
        let document: serde_json::Value = serde_json::from_str(&line.expect("line")).expect("json");
        let text_only = serde_json::json!({"id": document["id"], "text": document["text"]});
        writeln!(out, "{text_only}").expect("write");
    }
}

fn import(project: &Path, input: &Path, annotator: Option<&str>) {
    let (mut store, _) = Store::open(project, OpenMode::CreateIfMissing).expect("project");
    let (files, notices) = collect_import_files(&[input.to_path_buf()], None).expect("input");
    let options = ImportOptions {
        annotator: annotator.map(String::from),
        ..ImportOptions::default()
    };
    import_files_with(&mut store, &files, notices, &options, &mut |_, _| true).expect("import");
}

/// `glossator assign` as a library call: read, plan, write.
fn time_assign(project: &Path) -> Duration {
    let (mut store, _) = Store::open(project, OpenMode::Existing).expect("project");
    let names: Vec<String> = ANNOTATORS.iter().map(|s| s.to_string()).collect();
    let started = Instant::now();
    let documents: Vec<_> = store
        .document_names()
        .expect("documents")
        .into_iter()
        .map(|(id, _, _)| id)
        .collect();
    let annotated: HashSet<_> = store.layer_keys().expect("layers");
    let plan = plan_assignments(&documents, &names, 3, &annotated, 1).expect("plan");
    store
        .write(|tx| tx.set_assignments(&names, &plan.documents))
        .expect("write");
    started.elapsed()
}

/// Runs `glossator merge` and polls its peak resident size (VmHWM).
fn time_merge(project: &Path, packages: &[PathBuf]) -> (Duration, u64) {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_glossator"))
        .arg("merge")
        .arg(project)
        .args(packages)
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("merge runs");
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0;
    loop {
        if let Ok(status) = std::fs::read_to_string(&status_file) {
            if let Some(kb) = status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
            {
                peak_kb = peak_kb.max(kb);
            }
        }
        if let Some(status) = child.try_wait().expect("wait") {
            assert!(status.success(), "merge failed");
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    (started.elapsed(), peak_kb)
}
