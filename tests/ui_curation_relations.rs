//! Issue 19, relation candidates by key in the curation view: once both
//! ends of a relation are in gold, Tab reaches it (right after the span
//! candidates at its later end), the article draws its arc and the bar
//! names it with its voters; A accepts it into gold (curator provenance, the
//! voters), X rejects it for good, 1–9 accept it as the type the relation
//! picker numbers so; each undoes and redoes, and all of it is in the
//! project (tests/data/handmade/curation-relations/relations.jsonl).

mod common;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use glossator::curate::CandidateState;
use glossator::model::{DocumentId, LabelKind, Origin, RelationKey, SpanKey, Verdict, GOLD_LAYER};
use glossator::session::Session;
use glossator::store::{CurationReads as _, LayerReads as _};
use glossator::ui::curation::Stop;
use glossator::ui::GlossatorApp;

use common::curation_ui::{app_as_ana, imported, press, start_curating};
use common::*;

/// r1 "Rebels attacked the town and police arrested two men".
const REBELS: (usize, usize) = (0, 6);
const ATTACKED: (usize, usize) = (7, 15);
const POLICE: (usize, usize) = (29, 35);
const ARRESTED: (usize, usize) = (36, 44);

fn project(dir: &std::path::Path) -> std::path::PathBuf {
    imported(dir, "curation-relations/relations.jsonl")
}

/// The app on `project` as ana, with r1 open (the bar's arrow, →, comes
/// from the system's fonts in the app).
fn harness(project: &std::path::Path) -> Harness<'static, GlossatorApp> {
    app_as_ana(project, true)
}

/// Curation mode on r1, its four spans (all agree) accepted with Ctrl+A:
/// the four relation candidates now have both ends in gold.
fn curate_spans(harness: &mut Harness<'_, GlossatorApp>) {
    start_curating(harness);
    assert!(
        harness.state().curation_relations().is_empty(),
        "no relation candidate before its ends are in gold"
    );
    assert_eq!(harness.state().curation_undecided(), 4);
    press(harness, Modifiers::COMMAND, Key::A);
    assert_eq!(harness.state().curation_relations().len(), 4);
    assert_eq!(harness.state().curation_undecided(), 4);
}

fn open_id(harness: &Harness<'_, GlossatorApp>) -> DocumentId {
    harness.state().session().open_id().unwrap()
}

fn label(
    harness: &Harness<'_, GlossatorApp>,
    kind: LabelKind,
    name: &str,
) -> glossator::model::LabelId {
    harness
        .state()
        .session()
        .schema()
        .label_by_name(kind, name)
        .unwrap()
        .id
}

fn end(harness: &Harness<'_, GlossatorApp>, range: (usize, usize), name: &str) -> SpanKey {
    SpanKey {
        start_char: range.0,
        end_char: range.1,
        label: label(harness, LabelKind::Span, name),
    }
}

/// The relation candidate `name` from the EVENT at `from` to the ACTOR at `to`.
fn relation(
    harness: &Harness<'_, GlossatorApp>,
    name: &str,
    from: (usize, usize),
    to: (usize, usize),
) -> RelationKey {
    RelationKey {
        label: label(harness, LabelKind::Relation, name),
        from: end(harness, from, "EVENT"),
        to: end(harness, to, "ACTOR"),
    }
}

fn state_of(harness: &Harness<'_, GlossatorApp>, key: RelationKey) -> CandidateState {
    harness
        .state()
        .curation_relations()
        .iter()
        .find(|c| c.key == key)
        .unwrap()
        .state
}

/// Gold's relations of the open document, as (type, from start, to start).
fn gold_relations(harness: &Harness<'_, GlossatorApp>) -> Vec<(String, usize, usize)> {
    gold_relations_in(harness.state().session(), open_id(harness))
}

fn gold_relations_in(session: &Session, document: DocumentId) -> Vec<(String, usize, usize)> {
    let store = session.store();
    let spans = store.layer_spans_of(document, GOLD_LAYER).unwrap();
    let start = |id| spans.iter().find(|s| s.id == id).unwrap().start_char();
    let mut relations: Vec<_> = store
        .layer_relations_of(document, GOLD_LAYER)
        .unwrap()
        .into_iter()
        .map(|r| {
            (
                session.schema().label_name(r.data.label_id).to_string(),
                start(r.data.from_span),
                start(r.data.to_span),
            )
        })
        .collect();
    relations.sort();
    relations
}

fn gold(name: &str, from: (usize, usize), to: (usize, usize)) -> (String, usize, usize) {
    (name.to_string(), from.0, to.0)
}

/// The provenance and note of gold's first relation in the open document.
fn first_gold_relation(
    harness: &Harness<'_, GlossatorApp>,
) -> (glossator::model::Provenance, String) {
    let store = harness.state().session().store();
    let relation = store
        .layer_relations_of(open_id(harness), GOLD_LAYER)
        .unwrap()
        .remove(0);
    let provenance = store.relation_provenance(relation.id).unwrap().unwrap();
    (provenance, relation.data.note)
}

fn decision(harness: &Harness<'_, GlossatorApp>, key: RelationKey) -> Option<Verdict> {
    let store = harness.state().session().store();
    store
        .relation_decision(open_id(harness), key)
        .unwrap()
        .map(|d| d.verdict)
}

/// Tab until the curation keys act on `stop` (at most once round).
fn tab_to(harness: &mut Harness<'_, GlossatorApp>, stop: Stop) {
    for _ in 0..12 {
        if harness.state().curation_target() == Some(stop) {
            return;
        }
        press(harness, Modifiers::NONE, Key::Tab);
    }
    panic!("Tab never reached {stop:?}");
}

#[test]
fn tab_reaches_a_relation_candidate_and_a_accepts_it_into_gold() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&project(dir.path()));
    curate_spans(&mut harness);
    let agent = relation(&harness, "agent", ATTACKED, REBELS);
    assert_eq!(state_of(&harness, agent), CandidateState::AllAgree);

    // In text order: the first stop is the relation whose later end is
    // "attacked"; nothing is selected, so no key tags text.
    press(&mut harness, Modifiers::NONE, Key::Tab);
    assert_eq!(
        harness.state().curation_target(),
        Some(Stop::Relation(agent))
    );
    assert_eq!(harness.state().article_state().selected_range(), None);
    // The article draws its arc, current; the bar names it and its voters.
    let arcs = harness.state().curation_arcs();
    assert_eq!(arcs.len(), 4);
    assert_eq!(arcs.iter().filter(|a| a.current).count(), 1);
    let current = arcs.iter().find(|a| a.current).unwrap();
    assert_eq!(current.label, agent.label);
    assert!(!current.struck);
    assert!(harness
        .query_by_label_contains(
            "1 of 4 undecided · relation agent: EVENT “attacked” → ACTOR “Rebels” · all agree · voted by ana, ben, cy (3 of 3 finished)"
        )
        .is_some());

    press(&mut harness, Modifiers::NONE, Key::A);
    assert_eq!(gold_relations(&harness), [gold("agent", ATTACKED, REBELS)]);
    assert_eq!(state_of(&harness, agent), CandidateState::Accepted);
    assert_eq!(decision(&harness, agent), Some(Verdict::Accepted));
    let (provenance, note) = first_gold_relation(&harness);
    assert_eq!(provenance.origin, Origin::Curator);
    assert_eq!(provenance.voters, ["ana", "ben", "cy"]);
    assert_eq!(note, "ana: the rebels did it");
    assert_eq!(harness.state().curation_undecided(), 3);
    // On to the next undecided one: attacked → police.
    let next = relation(&harness, "agent", ATTACKED, POLICE);
    assert_eq!(
        harness.state().curation_target(),
        Some(Stop::Relation(next))
    );
    assert_eq!(state_of(&harness, next), CandidateState::Disagree);
}

#[test]
fn x_rejects_a_relation_candidate_for_good() {
    let dir = tempfile::tempdir().unwrap();
    let project = project(dir.path());
    let mut harness = harness(&project);
    curate_spans(&mut harness);
    let lone = relation(&harness, "agent", ARRESTED, POLICE);
    tab_to(&mut harness, Stop::Relation(lone));
    assert_eq!(state_of(&harness, lone), CandidateState::OnlyOne);
    press(&mut harness, Modifiers::NONE, Key::X);
    assert_eq!(state_of(&harness, lone), CandidateState::Rejected);
    assert_eq!(decision(&harness, lone), Some(Verdict::Rejected));
    assert!(gold_relations(&harness).is_empty());
    assert_eq!(harness.state().curation_undecided(), 3);
    // Drawn grey and struck through; Tab never comes back to it.
    let struck: Vec<_> = harness
        .state()
        .curation_arcs()
        .into_iter()
        .filter(|a| a.struck)
        .collect();
    assert_eq!(struck.len(), 1);
    assert_eq!(struck[0].label, lone.label);
    for _ in 0..8 {
        press(&mut harness, Modifiers::NONE, Key::Tab);
        assert_ne!(
            harness.state().curation_target(),
            Some(Stop::Relation(lone))
        );
    }
    // Stored: a strategy run that would accept it (incomplete: no one
    // objects) keeps it out.
    harness.state_mut().close_project();
    drop(harness);
    ok(glossator(&[
        &"curate",
        &project,
        &"--strategy",
        &"incomplete",
    ]));
    let reopened = Session::open_project(&project).unwrap();
    let document = reopened.documents()[0].id;
    let relations = gold_relations_in(&reopened, document);
    assert!(
        relations.contains(&gold("agent", ATTACKED, REBELS)),
        "{relations:?}"
    );
    assert!(
        !relations.contains(&gold("agent", ARRESTED, POLICE)),
        "{relations:?}"
    );
    let kept = reopened.store().relation_decision(document, lone).unwrap();
    assert_eq!(kept.map(|d| d.verdict), Some(Verdict::Rejected));
}

/// 2 is `target`'s number in the relation picker between an EVENT and an
/// ACTOR (agent, target, participant, …): the candidate goes into gold as
/// a target, and the agent candidate there is recorded as rejected.
#[test]
fn a_number_key_accepts_a_relation_candidate_as_that_type() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&project(dir.path()));
    curate_spans(&mut harness);
    let agent = relation(&harness, "agent", ATTACKED, POLICE);
    let target = relation(&harness, "target", ATTACKED, POLICE);
    tab_to(&mut harness, Stop::Relation(agent));
    press(&mut harness, Modifiers::NONE, Key::Num2);
    assert_eq!(gold_relations(&harness), [gold("target", ATTACKED, POLICE)]);
    assert_eq!(state_of(&harness, target), CandidateState::Accepted);
    assert_eq!(state_of(&harness, agent), CandidateState::Rejected);
    assert_eq!(decision(&harness, agent), Some(Verdict::Rejected));
    assert_eq!(decision(&harness, target), Some(Verdict::Accepted));
    // Not a span: no gold span was tagged as ACTOR (2 is ACTOR's key).
    let spans = harness
        .state()
        .session()
        .store()
        .layer_spans_of(open_id(&harness), GOLD_LAYER)
        .unwrap();
    assert_eq!(spans.len(), 4);
    // agent and target there are decided: two of four left.
    assert_eq!(harness.state().curation_undecided(), 2);
}

#[test]
fn undo_and_redo_restore_gold_and_the_decisions() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&project(dir.path()));
    curate_spans(&mut harness);
    let agent = relation(&harness, "agent", ATTACKED, POLICE);
    let target = relation(&harness, "target", ATTACKED, POLICE);
    tab_to(&mut harness, Stop::Relation(agent));
    press(&mut harness, Modifiers::NONE, Key::Num2);
    let lone = relation(&harness, "agent", ARRESTED, POLICE);
    tab_to(&mut harness, Stop::Relation(lone));
    press(&mut harness, Modifiers::NONE, Key::X);
    assert_eq!(harness.state().curation_undecided(), 1);

    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(decision(&harness, lone), None);
    assert_eq!(state_of(&harness, lone), CandidateState::OnlyOne);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert!(gold_relations(&harness).is_empty());
    assert_eq!(decision(&harness, agent), None);
    assert_eq!(decision(&harness, target), None);
    assert_eq!(state_of(&harness, agent), CandidateState::Disagree);
    assert_eq!(state_of(&harness, target), CandidateState::Disagree);
    assert_eq!(harness.state().curation_undecided(), 4);

    press(&mut harness, Modifiers::COMMAND, Key::Y);
    assert_eq!(gold_relations(&harness), [gold("target", ATTACKED, POLICE)]);
    assert_eq!(decision(&harness, agent), Some(Verdict::Rejected));
    let (provenance, _) = first_gold_relation(&harness);
    assert_eq!(provenance.origin, Origin::Curator);
    assert_eq!(
        provenance.voters,
        ["cy"],
        "the voters of the candidate accepted"
    );
    press(&mut harness, Modifiers::COMMAND, Key::Y);
    assert_eq!(state_of(&harness, lone), CandidateState::Rejected);
    assert_eq!(harness.state().curation_undecided(), 1);

    // What the view follows edit by edit equals a fresh read.
    let followed = harness.state().session().curation().unwrap().clone();
    let project = harness.state().session().location().unwrap();
    let mut fresh = Session::open_project(&project).unwrap();
    fresh.set_annotator(Some(GOLD_LAYER.into())).unwrap();
    fresh.open_document(open_id(&harness)).unwrap();
    fresh.load_curation().unwrap();
    assert_eq!(followed.candidates, fresh.curation().unwrap().candidates);
}

/// Decisions are in the project: a new window shows them, and Tab goes to
/// what is still open.
#[test]
fn relation_decisions_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let project = project(dir.path());
    let (agent, lone);
    {
        let mut harness = harness(&project);
        curate_spans(&mut harness);
        agent = relation(&harness, "agent", ATTACKED, REBELS);
        lone = relation(&harness, "agent", ARRESTED, POLICE);
        tab_to(&mut harness, Stop::Relation(agent));
        press(&mut harness, Modifiers::NONE, Key::A);
        tab_to(&mut harness, Stop::Relation(lone));
        press(&mut harness, Modifiers::NONE, Key::X);
        harness.state_mut().close_project();
    }
    let mut harness = harness(&project);
    start_curating(&mut harness);
    assert_eq!(gold_relations(&harness), [gold("agent", ATTACKED, REBELS)]);
    assert_eq!(state_of(&harness, agent), CandidateState::Accepted);
    assert_eq!(state_of(&harness, lone), CandidateState::Rejected);
    assert_eq!(harness.state().curation_undecided(), 2);
    press(&mut harness, Modifiers::NONE, Key::Tab);
    assert_eq!(
        harness.state().curation_target(),
        Some(Stop::Relation(relation(
            &harness, "agent", ATTACKED, POLICE
        )))
    );
}

/// Ctrl+A accepted the spans all agree on and said how many relations they
/// all agree on are waiting; Ctrl+A again accepts those, one undo step.
#[test]
fn ctrl_a_again_accepts_the_relations_all_agree_on() {
    let dir = tempfile::tempdir().unwrap();
    let project = project(dir.path());
    let mut harness = harness(&project);
    curate_spans(&mut harness);
    let glossator::ui::panels::status::Message::Info(said) = harness.state().message() else {
        panic!("{:?}", harness.state().message());
    };
    assert!(said.contains("Ctrl+A again accepts"), "{said}");
    let agreed = harness
        .state()
        .curation_relations()
        .iter()
        .filter(|c| c.state == CandidateState::AllAgree)
        .count();
    assert!(
        agreed > 0 && said.contains(&format!("the {agreed} relation")),
        "{said}"
    );
    press(&mut harness, Modifiers::COMMAND, Key::A);
    let accepted = harness
        .state()
        .curation_relations()
        .iter()
        .filter(|c| c.state == CandidateState::Accepted)
        .count();
    assert_eq!(accepted, agreed);
    assert_eq!(gold_relations(&harness).len(), agreed);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert!(
        gold_relations(&harness).is_empty(),
        "one undo step takes them all back"
    );
}
