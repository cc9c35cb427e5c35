//! Exports of one document with N spans, N doubling: time and peak memory of
//! the doccano-relations and Label Studio exports (O(N²) and 6.6 KB per span
//! before), with native JSONL beside them for scale.
//!
//!     cargo bench --bench scaling_ls_doccano                 # N = 40k … 320k
//!     cargo bench --bench scaling_ls_doccano -- --small      # N = 5k … 40k
//!     cargo bench --bench scaling_ls_doccano -- --binary PATH   # another build, to compare
//!
//! Each export runs the real `glossator` binary, which reports its own peak RSS.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const FORMATS: [&str; 3] = ["jsonl", "doccano-relations", "label-studio"];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let sizes: Vec<usize> = if args.iter().any(|a| a == "--small") {
        vec![5_000, 10_000, 20_000, 40_000]
    } else {
        vec![40_000, 80_000, 160_000, 320_000]
    };
    let binary = args
        .iter()
        .position(|a| a == "--binary")
        .map(|at| PathBuf::from(&args[at + 1]))
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_glossator")));
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data/scaling-ls-doccano");
    std::fs::create_dir_all(&dir).unwrap();
    println!("binary: {}", binary.display());
    println!(
        "| spans (relations = spans / 2) | format | time | peak memory | memory per added span |"
    );
    println!("|---|---|---|---|---|");
    // Per format: (spans, peak kB) of the size before, for the growth per span.
    let mut previous: Vec<Option<(usize, u64)>> = vec![None; FORMATS.len()];
    for &spans in &sizes {
        let input = dir.join(format!("article-{spans}.jsonl"));
        write_article(&input, spans);
        let project = dir.join(format!("article-{spans}.sqlite"));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", project.display()));
        }
        run(
            &binary,
            &["import".as_ref(), project.as_os_str(), input.as_os_str()],
        );
        for (format, previous) in FORMATS.iter().zip(&mut previous) {
            let output = dir.join(format!("out-{spans}.{format}"));
            let (time, rss_kb) = run(
                &binary,
                &[
                    "export".as_ref(),
                    project.as_os_str(),
                    "--format".as_ref(),
                    (*format).as_ref(),
                    "-o".as_ref(),
                    output.as_os_str(),
                ],
            );
            let per_span = match *previous {
                Some((before, before_kb)) => format!(
                    "{:.2} KB",
                    (rss_kb as f64 - before_kb as f64) / (spans - before) as f64
                ),
                None => "–".to_string(),
            };
            *previous = Some((spans, rss_kb));
            println!(
                "| {spans} | {format} | {:.2} s | {:.0} MB | {per_span} |",
                time.as_secs_f64(),
                rss_kb as f64 / 1024.0,
            );
            let _ = std::fs::remove_file(&output);
        }
    }
}

/// One document: a word per span, every other span related to the next.
fn write_article(path: &Path, spans: usize) {
    let mut text = String::with_capacity(spans * 8);
    let mut span_records = Vec::with_capacity(spans);
    for n in 0..spans {
        let word = format!("w{n}");
        let start = text.len(); // ASCII: bytes are code points
        text.push_str(&word);
        text.push(' ');
        let label = ["ACTOR", "EVENT", "CLAIM"][n % 3];
        span_records.push(format!(
            r#"{{"id":"s{n}","start":{start},"end":{},"label":"{label}"}}"#,
            start + word.len()
        ));
    }
    let relations: Vec<String> = (0..spans / 2)
        .map(|n| {
            format!(
                r#"{{"from":"s{}","to":"s{}","label":"agent"}}"#,
                2 * n,
                2 * n + 1
            )
        })
        .collect();
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    write!(
        file,
        r#"{{"id":"article","text":"{text}","spans":[{}],"relations":[{}]}}"#,
        span_records.join(","),
        relations.join(",")
    )
    .unwrap();
    writeln!(file).unwrap();
}

/// Runs the binary; returns its wall time and its own peak RSS in kB.
fn run(binary: &Path, args: &[&std::ffi::OsStr]) -> (Duration, u64) {
    let started = Instant::now();
    let output = Command::new(binary)
        .args(args)
        .env("GLOSSATOR_REPORT_PEAK_RSS", "1")
        .env_remove("GLOSSATOR_DB")
        .output()
        .unwrap();
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{args:?}: {stderr}");
    let rss = stderr
        .lines()
        .find_map(|l| l.strip_prefix("peak-rss "))
        .and_then(|v| v.trim_end_matches(" kB").trim().parse().ok())
        .unwrap_or(0);
    (elapsed, rss)
}
