//! A team on one PostgreSQL server (issue 22): 10 simulated annotators, each
//! its own connection as its own role (row-level security on), each making 5
//! edits a second (a span added to its own layer through the store, one
//! transaction each) for 2 minutes, while each also runs the app's live
//! listener. Measures every commit's latency and, for every edit, how long
//! until each of the 9 other listeners heard it.
//!
//! Targets: every edit stored, p99 commit < 50 ms, every other client hears
//! each edit within 1 s. The server is a private one on this machine
//! (initdb + pg_ctl, as the tests start it).
//!
//!     cargo bench --bench pg_team                          # 2 minutes
//!     GLOSSATOR_PG_TEAM_SECS=10 cargo bench --bench pg_team  # a smoke run
//!     GLOSSATOR_PG_TEAM_IN_STEP=1 …   # every annotator's edit at the same instant
//!     GLOSSATOR_PG_FSYNC=on …         # the server flushes each commit to disk

#[path = "../tests/common/pg_server.rs"]
#[allow(dead_code)]
mod pg_server;

use std::collections::HashMap;
use std::sync::{Arc, Barrier, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use glossator::model::{Attributes, DocumentId, LabelKind, SpanData};
use glossator::store::server::live::{Connect, LiveEvent, LiveListener};
use glossator::store::server::{init_team_project, TeamSetup};
use glossator::store::{NewDocument, Reader, Store, StoreError};

const ANNOTATORS: usize = 10;
const EDITS_PER_SECOND: u32 = 5;
const DOCUMENTS: usize = 200;
const PASSWORD: &str = "bench-secret";

/// What one simulated annotator saw.
struct AnnotatorRun {
    /// When each of its edits committed, in order.
    committed: Vec<Instant>,
    /// How long each commit took.
    latencies: Vec<Duration>,
    /// When its listener heard each annotator's span inserts (by annotator
    /// id), in order.
    heard: HashMap<i64, Vec<Instant>>,
}

fn main() {
    let seconds: u64 = std::env::var("GLOSSATOR_PG_TEAM_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(120);
    let server = pg_server::private_server();
    let database = server.create_database("pg_team_bench");
    let names: Vec<String> = (0..ANNOTATORS).map(|n| format!("annotator{n}")).collect();
    set_up(&server, &database, &names);
    let urls: Vec<String> = names
        .iter()
        .map(|name| server.url(name, PASSWORD, &database))
        .collect();
    let annotator_ids = annotator_ids(&server, &database, &names);

    let duration = Duration::from_secs(seconds);
    let start = Arc::new(Barrier::new(ANNOTATORS));
    let runs: Vec<AnnotatorRun> = thread::scope(|scope| {
        let handles: Vec<_> = (0..ANNOTATORS)
            .map(|n| {
                let (url, name, start) = (urls[n].clone(), names[n].clone(), Arc::clone(&start));
                scope.spawn(move || annotator(n, &url, &name, duration, &start))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("an annotator thread"))
            .collect()
    });
    let mut latencies: Vec<Duration> = runs.iter().flat_map(|r| r.latencies.clone()).collect();

    let edits: usize = runs.iter().map(|r| r.committed.len()).sum();
    let stored = count_spans(&server, &database);
    latencies.sort();
    let refresh = refresh_latencies(&runs, &annotator_ids);
    println!(
        "pg_team: {ANNOTATORS} annotators × {EDITS_PER_SECOND} edits/s × {seconds} s on PostgreSQL (loopback, row-level security on)"
    );
    println!("  edits made {edits}, spans stored {stored}");
    println!(
        "  commit latency: median {:.1} ms, p99 {:.1} ms, max {:.1} ms (target p99 < 50 ms)",
        ms(percentile(&latencies, 50)),
        ms(percentile(&latencies, 99)),
        ms(latencies.last().copied().unwrap_or_default())
    );
    println!(
        "  live refresh, commit to each other listener: median {:.1} ms, p99 {:.1} ms, max {:.1} ms, {} of {} deliveries missing (target every one < 1 s)",
        ms(percentile(&refresh.latencies, 50)),
        ms(percentile(&refresh.latencies, 99)),
        ms(refresh.latencies.last().copied().unwrap_or_default()),
        refresh.missing,
        refresh.expected
    );
    let ok = stored as usize == edits
        && percentile(&latencies, 99) < Duration::from_millis(50)
        && refresh.missing == 0
        && refresh.latencies.last().copied().unwrap_or_default() < Duration::from_secs(1);
    println!(
        "  {}",
        if ok {
            "all targets met"
        } else {
            "TARGET MISSED"
        }
    );
    if !ok {
        std::process::exit(1);
    }
}

/// The project: schema, roles, the default labels and the documents,
/// every annotator with a password.
fn set_up(server: &pg_server::PgServer, database: &str, names: &[String]) {
    let mut admin = postgres::Client::connect(&server.superuser_url(database), postgres::NoTls)
        .expect("the superuser connects");
    init_team_project(
        &mut admin,
        &TeamSetup {
            annotators: names.to_vec(),
            curators: Vec::new(),
        },
    )
    .expect("init-server");
    for name in names {
        server.psql(
            "postgres",
            &format!("ALTER ROLE \"{name}\" PASSWORD '{PASSWORD}'"),
        );
    }
    let mut store = Store::open_server(&server.superuser_url(database)).expect("open the project");
    store
        .write(|tx| {
            tx.install_schema(&glossator::model::schema::default_schema_file())?;
            for n in 0..DOCUMENTS {
                let id = format!("doc-{n}");
                let text = format!("Document {n}: talks resumed in Doha after the ceasefire held.");
                tx.insert_document(&NewDocument {
                    external_id: &id,
                    title: &id,
                    text: &text,
                    len_chars: text.chars().count(),
                    content_hash: &id,
                    meta: &serde_json::Map::new(),
                })?;
            }
            Ok::<_, StoreError>(())
        })
        .expect("the documents");
}

fn annotator_ids(server: &pg_server::PgServer, database: &str, names: &[String]) -> Vec<i64> {
    let mut admin = postgres::Client::connect(&server.superuser_url(database), postgres::NoTls)
        .expect("the superuser connects");
    names
        .iter()
        .map(|name| {
            admin
                .query_one("SELECT id FROM annotators WHERE name = $1", &[name])
                .expect("the annotator's row")
                .get(0)
        })
        .collect()
}

/// One annotator: a store and a listener of their own; edits at a steady
/// rate. Returns when each edit committed, each commit's latency, and what
/// the listener heard (span inserts, by annotator id, in order).
fn annotator(n: usize, url: &str, name: &str, duration: Duration, start: &Barrier) -> AnnotatorRun {
    let mut store = Store::open_server(url).expect("the annotator opens the project");
    let documents = store.document_summaries(name).expect("the documents");
    let label = store
        .schema()
        .expect("the schema")
        .label_by_name(LabelKind::Span, "EVENT")
        .expect("EVENT")
        .id;
    let listener_url = url.to_string();
    let connect: Connect =
        Box::new(move || Ok(postgres::Client::connect(&listener_url, postgres::NoTls)?));
    let listener = LiveListener::start(connect, Box::new(|| {})).expect("the listener");
    let heard: Arc<Mutex<HashMap<i64, Vec<Instant>>>> = Arc::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let collector = {
        let (heard, stop) = (Arc::clone(&heard), Arc::clone(&stop));
        thread::spawn(move || {
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                if let Some(LiveEvent::Changed(change)) = listener.wait(Duration::from_millis(50)) {
                    if change.table == "spans" && change.change == "insert" {
                        if let Some(annotator) = change.annotator_id {
                            let mut heard = heard.lock().expect("heard");
                            heard.entry(annotator).or_default().push(Instant::now());
                        }
                    }
                }
            }
        })
    };
    start.wait();
    let interval = Duration::from_secs(1) / EDITS_PER_SECOND;
    // People do not edit in step: each annotator's edits fall at their own
    // phase of the interval (GLOSSATOR_PG_TEAM_IN_STEP=1: all at once, the
    // worst case, each burst queued behind the project's write lock).
    let in_step = std::env::var("GLOSSATOR_PG_TEAM_IN_STEP").is_ok_and(|v| v == "1");
    let phase = if in_step {
        Duration::ZERO
    } else {
        interval * n as u32 / ANNOTATORS as u32
    };
    let began = Instant::now() + phase;
    let (mut committed, mut latencies) = (Vec::new(), Vec::new());
    let mut k: u32 = 0;
    while began.elapsed() < duration {
        let due = began + interval * k;
        if let Some(wait) = due.checked_duration_since(Instant::now()) {
            thread::sleep(wait);
        }
        let document: DocumentId = documents[(n * 17 + k as usize) % documents.len()].id;
        let start_char = (k as usize * 3) % 40;
        let span = SpanData {
            document_id: document,
            start_char,
            end_char: start_char + 5,
            label_id: label,
            attributes: Attributes::default(),
            annotator: name.to_string(),
            note: String::new(),
        };
        let before = Instant::now();
        store
            .write(|tx| tx.insert_span(None, &span))
            .unwrap_or_else(|e| panic!("{name}'s edit {k}: {e}"));
        let after = Instant::now();
        latencies.push(after - before);
        committed.push(after);
        k += 1;
    }
    // What is still on its way (1 s is the target).
    thread::sleep(Duration::from_millis(1500));
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    collector.join().expect("the collector");
    let heard = std::mem::take(&mut *heard.lock().expect("heard"));
    AnnotatorRun {
        committed,
        latencies,
        heard,
    }
}

struct Refresh {
    latencies: Vec<Duration>,
    expected: usize,
    missing: usize,
}

/// For every edit and every other annotator's listener: how long from the
/// commit (when `write` returned) to the listener hearing it. A sender's
/// inserts arrive in commit order, so the k-th heard is the k-th committed.
fn refresh_latencies(runs: &[AnnotatorRun], ids: &[i64]) -> Refresh {
    let mut refresh = Refresh {
        latencies: Vec::new(),
        expected: 0,
        missing: 0,
    };
    for (listener, listening) in runs.iter().enumerate() {
        for (sender, sending) in runs.iter().enumerate() {
            if sender == listener {
                continue;
            }
            let sent = &sending.committed;
            refresh.expected += sent.len();
            let got = listening
                .heard
                .get(&ids[sender])
                .map_or(&[][..], Vec::as_slice);
            refresh.missing += sent.len().saturating_sub(got.len());
            for (commit, at) in sent.iter().zip(got) {
                refresh
                    .latencies
                    .push(at.saturating_duration_since(*commit));
            }
        }
    }
    refresh.latencies.sort();
    refresh
}

fn count_spans(server: &pg_server::PgServer, database: &str) -> i64 {
    let mut admin = postgres::Client::connect(&server.superuser_url(database), postgres::NoTls)
        .expect("the superuser connects");
    admin
        .query_one("SELECT COUNT(*) FROM spans", &[])
        .expect("the count")
        .get(0)
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[(sorted.len() * p / 100).min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
