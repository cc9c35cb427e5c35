//! Importing the benchmark corpus (`bench_corpus`, seed 42) into a new
//! project file and into a PostgreSQL project on this machine, in the same
//! run: the server's import must stay under 3× the file's.
//!
//! `cargo bench --bench pg_import` (100,000 documents), `-- --small` for
//! 5,000. The server is a private one started for the run (initdb + pg_ctl
//! on a free loopback port, as tests/common/pg_server.rs does).

#[allow(dead_code)]
#[path = "../tests/common/pg_server.rs"]
mod pg_server;

use std::time::{Duration, Instant};

use glossator::formats::{collect_import_files, import_files};
use glossator::store::{copy_project, OpenMode, ProjectLocation, Reader, Store};

fn main() {
    let small = std::env::args().any(|a| a == "--small");
    let documents = if small { 5_000 } else { 100_000 };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let corpus = dir.path().join("corpus.jsonl");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&corpus).expect("corpus"));
    glossator::bench_corpus::write_corpus(&mut out, 42, documents).expect("corpus");
    drop(out);

    let server = pg_server::server();
    let file = dir.path().join("project.sqlite");
    let (mut on_file, _) = Store::open(&file, OpenMode::CreateIfMissing).expect("project file");
    let file_time = import(&mut on_file, &corpus);

    // A server project with the default labels, as a new file has them.
    let database = server.create_database("bench_import");
    let url = server.superuser_url(&database);
    let empty = Store::in_memory().expect("in memory");
    copy_project(&empty, &ProjectLocation::Server(url.clone())).expect("server project");
    let mut on_server = Store::open_server(&url).expect("server");
    let server_time = import(&mut on_server, &corpus);

    assert_eq!(
        on_file.stats().expect("stats"),
        on_server.stats().expect("stats"),
        "both projects hold the same"
    );
    let ratio = server_time.as_secs_f64() / file_time.as_secs_f64();
    let major = server.major_version();
    println!("| import of {documents} documents | time |");
    println!("|---|---:|");
    println!(
        "| SQLite (new project file) | {:.2} s |",
        file_time.as_secs_f64()
    );
    println!(
        "| PostgreSQL {major} (loopback) | {:.2} s |",
        server_time.as_secs_f64()
    );
    println!("| ratio | {ratio:.2}× (target < 3×) |");
}

fn import(store: &mut Store, corpus: &std::path::Path) -> Duration {
    let started = Instant::now();
    let (files, notices) = collect_import_files(&[corpus.to_path_buf()], None).expect("input");
    let report = import_files(store, &files, notices, &mut |_, _| true).expect("import");
    assert!(report.documents > 0, "{report}");
    started.elapsed()
}
