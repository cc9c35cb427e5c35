//! The annotator's day (issue 16), relations in the article: drawn from the
//! real window's frame (egui_kittest, no display) on the ceasefire sample
//! with its 13 gold relations. Each test failed before its fix.

mod common;

use std::path::Path;

use egui::{vec2, Rect};
use egui_kittest::Harness;
use glossator::formats::import_documents;
use glossator::formats::jsonl::parse_jsonl;
use glossator::session::Session;
use glossator::store::Store;
use glossator::ui::settings::Settings;
use glossator::ui::GlossatorApp;

const GOLD: &str = "afghanistan-pakistan-ceasefire.gold.json";

/// The gold sample, imported as the JSONL line it is.
fn gold_app() -> GlossatorApp {
    let gold = common::read_json(&common::sample(GOLD));
    app_with(&gold)
}

/// An app with one document, given as a JSONL record.
fn app_with(document: &serde_json::Value) -> GlossatorApp {
    let line = serde_json::to_string(document).unwrap();
    let mut store = Store::in_memory().unwrap();
    import_documents(
        &mut store,
        parse_jsonl(Path::new("day.jsonl"), &line).unwrap(),
    )
    .unwrap();
    GlossatorApp::new(
        &egui::Context::default(),
        Session::new(store).unwrap(),
        Settings::default(),
    )
}

fn harness(app: GlossatorApp, size: [f32; 2]) -> Harness<'static, GlossatorApp> {
    let mut harness = Harness::builder()
        .with_size(size)
        .with_step_dt(1.0 / 60.0)
        .build_ui_state(|ui, app: &mut GlossatorApp| app.ui_main(ui), app);
    // The article measures and lays itself out over a few frames.
    for _ in 0..5 {
        harness.run();
    }
    harness
}

/// Every glyph the article drew, on screen.
fn glyph_rects(harness: &Harness<'_, GlossatorApp>) -> Vec<(char, Rect)> {
    let view = harness.state().article();
    let layout = view.layout().unwrap();
    let origin = view.screen_pos(0).unwrap() - layout.content_pos(0);
    let mut glyphs = Vec::new();
    for paragraph in &layout.paragraphs {
        let Some(galley) = paragraph.galley() else {
            continue;
        };
        for row in &galley.rows {
            for glyph in &row.row.glyphs {
                let min = row.pos + vec2(glyph.pos.x, glyph.pos.y - glyph.font_ascent);
                let rect = Rect::from_min_size(min, vec2(glyph.advance_width, glyph.font_height));
                glyphs.push((glyph.chr, rect.translate(vec2(0.0, paragraph.top) + origin)));
            }
        }
    }
    glyphs
}

fn relation_labels(
    harness: &Harness<'_, GlossatorApp>,
) -> Vec<(glossator::model::RelationId, Rect)> {
    let open = harness.state().session().open().unwrap();
    open.relations
        .iter()
        .filter_map(|r| Some((r.id, harness.state().article().relation_label_rect(r.id)?)))
        .collect()
}

/// Bug 14: relation labels overlapped the text, each other and their own
/// short arcs. With the whole sample on screen, each of the 13 labels is
/// drawn, apart from every other and from every glyph.
#[test]
fn gold_relation_labels_cover_no_text_and_no_other_label() {
    let harness = harness(gold_app(), [1400.0, 9000.0]);
    let labels = relation_labels(&harness);
    assert_eq!(labels.len(), 13, "every gold relation is drawn");
    for (i, (a, rect)) in labels.iter().enumerate() {
        for (b, other) in &labels[i + 1..] {
            assert!(
                !rect.intersects(*other),
                "{a:?} at {rect:?} overlaps {b:?} at {other:?}"
            );
        }
    }
    let glyphs = glyph_rects(&harness);
    assert!(glyphs.len() > 6000, "the whole article is laid out");
    for (relation, rect) in &labels {
        if let Some((c, glyph)) = glyphs.iter().find(|(_, g)| g.intersects(*rect)) {
            panic!("{relation:?}'s label at {rect:?} covers {c:?} at {glyph:?}");
        }
    }
}

/// Bug 15: a relation between the first and the last line of a long article
/// vanished once the view was between them, with neither end on screen.
#[test]
fn a_long_relation_is_drawn_while_the_view_is_between_its_ends() {
    let text = "Alpha line of the article.\n".repeat(300);
    let len = text.chars().count();
    let document = serde_json::json!({
        "text": text,
        "spans": [
            {"id": 1, "start": 0, "end": 5, "label": "ACTOR"},
            {"id": 2, "start": len - 27, "end": len - 22, "label": "ACTOR"},
        ],
        "relations": [{"id": 1, "from": 1, "to": 2, "label": "participant"}],
    });
    let mut harness = harness(app_with(&document), [1400.0, 900.0]);
    let relation = harness.state().session().open().unwrap().relations[0].id;
    let seen = |harness: &Harness<'_, GlossatorApp>| {
        harness
            .state()
            .article()
            .relation_label_rect(relation)
            .filter(|rect| (0.0..900.0).contains(&rect.center().y))
    };
    assert!(
        seen(&harness).is_some(),
        "drawn at the top, where it starts"
    );
    harness.state_mut().article_state_mut().scroll_to(len / 2);
    for _ in 0..3 {
        harness.run();
    }
    assert!(
        harness.state().article().screen_pos(0).unwrap().y < -1000.0,
        "the view is in the middle"
    );
    assert!(
        seen(&harness).is_some(),
        "the relation vanished between its ends"
    );
}
