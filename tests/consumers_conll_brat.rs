//! Our CoNLL and brat exports read by the tools people feed them to: spaCy
//! 3.8's `spacy convert`, seqeval, and brat's own rule for standoff offsets
//! (text read with Python's universal newlines, `text[start:end]` equal to
//! the `T` line's text). Python is a test tool here, never a dependency.

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// A project whose spans the naive exports broke: abbreviations, a quote
/// of two sentences, a span across a CRLF, control characters, white space.
fn tricky_project(dir: &Path) -> PathBuf {
    let text = "Gen. Asim Munir met U.S. envoys on Oct. 3.\r\nHe said \"We will fight. We will win.\" Then the Kabul\r\ntalks began.\u{1c}Mr. Dar\u{1f}left.";
    let span = |needle: &str, label: &str| {
        let byte = text.find(needle).expect("needle");
        let start = text[..byte].chars().count();
        serde_json::json!({"start": start, "end": start + needle.chars().count(), "label": label})
    };
    let tricky = serde_json::json!({"id": "tricky", "text": text, "spans": [
        span("Gen. Asim Munir", "ACTOR"),
        span("U.S. envoys", "ACTOR"),
        span("Oct. 3", "EVENT"),
        span("\"We will fight. We will win.\"", "CLAIM"),
        span("Kabul\r\ntalks", "EVENT"),
        span("Mr. Dar", "ACTOR"),
        span("\r\n", "EVENT"),
    ]});
    let input = write(
        dir,
        "in.jsonl",
        format!(
            "{tricky}\n{}\n{}\n",
            gold_jsonl_line(),
            torture_jsonl_line()
        ),
    );
    let project = dir.join("p.sqlite");
    ok(glossator(&[&"import", &project, &input]));
    project
}

/// Exports `format` to `out`; returns the spans the report says it wrote.
fn export(project: &Path, format: &str, out: &Path) -> usize {
    let output = glossator(&[&"export", &project, &"--format", &format, &"-o", &out]);
    let err = stderr(&output);
    ok(output);
    let counts = err
        .split_once(" documents, ")
        .and_then(|(_, rest)| rest.split_once(" spans"))
        .expect("the report counts spans");
    counts.0.parse().expect("a number")
}

#[test]
#[ignore = "needs the test Python environment: bash .ci/python-env"]
fn spacy_convert_reads_our_conll_with_one_entity_per_span_written() {
    let python = python_with(&["spacy"]);
    let dir = tempfile::tempdir().unwrap();
    let project = tricky_project(dir.path());
    let conll = dir.path().join("out.conll");
    let spans = export(&project, "conll", &conll);
    let converted = dir.path().join("spacy");
    std::fs::create_dir(&converted).unwrap();
    let script = r#"
import subprocess, sys
from pathlib import Path
conll, out = sys.argv[1], sys.argv[2]
subprocess.run([sys.executable, "-m", "spacy", "convert", conll, out, "--converter", "ner", "--n-sents", "0"], check=True, capture_output=True)
import spacy
from spacy.tokens import DocBin
nlp = spacy.blank("en")
docs = list(DocBin().from_disk(Path(out) / "out.spacy").get_docs(nlp.vocab))
tokens = [t.text for d in docs for t in d]
assert "-DOCSTART-" not in tokens, "a document marker became a token"
print(len(docs), sum(len(d.ents) for d in docs))
"#;
    let printed = run_python(&python, script, &[&conll, &converted]);
    assert_eq!(
        printed.trim(),
        format!("3 {spans}"),
        "documents and entities"
    );
}

#[test]
#[ignore = "needs the test Python environment: bash .ci/python-env"]
fn seqeval_finds_the_same_entities_strict_and_lenient() {
    let python = python_with(&["seqeval"]);
    let dir = tempfile::tempdir().unwrap();
    let project = tricky_project(dir.path());
    let conll = dir.path().join("out.conll");
    let spans = export(&project, "conll", &conll);
    // Strict IOB2 drops an entity that starts with I- (a sentence broken
    // inside a span); lenient counts it: equal counts mean valid IOB2.
    let script = r#"
import sys
from seqeval.metrics.sequence_labeling import get_entities
from seqeval.scheme import IOB2, Entities
sentences, current = [], []
for line in open(sys.argv[1], encoding="utf-8").read().split("\n"):
    if not line.strip():
        if current:
            sentences.append(current)
        current = []
    elif not line.startswith("-DOCSTART-"):
        token, tag = line.split()
        current.append(tag)
if current:
    sentences.append(current)
lenient = sum(len(get_entities(s)) for s in sentences)
strict = sum(len(s) for s in Entities(sentences, IOB2).entities)
print(lenient, strict)
"#;
    let printed = run_python(&python, script, &[&conll]);
    assert_eq!(printed.trim(), format!("{spans} {spans}"));
}

#[test]
#[ignore = "needs the test Python environment: bash .ci/python-env"]
fn brat_reads_every_span_of_our_export_on_its_text() {
    let python = python();
    let dir = tempfile::tempdir().unwrap();
    let project = tricky_project(dir.path());
    let folder = dir.path().join("brat");
    let spans = export(&project, "brat", &folder);
    // brat's check (server/src/annotation.py): the .txt opened in text mode
    // (universal newlines), each T line's text equal to its fragments joined
    // by a space.
    let script = r#"
import sys
from pathlib import Path
checked = 0
for ann in sorted(Path(sys.argv[1]).glob("*.ann")):
    with open(ann.with_suffix(".txt"), encoding="utf-8") as f:
        text = f.read()
    for line in open(ann, encoding="utf-8").read().split("\n"):
        if not line.startswith("T"):
            continue
        _, type_offsets, stated = line.split("\t")
        offsets = type_offsets.split(" ", 1)[1]
        pieces = []
        for fragment in offsets.split(";"):
            start, end = map(int, fragment.split())
            pieces.append(text[start:end])
        assert " ".join(pieces) == stated, (ann.name, line, pieces)
        checked += 1
print(checked)
"#;
    let printed = run_python(&python, script, &[&folder]);
    assert_eq!(printed.trim(), spans.to_string());
}
