//! The agreement benchmarks' project: 3 annotators × N documents × 10 spans
//! each per annotator, every layer done, built once per size through
//! `glossator import` into target/bench-data/agreement-report/ (shared by
//! benches/agreement_report.rs and benches/curate.rs).
#![allow(dead_code)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

const GLOSSATOR: &str = env!("CARGO_BIN_EXE_glossator");
pub const ANNOTATORS: [&str; 3] = ["ana", "ben", "cy"];
const LABELS: [&str; 3] = ["EVENT", "ACTOR", "CLAIM"];
const DOCUMENT_LENGTH: u32 = 1_200;
pub const SPANS_PER_DOCUMENT: u32 = 10;

/// The project file, built once per size.
pub fn project(documents: u32) -> PathBuf {
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
