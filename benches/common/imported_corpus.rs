//! The benchmark corpus (`bench_corpus::write_corpus`, seed 42) written into
//! a fresh `target/bench-data/NAME/` and imported there with the real binary.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The project file holding `documents` documents of the corpus, in a folder
/// of its own emptied first.
pub fn imported_corpus(name: &str, documents: usize) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-data")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let corpus = dir.join("corpus.jsonl");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&corpus).unwrap());
    glossator::bench_corpus::write_corpus(&mut out, 42, documents).unwrap();
    drop(out);
    let project = dir.join("project.sqlite");
    let status = Command::new(env!("CARGO_BIN_EXE_glossator"))
        .arg("import")
        .arg(&project)
        .arg(&corpus)
        .status()
        .unwrap();
    assert!(status.success());
    project
}
