//! The article view on a 1 MB right-to-left article (issue 21): Urdu and
//! Arabic sentences from assets/samples (Latin names, both kinds of digits
//! mixed in), 20,000 spans on word boundaries and 2,000 relations, drawn by
//! the app's own `ui_main` in a headless egui context with the Noto Arabic
//! face the app takes from the system (tests/data/fonts), tessellation
//! included, no GPU. The same targets as the Latin article in BENCHMARKS.md.
//!
//!     cargo bench --bench rtl_frame

use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::{pos2, vec2, Event, MouseWheelSource, MouseWheelUnit, Rect, TouchPhase};
use glossator::bench_corpus::{annotated_document, Random};
use glossator::formats::import_documents;
use glossator::formats::jsonl::parse_jsonl;
use glossator::session::Session;
use glossator::store::Store;
use glossator::ui::settings::Settings;
use glossator::ui::GlossatorApp;

const FRAMES: usize = 600;
const RUNS: usize = 3;

fn sentences() -> Vec<String> {
    let mut sentences = Vec::new();
    for name in ["doha-talks-urdu.txt", "doha-talks-arabic.txt"] {
        let path = format!("{}/assets/samples/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(path).expect("assets/samples is in the repository");
        sentences.extend(
            text.split_inclusive(['۔', '.', '\n'])
                .map(|s| s.trim().to_string())
                .filter(|s| s.chars().count() > 15),
        );
    }
    sentences
}

/// At least `min_bytes` of text: two to six sentences a paragraph.
fn article_text(random: &mut Random, sentences: &[String], min_bytes: usize) -> String {
    let mut text = String::with_capacity(min_bytes + 1_000);
    while text.len() < min_bytes {
        for _ in 0..2 + random.below(5) {
            text += &sentences[random.below(sentences.len())];
            text.push(' ');
        }
        text.pop();
        text.push('\n');
    }
    text
}

fn fonts() -> egui::FontDefinitions {
    let mut definitions = egui::FontDefinitions::default();
    let path = format!(
        "{}/tests/data/fonts/NotoSansArabic-Regular.ttf",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(path).expect("tests/data/fonts is in the repository");
    definitions
        .font_data
        .insert("arabic".into(), Arc::new(egui::FontData::from_owned(bytes)));
    for chain in definitions.families.values_mut() {
        chain.push("arabic".into());
    }
    definitions
}

fn frame(ctx: &egui::Context, app: &mut GlossatorApp, time: f64, events: Vec<Event>) -> Duration {
    let input = egui::RawInput {
        screen_rect: Some(Rect::from_min_size(pos2(0.0, 0.0), vec2(1400.0, 900.0))),
        time: Some(time),
        events,
        ..Default::default()
    };
    let started = Instant::now();
    let output = ctx.run_ui(input, |ui| app.ui_main(ui));
    let _ = ctx.tessellate(output.shapes, output.pixels_per_point);
    started.elapsed()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let mut random = Random::new(42);
    let text = article_text(&mut random, &sentences(), 1_000_000);
    let (bytes, chars, paragraphs) = (text.len(), text.chars().count(), text.matches('\n').count());
    let document = annotated_document(&mut random, "rtl-article", text, 20_000, 2_000);
    let line = document.to_string();
    let spans = document["spans"].as_array().map_or(0, Vec::len);
    let relations = document["relations"].as_array().map_or(0, Vec::len);

    println!(
        "right-to-left article: {bytes} bytes, {chars} code points, {paragraphs} paragraphs, \
         {spans} spans, {relations} relations; {RUNS} runs of {FRAMES} frames, 1400x900"
    );
    run("the 1 MB Urdu/Arabic article", &line);
    // The Latin article of `cargo bench --bench perf`, the same size and
    // spans, through the same loop on the same machine at the same time:
    // what the machine's load does to the figures.
    let mut latin = Vec::new();
    glossator::bench_corpus::write_article(&mut latin, 42, 1_000_000, 20_000, 2_000).unwrap();
    run(
        "the 1 MB Latin article (for comparison)",
        &String::from_utf8(latin).unwrap(),
    );
}

/// Opens the article and scrolls through it, `RUNS` times; prints the rows.
fn run(name: &str, line: &str) {
    let mut opens = Vec::new();
    let mut times = Vec::new();
    // The slowest frames, with their number and how full the glyph atlas was.
    let mut slowest: Vec<(f64, usize, f32)> = Vec::new();
    for _ in 0..RUNS {
        let mut store = Store::in_memory().unwrap();
        import_documents(
            &mut store,
            parse_jsonl(std::path::Path::new("article.jsonl"), line.trim_end()).unwrap(),
        )
        .unwrap();
        // The fonts are loaded before the clock starts, as the app loads
        // them before its window opens.
        let ctx = egui::Context::default();
        ctx.set_fonts(fonts());
        let _ = ctx.run_ui(egui::RawInput::default(), |_| {});
        let started = Instant::now();
        let mut app = GlossatorApp::new(&ctx, Session::new(store).unwrap(), Settings::default());
        frame(&ctx, &mut app, 0.0, Vec::new());
        opens.push(ms(started.elapsed()));
        for i in 0..FRAMES {
            // Down the article 2,000 points a frame, then back up.
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
            let t = ms(frame(&ctx, &mut app, (i + 1) as f64 / 60.0, events));
            slowest.push((t, i, ctx.fonts(|f| f.font_atlas_fill_ratio())));
            times.push(t);
        }
    }
    opens.sort_by(f64::total_cmp);
    times.sort_by(f64::total_cmp);
    println!(
        "| open {name} to the first frame | < 300 ms | {:.2} ms | {:.2} ms |",
        opens[RUNS / 2],
        opens[RUNS - 1]
    );
    println!(
        "| a frame of the view on it, scrolling and hovering, 20k spans | median < 8 ms, worst < 16 ms | {:.2} ms | {:.2} ms |",
        times[times.len() / 2],
        times[times.len() - 1]
    );
    println!(
        "  (p95 {:.2} ms, p99 {:.2} ms)",
        times[times.len() * 95 / 100],
        times[times.len() * 99 / 100]
    );
    slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (t, i, fill) in slowest.iter().take(5) {
        println!(
            "  slow frame {i}: {t:.2} ms, glyph atlas {:.0}% full",
            fill * 100.0
        );
    }
}
