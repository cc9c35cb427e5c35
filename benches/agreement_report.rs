//! The whole agreement report on a project file: 3 annotators × 100,000 documents ×
//! 1,000,000 spans each, all done (BENCHMARKS.md, "Agreement report").
//!
//!     cargo bench --bench agreement_report              # full size, 3 runs
//!     cargo bench --bench agreement_report -- --small   # 1,000 documents
//!
//! The project is built once through `glossator import` of a generated JSONL (spans
//! with `annotator`) and kept in target/bench-data/. Each run, in a fresh process,
//! times what `glossator agreement --json` does: read the layers from SQLite, compute
//! the report, write its JSON; and reports the process's peak memory (VmHWM).

#[path = "common/agreement_project.rs"]
mod agreement_project;
#[path = "common/process.rs"]
mod own_process;
#[path = "common/own_runs.rs"]
mod own_runs;

use agreement_project::{project, ANNOTATORS, SPANS_PER_DOCUMENT};
use own_process::{cpu_seconds, peak_rss_mb};
use own_runs::{print_table, run_self, size_or_run};
use std::path::Path;
use std::time::Instant;

use glossator::agreement::{agreement_report, ReportOptions};
use glossator::store::{read_agreement_input, Store};

fn main() {
    let Some((documents, runs)) = size_or_run(run) else {
        return;
    };
    let project = project(documents);
    let results: Vec<_> = (0..runs).map(|_| run_self(&project)).collect();
    println!(
        "{} annotators × {documents} documents × {} spans each, all done; {runs} runs",
        ANNOTATORS.len(),
        documents * SPANS_PER_DOCUMENT
    );
    print_table(&results);
}

/// One run: what `glossator agreement --json` does, step by step.
fn run(project: &Path) {
    let cpu_started = cpu_seconds();
    let started = Instant::now();
    let store = Store::open_read_only(project, "bench").expect("the project opens");
    let input = read_agreement_input(&store).expect("layers read");
    drop(store);
    let read = started.elapsed().as_secs_f64();
    println!("read layers\t{read}");
    println!("  cpu\t{}", cpu_seconds() - cpu_started);
    let cpu_report = cpu_seconds();
    let started = Instant::now();
    let report =
        agreement_report(&input, &ReportOptions::default(), &mut |_, _| {}).expect("the report");
    let measured = started.elapsed().as_secs_f64();
    println!("report\t{measured}");
    println!("  cpu\t{}", cpu_seconds() - cpu_report);
    drop(input);
    let started = Instant::now();
    let mut sink = std::io::sink();
    serde_json::to_writer_pretty(&mut sink, &report.to_json()).expect("JSON");
    let written = started.elapsed().as_secs_f64();
    println!("json\t{written}");
    println!("total\t{}", read + measured + written);
    // On a machine shared with other builds the wall time includes waiting for a core:
    // the process's CPU time under each wall time says how much was work.
    println!("  cpu\t{}", cpu_seconds() - cpu_started);
    println!("peak memory MB\t{}", peak_rss_mb());
    eprintln!(
        "documents {}, positions {}, alpha {:?}, alphaU {:?}",
        report.documents,
        report.spans.positions,
        report.spans.krippendorff_alpha,
        report.spans.alpha_unitizing
    );
}
