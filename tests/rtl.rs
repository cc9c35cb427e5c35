//! Right-to-left and mixed-direction articles (issue 21), driven like
//! tests/ui.rs (egui_kittest, no display) on the Urdu and Arabic samples in
//! assets/samples, with the Noto Arabic and Hebrew faces from tests/data/fonts
//! (what the app takes from the system).

mod common;

use std::path::Path;
use std::sync::Arc;

use egui::{FontData, FontDefinitions, Key, Modifiers, Pos2, Rect};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use glossator::formats::{import_documents, ImportDocument, Location, ParsedInput};
use glossator::model::TextDirection;
use glossator::session::Session;
use glossator::store::{OpenMode, Reader, Store};
use glossator::ui::action::Action;
use glossator::ui::panels::inspector::span_row_label;
use glossator::ui::settings::Settings;
use glossator::ui::GlossatorApp;

fn repo_file(relative: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn sample_text(name: &str) -> String {
    std::fs::read_to_string(repo_file(&format!("assets/samples/{name}"))).unwrap()
}

fn store_with(store: &mut Store, title: &str, text: &str) {
    let mut document = ImportDocument::plain(Location::file(Path::new("rtl.txt")), text.into());
    document.title = Some(title.into());
    import_documents(
        store,
        ParsedInput {
            documents: vec![document],
            ..ParsedInput::default()
        },
    )
    .unwrap();
}

fn app_with(title: &str, text: &str) -> GlossatorApp {
    let mut store = Store::in_memory().unwrap();
    store_with(&mut store, title, text);
    GlossatorApp::new(
        &egui::Context::default(),
        Session::new(store).unwrap(),
        Settings::default(),
    )
}

/// The app's fonts as on a system with fonts-noto-core: Arabic and Hebrew
/// after egui's own.
fn rtl_fonts() -> FontDefinitions {
    let mut definitions = FontDefinitions::default();
    for name in ["NotoSansArabic-Regular.ttf", "NotoSansHebrew-Regular.ttf"] {
        let bytes = std::fs::read(repo_file(&format!("tests/data/fonts/{name}"))).unwrap();
        definitions
            .font_data
            .insert(name.into(), Arc::new(FontData::from_owned(bytes)));
        for chain in definitions.families.values_mut() {
            chain.push(name.into());
        }
    }
    definitions
}

fn harness(app: GlossatorApp) -> Harness<'static, GlossatorApp> {
    let mut harness = Harness::builder()
        .with_size([1400.0, 900.0])
        .with_step_dt(1.0 / 60.0)
        // The first frame is drawn before the fonts below are in; after
        // that, a character no font has fails the test.
        .allow_missing_glyphs()
        .build_ui_state(|ui, app: &mut GlossatorApp| app.ui_main(ui), app);
    harness.ctx.set_fonts(rtl_fonts());
    harness
        .ctx
        .set_missing_glyph_policy(egui::MissingGlyphPolicy::Panic);
    harness.run();
    harness.run();
    harness
}

/// Code point offsets of the `nth` (1-based) occurrence of `word`.
fn find(text: &str, word: &str, nth: usize) -> (usize, usize) {
    let mut from = 0;
    let mut byte = 0;
    for _ in 0..nth {
        byte = from + text[from..].find(word).unwrap();
        from = byte + word.len();
    }
    let start = text[..byte].chars().count();
    (start, start + word.chars().count())
}

fn rects(harness: &Harness<'_, GlossatorApp>, (start, end): (usize, usize)) -> Vec<Rect> {
    harness.state().article().screen_rects(start, end)
}

fn double_click(harness: &mut Harness<'_, GlossatorApp>, at: Pos2) {
    for _ in 0..2 {
        harness.hover_at(at);
        harness.run();
        harness.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed: true,
            modifiers: Modifiers::NONE,
        });
        harness.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed: false,
            modifiers: Modifiers::NONE,
        });
        harness.run();
    }
}

fn stored_spans(harness: &Harness<'_, GlossatorApp>) -> Vec<(usize, usize, String)> {
    let session = harness.state().session();
    let open = session.open().unwrap();
    open.spans
        .iter()
        .map(|s| {
            (
                s.start_char(),
                s.end_char(),
                session.schema().label_name(s.label_id()).to_string(),
            )
        })
        .collect()
}

/// Issue 21: in an Urdu line the words run right to left on screen; a
/// double click where "افغانستان" is drawn selects its code points, a label
/// key tags them, and the span list shows that word.
#[test]
fn double_clicking_a_word_in_an_urdu_line_selects_and_tags_it() {
    let text = sample_text("doha-talks-urdu.txt");
    let mut harness = harness(app_with("Urdu", &text));
    let pakistan = find(&text, "پاکستان", 1);
    let and = find(&text, "اور", 1);
    let afghanistan = find(&text, "افغانستان", 1);
    let (p, a, f) = (
        rects(&harness, pakistan),
        rects(&harness, and),
        rects(&harness, afghanistan),
    );
    assert_eq!((p.len(), a.len(), f.len()), (1, 1, 1), "one box each");
    // "پاکستان اور افغانستان" reads right to left.
    assert!(f[0].right() < a[0].left() && a[0].right() < p[0].left());
    assert!((p[0].center().y - f[0].center().y).abs() < 1.0, "one row");

    double_click(&mut harness, f[0].center());
    assert_eq!(
        harness.state().article_state().selected_range(),
        Some(afghanistan)
    );
    harness.key_press_modifiers(Modifiers::NONE, Key::Num2);
    harness.run();
    assert_eq!(
        stored_spans(&harness),
        vec![(afghanistan.0, afghanistan.1, "ACTOR".into())]
    );
    harness.get_by_label(&span_row_label("ACTOR", "افغانستان"));
}

/// The right-to-left paragraphs of the samples end at the right edge of the
/// text column; a title line in Latin letters stays on the left.
#[test]
fn right_to_left_paragraphs_are_right_aligned() {
    let text = sample_text("doha-talks-arabic.txt");
    let harness = harness(app_with("Arabic", &text));
    let title = find(&text, "محادثات في الدوحة", 1);
    let first_word = rects(&harness, (title.0, title.0 + "محادثات".chars().count()));
    let whole = rects(&harness, title);
    assert_eq!(whole.len(), 1);
    // The first word of the title is its rightmost.
    assert!((first_word[0].right() - whole[0].right()).abs() < 0.5);
    let body = find(&text, "الدوحة، 12 نوفمبر", 1);
    let body_first = rects(&harness, (body.0, body.0 + 1));
    assert!(
        (body_first[0].right() - whole[0].right()).abs() < 1.0,
        "both paragraphs end at the right edge: {body_first:?} {whole:?}"
    );
}

/// A range crossing a direction change is several boxes: in "المتحدة UN
/// Secretariat" inside Arabic, the Latin run reads left to right, so
/// "Secretariat" stands between "المتحدة" and "UN" on screen.
#[test]
fn a_span_across_a_direction_change_has_several_boxes() {
    let text = "وأكّد ممثل الأمم المتحدة UN Secretariat أن الاتفاق صامد.";
    let harness = harness(app_with("Mixed", text));
    let word = rects(&harness, find(text, "المتحدة", 1));
    let un = rects(&harness, find(text, "UN", 1));
    let secretariat = rects(&harness, find(text, "Secretariat", 1));
    assert!(
        un[0].right() < secretariat[0].left(),
        "Latin reads left to right"
    );
    assert!(
        secretariat[0].right() < word[0].left(),
        "left of the Arabic before it"
    );
    let boxes = rects(&harness, find(text, "المتحدة UN", 1));
    assert_eq!(boxes.len(), 2, "{boxes:?}");
    // The first box holds the span's start; none covers "Secretariat".
    assert!(boxes[0].contains(word[0].center()));
    assert!(boxes[1].contains(un[0].center()));
    assert!(!boxes.iter().any(|b| b.contains(secretariat[0].center())));
}

/// View › Text direction: forced right to left, a Latin paragraph is
/// right-aligned with its first word on the right of the row … and the
/// choice is kept in the project for that document.
#[test]
fn the_text_direction_override_is_drawn_and_kept_in_the_project() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("direction.sqlite");
    let text = "Kabul said talks resume.";
    {
        let (mut store, _) = Store::open(&path, OpenMode::CreateIfMissing).unwrap();
        store_with(&mut store, "Latin", text);
    }
    let app = GlossatorApp::new(
        &egui::Context::default(),
        Session::new(Store::open(&path, OpenMode::Existing).unwrap().0).unwrap(),
        Settings::default(),
    );
    let mut harness = harness(app);
    let kabul = rects(&harness, find(text, "Kabul", 1));
    let resume = rects(&harness, find(text, "resume", 1));
    assert!(
        kabul[0].left() < resume[0].left(),
        "automatic: left to right"
    );
    harness
        .state_mut()
        .apply_action(Action::SetTextDirection(TextDirection::RightToLeft));
    harness.run();
    harness.run();
    let kabul = rects(&harness, find(text, "Kabul", 1));
    let resume = rects(&harness, find(text, "resume", 1));
    let period = rects(&harness, (text.len() - 1, text.len()));
    // Latin words inside a right-to-left paragraph keep their order; the
    // final period (neutral, at the paragraph's level) goes to the left.
    assert!(kabul[0].left() < resume[0].left());
    assert!(
        period[0].right() <= kabul[0].left() + 0.5,
        "{period:?} {kabul:?}"
    );
    drop(harness);

    let (store, _) = Store::open(&path, OpenMode::Existing).unwrap();
    let document = store.document_summaries("unknown").unwrap()[0].id;
    let session = {
        let mut session = Session::new(store).unwrap();
        session.open_document(document).unwrap();
        session
    };
    assert_eq!(
        session.open().unwrap().direction,
        TextDirection::RightToLeft
    );
}

/// ←/→ move on screen: in Urdu, → goes back in logical order and ← forward;
/// Shift extends. (In left-to-right text nothing changes: tests/ui.rs.)
#[test]
fn arrows_move_visually_in_right_to_left_text() {
    let text = sample_text("doha-talks-urdu.txt");
    let mut harness = harness(app_with("Urdu", &text));
    let (start, _) = find(&text, "افغانستان", 1);
    let press = |harness: &mut Harness<'_, GlossatorApp>, modifiers, key| {
        harness.key_press_modifiers(modifiers, key);
        harness.run();
    };
    let caret_x = |harness: &Harness<'_, GlossatorApp>| {
        harness
            .state()
            .article()
            .screen_pos(harness.state().article_state().caret())
    };
    harness
        .state_mut()
        .article_state_mut()
        .collapse_to(start + 2);
    harness.run();
    let before = caret_x(&harness).unwrap().x;
    press(&mut harness, Modifiers::NONE, Key::ArrowLeft);
    assert_eq!(harness.state().article_state().caret(), start + 3);
    assert!(caret_x(&harness).unwrap().x < before, "the caret went left");
    press(&mut harness, Modifiers::NONE, Key::ArrowRight);
    press(&mut harness, Modifiers::NONE, Key::ArrowRight);
    assert_eq!(harness.state().article_state().caret(), start + 1);
    press(&mut harness, Modifiers::SHIFT, Key::ArrowLeft);
    press(&mut harness, Modifiers::SHIFT, Key::ArrowLeft);
    assert_eq!(
        harness.state().article_state().selected_range(),
        Some((start + 1, start + 3))
    );
}

/// Without the Arabic font, the status line says what to install instead
/// of leaving the user with boxes.
#[test]
fn a_document_with_letters_no_font_has_names_the_font_to_install() {
    let text = sample_text("doha-talks-urdu.txt");
    let mut harness = Harness::builder()
        .with_size([1400.0, 900.0])
        .allow_missing_glyphs()
        .build_ui_state(
            |ui, app: &mut GlossatorApp| app.ui_main(ui),
            app_with("Urdu", &text),
        );
    harness.run();
    harness.get_by_label_contains(
        "they show as boxes. Install Noto Sans Arabic (Debian/Ubuntu: fonts-noto-core)",
    );
}

/// Found in a hands-on check: Shift+→ on a span in an Urdu line grew its end
/// (logically forward), which is leftwards on screen. As the caret does,
/// the boundary keys move on screen: → in right-to-left text goes back.
#[test]
fn span_boundary_keys_move_on_screen_in_right_to_left_text() {
    let text = sample_text("doha-talks-urdu.txt");
    let mut harness = harness(app_with("Urdu", &text));
    let afghanistan = find(&text, "افغانستان", 1);
    let f = rects(&harness, afghanistan);
    double_click(&mut harness, f[0].center());
    harness.key_press_modifiers(Modifiers::NONE, Key::Num2);
    harness.run();
    let span = harness.state().session().open().unwrap().spans[0].id;
    harness
        .state_mut()
        .article_state_mut()
        .select_span(Some(span), None, false);
    harness.run();
    // Shift+→: the end moves right on screen, which is back in the text.
    harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    harness.run();
    assert_eq!(
        stored_spans(&harness),
        vec![(afghanistan.0, afghanistan.1 - 1, "ACTOR".into())]
    );
    // Shift+←: leftwards on screen, on through the text.
    harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowLeft);
    harness.run();
    harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowLeft);
    harness.run();
    assert_eq!(
        stored_spans(&harness),
        vec![(afghanistan.0, afghanistan.1 + 1, "ACTOR".into())]
    );
}
