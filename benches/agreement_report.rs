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

#[path = "common/process.rs"]
mod own_process;

use own_process::{cpu_seconds, peak_rss_mb};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use glossator::agreement::{agreement_report, ReportOptions};
use glossator::store::{read_agreement_input, Store};

const GLOSSATOR: &str = env!("CARGO_BIN_EXE_glossator");
const ANNOTATORS: [&str; 3] = ["ana", "ben", "cy"];
const LABELS: [&str; 3] = ["EVENT", "ACTOR", "CLAIM"];
const DOCUMENT_LENGTH: u32 = 1_200;
const SPANS_PER_DOCUMENT: u32 = 10;

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

/// The project file, built once per size.
fn project(documents: u32) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data/agreement-report");
    let project = dir.join(format!("project-{documents}.sqlite"));
    if project.exists() {
        return project;
    }
    std::fs::create_dir_all(&dir).expect("bench folder");
    let corpus = dir.join(format!("corpus-{documents}.jsonl"));
    let mut out = std::io::BufWriter::new(std::fs::File::create(&corpus).expect("corpus"));
    for document in 0..documents {
        write_document(&mut out, document).expect("corpus written");
    }
    out.flush().expect("corpus written");
    drop(out);
    let partial = dir.join("building.sqlite");
    let _ = std::fs::remove_file(&partial);
    let status = Command::new(GLOSSATOR)
        .arg("import")
        .arg(&partial)
        .arg(&corpus)
        .status()
        .expect("glossator import runs");
    assert!(status.success());
    std::fs::rename(&partial, &project).expect("project in place");
    let _ = std::fs::remove_file(&corpus);
    project
}

/// One document: a shared "truth" per slot, each annotator shifting a boundary or
/// changing the label one time in ten (as benches/agreement.rs does).
fn write_document(out: &mut impl std::io::Write, document: u32) -> std::io::Result<()> {
    let mut text = format!("document {document} ");
    while text.len() < DOCUMENT_LENGTH as usize {
        text.push_str("lorem ipsum ");
    }
    text.truncate(DOCUMENT_LENGTH as usize);
    let mut truth = Random(0x9E37_79B9_7F4A_7C15 ^ u64::from(document).wrapping_mul(31));
    let mut own: Vec<Random> = (0..ANNOTATORS.len() as u64)
        .map(|a| {
            Random(0xD1B5_4A32_D192_ED03 ^ (a + 1).wrapping_mul(0x9E37_79B9) ^ u64::from(document))
        })
        .collect();
    let slot = DOCUMENT_LENGTH / SPANS_PER_DOCUMENT;
    let mut spans = Vec::new();
    for index in 0..SPANS_PER_DOCUMENT {
        let start = index * slot + truth.below(slot / 2);
        let end = start + 1 + truth.below(slot / 2);
        let label = truth.below(LABELS.len() as u32);
        for (annotator, random) in own.iter_mut().enumerate() {
            let (mut start, mut end, mut label) = (start, end, label);
            match random.below(10) {
                0 => start = start.saturating_sub(random.below(3)),
                1 => end = (end + random.below(3)).min(DOCUMENT_LENGTH),
                2 => label = (label + 1) % LABELS.len() as u32,
                _ => {}
            }
            spans.push(serde_json::json!({
                "id": spans.len() + 1,
                "start": start,
                "end": end,
                "label": LABELS[label as usize],
                "annotator": ANNOTATORS[annotator],
            }));
        }
    }
    let line = serde_json::json!({
        "id": format!("doc-{document}"),
        "text": text,
        "status": "done",
        "spans": spans,
    });
    writeln!(out, "{line}")
}

/// SplitMix64: reproducible without a dependency.
struct Random(u64);

impl Random {
    fn below(&mut self, bound: u32) -> u32 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z % u64::from(bound)) as u32
    }
}
