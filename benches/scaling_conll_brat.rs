//! CoNLL and brat exports of one document as its spans double: the time per
//! span must stay flat (linear work). Both were quadratic: CoNLL's overlap
//! filter compared each span with every kept one; brat merged `*Equiv`
//! classes by scanning all of them and looked up each event's roles among all
//! relations.
//!
//!     cargo bench --bench scaling_conll_brat              # 20,000 to 320,000 spans
//!     cargo bench --bench scaling_conll_brat -- --small   # 5,000 to 40,000
//!
//! The document: N words, a span on each, an `*Equiv` relation joining every
//! pair of spans, and every tenth span an event whose `agent` is the next.

use std::time::{Duration, Instant};

use glossator::formats::brat::{export_brat, EVENT_ROLES};
use glossator::formats::conll::export_conll;
use glossator::formats::{
    import_documents, ImportDocument, ImportRelation, ImportSpan, Location, ParsedInput,
};
use glossator::store::{OpenMode, Store};

fn main() {
    let small = std::env::args().any(|a| a == "--small");
    let sizes: Vec<usize> = if small {
        vec![5_000, 10_000, 20_000, 40_000]
    } else {
        vec![20_000, 40_000, 80_000, 160_000, 320_000]
    };
    println!("| spans | CoNLL export | µs/span | brat export | µs/span |");
    println!("|---:|---:|---:|---:|---:|");
    for spans in sizes {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("scaling.sqlite");
        let (mut store, _) = Store::open(&path, OpenMode::CreateIfMissing).expect("project");
        import_documents(&mut store, one_document(spans)).expect("import");
        let conll = best_of(3, || {
            export_conll(&store, &mut std::io::sink(), &mut |_, _| true).expect("conll");
        });
        let brat = best_of(3, || {
            let out = dir
                .path()
                .join(format!("brat-{}", Instant::now().elapsed().as_nanos()));
            export_brat(&store, &out, &mut |_, _| true).expect("brat");
            std::fs::remove_dir_all(&out).expect("clean up");
        });
        let per_span = |d: Duration| d.as_secs_f64() * 1e6 / spans as f64;
        println!(
            "| {spans} | {:.3} s | {:.2} | {:.3} s | {:.2} |",
            conll.as_secs_f64(),
            per_span(conll),
            brat.as_secs_f64(),
            per_span(brat)
        );
    }
}

fn best_of(runs: usize, mut run: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn one_document(spans: usize) -> ParsedInput {
    let location = Location::file(std::path::Path::new("scaling"));
    let mut document = ImportDocument::plain(location, "word ".repeat(spans));
    for n in 0..spans {
        let mut attributes = Vec::new();
        if n % 10 == 0 && n + 1 < spans {
            attributes.push((EVENT_ROLES.to_string(), "agent".to_string()));
        }
        document.spans.push(ImportSpan {
            key: Some(format!("T{n}")),
            start: (5 * n) as i64,
            end: (5 * n + 4) as i64,
            label: if attributes.is_empty() {
                "ACTOR"
            } else {
                "EVENT"
            }
            .into(),
            text: None,
            attributes,
            annotator: None,
            note: String::new(),
        });
    }
    let relation = |from: usize, to: usize, label: &str| ImportRelation {
        key: None,
        from: format!("T{from}"),
        to: format!("T{to}"),
        label: label.into(),
        annotator: None,
        note: String::new(),
    };
    for n in (0..spans.saturating_sub(1)).step_by(2) {
        if n % 10 != 0 {
            document.relations.push(relation(n, n + 1, "*Equiv"));
        }
    }
    for n in (0..spans.saturating_sub(1)).step_by(10) {
        document.relations.push(relation(n, n + 1, "agent"));
    }
    ParsedInput {
        documents: vec![document],
        ..ParsedInput::default()
    }
}
