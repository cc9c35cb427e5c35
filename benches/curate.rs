//! `glossator curate --strategy threshold` on the agreement benchmarks' project:
//! 3 annotators × 100,000 documents × 1,000,000 spans each, all done
//! (BENCHMARKS.md, "Curation"). Target: < 20 s, < 1 GB.
//!
//!     cargo bench --bench curate              # full size, 3 runs
//!     cargo bench --bench curate -- --small   # 1,000 documents
//!
//! The project is built once (benches/common/agreement_project.rs); each run
//! curates a fresh copy of it (not timed) in a fresh process, timing what
//! `glossator curate` does: open the project, then read every layer, judge,
//! write gold with its provenance and decisions, and commit, in one
//! transaction; and reports the process's peak memory (VmHWM). Then the
//! document list's progress column (every document's undecided candidates):
//! read as stored by the run, and computed with nothing stored; and which
//! documents are ready to curate (the list's ✔ and – marks).

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

use glossator::curate::{curate, curation_progress, CurateOptions, GoldMode, Strategy};
use glossator::store::{now_ms, CurationReads as _, OpenMode, Store};

fn main() {
    let Some((documents, runs)) = size_or_run(run) else {
        return;
    };
    let project = project(documents);
    let copy = project.with_file_name(format!("curating-{documents}.sqlite"));
    let results: Vec<_> = (0..runs)
        .map(|_| {
            std::fs::copy(&project, &copy).expect("a fresh copy of the project");
            run_self(&copy)
        })
        .collect();
    for suffix in ["", "-wal", "-shm", ".lock"] {
        let mut path = copy.clone().into_os_string();
        path.push(suffix);
        let _ = std::fs::remove_file(path);
    }
    println!(
        "curate --strategy threshold: {} annotators × {documents} documents × {} spans each, all done; {runs} runs",
        ANNOTATORS.len(),
        documents * SPANS_PER_DOCUMENT
    );
    print_table(&results);
}

/// One run: what `glossator curate PROJECT --strategy threshold` does.
fn run(project: &Path) {
    let cpu_started = cpu_seconds();
    let started = Instant::now();
    let (mut store, _) = Store::open(project, OpenMode::Existing).expect("the project opens");
    let options = CurateOptions {
        strategy: Strategy::parse("threshold").expect("a strategy"),
        annotators: None,
        documents: None,
        mode: GoldMode::KeepExisting,
        at_ms: now_ms(),
    };
    let report = curate(&mut store, &options, &mut |_, _| true).expect("curated");
    println!("curate\t{}", started.elapsed().as_secs_f64());
    // On a machine shared with other builds the wall time includes waiting for a core.
    println!("  cpu\t{}", cpu_seconds() - cpu_started);
    println!("peak memory MB\t{}", peak_rss_mb());
    // The document list's progress column: every count stored by the run.
    let started = Instant::now();
    let progress = curation_progress(&store).expect("progress");
    println!("progress, stored\t{}", started.elapsed().as_secs_f64());
    // The list's other half: which documents are ready to curate (its ✔
    // and – marks), one query over the layers' statuses.
    let started = Instant::now();
    let ready = store.documents_ready_to_curate().expect("readiness");
    println!("readiness, one query\t{}", started.elapsed().as_secs_f64());
    assert_eq!(ready.len(), report.curated);
    // The same with nothing stored (a project never curated): computed.
    store
        .write(|tx| {
            for document in progress.keys() {
                tx.forget_curation_progress(*document)?;
            }
            Ok::<_, glossator::store::StoreError>(())
        })
        .expect("counts forgotten");
    let started = Instant::now();
    let computed = curation_progress(&store).expect("progress");
    println!("progress, computed\t{}", started.elapsed().as_secs_f64());
    assert_eq!(computed, progress);
    drop(store);
    eprintln!(
        "documents {}, curated {}, accepted {}, disputed {}, left {}, short {}, relations {}",
        report.documents,
        report.curated,
        report.spans.accepted,
        report.spans.disputed,
        report.spans.left,
        report.spans.unmet,
        report.relations_accepted
    );
}
