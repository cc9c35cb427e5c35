//! The report on small inputs whose every number is worked out by hand below.

use super::*;
use crate::agreement::input::{AttributeKey, InputLayer, InputRelation, InputSpan};
use crate::model::{Attributes, DocumentId};

const EVENT: u32 = 0;
const ACTOR: u32 = 1;
const ANA: u32 = 0;
const BEN: u32 = 1;
const CY: u32 = 2;

fn span(start: u32, end: u32, label: u32) -> InputSpan {
    InputSpan {
        start,
        end,
        label,
        attributes: Attributes::new(),
    }
}

fn event_of_type(start: u32, end: u32, kind: &str) -> InputSpan {
    let mut span = span(start, end, EVENT);
    span.attributes.insert("type".into(), kind.into());
    span
}

fn layer(annotator: u32, status: DocumentStatus, spans: Vec<InputSpan>) -> InputLayer {
    InputLayer {
        annotator,
        status,
        spans,
        relations: Vec::new(),
    }
}

/// agent from span 0 to span 1 of the layer.
fn with_agent(mut layer: InputLayer) -> InputLayer {
    layer.relations.push(InputRelation {
        label: 0,
        from: 0,
        to: 1,
    });
    layer
}

fn document(id: i64, external_id: &str, len_chars: u32, layers: Vec<InputLayer>) -> InputDocument {
    InputDocument {
        id: DocumentId(id),
        external_id: external_id.into(),
        len_chars,
        layers,
    }
}

/// d1 (20 chars, all done):
///   ana  EVENT[0,5) type=attack   ACTOR[6,10)             agent EVENT→ACTOR
///   ben  EVENT[0,5) type=attack   ACTOR[6,9)              agent EVENT→ACTOR
///   cy   EVENT[0,5) type=protest  ACTOR[6,10)  ACTOR[0,5) agent EVENT→ACTOR(6,10)
/// d2 (10 chars): ana done EVENT[2,4); ben done, nothing; cy in progress EVENT[2,4)
/// d3 (10 chars): only ana done: counted for nothing.
fn three_annotators() -> AgreementInput {
    use DocumentStatus::{Done, InProgress};
    AgreementInput {
        annotators: vec!["ana".into(), "ben".into(), "cy".into()],
        labels: vec!["EVENT".into(), "ACTOR".into()],
        relation_labels: vec!["agent".into()],
        attributes: vec![AttributeKey {
            label: EVENT,
            name: "type".into(),
        }],
        documents: vec![
            document(
                1,
                "d1",
                20,
                vec![
                    with_agent(layer(
                        ANA,
                        Done,
                        vec![event_of_type(0, 5, "attack"), span(6, 10, ACTOR)],
                    )),
                    with_agent(layer(
                        BEN,
                        Done,
                        vec![event_of_type(0, 5, "attack"), span(6, 9, ACTOR)],
                    )),
                    with_agent(layer(
                        CY,
                        Done,
                        vec![
                            event_of_type(0, 5, "protest"),
                            span(6, 10, ACTOR),
                            span(0, 5, ACTOR),
                        ],
                    )),
                ],
            ),
            document(
                2,
                "d2",
                10,
                vec![
                    layer(ANA, Done, vec![span(2, 4, EVENT)]),
                    layer(BEN, Done, vec![]),
                    layer(CY, InProgress, vec![span(2, 4, EVENT)]),
                ],
            ),
            document(3, "d3", 10, vec![layer(ANA, Done, vec![span(1, 3, EVENT)])]),
        ],
    }
}

fn report(input: &AgreementInput, options: &ReportOptions) -> AgreementReport {
    agreement_report(input, options, &mut |_, _| {}).expect("a valid input")
}

fn near(got: Option<f64>, want: f64) {
    let got = got.expect("a defined measure");
    assert!((got - want).abs() < 1e-9, "got {got}, want {want}");
}

/// Positions (E = EVENT, A = ACTOR, N = no span, - = missing), d1 then d2:
///   (d1,0,5)  E E E    cy's ACTOR[0,5) is stacked under her EVENT (EVENT comes first)
///   (d1,6,9)  N A N
///   (d1,6,10) A N A
///   (d2,2,4)  E N -    cy did not finish d2
#[test]
fn coding_measures_on_positions() {
    let got = report(&three_annotators(), &ReportOptions::default());
    assert_eq!(got.annotators, ["ana", "ben", "cy"]);
    assert_eq!(got.documents, 2);
    assert_eq!(got.spans.positions, 4);
    assert_eq!(got.spans.stacked, 1);
    // α: unequal pairs per unit / (m − 1): 0 + (9−5)/2 + (9−5)/2 + (4−2)/1 = 6;
    // totals E 4, N 4, A 3, n = 11, expected pairs 121 − 41 = 80;
    // α = 1 − (n − 1)·6/80 = 1 − 60/80.
    near(got.spans.krippendorff_alpha, 0.25);
    // Fleiss over the three complete units: P̄ = (Σn² − 9)/(9·2) = (9+5+5−9)/18 = 10/18,
    // P̄e = 3·(1/3)² = 1/3, κ = (10/18 − 1/3)/(2/3) = 1/3.
    near(got.spans.fleiss_kappa, 1.0 / 3.0);
    let kappa: Vec<Option<f64>> = got.spans.pairs.iter().map(|p| p.cohen_kappa).collect();
    // ana·ben: units (E,E) (N,A) (A,N) (E,N): agreed 1 of 4; margins ana E2 N1 A1,
    // ben E1 A1 N2: chance 2 + 2 + 1 = 5; κ = (1·4 − 5)/(16 − 5) = −1/11.
    near(kappa[0], -1.0 / 11.0);
    // ana·cy: (E,E) (A,A), (N,N) is nobody's unit and d2 is not cy's: κ = (4 − 2)/(4 − 2).
    near(kappa[1], 1.0);
    // ben·cy: (E,E) (A,N) (N,A): agreed 1 of 3, chance 3: κ = (3 − 3)/(9 − 3) = 0.
    near(kappa[2], 0.0);
}

/// ana·ben over d1 and d2: ana E(0,5) A(6,10) E(d2 2,4); ben E(0,5) A(6,9).
/// ana·cy and ben·cy over d1 only.
#[test]
fn f1_per_pair_and_label() {
    let got = report(&three_annotators(), &ReportOptions::default());
    let [ab, ac, bc] = &got.spans.pairs[..] else {
        panic!("three pairs")
    };
    assert_eq!(
        (ab.a.as_str(), ab.b.as_str(), ab.documents),
        ("ana", "ben", 2)
    );
    assert_eq!((ab.matched, ab.only_a, ab.only_b), (1, 2, 1));
    near(ab.f1_exact, 2.0 / 5.0); // 2·1 / (3 + 2)
    near(ab.f1_overlap, 0.8); // p = 2/3, r = 1: 2·(2/3)/(5/3)
    near(ab.by_label[0].f1_exact, 2.0 / 3.0); // EVENT: 2·1/(2 + 1)
    near(ab.by_label[0].f1_overlap, 2.0 / 3.0); // p = 1/2, r = 1
    near(ab.by_label[1].f1_exact, 0.0);
    near(ab.by_label[1].f1_overlap, 1.0);
    assert_eq!(
        (ac.matched, ac.only_a, ac.only_b, ac.documents),
        (2, 0, 1, 1)
    );
    near(ac.f1_exact, 0.8);
    near(ac.f1_overlap, 0.8); // p = 1, r = 2/3
    near(ac.by_label[1].f1_exact, 2.0 / 3.0);
    near(ac.by_label[1].f1_overlap, 2.0 / 3.0); // p = 1, r = 1/2
    assert_eq!((bc.matched, bc.only_a, bc.only_b), (1, 1, 2));
    near(bc.f1_exact, 0.4);
    near(bc.f1_overlap, 0.8);
    // Over pairs: the mean of the three pairs' values.
    let [event, actor] = &got.spans.by_label[..] else {
        panic!("two labels")
    };
    near(event.f1_exact, (2.0 / 3.0 + 1.0 + 1.0) / 3.0);
    near(actor.f1_exact, (0.0 + 2.0 / 3.0 + 0.0) / 3.0);
    near(event.f1_overlap, (2.0 / 3.0 + 1.0 + 1.0) / 3.0);
    near(actor.f1_overlap, (1.0 + 2.0 / 3.0 + 2.0 / 3.0) / 3.0);
}

/// αU on d1 alone (the only document all three finished), L = 20, R = 3.
#[test]
fn alpha_unitizing_overall_per_label_and_per_document() {
    let got = report(&three_annotators(), &ReportOptions::default());
    // ACTOR: ana [6,10), ben [6,9), cy [0,5) [6,10).
    //   Do: ana·ben 1² = 1; ana·cy: cy's [0,5) inside ana's gap [0,6): 25;
    //   ben·cy: 25 + 1 = 26; Do = 2·52/(3·2·20²) = 104/2400.
    //   De: gaps 6 10 | 6 11 | 1 10; units l = 4, 3, 5, 4 (N = 4):
    //   l=4: 3·28 + 16·(3+3+7+7+8) = 532 (twice); l=3: 3·10 + 9·33 = 327;
    //   l=5: 3·60 + 25·23 = 755; Σ = 2146; Σ l(l−1) = 50; De = 2·2146/(20·(60·59 − 50)).
    let actor_do = 104.0 / 2400.0;
    let actor_de = 2.0 * 2146.0 / (20.0 * 3490.0);
    // EVENT: three equal units [0,5): Do = 0; each 2·60/3·... = 2·20 + 25·3·11 = 945;
    //   De = 2·2835/(20·(60·59 − 60)).
    let event_de = 2.0 * 2835.0 / (20.0 * 3480.0);
    near(got.spans.by_label[0].alpha_unitizing, 1.0);
    near(
        got.spans.by_label[1].alpha_unitizing,
        1.0 - actor_do / actor_de,
    );
    let overall = 1.0 - (actor_do / 2.0) / ((actor_de + event_de) / 2.0);
    near(got.spans.alpha_unitizing, overall);
    assert_eq!(got.spans.skipped_overlaps, 0);
    // by_document, worst first: d2 (ana·ben F1 0) then d1 (mean of 0.5, 0.8, 0.4).
    let order: Vec<&str> = got
        .by_document
        .iter()
        .map(|d| d.external_id.as_str())
        .collect();
    assert_eq!(order, ["d2", "d1"]);
    near(got.by_document[0].f1_exact, 0.0);
    near(got.by_document[1].f1_exact, 1.7 / 3.0);
    near(got.by_document[1].alpha_unitizing, overall);
    // d2, ana [2,4) against ben's empty layer, L = 10: Do = 2·2²/(2·1·100);
    // De: one unit, gaps 2 6 10: 4·(1 + 5 + 9) = 60, 2·60/(10·(20·19 − 2)).
    near(
        got.by_document[0].alpha_unitizing,
        1.0 - 0.04 / (120.0 / 3780.0),
    );
    assert_eq!(got.by_document[0].id, DocumentId(2));
}

#[test]
fn relations_and_attributes_over_exact_matches() {
    let got = report(&three_annotators(), &ReportOptions::default());
    // agent EVENT(0,5) → ACTOR: ana and cy to (6,10), ben to (6,9).
    let relations: Vec<(usize, usize, usize, Option<f64>)> = got
        .relations
        .iter()
        .map(|p| (p.matched, p.only_a, p.only_b, p.f1_exact))
        .collect();
    assert_eq!(
        relations,
        [
            (0, 1, 1, Some(0.0)),
            (1, 0, 0, Some(1.0)),
            (0, 1, 1, Some(0.0))
        ]
    );
    // EVENT.type on the matched EVENT(0,5) pairs: attack·attack, attack·protest twice.
    // Agreement 1/3; margins A attack 3, B attack 1 protest 2: chance 3;
    // κ = (1·3 − 3)/(9 − 3) = 0.
    let [attribute] = &got.attributes[..] else {
        panic!("one attribute")
    };
    assert_eq!((attribute.key.as_str(), attribute.pairs), ("EVENT.type", 3));
    near(attribute.percent_agreement, 1.0 / 3.0);
    near(attribute.cohen_kappa, 0.0);
}

#[test]
fn chosen_annotators_and_labels() {
    let options = ReportOptions {
        annotators: Some(vec!["cy".into(), "ana".into()]),
        labels: Some(vec!["ACTOR".into()]),
    };
    let got = report(&three_annotators(), &options);
    assert_eq!(got.annotators, ["cy", "ana"]);
    // Only d1 (cy did not finish d2); ACTOR only: (6,10) A A and (0,5) A N.
    assert_eq!(got.documents, 1);
    assert_eq!(got.spans.positions, 2);
    assert_eq!(got.spans.stacked, 0);
    let pair = &got.spans.pairs[0];
    assert_eq!((pair.a.as_str(), pair.b.as_str()), ("cy", "ana"));
    assert_eq!((pair.matched, pair.only_a, pair.only_b), (1, 1, 0));
    assert_eq!(got.spans.by_label.len(), 1);
    // The relation's EVENT end is left out, so no relation is compared; no attribute.
    assert_eq!(got.relations[0].f1_exact, None);
    assert!(got.attributes.is_empty());
    // Two annotators: Fleiss needs the complete units, which exist; α = 1 − (n−1)·o/e
    // with units (A,A) and (A,N): o = 2, n = 4 (A 3, N 1), e = 16 − 10 = 6: 1 − 3·2/6.
    near(got.spans.krippendorff_alpha, 0.0);
}

#[test]
fn stacked_labels_keep_the_first_in_schema_order() {
    use DocumentStatus::Done;
    let mut input = three_annotators();
    // ana: ACTOR and EVENT at [0,5) → EVENT (schema first); ben EVENT there.
    input.documents = vec![document(
        1,
        "d1",
        10,
        vec![
            layer(ANA, Done, vec![span(0, 5, ACTOR), span(0, 5, EVENT)]),
            layer(BEN, Done, vec![span(0, 5, EVENT)]),
        ],
    )];
    let options = ReportOptions {
        annotators: Some(vec!["ana".into(), "ben".into()]),
        labels: None,
    };
    let got = report(&input, &options);
    assert_eq!(got.spans.stacked, 1);
    // The one unit (E, E): no chance room, κ undefined; Fleiss likewise.
    assert_eq!(got.spans.positions, 1);
    assert_eq!(got.spans.pairs[0].cohen_kappa, None);
    assert_eq!(got.spans.fleiss_kappa, None);
}

#[test]
fn overlapping_spans_of_one_label_are_skipped_for_alpha_unitizing() {
    use DocumentStatus::Done;
    let mut input = three_annotators();
    input.documents = vec![document(
        1,
        "d1",
        10,
        vec![
            layer(ANA, Done, vec![span(0, 5, EVENT), span(2, 8, EVENT)]),
            layer(BEN, Done, vec![span(0, 5, EVENT)]),
        ],
    )];
    let options = ReportOptions {
        annotators: Some(vec!["ana".into(), "ben".into()]),
        labels: None,
    };
    let got = report(&input, &options);
    assert_eq!(got.spans.skipped_overlaps, 1);
    // What is left is identical: αU = 1.
    near(got.spans.alpha_unitizing, 1.0);
    // With cy compared too, d1 is not finished by all three: no continuum at all, and
    // no complete unit for Fleiss.
    let got = report(&input, &ReportOptions::default());
    assert_eq!(got.spans.alpha_unitizing, None);
    assert_eq!(got.spans.fleiss_kappa, None);
}

#[test]
fn nothing_to_compare_is_null_not_zero() {
    let mut input = three_annotators();
    input.documents.truncate(0);
    let got = report(&input, &ReportOptions::default());
    assert_eq!(got.documents, 0);
    assert_eq!(got.spans.krippendorff_alpha, None);
    assert_eq!(got.spans.alpha_unitizing, None);
    assert_eq!(got.spans.pairs[0].f1_exact, None);
    let json = got.to_json();
    assert_eq!(json["spans"]["fleiss_kappa"], serde_json::Value::Null);
    assert_eq!(
        json["spans"]["pairs"][0]["cohen_kappa"],
        serde_json::Value::Null
    );
}

#[test]
fn json_has_exactly_the_issue_keys() {
    let json = report(&three_annotators(), &ReportOptions::default()).to_json();
    let keys = |value: &serde_json::Value| -> Vec<String> {
        value
            .as_object()
            .expect("an object")
            .keys()
            .cloned()
            .collect()
    };
    assert_eq!(
        keys(&json),
        [
            "annotators",
            "documents",
            "spans",
            "relations",
            "attributes",
            "by_document"
        ]
    );
    assert_eq!(
        keys(&json["spans"]),
        [
            "krippendorff_alpha",
            "fleiss_kappa",
            "alpha_unitizing",
            "positions",
            "stacked",
            "skipped_overlaps",
            "by_label",
            "pairs"
        ]
    );
    assert_eq!(keys(&json["spans"]["by_label"]), ["EVENT", "ACTOR"]);
    assert_eq!(
        keys(&json["spans"]["by_label"]["EVENT"]),
        ["alpha_unitizing", "f1_exact", "f1_overlap"]
    );
    assert_eq!(
        keys(&json["spans"]["pairs"][0]),
        [
            "a",
            "b",
            "documents",
            "cohen_kappa",
            "f1_exact",
            "f1_overlap",
            "matched",
            "only_a",
            "only_b",
            "by_label"
        ]
    );
    assert_eq!(
        keys(&json["relations"]["pairs"][0]),
        ["a", "b", "f1_exact", "matched", "only_a", "only_b"]
    );
    assert_eq!(
        keys(&json["attributes"]["EVENT.type"]),
        ["pairs", "percent_agreement", "cohen_kappa"]
    );
    assert_eq!(
        keys(&json["by_document"][0]),
        ["document", "f1_exact", "alpha_unitizing"]
    );
    assert_eq!(json["by_document"][0]["document"], "d2");
}

#[test]
fn the_table_shows_pairs_labels_and_worst_documents() {
    let table = report(&three_annotators(), &ReportOptions::default()).to_table();
    assert!(table.contains("ana · ben"), "{table}");
    assert!(table.contains("-0.091"), "{table}");
    assert!(table.contains("EVENT.type"), "{table}");
    assert!(table.contains("Worst documents (2 of 2"), "{table}");
}

#[test]
fn requests_naming_what_the_project_lacks_are_refused() {
    let input = three_annotators();
    let refused = |annotators: &[&str], labels: Option<&[&str]>| {
        let options = ReportOptions {
            annotators: Some(annotators.iter().map(|s| s.to_string()).collect()),
            labels: labels.map(|l| l.iter().map(|s| s.to_string()).collect()),
        };
        agreement_report(&input, &options, &mut |_, _| {})
            .expect_err("refused")
            .to_string()
    };
    assert_eq!(
        refused(&["ana", "zoe"], None),
        "no annotator named \"zoe\" has layers in this project (annotators: ana, ben, cy)"
    );
    assert_eq!(
        refused(&["ana"], None),
        "agreement needs at least two annotators to compare; 1 named"
    );
    assert_eq!(
        refused(&["ana", "ana"], None),
        "annotator \"ana\" is named twice in the list to compare"
    );
    assert_eq!(
        refused(&["ana", "ben"], Some(&["PLACE"])),
        "no span label named \"PLACE\" in the schema (labels: EVENT, ACTOR)"
    );
}

#[test]
fn a_span_outside_its_document_is_named() {
    let mut input = three_annotators();
    input.documents[1].layers[0].spans.push(span(8, 12, EVENT));
    let error =
        agreement_report(&input, &ReportOptions::default(), &mut |_, _| {}).expect_err("refused");
    assert_eq!(
        error.to_string(),
        "document \"d2\", annotator \"ana\", span 1: [8, 12) is not inside the document's 10 characters or is empty"
    );
}

#[test]
fn layers_and_relations_that_break_the_contract_are_named() {
    let refused = |input: &AgreementInput| {
        agreement_report(input, &ReportOptions::default(), &mut |_, _| {})
            .expect_err("refused")
            .to_string()
    };
    let mut twice = three_annotators();
    let copy = twice.documents[0].layers[0].clone();
    twice.documents[0].layers.push(copy);
    assert_eq!(
        refused(&twice),
        "document \"d1\": two layers of annotator \"ana\""
    );
    let mut broken = three_annotators();
    broken.documents[0].layers[1].relations[0].to = 9;
    assert_eq!(
        refused(&broken),
        "document \"d1\", annotator \"ben\", relation 0: it names a span or relation type the layer does not have"
    );
    let mut unknown = three_annotators();
    unknown.documents[1].layers[2].spans[0].label = 7;
    assert_eq!(
        refused(&unknown),
        "document \"d2\", annotator \"cy\", span 0: label #7, but the schema has 2 span labels"
    );
}
