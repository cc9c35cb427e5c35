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

use agreement_project::{project, ANNOTATORS, SPANS_PER_DOCUMENT};

use own_process::{cpu_seconds, peak_rss_mb};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use glossator::agreement::{agreement_report, ReportOptions};
use glossator::store::{read_agreement_input, Store};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let small = args.iter().any(|a| a == "--small");
    let documents: u32 = if small { 1_000 } else { 100_000 };
    if let Some(at) = args.iter().position(|a| a == "--run") {
        run(Path::new(&args[at + 1]));
        return;
    }
    let project = project(documents);
    let runs = if small { 1 } else { 3 };
    let mut results: Vec<Vec<(String, f64)>> = Vec::new();
    for _ in 0..runs {
        let output = Command::new(std::env::current_exe().expect("own path"))
            .arg("--run")
            .arg(&project)
            .output()
            .expect("the bench runs itself");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        results.push(
            String::from_utf8_lossy(&output.stdout)
                .lines()
                .filter_map(|line| {
                    let (name, value) = line.split_once('\t')?;
                    Some((name.to_owned(), value.parse().ok()?))
                })
                .collect(),
        );
    }
    println!(
        "{} annotators × {documents} documents × {} spans each, all done; {runs} runs",
        ANNOTATORS.len(),
        documents * SPANS_PER_DOCUMENT
    );
    println!("{:<30} {:>10} {:>10}", "step", "median", "worst");
    for (row, (name, _)) in results[0].iter().enumerate() {
        let mut values: Vec<f64> = results.iter().map(|run| run[row].1).collect();
        values.sort_by(f64::total_cmp);
        let unit = if name.ends_with("MB") { "" } else { " s" };
        println!(
            "{name:<30} {:>8.3}{unit} {:>8.3}{unit}",
            values[values.len() / 2],
            values[values.len() - 1]
        );
    }
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
