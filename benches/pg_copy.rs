//! `glossator copy` both ways on the benchmark project: the benchmark
//! corpus (`bench_corpus`, seed 42) imported into a project file
//! (benches/common/imported_corpus.rs), copied to
//! a PostgreSQL project on this machine and from there to a new file. Each
//! direction is timed with the peak memory of this process during it; the
//! three projects' `export --layer all` must be byte-identical.
//!
//! `cargo bench --bench pg_copy` (100,000 documents), `-- --small` for
//! 5,000. The server is a private one started for the run (initdb + pg_ctl
//! on a free loopback port, as tests/common/pg_server.rs does).

#[allow(dead_code)]
#[path = "../tests/common/pg_server.rs"]
mod pg_server;

#[allow(dead_code)]
#[path = "common/process.rs"]
mod process;

#[path = "common/imported_corpus.rs"]
mod imported_corpus;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use glossator::store::{copy_project, CopySummary, ProjectLocation, Store};

fn main() {
    let small = std::env::args().any(|a| a == "--small");
    let documents = if small { 5_000 } else { 100_000 };
    // target/bench-data/pg_copy/project.sqlite, imported by the binary.
    let original = imported_corpus::imported_corpus("pg_copy", documents);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let server = pg_server::server();
    let url = server.superuser_url(&server.create_database("bench_copy"));
    let back = dir.path().join("back.sqlite");

    let source = Store::open_read_only(&original, "the copy reads it").expect("original");
    let (to_server, to_server_mb, summary) =
        measured(|| copy_project(&source, &ProjectLocation::Server(url.clone())));
    drop(source);
    let source = Store::open_server(&url).expect("the server project");
    let (to_file, to_file_mb, back_summary) =
        measured(|| copy_project(&source, &ProjectLocation::File(back.clone())));
    drop(source);
    assert_eq!(summary, back_summary, "both copies moved the same rows");

    let started = Instant::now();
    let exported = export_all(
        &original.display().to_string(),
        &dir.path().join("original.jsonl"),
    );
    let export_file = started.elapsed();
    let started = Instant::now();
    let at_server = export_all(&url, &dir.path().join("server.jsonl"));
    let export_server = started.elapsed();
    let at_back = export_all(&back.display().to_string(), &dir.path().join("back.jsonl"));
    assert!(
        same_bytes(&exported, &at_server),
        "the server's export equals the file's"
    );
    assert!(
        same_bytes(&exported, &at_back),
        "the copy back's export equals the original's"
    );

    println!(
        "{documents} documents, {} layers, {} spans, {} relations; export --layer all: {:.1} MB, identical at all three",
        summary.rows_of("layers"),
        summary.rows_of("spans"),
        summary.rows_of("relations"),
        std::fs::metadata(&exported).map_or(0, |m| m.len()) as f64 / 1e6
    );
    let major = server.major_version();
    println!("| copy of {documents} documents | time | peak memory (this process) |");
    println!("|---|---:|---:|");
    println!(
        "| SQLite file → PostgreSQL {major} (loopback) | {:.2} s | {to_server_mb:.0} MB |",
        to_server.as_secs_f64()
    );
    println!(
        "| PostgreSQL {major} → new SQLite file | {:.2} s | {to_file_mb:.0} MB |",
        to_file.as_secs_f64()
    );
    println!(
        "(`export --layer all`, a process of its own: {:.2} s from the file, {:.2} s from the server)",
        export_file.as_secs_f64(),
        export_server.as_secs_f64()
    );
}

/// Runs one copy; its time and the process's peak memory while it ran.
fn measured(
    copy: impl FnOnce() -> Result<CopySummary, glossator::store::StoreError>,
) -> (Duration, f64, CopySummary) {
    reset_peak_memory();
    let started = Instant::now();
    let summary = copy().expect("copy");
    (started.elapsed(), process::peak_rss_mb(), summary)
}

/// Starts the peak resident memory (`VmHWM`) again from the current one
/// (Linux: writing 5 to clear_refs).
fn reset_peak_memory() {
    std::fs::write("/proc/self/clear_refs", "5").expect("resetting the peak memory");
}

/// `glossator export LOCATION --format jsonl --layer all` into `out`.
fn export_all(location: &str, out: &Path) -> PathBuf {
    let file = std::fs::File::create(out).expect("the export's file");
    let status = Command::new(env!("CARGO_BIN_EXE_glossator"))
        .args(["export", location, "--format", "jsonl", "--layer", "all"])
        .stdout(file)
        .status()
        .expect("the glossator binary runs");
    assert!(status.success(), "export of {}", out.display());
    out.to_path_buf()
}

/// Whether two files hold the same bytes (read a block at a time: an
/// export of the whole corpus is hundreds of megabytes).
fn same_bytes(a: &Path, b: &Path) -> bool {
    use std::io::Read;
    let open = |path: &Path| std::io::BufReader::new(std::fs::File::open(path).expect("export"));
    let (mut a, mut b) = (open(a), open(b));
    let (mut block_a, mut block_b) = (vec![0; 1 << 16], vec![0; 1 << 16]);
    loop {
        let read_a = read_full(&mut a, &mut block_a);
        let read_b = read_full(&mut b, &mut block_b);
        if block_a[..read_a] != block_b[..read_b] {
            return false;
        }
        if read_a == 0 {
            return true;
        }
    }

    fn read_full(reader: &mut impl Read, block: &mut [u8]) -> usize {
        let mut filled = 0;
        while filled < block.len() {
            match reader
                .read(&mut block[filled..])
                .expect("reading an export")
            {
                0 => break,
                n => filled += n,
            }
        }
        filled
    }
}
