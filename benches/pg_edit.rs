//! Issue 22: an edit until committed, on a server over loopback and on a
//! file, in the same run: the app's path (History::perform: one write
//! transaction, validated inside it, committed before it returns).
//! Target: median < 16 ms on the server.
//!
//!     cargo bench --bench pg_edit              # 1,000 edits each
//!     cargo bench --bench pg_edit -- --small   # 100 edits each
//!
//! Starts its own PostgreSQL (tests/common/pg_server.rs: initdb + pg_ctl on
//! a free loopback port), with the project's schema and default labels.

use std::time::{Duration, Instant};

use glossator::edit::{Command, History};
use glossator::model::{Attributes, DocumentId, LabelKind, SpanData};
use glossator::store::{NewDocument, OpenMode, Reader, Store};

#[path = "../tests/common/pg_server.rs"]
#[allow(dead_code)]
mod pg_server;

fn main() {
    let small = std::env::args().any(|a| a == "--small");
    let edits = if small { 100 } else { 1_000 };
    let server = pg_server::private_server();
    let database = server.create_database("pg_edit");
    let url = format!("{}?sslmode=disable", server.superuser_url(&database));
    let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
    glossator::store::server::install_schema(&mut client).expect("install the schema");
    drop(client);
    let mut on_server = Store::open_server(&url).expect("open the server project");
    on_server
        .write(|tx| tx.install_schema(&glossator::model::schema::default_schema_file()))
        .expect("labels");

    let folder = tempfile::tempdir().expect("a temporary folder");
    let (mut on_file, _) =
        Store::open(&folder.path().join("p.sqlite"), OpenMode::CreateIfMissing).expect("file");

    println!("{edits} edits (add a span), each one transaction committed before it returns");
    for (name, store) in [
        ("SQLite file", &mut on_file),
        ("PostgreSQL, loopback", &mut on_server),
    ] {
        let times = edit_times(store, edits);
        report(name, &times);
    }
}

fn edit_times(store: &mut Store, edits: usize) -> Vec<Duration> {
    let text = "word ".repeat(edits + 10);
    let meta = serde_json::Map::new();
    let document: DocumentId = store
        .write(|tx| {
            tx.insert_document(&NewDocument {
                external_id: "bench",
                title: "bench",
                text: &text,
                len_chars: text.chars().count(),
                content_hash: "bench",
                meta: &meta,
            })
        })
        .expect("a document");
    let label = store
        .schema()
        .expect("schema")
        .label_by_name(LabelKind::Span, "EVENT")
        .expect("EVENT")
        .id;
    let mut history = History::default();
    (0..edits)
        .map(|n| {
            let command = Command::AddSpan {
                id: None,
                span: SpanData {
                    document_id: document,
                    start_char: n * 5,
                    end_char: n * 5 + 4,
                    label_id: label,
                    attributes: Attributes::new(),
                    annotator: "ana".into(),
                    note: String::new(),
                },
                relations: vec![],
            };
            let started = Instant::now();
            history.perform(store, &command).expect("the edit");
            started.elapsed()
        })
        .collect()
}

fn report(name: &str, times: &[Duration]) {
    let mut sorted = times.to_vec();
    sorted.sort();
    let at = |q: f64| sorted[((sorted.len() as f64 - 1.0) * q).round() as usize];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name:>22}: median {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        ms(at(0.5)),
        ms(at(0.9)),
        ms(at(0.99)),
        ms(at(1.0))
    );
}
