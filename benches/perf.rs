//! The performance table of BENCHMARKS.md, measured on the release build.
//!
//!     cargo bench --bench perf                 # full size: 1 MB article, 100,000 documents
//!     cargo bench --bench perf -- --small      # a quick smoke run (what CI may run)
//!
//! CLI scenarios run the real `glossator` binary (its peak RSS reported by the
//! process itself). App scenarios run this bench binary again as a child, so
//! that each measures a fresh process: the app's own `ui_main` in a headless
//! egui context, tessellation included, no GPU.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use egui::{pos2, vec2, Event, MouseWheelSource, MouseWheelUnit, Rect, TouchPhase};
use glossator::session::{Edit, Session};
use glossator::store::{OpenMode, Store};
use glossator::ui::action::Action;
use glossator::ui::settings::Settings;
use glossator::ui::GlossatorApp;

const GLOSSATOR: &str = env!("CARGO_BIN_EXE_glossator");

struct Scale {
    documents: usize,
    article_bytes: usize,
    article_spans: usize,
    article_relations: usize,
    runs: usize,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--child") {
        child(&args[at + 1], Path::new(&args[at + 2]));
        return;
    }
    let scale = if args.iter().any(|a| a == "--small") {
        Scale {
            documents: 2_000,
            article_bytes: 100_000,
            article_spans: 2_000,
            article_relations: 200,
            runs: 2,
        }
    } else {
        Scale {
            documents: 100_000,
            article_bytes: 1_000_000,
            article_spans: 20_000,
            article_relations: 2_000,
            runs: 3,
        }
    };
    // `--only article` (or cli, project, cold) runs one part, for quick checks.
    let only = args
        .iter()
        .position(|a| a == "--only")
        .map(|at| args[at + 1].clone());
    let part = |name: &str| only.as_deref().is_none_or(|o| o == name);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let started = Instant::now();
    run_ok(Command::new(GLOSSATOR).arg("gen-bench").arg(&dir).args([
        "--documents",
        &scale.documents.to_string(),
        "--article-bytes",
        &scale.article_bytes.to_string(),
        "--article-spans",
        &scale.article_spans.to_string(),
        "--article-relations",
        &scale.article_relations.to_string(),
    ]));
    let corpus = dir.join("corpus.jsonl");
    let article = dir.join("article.jsonl");
    println!(
        "corpus: {} documents, {:.1} MB; article: {:.2} MB, {} spans, {} relations (generated in {:.1} s)",
        scale.documents,
        mb(std::fs::metadata(&corpus).unwrap().len()),
        mb(std::fs::metadata(&article).unwrap().len()),
        scale.article_spans,
        scale.article_relations,
        started.elapsed().as_secs_f64()
    );
    println!("each row: median / worst of {} runs\n", scale.runs);
    println!("| scenario | median | worst | peak memory |");
    println!("|---|---|---|---|");

    let project = dir.join("corpus.sqlite");
    if part("cli") || (part("project") && !project.exists()) {
        cli_rows(&scale, &dir, &corpus, &project);
    }
    if part("project") {
        child_rows(scale.runs, "open-project", &project);
    }
    if part("article") {
        let article_project = dir.join("article.sqlite");
        remove_project(&article_project);
        timed_cli(&[
            &"import" as &dyn AsRef<std::ffi::OsStr>,
            &article_project,
            &article,
        ]);
        child_rows(scale.runs, "article", &article_project);
    }
    if part("cold") {
        let cold = dir.join("cold");
        let _ = std::fs::remove_dir_all(&cold);
        std::fs::create_dir_all(&cold).unwrap();
        child_rows(scale.runs, "cold-start", &cold.join("project.sqlite"));
    }
}

fn cli_rows(scale: &Scale, dir: &Path, corpus: &Path, project: &Path) {
    let mut import_rss = Vec::new();
    let import = repeat(scale.runs, || {
        remove_project(project);
        let (time, rss) = timed_cli(&[&"import" as &dyn AsRef<std::ffi::OsStr>, &project, &corpus]);
        import_rss.push(rss);
        time
    });
    row(
        "import the corpus JSONL into a new project",
        &import,
        import_rss.iter().max(),
    );
    let mut dumps = Vec::new();
    let loads = repeat(scale.runs, || {
        let (load, dump) = python_round_trip(corpus, &dir.join("python.jsonl"));
        dumps.push(dump);
        load
    });
    dumps.sort();
    row(
        "  Python, for comparison: json.loads every line into a list of dicts",
        &loads,
        None,
    );
    row(
        "  Python, for comparison: json.dumps that list back to JSONL",
        &dumps,
        None,
    );
    for (format, output) in [
        ("jsonl", "out.jsonl"),
        ("csv", "out.csv"),
        ("brat", "brat-out"),
        ("conll", "out.conll"),
    ] {
        let mut rss = Vec::new();
        let mut run = 0;
        let times = repeat(scale.runs, || {
            // A new output each run, deleted after all runs: on this disk,
            // deleting 200,000 brat files keeps the kernel busy (online discard)
            // long after `remove_dir_all` returns, and would slow the next run.
            run += 1;
            let out = dir.join(format!("{run}-{output}"));
            let (time, peak) = timed_cli(&[
                &"export" as &dyn AsRef<std::ffi::OsStr>,
                &project,
                &"--format",
                &format,
                &"-o",
                &out,
            ]);
            rss.push(peak);
            time
        });
        for run in 1..=scale.runs {
            let out = dir.join(format!("{run}-{output}"));
            let _ = std::fs::remove_dir_all(&out);
            let _ = std::fs::remove_file(&out);
        }
        let _ = Command::new("sync").status();
        std::thread::sleep(Duration::from_secs(if format == "brat" { 30 } else { 1 }));
        row(&format!("export it to {format}"), &times, rss.iter().max());
    }
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn remove_project(path: &Path) {
    for suffix in ["", "-wal", "-shm", ".lock"] {
        let mut file = path.as_os_str().to_owned();
        file.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(file));
    }
}

fn run_ok(command: &mut Command) -> std::process::Output {
    let output = command.output().expect("runs");
    assert!(
        output.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Runs the CLI; returns its wall time and its own peak RSS in kB.
fn timed_cli(args: &[&dyn AsRef<std::ffi::OsStr>]) -> (Duration, u64) {
    let mut command = Command::new(GLOSSATOR);
    for arg in args {
        command.arg(arg);
    }
    command.env("GLOSSATOR_REPORT_PEAK_RSS", "1");
    let started = Instant::now();
    let output = run_ok(&mut command);
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let rss = stderr
        .lines()
        .find_map(|l| l.strip_prefix("peak-rss "))
        .and_then(|v| v.trim_end_matches(" kB").trim().parse().ok())
        .unwrap_or(0);
    (elapsed, rss)
}

/// The same corpus through Python's stdlib `json`: every line loaded into a
/// list of dicts, then written back. Returns (load, dump) as Python times them.
fn python_round_trip(input: &Path, output: &Path) -> (Duration, Duration) {
    let script = "import json,sys,time\nt0=time.perf_counter()\nwith open(sys.argv[1], encoding='utf-8') as f:\n    docs = [json.loads(line) for line in f if line.strip()]\nt1=time.perf_counter()\nwith open(sys.argv[2], 'w', encoding='utf-8') as f:\n    for d in docs:\n        f.write(json.dumps(d, ensure_ascii=False) + '\\n')\nt2=time.perf_counter()\nprint(t1-t0, t2-t1)\n";
    let output = run_ok(
        Command::new("python3")
            .arg("-c")
            .arg(script)
            .arg(input)
            .arg(output),
    );
    let text = String::from_utf8_lossy(&output.stdout);
    let mut times = text
        .split_whitespace()
        .map(|t| Duration::from_secs_f64(t.parse().unwrap()));
    (times.next().unwrap(), times.next().unwrap())
}

fn repeat(runs: usize, mut once: impl FnMut() -> Duration) -> Vec<Duration> {
    let mut times: Vec<Duration> = (0..runs).map(|_| once()).collect();
    times.sort();
    times
}

fn row(name: &str, times: &[Duration], rss_kb: Option<&u64>) {
    let median = times[times.len() / 2];
    let worst = times[times.len() - 1];
    let memory = rss_kb.map_or(String::new(), |kb| format!("{:.0} MB", *kb as f64 / 1024.0));
    println!("| {name} | {} | {} | {memory} |", fmt(median), fmt(worst));
}

fn fmt(d: Duration) -> String {
    if d >= Duration::from_secs(1) {
        format!("{:.2} s", d.as_secs_f64())
    } else {
        format!("{:.1} ms", ms(d))
    }
}

/// Runs `mode` in fresh child processes and prints the rows it reports:
/// lines `row<TAB>name<TAB>milliseconds...<TAB>rss kB`.
fn child_rows(runs: usize, mode: &str, path: &Path) {
    let mut results: Vec<(String, Vec<Vec<f64>>, u64)> = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        let output = run_ok(
            Command::new(std::env::current_exe().unwrap())
                .args(["--child", mode])
                .arg(path)
                .env("GLOSSATOR_DB", path),
        );
        let wall = started.elapsed();
        let text =
            String::from_utf8_lossy(&output.stdout).replace("{wall}", &format!("{}", ms(wall)));
        for (i, line) in text.lines().filter(|l| l.starts_with("row\t")).enumerate() {
            let parts: Vec<&str> = line.split('\t').collect();
            let values: Vec<f64> = parts[2].split(',').map(|v| v.parse().unwrap()).collect();
            let rss: u64 = parts[3].parse().unwrap();
            if results.len() <= i {
                results.push((parts[1].to_string(), Vec::new(), 0));
            }
            results[i].1.push(values);
            results[i].2 = results[i].2.max(rss);
        }
        if mode == "cold-start" {
            // Every cold start creates the default project anew.
            remove_project(path);
        }
    }
    for (name, runs, rss) in results {
        // Each run gives one value or many (frame times): pool them.
        let mut values: Vec<f64> = runs.into_iter().flatten().collect();
        values.sort_by(f64::total_cmp);
        let median = values[values.len() / 2];
        let worst = values[values.len() - 1];
        let memory = if rss > 0 {
            format!("{:.0} MB", rss as f64 / 1024.0)
        } else {
            String::new()
        };
        if name.starts_with("memory") {
            println!("| {name} | | | {memory} |");
        } else {
            println!("| {name} | {median:.2} ms | {worst:.2} ms | {memory} |");
        }
    }
}

fn rss_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// The app's frames, headless, as the window would run them.
struct Frames {
    ctx: egui::Context,
    time: f64,
}

impl Frames {
    fn new() -> Self {
        Self {
            ctx: egui::Context::default(),
            time: 0.0,
        }
    }

    fn run(&mut self, app: &mut GlossatorApp, events: Vec<Event>) -> Duration {
        self.time += 1.0 / 60.0;
        let input = egui::RawInput {
            screen_rect: Some(Rect::from_min_size(pos2(0.0, 0.0), vec2(1400.0, 900.0))),
            time: Some(self.time),
            events,
            ..Default::default()
        };
        let started = Instant::now();
        let output = self.ctx.run_ui(input, |ui| app.ui_main(ui));
        let _ = self.ctx.tessellate(output.shapes, output.pixels_per_point);
        started.elapsed()
    }
}

fn report(name: &str, values_ms: &[f64], rss: u64) {
    let values: Vec<String> = values_ms.iter().map(|v| format!("{v:.3}")).collect();
    println!("row\t{name}\t{}\t{rss}", values.join(","));
}

fn child(mode: &str, path: &Path) {
    let started = Instant::now();
    let mut frames = Frames::new();
    match mode {
        "cold-start" => {
            // What `glossator` does with no argument, up to the first frame.
            let store = glossator::project::open_for_app(path, true).unwrap();
            let mut app = GlossatorApp::new(
                &frames.ctx,
                Session::new(store).unwrap(),
                Settings::default(),
            );
            frames.run(&mut app, Vec::new());
            report(
                "cold start to the first frame (default project, sample seeded)",
                &[ms(started.elapsed())],
                rss_kb("VmHWM:"),
            );
        }
        "open-project" => {
            let (store, _) = Store::open(path, OpenMode::Existing).unwrap();
            let mut app = GlossatorApp::new(
                &frames.ctx,
                Session::new(store).unwrap(),
                Settings::default(),
            );
            frames.run(&mut app, Vec::new());
            report(
                "open the corpus project to the first frame",
                &[ms(started.elapsed())],
                rss_kb("VmHWM:"),
            );
        }
        "article" => article(path, started, &mut frames),
        other => panic!("unknown child mode {other}"),
    }
}

fn article(path: &Path, started: Instant, frames: &mut Frames) {
    let (store, _) = Store::open(path, OpenMode::Existing).unwrap();
    let mut app = GlossatorApp::new(
        &frames.ctx,
        Session::new(store).unwrap(),
        Settings::default(),
    );
    frames.run(&mut app, Vec::new());
    report(
        "open the 1 MB article to the first frame",
        &[ms(started.elapsed())],
        0,
    );

    // Scrolling through the article with the pointer moving: 600 frames.
    let mut times = Vec::new();
    for i in 0..600 {
        let down = (i / 150) % 2 == 0;
        let events = vec![
            Event::PointerMoved(pos2(
                400.0 + (i % 37) as f32 * 12.0,
                150.0 + (i % 53) as f32 * 12.0,
            )),
            Event::MouseWheel {
                unit: MouseWheelUnit::Point,
                delta: vec2(0.0, if down { -2000.0 } else { 2000.0 }),
                phase: TouchPhase::Move,
                source: MouseWheelSource::Unknown,
                modifiers: egui::Modifiers::NONE,
            },
        ];
        times.push(ms(frames.run(&mut app, events)));
    }
    report(
        "a frame of the article view, scrolling and hovering",
        &times,
        0,
    );
    report(
        "memory with the 1 MB article open and scrolled through",
        &[0.0],
        rss_kb("VmRSS:"),
    );

    // Edits through the app's actions, each until committed and drawn.
    let label = app.session().schema().span_labels().next().unwrap().id;
    let other_label = app.session().schema().span_labels().nth(1).unwrap().id;
    let text_len = app.session().open().unwrap().chars.len();
    let (mut create, mut relabel, mut delete) = (Vec::new(), Vec::new(), Vec::new());
    let mut created = Vec::new();
    for i in 0..100 {
        let start = (i * 9_973) % (text_len - 10);
        let t = Instant::now();
        app.apply_action(Action::Edit(Edit::CreateSpan {
            start_char: start,
            end_char: start + 3,
            label,
        }));
        frames.run(&mut app, Vec::new());
        create.push(ms(t.elapsed()));
        let span = app
            .session()
            .open()
            .unwrap()
            .spans
            .iter()
            .filter(|s| s.start_char() == start && s.end_char() == start + 3)
            .map(|s| s.id)
            .max()
            .unwrap();
        created.push(span);
        let t = Instant::now();
        app.apply_action(Action::Edit(Edit::RelabelSpan {
            span,
            label: other_label,
        }));
        frames.run(&mut app, Vec::new());
        relabel.push(ms(t.elapsed()));
    }
    for span in created {
        let t = Instant::now();
        app.apply_action(Action::Edit(Edit::DeleteSpan(span)));
        frames.run(&mut app, Vec::new());
        delete.push(ms(t.elapsed()));
    }
    report("create a span, until committed and drawn", &create, 0);
    report("relabel a span, until committed and drawn", &relabel, 0);
    report("delete a span, until committed and drawn", &delete, 0);

    // Undo 1,000 edits in a row (the 300 above and 700 more creations).
    for i in 0..700 {
        let start = (i * 7_919) % (text_len - 10);
        app.apply_action(Action::Edit(Edit::CreateSpan {
            start_char: start,
            end_char: start + 2,
            label,
        }));
    }
    let t = Instant::now();
    for _ in 0..1000 {
        app.apply_action(Action::Edit(Edit::Undo));
    }
    frames.run(&mut app, Vec::new());
    report(
        "undo 1,000 edits in a row, then draw",
        &[ms(t.elapsed())],
        0,
    );
    report(
        "memory after the 1,300 edits and undos above (undo history included)",
        &[0.0],
        rss_kb("VmRSS:"),
    );
}
