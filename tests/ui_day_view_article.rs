//! The annotator's day (issue 16), the article: relations drawn from the real
//! window's frame (egui_kittest, no display) on the ceasefire sample with its
//! 13 gold relations, and a span's boundaries moved by key and by drag. Each
//! test failed before its fix.

mod common;

use std::path::Path;

use egui::{vec2, Key, Modifiers, Rect};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use glossator::formats::import_documents;
use glossator::formats::jsonl::parse_jsonl;
use glossator::session::{Edit, Session};
use glossator::store::Store;
use glossator::ui::action::Action;
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
    let label = seen(&harness).expect("the relation vanished between its ends");
    let article = harness
        .get_by_label(glossator::ui::article::ARTICLE_LABEL)
        .rect();
    assert!(label.left() >= article.left(), "{label:?} is cut off");
}

/// "The talks in Doha, Qatar ended." with "talks" (4..9) an EVENT, "Doha"
/// (13..17) an ACTOR, a relation between them and an attribute on "talks".
fn talks() -> serde_json::Value {
    serde_json::json!({
        "text": "The talks in Doha, Qatar ended.",
        "spans": [
            {"id": 1, "start": 4, "end": 9, "label": "EVENT", "attributes": {"realis": "planned"}},
            {"id": 2, "start": 13, "end": 17, "label": "ACTOR"},
        ],
        "relations": [{"id": 1, "from": 1, "to": 2, "label": "participant"}],
    })
}

/// The first span's range, attributes and the relations there are.
fn talks_span(harness: &Harness<'_, GlossatorApp>) -> ((usize, usize), String, usize) {
    let open = harness.state().session().open().unwrap();
    let span = &open.spans[0];
    (
        (span.start_char(), span.end_char()),
        format!("{:?}", span.data.attributes),
        open.relations.len(),
    )
}

fn select_first_span(harness: &mut Harness<'_, GlossatorApp>) {
    let span = harness.state().session().open().unwrap().spans[0].id;
    harness.state_mut().apply_action(Action::SelectSpan {
        span: Some(span),
        scroll: false,
    });
    harness.run();
}

fn press(harness: &mut Harness<'_, GlossatorApp>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

/// Issue 16, adjusting boundaries: Shift+←/→ move a selected span's end,
/// Alt+Shift+←/→ its start, with Ctrl by word; each is one undo step and
/// the span keeps its label, attributes and relation.
#[test]
fn keys_move_a_selected_spans_edges_one_undo_step_each() {
    let mut harness = harness(app_with(&talks()), [1200.0, 700.0]);
    let (range, attributes, relations) = talks_span(&harness);
    assert_eq!((range, relations), ((4, 9), 1));
    select_first_span(&mut harness);
    let shift = Modifiers::SHIFT;
    let alt_shift = Modifiers::ALT | Modifiers::SHIFT;
    let steps = [
        (shift, Key::ArrowRight, (4, 10)),
        (shift, Key::ArrowLeft, (4, 9)),
        (Modifiers::CTRL | shift, Key::ArrowRight, (4, 12)),
        (alt_shift, Key::ArrowLeft, (3, 12)),
        (Modifiers::CTRL | alt_shift, Key::ArrowRight, (4, 12)),
        (Modifiers::CTRL | shift, Key::ArrowLeft, (4, 9)),
    ];
    for (modifiers, key, expected) in steps {
        press(&mut harness, modifiers, key);
        assert_eq!(
            talks_span(&harness),
            (expected, attributes.clone(), 1),
            "after {modifiers:?}+{key:?}"
        );
        assert!(harness.state().article_state().selected_span().is_some());
    }
    // The end never passes the start: a one-letter span stays one letter.
    for _ in 0..8 {
        press(&mut harness, shift, Key::ArrowLeft);
    }
    assert_eq!(talks_span(&harness).0, (4, 5));
    for _ in 0..4 {
        harness.state_mut().apply_action(Action::Edit(Edit::Undo));
    }
    harness.run();
    assert_eq!(talks_span(&harness).0, (4, 9), "four moves, four undos");
    harness.state_mut().apply_action(Action::Edit(Edit::Undo));
    assert_eq!(talks_span(&harness).0, (4, 12), "each undo is one move");

    // Without a selected span, Shift+→ still extends a text selection.
    harness.state_mut().apply_action(Action::SelectSpan {
        span: None,
        scroll: false,
    });
    harness.state_mut().article_state_mut().collapse_to(0);
    harness.run();
    press(&mut harness, shift, Key::ArrowRight);
    assert_eq!(
        harness.state().article_state().selected_range(),
        Some((0, 1))
    );
}

/// Dragging a selected span's edge moves that edge (one undo step), keeping
/// the span's relation and attributes.
#[test]
fn dragging_a_selected_spans_edge_moves_it() {
    let mut harness = harness(app_with(&talks()), [1200.0, 700.0]);
    let (_, attributes, _) = talks_span(&harness);
    select_first_span(&mut harness);
    drag(&mut harness, 9, 12);
    assert_eq!(talks_span(&harness), ((4, 12), attributes.clone(), 1));
    drag(&mut harness, 4, 10);
    assert_eq!(talks_span(&harness), ((10, 12), attributes, 1));
    harness.state_mut().apply_action(Action::Edit(Edit::Undo));
    harness.run();
    assert_eq!(talks_span(&harness).0, (4, 12));
}

/// A mouse drag from the boundary at `from` to the one at `to`.
fn drag(harness: &mut Harness<'_, GlossatorApp>, from: usize, to: usize) {
    let start = harness.state().article().screen_pos(from).unwrap() - vec2(1.0, 0.0);
    let end = harness.state().article().screen_pos(to).unwrap() - vec2(1.0, 0.0);
    harness.hover_at(start);
    harness.run();
    harness.drag_at(start);
    harness.run();
    for step in 1..=4 {
        harness.hover_at(start + (end - start) * (step as f32 / 4.0));
        harness.run();
    }
    harness.drop_at(end);
    harness.run();
}

/// Issue 16: the relation type picker opened over the middle of the screen,
/// covering the spans it was about to link. It goes beside them.
#[test]
fn the_relation_type_picker_covers_neither_span() {
    let text = format!(
        "{}talks in Doha{}",
        "Some words. ".repeat(6),
        " and more".repeat(40)
    );
    let start = text.find("talks").unwrap();
    let document = serde_json::json!({
        "text": text,
        "spans": [
            {"id": 1, "start": start, "end": start + 5, "label": "EVENT"},
            {"id": 2, "start": start + 9, "end": start + 13, "label": "ACTOR"},
        ],
    });
    let mut harness = harness(app_with(&document), [1200.0, 700.0]);
    let open = harness.state().session().open().unwrap();
    let (from, to) = (open.spans[0].id, open.spans[1].id);
    harness
        .state_mut()
        .apply_action(Action::PickRelationType { from, to });
    for _ in 0..3 {
        harness.run();
    }
    assert_eq!(harness.state().article_state().picking(), Some((from, to)));
    let picker = [
        "Relation type",
        "Relation type agent",
        "Relation type place",
    ]
    .iter()
    .map(|name| harness.get_by_label(name).rect())
    .reduce(|a, b| a.union(b))
    .unwrap();
    let open = harness.state().session().open().unwrap();
    for span in [from, to] {
        let rects = harness.state().article().span_screen_rects(open, span);
        assert!(!rects.is_empty());
        for rect in rects {
            assert!(
                !rect.intersects(picker),
                "the picker {picker:?} covers {rect:?}"
            );
        }
    }
}
