//! Frame time of the annotator on the sample article with its gold annotation:
//! the app's own `ui_main` (the same code the window runs) in a headless
//! egui context, with scrolling and hovering, tessellation included, no GPU.
//!
//!     cargo bench --bench frame

use std::time::{Duration, Instant};

use egui::{pos2, vec2, Event, MouseWheelSource, MouseWheelUnit, Rect, TouchPhase};
use glossator::formats::import_documents;
use glossator::formats::jsonl::parse_jsonl;
use glossator::session::Session;
use glossator::store::Store;
use glossator::ui::settings::Settings;
use glossator::ui::GlossatorApp;

const FRAMES: usize = 600;

fn main() {
    let gold = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/samples/afghanistan-pakistan-ceasefire.gold.json"
    ))
    .expect("tests/data/samples is in the repository");
    let line =
        serde_json::to_string(&serde_json::from_str::<serde_json::Value>(&gold).unwrap()).unwrap();
    let mut store = Store::in_memory().unwrap();
    import_documents(
        &mut store,
        parse_jsonl(std::path::Path::new("gold.jsonl"), &line).unwrap(),
    )
    .unwrap();
    let ctx = egui::Context::default();
    let mut app = GlossatorApp::new(&ctx, Session::new(store).unwrap(), Settings::default());

    let screen = Rect::from_min_size(pos2(0.0, 0.0), vec2(1400.0, 900.0));
    let mut time = 0.0;
    let mut vertices = 0;
    let mut frame = |events: Vec<Event>, app: &mut GlossatorApp| -> Duration {
        time += 1.0 / 60.0;
        let input = egui::RawInput {
            screen_rect: Some(screen),
            time: Some(time),
            events,
            ..Default::default()
        };
        let started = Instant::now();
        let output = ctx.run_ui(input, |ui| app.ui_main(ui));
        let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
        let elapsed = started.elapsed();
        vertices = primitives
            .iter()
            .map(|p| match &p.primitive {
                egui::epaint::Primitive::Mesh(mesh) => mesh.vertices.len(),
                egui::epaint::Primitive::Callback(_) => 0,
            })
            .sum();
        elapsed
    };

    let first = frame(Vec::new(), &mut app);
    // A few frames for fonts and layout to settle.
    for _ in 0..5 {
        frame(Vec::new(), &mut app);
    }
    let mut times = Vec::with_capacity(FRAMES);
    for i in 0..FRAMES {
        let down = (i / 100) % 2 == 0;
        let pointer = pos2(
            400.0 + (i % 37) as f32 * 12.0,
            150.0 + (i % 53) as f32 * 12.0,
        );
        let events = vec![
            Event::PointerMoved(pointer),
            Event::MouseWheel {
                unit: MouseWheelUnit::Point,
                delta: vec2(0.0, if down { -40.0 } else { 40.0 }),
                phase: TouchPhase::Move,
                source: MouseWheelSource::Unknown,
                modifiers: egui::Modifiers::NONE,
            },
        ];
        times.push(frame(events, &mut app));
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "sample article (6,574 chars, 30 spans), {FRAMES} frames scrolling and hovering, 1400x900:"
    );
    println!(
        "  first frame (layout): {:.2} ms; last frame drew {vertices} vertices",
        ms(first)
    );
    println!(
        "  frame CPU time: median {:.2} ms, p95 {:.2} ms, worst {:.2} ms",
        ms(times[FRAMES / 2]),
        ms(times[FRAMES * 95 / 100]),
        ms(times[FRAMES - 1])
    );
}
