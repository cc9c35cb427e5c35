//! `glossator agreement` end to end: a 3-annotator project imported from JSONL, every
//! number of the report worked out by hand.
//!
//! tests/data/handmade/agreement/three-annotators.jsonl:
//!   d1 "Rebels attacked town" (20 chars, done)
//!     ana  EVENT[0,5) type=Attack   ACTOR[6,10)   agent EVENT→ACTOR
//!     ben  EVENT[0,5) type=Attack   ACTOR[6,9)    agent EVENT→ACTOR
//!     cy   EVENT[0,5) type=Meeting  ACTOR[6,10)   agent EVENT→ACTOR
//!   d2 "Talks held" (10 chars, done): ana EVENT[2,4), cy EVENT[2,4), ben nothing
//!   d3 "Peace came" (in progress): counted for nothing
//!
//! Positions (E EVENT, A ACTOR, N no span), raters ana ben cy:
//!   (d1,0,5) E E E   (d1,6,9) N A N   (d1,6,10) A N A   (d2,2,4) E N E

mod common;

use common::*;

fn project(dir: &std::path::Path) -> std::path::PathBuf {
    let project = dir.join("p.sqlite");
    let input = data_dir()
        .join("handmade")
        .join("agreement")
        .join("three-annotators.jsonl");
    ok(glossator(&[&"import", &project, &input]));
    project
}

fn near(value: &serde_json::Value, want: f64) {
    let got = value
        .as_f64()
        .unwrap_or_else(|| panic!("{value} is a number"));
    assert!((got - want).abs() < 1e-9, "got {got}, want {want}");
}

#[test]
fn the_report_of_three_annotators_matches_the_hand_computed_values() {
    let dir = tempfile::tempdir().unwrap();
    let project = project(dir.path());
    let text = ok(glossator(&[&"agreement", &project, &"--json"]));
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["annotators"], serde_json::json!(["ana", "ben", "cy"]));
    assert_eq!(json["documents"], 2);
    let spans = &json["spans"];
    assert_eq!(spans["positions"], 4);
    assert_eq!(spans["stacked"], 0);
    assert_eq!(spans["skipped_overlaps"], 0);
    // α: o = 0 + 2 + 2 + 2 (each mixed unit: (9 − 5)/2); E 5, N 4, A 3, n = 12;
    // e = 144 − 50 = 94; α = 1 − 11·6/94 = 28/94.
    near(&spans["krippendorff_alpha"], 28.0 / 94.0);
    // Fleiss: P̄ = (9+5+5+5 − 12)/(12·2) = 1/2, P̄e = 50/144: κ = (72 − 50)/(144 − 50).
    near(&spans["fleiss_kappa"], 22.0 / 94.0);
    let pairs = &spans["pairs"];
    // ana·ben: (E,E) (N,A) (A,N) (E,N): agreed 1 of 4, chance 2+2+1: (4 − 5)/(16 − 5).
    near(&pairs[0]["cohen_kappa"], -1.0 / 11.0);
    // ana·cy: (E,E) (A,A) (E,E); (d1,6,9) is neither's: κ = 1.
    near(&pairs[1]["cohen_kappa"], 1.0);
    // ben·cy: (E,E) (A,N) (N,A) (N,E): agreed 1, chance 2+1+2: (4 − 5)/(16 − 5).
    near(&pairs[2]["cohen_kappa"], -1.0 / 11.0);
    // F1 exact: ana 3 spans, ben 2, cy 3.
    let counts = |pair: &serde_json::Value| {
        (
            pair["matched"].as_u64().unwrap(),
            pair["only_a"].as_u64().unwrap(),
            pair["only_b"].as_u64().unwrap(),
        )
    };
    assert_eq!(counts(&pairs[0]), (1, 2, 1));
    assert_eq!(counts(&pairs[1]), (3, 0, 0));
    assert_eq!(counts(&pairs[2]), (1, 1, 2));
    near(&pairs[0]["f1_exact"], 0.4); // 2·1/(3 + 2)
    near(&pairs[1]["f1_exact"], 1.0);
    near(&pairs[2]["f1_exact"], 0.4);
    // Overlap ana·ben: ana's E(d2) overlaps nothing: p = 2/3, r = 1 → 0.8.
    near(&pairs[0]["f1_overlap"], 0.8);
    near(&pairs[0]["by_label"]["ACTOR"]["f1_overlap"], 1.0);
    near(&pairs[0]["by_label"]["ACTOR"]["f1_exact"], 0.0);
    // Per label over pairs, the mean: EVENT (2/3 + 1 + 2/3)/3, ACTOR (0 + 1 + 0)/3.
    near(&spans["by_label"]["EVENT"]["f1_exact"], 7.0 / 9.0);
    near(&spans["by_label"]["ACTOR"]["f1_exact"], 1.0 / 3.0);
    assert!(spans["by_label"]["CLAIM"]["f1_exact"].is_null());
    // αU of ACTOR on d1 + d2 laid end to end (L = 30, R = 3): ana [6,10), ben [6,9),
    // cy [6,10). Do = 2·(1 + 0 + 1)/(3·2·900). De: gaps 6 20 | 6 21 | 6 20;
    // l=4: 2·28 + 16·61 = 1032 (twice), l=3: 2·10 + 9·67 = 623; Σ = 2687;
    // De = 2·2687/(30·(90·89 − 30)).
    let actor = 1.0 - (4.0 / 5400.0) / (5374.0 / (30.0 * 7980.0));
    near(&spans["by_label"]["ACTOR"]["alpha_unitizing"], actor);
    // Relations: agent E(0,5)→A(6,10) for ana and cy, →A(6,9) for ben.
    let relations = &json["relations"]["pairs"];
    near(&relations[0]["f1_exact"], 0.0);
    near(&relations[1]["f1_exact"], 1.0);
    assert_eq!(counts(&relations[2]), (0, 1, 1));
    // EVENT.type over the matched EVENT pairs: Attack·Attack, Attack·Meeting,
    // unset·unset (d2), Attack·Meeting: agreed 2 of 4; margins A: Attack 3, unset 1,
    // B: Attack 1, Meeting 2, unset 1 → chance 3 + 1; κ = (2·4 − 4)/(16 − 4).
    let event_type = &json["attributes"]["EVENT.type"];
    assert_eq!(event_type["pairs"], 4);
    near(&event_type["percent_agreement"], 0.5);
    near(&event_type["cohen_kappa"], 1.0 / 3.0);
    // Nobody set realis: all agree, κ undefined (no chance room).
    near(
        &json["attributes"]["EVENT.realis"]["percent_agreement"],
        1.0,
    );
    assert!(json["attributes"]["EVENT.realis"]["cohen_kappa"].is_null());
    // Worst first: d2 (0, 1, 0 → 1/3) before d1 (1/2, 1, 1/2 → 2/3).
    let documents = &json["by_document"];
    assert_eq!(documents.as_array().unwrap().len(), 2);
    assert_eq!(documents[0]["document"], "d2");
    near(&documents[0]["f1_exact"], 1.0 / 3.0);
    near(&documents[1]["f1_exact"], 2.0 / 3.0);
}

#[test]
fn chosen_annotators_and_labels_and_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let project = project(dir.path());
    let text = ok(glossator(&[
        &"agreement",
        &project,
        &"--annotators",
        &"ana,cy",
        &"--labels",
        &"EVENT",
        &"--json",
    ]));
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["annotators"], serde_json::json!(["ana", "cy"]));
    // EVENT only: (d1,0,5) E E and (d2,2,4) E E: identical.
    assert_eq!(json["spans"]["positions"], 2);
    near(&json["spans"]["pairs"][0]["f1_exact"], 1.0);
    assert_eq!(
        json["spans"]["by_label"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["EVENT"]
    );
    let table = ok(glossator(&[&"agreement", &project]));
    assert!(table.contains("ana · ben          2  -0.091"), "{table}");
    assert!(table.contains("Krippendorff α 0.298"), "{table}");
}

#[test]
fn names_the_project_lacks_are_refused_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let project = project(dir.path());
    fails_with(
        glossator(&[&"agreement", &project, &"--annotators", &"ana,zoe"]),
        "no annotator named \"zoe\" has layers in this project (annotators: ana, ben, cy)",
    );
    fails_with(
        glossator(&[&"agreement", &project, &"--annotators", &"ana"]),
        "agreement needs at least two annotators to compare; 1 named",
    );
    fails_with(
        glossator(&[&"agreement", &project, &"--labels", &"PLACE"]),
        "no span label named \"PLACE\" in the schema (labels: EVENT, ACTOR, CLAIM)",
    );
}

/// unassigned.jsonl: ACTOR[0,6) and EVENT[7,15) with no annotator and again by ana.
/// Since layers (schema version 3) spans that name no one join the one annotator the
/// document names, so there is one layer (ana's) and nothing to compare.
#[test]
fn spans_without_an_annotator_join_the_one_named_annotator() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    let input = data_dir()
        .join("handmade")
        .join("agreement")
        .join("unassigned.jsonl");
    ok(glossator(&[&"import", &project, &input]));
    let text = ok(glossator(&[&"agreement", &project, &"--json"]));
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["annotators"], serde_json::json!(["ana"]));
    assert_eq!(json["spans"]["pairs"], serde_json::json!([]));
}

/// The Statistics window's numbers: per annotator from their layers; d1 has 6 spans,
/// d2 2, d3 1; lengths 5 ×3, 4 ×2, 3 ×1, 2 ×3.
#[test]
fn stats_json_has_the_numbers_the_statistics_window_charts() {
    let dir = tempfile::tempdir().unwrap();
    let project = project(dir.path());
    let text = ok(glossator(&[&"stats", &project, &"--json"]));
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let charts = &json["charts"];
    assert_eq!(
        charts["spans_per_label"]["ana"],
        serde_json::json!({"EVENT": 3, "ACTOR": 1, "CLAIM": 0})
    );
    assert_eq!(
        charts["documents_by_status"]["ben"],
        serde_json::json!({"new": 0, "in_progress": 1, "done": 2})
    );
    let counts = |key: &str| -> Vec<u64> {
        charts[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|bin| bin["count"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(counts("spans_per_document"), [0, 1, 1, 0, 0, 0, 1]);
    assert_eq!(counts("span_length_chars"), [0, 0, 3, 1, 2, 3]);
    assert_eq!(charts["spans_per_document"][6]["from"], 6);
    // Imported spans carry the import's time: one day, every span counted once.
    let per_day = charts["spans_created_per_day"].as_object().unwrap();
    let today = per_day["ana"].as_object().unwrap();
    assert_eq!(today.len(), 1, "{per_day:?}");
    assert_eq!(today.values().next().unwrap(), 4);
    let total: u64 = per_day
        .values()
        .flat_map(|days| days.as_object().unwrap().values())
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(total, 9);
    // The keys the command printed before stay as they were.
    assert_eq!(json["spans"], 9);
}

/// The gold sample: every span without an annotator, so one layer (`unknown`) and
/// nothing to compare.
#[test]
fn one_annotator_is_told_there_is_nothing_to_compare() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    let input = write(dir.path(), "gold.jsonl", gold_jsonl_line() + "\n");
    ok(glossator(&[&"import", &project, &input]));
    let table = ok(glossator(&[&"agreement", &project]));
    assert_eq!(
        table,
        "Annotators  unknown\nNothing to compare: agreement needs the layers of at least two annotators (each annotator's layers; gold is not an annotator).\n"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(glossator(&[&"agreement", &project, &"--json"]))).unwrap();
    assert_eq!(json["spans"]["pairs"], serde_json::json!([]));
    assert!(json["spans"]["krippendorff_alpha"].is_null());
}
