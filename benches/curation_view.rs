//! The curation view's cost per key on a large document: what the window
//! does on its own thread when the curator accepts a candidate (the edit,
//! committed, then the document's candidates read again for the next frame)
//! and on opening a document in curation mode (its candidates read).
//!
//!     cargo bench --bench curation_view              # 3 annotators × 20,000 spans
//!     cargo bench --bench curation_view -- --small   # 3 × 2,000
//!     cargo bench --bench curation_view -- --relations
//!
//! With `--relations` each annotator also links one word in four to the
//! next (`agent`), so accepting spans makes relation candidates, and `A` is
//! timed on those too (the relation keys of the curation view).

use std::io::Write as _;
use std::time::{Duration, Instant};

use glossator::model::GOLD_LAYER;
use glossator::session::{Edit, Session};
use glossator::store::{OpenMode, Store};

const ANNOTATORS: [&str; 3] = ["ana", "ben", "cy"];
const LABELS: [&str; 3] = ["EVENT", "ACTOR", "CLAIM"];
const EDITS: usize = 60;

fn main() {
    let small = std::env::args().any(|a| a == "--small");
    let relations = std::env::args().any(|a| a == "--relations");
    let words = if small { 2_000 } else { 20_000 };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let project = dir.path().join("curation.sqlite");
    write_and_import(dir.path(), &project, words, relations);

    let (store, _) = Store::open(&project, OpenMode::Existing).expect("the project");
    let mut session = Session::new(store).expect("a session");
    session
        .set_annotator(Some(GOLD_LAYER.to_string()))
        .expect("gold");
    let document = session.documents()[0].id;
    session.open_document(document).expect("the document");

    let mut reads = Vec::new();
    for _ in 0..10 {
        // Another document in between: the next load reads it all again.
        session.reload().expect("reloaded");
        let started = Instant::now();
        session.load_curation().expect("candidates");
        reads.push(started.elapsed());
    }
    let candidates = session.curation().expect("current").candidates.clone();
    let mut computes = Vec::new();
    for _ in 0..10 {
        let layers = &session.curation().expect("current").layers;
        let started = Instant::now();
        glossator::curate::span_candidates(layers, None);
        computes.push(started.elapsed());
    }
    report(
        "compute the candidates from the layers read (pure)",
        &mut computes,
    );
    assert!(candidates.undecided() > 0);
    println!(
        "1 document, {words} words, {} layers of ~{words} spans{}, {} candidates",
        ANNOTATORS.len(),
        if relations {
            format!(" and ~{} relations", words / 4)
        } else {
            String::new()
        },
        candidates.candidates.len()
    );
    report(
        "read the open document's candidates (opening it)",
        &mut reads,
    );

    // A (accept) on the next undecided candidates, each until committed and
    // the candidates read again, as the view does before the next frame.
    let keys: Vec<_> = candidates
        .candidates
        .iter()
        .filter(|c| c.state.is_undecided())
        .map(|c| c.key)
        .take(EDITS)
        .collect();
    let edits = keys
        .into_iter()
        .map(|key| Edit::AcceptCandidate { key, label: None });
    report(
        "A: accept a candidate, committed, candidates current again",
        &mut timed_edits(&mut session, edits),
    );
    if relations {
        accept_relations(&mut session);
    }
}

/// Each edit until committed and the candidates current again, as the view
/// does before the next frame; how long each took.
fn timed_edits(session: &mut Session, edits: impl Iterator<Item = Edit>) -> Vec<Duration> {
    edits
        .map(|edit| {
            let started = Instant::now();
            session.apply(edit).expect("applied");
            session.load_curation().expect("candidates");
            assert!(session.curation().is_some());
            started.elapsed()
        })
        .collect()
}

/// Every span candidate all agree on accepted (Ctrl+A), then A on the
/// relation candidates that makes, each until committed and current again.
fn accept_relations(session: &mut Session) {
    session.apply(Edit::AcceptAllAgreed).expect("accepted");
    session.load_curation().expect("candidates");
    let candidates = &session.curation().expect("current").candidates;
    let keys: Vec<_> = candidates
        .relations
        .iter()
        .filter(|c| c.state.is_undecided())
        .map(|c| c.key)
        .take(EDITS)
        .collect();
    println!(
        "after Ctrl+A: {} relation candidates, {} undecided candidates in all",
        candidates.relations.len(),
        candidates.undecided()
    );
    assert!(!keys.is_empty());
    let edits = keys
        .into_iter()
        .map(|key| Edit::AcceptRelationCandidate { key, label: None });
    report(
        "A on a relation candidate: committed, candidates current again",
        &mut timed_edits(session, edits),
    );
    let mut reads = Vec::new();
    for _ in 0..10 {
        session.reload().expect("reloaded");
        let started = Instant::now();
        session.load_curation().expect("candidates");
        reads.push(started.elapsed());
    }
    report(
        "read the candidates, relations among them (opening the document)",
        &mut reads,
    );
}

/// One document of `words` words; each annotator tags nine words in ten,
/// ben and cy now and then with another label, so every state occurs.
fn write_and_import(
    dir: &std::path::Path,
    project: &std::path::Path,
    words: usize,
    with_relations: bool,
) {
    let word = "word";
    let text = vec![word; words].join(" ");
    let mut spans = Vec::new();
    let mut relations = Vec::new();
    let mut id = 0;
    for (a, annotator) in ANNOTATORS.iter().enumerate() {
        for w in 0..words {
            if (w + a) % 10 == 0 {
                continue;
            }
            // agent from this word's span to the next one's (ids follow
            // words within an annotator's layer).
            if with_relations && w % 4 == 0 && (w + 1 + a) % 10 != 0 && w + 1 < words {
                relations.push(format!(
                    r#"{{"id": {}, "from": {}, "to": {}, "label": "agent", "annotator": "{annotator}"}}"#,
                    relations.len() + 1,
                    id + 1,
                    id + 2
                ));
            }
            let start = w * (word.len() + 1);
            let label = LABELS[(w + usize::from(a == 2 && w % 7 == 0)) % LABELS.len()];
            id += 1;
            spans.push(format!(
                r#"{{"id": {id}, "start": {start}, "end": {}, "label": "{label}", "annotator": "{annotator}"}}"#,
                start + word.len()
            ));
        }
    }
    let layers: Vec<String> = ANNOTATORS
        .iter()
        .map(|a| format!(r#"{{"annotator": "{a}", "status": "done"}}"#))
        .collect();
    let input = dir.join("document.jsonl");
    let mut file = std::fs::File::create(&input).expect("the input");
    writeln!(
        file,
        r#"{{"id": "big", "text": "{text}", "status": "done", "spans": [{}], "relations": [{}], "layers": [{}]}}"#,
        spans.join(", "),
        relations.join(", "),
        layers.join(", ")
    )
    .expect("written");
    drop(file);
    let (mut store, _) = Store::open(project, OpenMode::CreateIfMissing).expect("a new project");
    let (files, notices) =
        glossator::formats::collect_import_files(&[input], None).expect("the input file");
    glossator::formats::import_files(&mut store, &files, notices, &mut |_, _| true)
        .expect("imported");
}

fn report(what: &str, times: &mut [Duration]) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{what}: median {:.2} ms, worst {:.2} ms ({} runs)",
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1]),
        times.len()
    );
}
