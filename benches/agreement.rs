//! The agreement measures on a whole corpus: 3 annotators × 100,000 documents ×
//! 1,000,000 spans each (BENCHMARKS.md, "Agreement measures").
//!
//!     cargo bench --bench agreement              # full size, 3 runs, each in a fresh process
//!     cargo bench --bench agreement -- --small   # 1,000 documents: a quick smoke run
//!
//! Each run generates the annotations (not timed; they stay in memory, as the report's
//! would), then times what the report will do with them: sort each annotator's spans,
//! F1 exact and overlap for every pair, the table of positions with Cohen's κ per pair,
//! α and Fleiss' κ, and αU over the documents laid end to end. Peak memory is the run's
//! own `VmHWM`, generated data included.

#[path = "common/process.rs"]
mod own_process;

use own_process::{cpu_seconds, peak_rss_mb};
use std::process::Command;
use std::time::{Duration, Instant};

use glossator::agreement::{
    alpha_unitizing, cohen_kappa, f1_exact, f1_overlap, fleiss_kappa, krippendorff_alpha, Category,
    Continuum, LabelledSpan, RatingTable, SpanSet, Unit,
};

const ANNOTATORS: usize = 3;
const LABELS: u32 = 8;
/// Code points per document (the JSONL corpus of BENCHMARKS.md averages 1,268 bytes).
const DOCUMENT_LENGTH: u32 = 1_200;
const SPANS_PER_DOCUMENT: u32 = 10;
/// The value of an annotator with no span at a position.
const NO_SPAN: Category = Category::MAX;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let small = args.iter().any(|a| a == "--small");
    let documents: u32 = if small { 1_000 } else { 100_000 };
    if args.iter().any(|a| a == "--run") {
        run(documents);
        return;
    }
    let runs = if small { 1 } else { 3 };
    let mut results: Vec<Vec<(String, f64)>> = Vec::new();
    for _ in 0..runs {
        let mut child = Command::new(std::env::current_exe().expect("own path"));
        child.arg("--run");
        if small {
            child.arg("--small");
        }
        let output = child.output().expect("the bench runs itself");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        results.push(
            text.lines()
                .filter_map(|line| {
                    let (name, value) = line.split_once('\t')?;
                    Some((name.to_owned(), value.parse().ok()?))
                })
                .collect(),
        );
    }
    println!(
        "{ANNOTATORS} annotators × {documents} documents × {} spans each; {runs} runs",
        documents * SPANS_PER_DOCUMENT
    );
    println!("{:<34} {:>10} {:>10}", "step", "median", "worst");
    for (row, (name, _)) in results[0].iter().enumerate() {
        let mut values: Vec<f64> = results.iter().map(|run| run[row].1).collect();
        values.sort_by(f64::total_cmp);
        let unit = if name.ends_with("MB") { "" } else { " s" };
        println!(
            "{name:<34} {:>8.3}{unit} {:>8.3}{unit}",
            values[values.len() / 2],
            values[values.len() - 1]
        );
    }
}

/// One run: generate, measure each step, print `name\tvalue` lines.
fn run(documents: u32) {
    let annotators: Vec<Vec<LabelledSpan>> = (0..ANNOTATORS)
        .map(|annotator| generate(documents, annotator as u64))
        .collect();
    // Wall time and this process's CPU time: on a machine shared with other builds the
    // wall time includes waiting for a core, the CPU time does not.
    let mut total = Duration::ZERO;
    let mut total_cpu = 0.0;
    let mut cpu_before = cpu_seconds();
    let mut step = |name: &str, started: Instant| {
        let took = started.elapsed();
        let cpu_now = cpu_seconds();
        total += took;
        total_cpu += cpu_now - cpu_before;
        println!("{name}\t{}", took.as_secs_f64());
        println!("  cpu\t{}", cpu_now - cpu_before);
        cpu_before = cpu_now;
    };

    let started = Instant::now();
    let sets: Vec<SpanSet> = annotators
        .iter()
        .map(|spans| SpanSet::new(spans.clone()).expect("generated spans are not empty"))
        .collect();
    step("sort spans (3 annotators)", started);

    let started = Instant::now();
    let mut checksum = 0.0;
    for (a, b) in pairs() {
        checksum += f1_exact(&sets[a], &sets[b]).overall.f1().unwrap_or(0.0);
        checksum += f1_overlap(&sets[a], &sets[b]).overall.f1().unwrap_or(0.0);
    }
    step("f1 exact + overlap (3 pairs)", started);

    let started = Instant::now();
    let (table, stacked) = positions(&sets);
    step("positions table", started);

    let started = Instant::now();
    for (a, b) in pairs() {
        checksum += cohen_kappa(&table, a, b)
            .expect("raters exist")
            .cohen_kappa
            .unwrap_or(0.0);
    }
    checksum += krippendorff_alpha(&table).unwrap_or(0.0);
    checksum += fleiss_kappa(&table).unwrap_or(0.0);
    step("cohen (3 pairs) + alpha + fleiss", started);

    let started = Instant::now();
    let continuum = Continuum {
        begin: 0,
        length: u64::from(documents) * u64::from(DOCUMENT_LENGTH),
    };
    let units: Vec<Vec<Unit>> = annotators.iter().map(|spans| on_continuum(spans)).collect();
    let alpha = alpha_unitizing(continuum, &units).expect("units inside the continuum");
    checksum += alpha.alpha.unwrap_or(0.0);
    step("alpha unitizing (8 labels)", started);

    println!("total\t{}", total.as_secs_f64());
    println!("  cpu\t{total_cpu}");
    println!("peak memory MB\t{}", peak_rss_mb());
    eprintln!(
        "positions {}, stacked {stacked}, skipped overlaps {}, alphaU {:?}, checksum {checksum}",
        table.units(),
        alpha.skipped_overlaps,
        alpha.alpha
    );
}

fn pairs() -> impl Iterator<Item = (usize, usize)> {
    (0..ANNOTATORS).flat_map(|a| (a + 1..ANNOTATORS).map(move |b| (a, b)))
}

/// Units × annotators: each distinct (document, start, end) any annotator has, with each
/// annotator's label there or `NO_SPAN`; two labels of one annotator at one position
/// keep the first (lowest id) and count as stacked. What the report will build.
fn positions(sets: &[SpanSet]) -> (RatingTable, usize) {
    let mut all: Vec<(u32, u32, u32, usize, Category)> = sets
        .iter()
        .enumerate()
        .flat_map(|(annotator, set)| {
            set.spans()
                .iter()
                .map(move |s| (s.document, s.start, s.end, annotator, s.label))
        })
        .collect();
    all.sort_unstable();
    let mut table = RatingTable::with_capacity(sets.len(), all.len());
    let mut stacked = 0;
    let mut row = vec![None; sets.len()];
    let mut at = 0;
    while at < all.len() {
        let (document, start, end, ..) = all[at];
        row.fill(Some(NO_SPAN));
        let mut seen = vec![false; sets.len()];
        while at < all.len() && all[at].0 == document && all[at].1 == start && all[at].2 == end {
            let (.., annotator, label) = all[at];
            if seen[annotator] {
                stacked += 1;
            } else {
                row[annotator] = Some(label);
                seen[annotator] = true;
            }
            at += 1;
        }
        table.push_unit(&row).expect("one value per annotator");
    }
    (table, stacked)
}

/// The documents laid end to end: each document's offsets shifted by the lengths
/// before it.
fn on_continuum(spans: &[LabelledSpan]) -> Vec<Unit> {
    spans
        .iter()
        .map(|s| Unit {
            begin: u64::from(s.document) * u64::from(DOCUMENT_LENGTH) + u64::from(s.start),
            length: u64::from(s.end - s.start),
            category: s.label,
        })
        .collect()
}

/// Deterministic annotations: the same "true" spans for every annotator (same seed),
/// each annotator then keeping 80% as they are and moving a boundary, changing the
/// label or dropping the rest; one span in ten nested in the one before.
fn generate(documents: u32, annotator: u64) -> Vec<LabelledSpan> {
    let mut truth = Random(0x9E37_79B9_7F4A_7C15);
    let mut own = Random(0xD1B5_4A32_D192_ED03 ^ (annotator + 1).wrapping_mul(0x9E37_79B9));
    let mut spans = Vec::with_capacity((documents * SPANS_PER_DOCUMENT) as usize);
    let slot = DOCUMENT_LENGTH / SPANS_PER_DOCUMENT;
    for document in 0..documents {
        for index in 0..SPANS_PER_DOCUMENT {
            let mut start = index * slot + truth.below(slot / 2);
            let mut end = start + 1 + truth.below(slot / 2);
            if index > 0 && truth.below(10) == 0 {
                // Nested in the previous slot's span region.
                start -= slot / 2;
                end = start + 3;
            }
            let mut label = truth.below(LABELS);
            match own.below(10) {
                0 => start = start.saturating_sub(own.below(3)),
                1 => end = (end + own.below(3)).min(DOCUMENT_LENGTH),
                2 => label = (label + 1) % LABELS,
                _ => {}
            }
            if start < end {
                spans.push(LabelledSpan {
                    document,
                    start,
                    end,
                    label,
                });
            }
        }
    }
    spans
}

struct Random(u64);

impl Random {
    fn below(&mut self, bound: u32) -> u32 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % u64::from(bound)) as u32
    }
}
