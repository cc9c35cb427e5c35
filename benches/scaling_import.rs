//! How imports scale with N, for the two shapes that were quadratic
//! (issue 13 item 12): one document whose N spans each bring a distinct
//! attribute value, and N documents that all ask for the same id. N doubles;
//! linear work doubles its time with it, quadratic work quadruples.
//!
//!     cargo bench --bench scaling_import            # N = 10k, 20k, 40k, 80k
//!     cargo bench --bench scaling_import -- --small # N = 1k .. 8k, a smoke run

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use glossator::formats::{collect_import_files, import_files};
use glossator::store::{OpenMode, Store};

fn main() {
    let small = std::env::args().any(|a| a == "--small");
    let base = if small { 1_000 } else { 10_000 };
    let sizes: Vec<usize> = (0..4).map(|doubling| base << doubling).collect();
    let dir = tempfile::tempdir().expect("a temporary folder");
    println!("| import | N | time | time / N | ratio to N/2 |");
    println!("|---|---:|---:|---:|---:|");
    for (name, write_input) in [
        (
            "1 document, N spans, a distinct attribute value each",
            distinct_attribute_values as fn(&Path, usize),
        ),
        ("N documents with the same id", same_ids as fn(&Path, usize)),
    ] {
        let mut previous: Option<Duration> = None;
        for &n in &sizes {
            let input = dir.path().join(format!("input-{n}.jsonl"));
            write_input(&input, n);
            let elapsed = time_import(dir.path(), &input, n);
            let ratio = previous.map_or("".to_string(), |p| {
                format!("{:.2}×", elapsed.as_secs_f64() / p.as_secs_f64())
            });
            println!(
                "| {name} | {n} | {:.2} s | {:.1} µs | {ratio} |",
                elapsed.as_secs_f64(),
                elapsed.as_secs_f64() * 1e6 / n as f64
            );
            previous = Some(elapsed);
        }
    }
}

/// Imports `input` into a new project, as `glossator import` does.
fn time_import(dir: &Path, input: &Path, n: usize) -> Duration {
    let project = dir.join(format!("project-{n}-{}.sqlite", std::process::id()));
    let _ = std::fs::remove_file(&project);
    let (mut store, _) = Store::open(&project, OpenMode::CreateIfMissing).expect("a new project");
    let started = Instant::now();
    let (files, notices) = collect_import_files(&[input.to_path_buf()], None).expect("input");
    let report = import_files(&mut store, &files, notices, &mut |_, _| true).expect("import");
    let elapsed = started.elapsed();
    assert!(report.documents >= 1, "{report}");
    drop(store);
    let _ = std::fs::remove_file(&project);
    elapsed
}

fn distinct_attribute_values(path: &Path, n: usize) {
    let text = "word ".repeat(n);
    let spans: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({"start": i * 5, "end": i * 5 + 4, "label": "EVENT",
                               "attributes": {"kind": format!("value-{i}")}})
        })
        .collect();
    let line = serde_json::json!({"id": "one", "text": text, "spans": spans});
    std::fs::write(path, format!("{line}\n")).expect("write the input");
}

fn same_ids(path: &Path, n: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("input"));
    for i in 0..n {
        let line = serde_json::json!({"id": "doc", "text": format!("Document number {i}.")});
        writeln!(out, "{line}").expect("write the input");
    }
    out.flush().expect("write the input");
}
