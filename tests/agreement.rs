//! The agreement measures against published reference values, and properties checked
//! on generated data against slow, obviously-correct versions of the same definitions.

use glossator::agreement::{
    alpha_unitizing, cohen_kappa, f1_exact, f1_overlap, fleiss_kappa, krippendorff_alpha,
    pair_agreement, AgreementError, Continuum, LabelledSpan, RatingTable, SpanSet, Unit,
};

fn assert_near(got: Option<f64>, want: f64, tolerance: f64) {
    let got = got.unwrap_or_else(|| panic!("expected {want}, got None"));
    assert!(
        (got - want).abs() <= tolerance,
        "expected {want} ± {tolerance}, got {got}"
    );
}

fn table(raters: usize, rows: &[Vec<Option<u32>>]) -> RatingTable {
    let mut table = RatingTable::new(raters);
    for row in rows {
        table.push_unit(row).expect("one value per rater");
    }
    table
}

/// `count` copies of the unit `values`.
fn repeated(table: &mut RatingTable, count: usize, values: &[Option<u32>]) {
    for _ in 0..count {
        table.push_unit(values).expect("one value per rater");
    }
}

// ----- Cohen's κ -----

/// Artstein & Poesio (2008) p. 558, example 1: STAT/IReq, 100 utterances, two coders.
/// Ao = 0.7, Ae = 0.54 (from each coder's own distribution: Cohen's κ, not Scott's π,
/// which gives 0.341), κ = 0.348.
#[test]
fn cohen_kappa_artstein_poesio_example_1() {
    let (stat, ireq) = (Some(0), Some(1));
    let mut study = RatingTable::new(2);
    repeated(&mut study, 20, &[stat, stat]);
    repeated(&mut study, 20, &[ireq, stat]);
    repeated(&mut study, 10, &[stat, ireq]);
    repeated(&mut study, 50, &[ireq, ireq]);
    let pair = cohen_kappa(&study, 0, 1).expect("raters exist");
    assert_eq!(pair.units, 100);
    assert_near(pair.percent_agreement, 0.7, 1e-12);
    assert_near(pair.cohen_kappa, 0.348, 0.0005);
    assert_near(pair.cohen_kappa, (0.7 - 0.54) / (1.0 - 0.54), 1e-12);
}

/// Artstein & Poesio (2008) p. 568, example 2: three categories, κ = 0.801.
#[test]
fn cohen_kappa_artstein_poesio_example_2() {
    let (stat, ireq, chck) = (0, 1, 2);
    let pairs = std::iter::repeat_n((stat, stat), 46)
        .chain(std::iter::repeat_n((ireq, stat), 6))
        .chain(std::iter::repeat_n((ireq, ireq), 32))
        .chain(std::iter::repeat_n((ireq, chck), 6))
        .chain(std::iter::repeat_n((chck, chck), 10));
    let pair = pair_agreement(pairs);
    assert_near(pair.percent_agreement, 0.88, 1e-12);
    assert_near(pair.cohen_kappa, 0.8013, 0.00005);
}

#[test]
fn cohen_kappa_skips_units_missing_a_value_and_is_symmetric() {
    let study = table(
        3,
        &[
            vec![Some(1), Some(1), None],
            vec![Some(1), Some(2), Some(2)],
            vec![Some(2), None, Some(2)],
            vec![Some(2), Some(2), Some(1)],
            vec![None, Some(2), Some(2)],
        ],
    );
    let ab = cohen_kappa(&study, 0, 1).expect("raters exist");
    let ba = cohen_kappa(&study, 1, 0).expect("raters exist");
    assert_eq!(ab.units, 3);
    assert_eq!(ab, ba);
    // Ao = 2/3, Ae = (1·1 + 2·... ) : A = {1,1,2}, B = {1,2,2} → Ae = (2·1 + 1·2)/9 = 4/9.
    assert_near(
        ab.cohen_kappa,
        (2.0 / 3.0 - 4.0 / 9.0) / (1.0 - 4.0 / 9.0),
        1e-12,
    );
    assert_eq!(
        cohen_kappa(&study, 0, 3),
        Err(AgreementError::NoSuchRater {
            rater: 3,
            raters: 3
        })
    );
}

#[test]
fn cohen_kappa_is_undefined_without_units_or_chance_room() {
    let none = pair_agreement(std::iter::empty());
    assert_eq!(
        (none.units, none.percent_agreement, none.cohen_kappa),
        (0, None, None)
    );
    // Both always say the same one category: Ae = 1, κ undefined, agreement 100 %.
    let same = pair_agreement(std::iter::repeat_n((7, 7), 5));
    assert_eq!(same.cohen_kappa, None);
    assert_eq!(same.percent_agreement, Some(1.0));
    // Perfect agreement over two categories is 1; perfect disagreement on a 50/50 split is −1.
    assert_eq!(
        pair_agreement([(1, 1), (2, 2), (1, 1)]).cohen_kappa,
        Some(1.0)
    );
    assert_eq!(pair_agreement([(1, 2), (2, 1)]).cohen_kappa, Some(-1.0));
}

// ----- Krippendorff's α (nominal) -----

/// Wikipedia, "Krippendorff's alpha", the example of 3 coders × 15 units with missing
/// values: nominal α = 0.691.
#[test]
fn krippendorff_alpha_wikipedia_example_with_missing_values() {
    let coder_a = "* * * * * 3 4 1 2 1 1 3 3 * 3";
    let coder_b = "1 * 2 1 3 3 4 3 * * * * * * *";
    let coder_c = "* * 2 1 3 4 4 * 2 1 1 3 3 * 4";
    let parse = |row: &str| -> Vec<Option<u32>> {
        row.split(' ').map(|value| value.parse().ok()).collect()
    };
    let (a, b, c) = (parse(coder_a), parse(coder_b), parse(coder_c));
    let mut study = RatingTable::new(3);
    for unit in 0..15 {
        study
            .push_unit(&[a[unit], b[unit], c[unit]])
            .expect("three values");
    }
    assert_near(krippendorff_alpha(&study), 0.691, 0.0005);
}

/// Artstein & Poesio (2008) example 2 through DKPro's ArtsteinPoesio2008Test: α = 0.800
/// (Do 0.120, De 0.601).
#[test]
fn krippendorff_alpha_artstein_poesio_example_2() {
    let mut study = RatingTable::new(2);
    repeated(&mut study, 46, &[Some(0), Some(0)]);
    repeated(&mut study, 6, &[Some(1), Some(0)]);
    repeated(&mut study, 32, &[Some(1), Some(1)]);
    repeated(&mut study, 6, &[Some(1), Some(2)]);
    repeated(&mut study, 10, &[Some(2), Some(2)]);
    // DKPro checks 0.800 ± 0.001; by hand: n = 200 values, 24 ordered disagreeing pairs,
    // n² − Σ n_c² = 40000 − (98² + 76² + 26²) = 23944, α = 1 − 199·24/23944 = 0.80053.
    assert_near(krippendorff_alpha(&study), 0.800, 0.001);
    assert_near(
        krippendorff_alpha(&study),
        1.0 - 199.0 * 24.0 / 23944.0,
        1e-12,
    );
}

#[test]
fn krippendorff_alpha_edge_cases() {
    // Perfect agreement over two categories.
    let perfect = table(2, &[vec![Some(1), Some(1)], vec![Some(2), Some(2)]]);
    assert_eq!(krippendorff_alpha(&perfect), Some(1.0));
    // One category only: De = 0.
    let one = table(2, &[vec![Some(1), Some(1)], vec![Some(1), Some(1)]]);
    assert_eq!(krippendorff_alpha(&one), None);
    // No unit with two values: nothing pairable.
    let lonely = table(3, &[vec![Some(1), None, None], vec![None, Some(2), None]]);
    assert_eq!(krippendorff_alpha(&lonely), None);
    assert_eq!(krippendorff_alpha(&RatingTable::new(2)), None);
    // Rater order does not matter.
    let forward = table(
        3,
        &[
            vec![Some(1), Some(2), None],
            vec![Some(2), Some(2), Some(2)],
            vec![Some(3), Some(1), Some(3)],
            vec![None, Some(3), Some(3)],
        ],
    );
    let mut backward = RatingTable::new(3);
    for row in forward.rows() {
        let reversed: Vec<Option<u32>> = row.iter().rev().copied().collect();
        backward.push_unit(&reversed).expect("three values");
    }
    assert_eq!(krippendorff_alpha(&forward), krippendorff_alpha(&backward));
}

#[test]
fn a_row_with_the_wrong_number_of_values_is_refused_and_not_added() {
    let mut study = table(2, &[vec![Some(1), Some(1)]]);
    assert_eq!(
        study.push_unit(&[Some(1)]),
        Err(AgreementError::WrongValueCount {
            unit: 1,
            expected: 2,
            found: 1
        })
    );
    assert_eq!(study.units(), 1);
}

// ----- Fleiss' κ -----

/// Fleiss (1971) p. 379: 30 patients × 6 psychiatrists, 5 diagnoses. P̄ = 0.5556,
/// P̄e = 0.2201, κ = 0.430.
#[test]
fn fleiss_kappa_fleiss_1971() {
    let rows = [
        [4, 4, 4, 4, 4, 4],
        [2, 2, 2, 5, 5, 5],
        [2, 3, 3, 3, 3, 5],
        [5, 5, 5, 5, 5, 5],
        [2, 2, 2, 4, 4, 4],
        [1, 1, 3, 3, 3, 3],
        [3, 3, 3, 3, 5, 5],
        [1, 1, 3, 3, 3, 4],
        [1, 1, 4, 4, 4, 4],
        [5, 5, 5, 5, 5, 5],
        [1, 4, 4, 4, 4, 4],
        [1, 2, 4, 4, 4, 4],
        [2, 2, 2, 3, 3, 3],
        [1, 4, 4, 4, 4, 4],
        [2, 2, 4, 4, 4, 5],
        [3, 3, 3, 3, 3, 5],
        [1, 1, 1, 4, 5, 5],
        [1, 1, 1, 1, 1, 2],
        [2, 2, 4, 4, 4, 4],
        [1, 3, 3, 5, 5, 5],
        [5, 5, 5, 5, 5, 5],
        [2, 4, 4, 4, 4, 4],
        [2, 2, 4, 5, 5, 5],
        [1, 1, 4, 4, 4, 4],
        [1, 4, 4, 4, 4, 5],
        [2, 2, 2, 2, 2, 4],
        [1, 1, 1, 1, 5, 5],
        [2, 2, 4, 4, 4, 4],
        [1, 3, 3, 3, 3, 3],
        [5, 5, 5, 5, 5, 5],
    ];
    let mut study = RatingTable::new(6);
    for row in rows {
        let values: Vec<Option<u32>> = row.iter().map(|&v| Some(v)).collect();
        study.push_unit(&values).expect("six values");
    }
    let kappa = fleiss_kappa(&study);
    assert_near(kappa, 0.430, 0.0005);
    assert_near(kappa, (0.5556 - 0.2201) / (1.0 - 0.2201), 0.0002);
    // A unit with a missing value is left out, not counted as a disagreement.
    study
        .push_unit(&[Some(1), None, Some(2), Some(3), Some(4), Some(5)])
        .expect("six values");
    assert_eq!(fleiss_kappa(&study), kappa);
}

#[test]
fn fleiss_kappa_edge_cases() {
    assert_eq!(fleiss_kappa(&RatingTable::new(3)), None);
    assert_eq!(
        fleiss_kappa(&table(1, &[vec![Some(1)], vec![Some(2)]])),
        None
    );
    let one_category = table(3, &[vec![Some(1), Some(1), Some(1)]]);
    assert_eq!(fleiss_kappa(&one_category), None);
    let perfect = table(3, &[vec![Some(1); 3], vec![Some(2); 3], vec![Some(3); 3]]);
    assert_near(fleiss_kappa(&perfect), 1.0, 1e-12);
    // With two raters and no missing values Fleiss' κ is Scott's π: A&P example 1, 0.341.
    let mut study = RatingTable::new(2);
    repeated(&mut study, 20, &[Some(0), Some(0)]);
    repeated(&mut study, 20, &[Some(1), Some(0)]);
    repeated(&mut study, 10, &[Some(0), Some(1)]);
    repeated(&mut study, 50, &[Some(1), Some(1)]);
    assert_near(fleiss_kappa(&study), 0.341, 0.0005);
}

// ----- unitizing α -----

fn units(list: &[(u64, u64, u32)]) -> Vec<Unit> {
    list.iter()
        .map(|&(begin, length, category)| Unit {
            begin,
            length,
            category,
        })
        .collect()
}

/// Krippendorff (2004) p. 254 (DKPro's Krippendorff2004Test): continuum [150, 450),
/// categories c = 0 and k = 1.
#[test]
fn alpha_unitizing_krippendorff_2004() {
    let (c, k) = (0, 1);
    let rater_0 = units(&[(225, 70, c), (370, 30, c), (180, 60, k), (300, 50, k)]);
    let rater_1 = units(&[
        (220, 80, c),
        (355, 20, c),
        (400, 20, c),
        (180, 60, k),
        (300, 50, k),
    ]);
    let continuum = Continuum {
        begin: 150,
        length: 300,
    };
    let result = alpha_unitizing(continuum, &[rater_0, rater_1]).expect("units inside");
    let category_c = result.by_category[&c];
    assert!(
        (category_c.observed - 0.0144).abs() < 0.00005,
        "{category_c:?}"
    );
    assert!(
        (category_c.expected - 0.0532).abs() < 0.00005,
        "{category_c:?}"
    );
    assert_near(category_c.alpha, 0.7286, 0.00005);
    let category_k = result.by_category[&k];
    assert_eq!(category_k.observed, 0.0);
    assert!(
        (category_k.expected - 0.0490).abs() < 0.00005,
        "{category_k:?}"
    );
    assert_eq!(category_k.alpha, Some(1.0));
    assert_near(result.alpha, 0.859, 0.0005);
    assert_eq!(result.skipped_overlaps, 0);
}

/// DKPro's UnitizingAgreementTest: r0 -11111111-, r1 --1-1-1---.
#[test]
fn alpha_unitizing_dkpro_example() {
    let rater_0 = units(&[(1, 8, 0)]);
    let rater_1 = units(&[(2, 1, 0), (4, 1, 0), (6, 1, 0)]);
    let continuum = Continuum {
        begin: 0,
        length: 10,
    };
    let result = alpha_unitizing(continuum, &[rater_0, rater_1]).expect("units inside");
    let a = result.by_category[&0];
    assert!((a.observed - 0.9100).abs() < 0.00005, "{a:?}");
    // DKPro checks 0.5351 ± 0.0001; the exact value is 0.535185…
    assert!((a.expected - 0.5351).abs() < 0.0001, "{a:?}");
    assert_near(a.alpha, -0.7003, 0.00005);
    assert_eq!(result.alpha, a.alpha);
}

/// DKPro's testSingleAnnotationUnit (3 raters, one unit: Do = De, α = 0) and
/// testEmptyAnnotationSet (no unit: DKPro's NaN is our None).
#[test]
fn alpha_unitizing_single_unit_and_empty_study() {
    let continuum = Continuum {
        begin: 0,
        length: 20,
    };
    let one = alpha_unitizing(continuum, &[units(&[(0, 1, 9)]), vec![], vec![]]).expect("inside");
    assert_near(one.alpha, 0.0, 1e-12);
    let empty: [Vec<Unit>; 3] = [vec![], vec![], vec![]];
    let none = alpha_unitizing(continuum, &empty).expect("nothing to check");
    assert_eq!(none.alpha, None);
    assert!(none.by_category.is_empty());
}

#[test]
fn alpha_unitizing_needs_two_raters() {
    let continuum = Continuum {
        begin: 0,
        length: 20,
    };
    let alone = alpha_unitizing(continuum, &[units(&[(0, 5, 1), (8, 3, 1)])]).expect("inside");
    assert_eq!(alone.alpha, None);
    assert_eq!(alone.by_category[&1].alpha, None);
}

#[test]
fn alpha_unitizing_keeps_the_earliest_then_longest_of_overlapping_units() {
    let continuum = Continuum {
        begin: 0,
        length: 50,
    };
    // Rater 0 has (10, 5) and (10, 8) starting together, and (15, 10) overlapping the
    // longer one: (10, 8) is kept, the other two skipped. (30, 5) of another category
    // overlaps nothing of its own category.
    let messy = units(&[(15, 10, 1), (10, 5, 1), (10, 8, 1), (30, 5, 2), (32, 4, 1)]);
    let clean = units(&[(10, 8, 1), (30, 5, 2), (32, 4, 1)]);
    let other = units(&[(11, 8, 1), (29, 5, 2), (40, 3, 1)]);
    let got = alpha_unitizing(continuum, &[messy, other.clone()]).expect("inside");
    let want = alpha_unitizing(continuum, &[clean, other]).expect("inside");
    assert_eq!(got.skipped_overlaps, 2);
    assert_eq!(want.skipped_overlaps, 0);
    assert_eq!(got.by_category, want.by_category);
    assert_eq!(got.alpha, want.alpha);
}

#[test]
fn alpha_unitizing_refuses_units_outside_the_continuum_or_empty() {
    let continuum = Continuum {
        begin: 10,
        length: 10,
    };
    let past_end = alpha_unitizing(continuum, &[units(&[(15, 6, 0)]), vec![]]);
    assert_eq!(
        past_end,
        Err(AgreementError::UnitOutsideContinuum {
            rater: 0,
            index: 0,
            begin: 15,
            length: 6,
            continuum_begin: 10,
            continuum_end: 20,
        })
    );
    let before = alpha_unitizing(continuum, &[vec![], units(&[(12, 1, 0), (9, 2, 0)])]);
    assert!(matches!(
        before,
        Err(AgreementError::UnitOutsideContinuum {
            rater: 1,
            index: 1,
            ..
        })
    ));
    let empty = alpha_unitizing(continuum, &[units(&[(12, 0, 0)]), vec![]]);
    assert_eq!(
        empty,
        Err(AgreementError::EmptyUnit {
            rater: 0,
            index: 0,
            begin: 12
        })
    );
    let huge = Continuum {
        begin: u64::MAX,
        length: 2,
    };
    let no_units: [Vec<Unit>; 2] = [vec![], vec![]];
    assert!(matches!(
        alpha_unitizing(huge, &no_units),
        Err(AgreementError::ContinuumTooLong { .. })
    ));
}

/// A small deterministic generator (xorshift64*), so that the property tests need no
/// crate and fail the same way every time.
struct Random(u64);

impl Random {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % bound
    }
}

/// Disjoint units per category for one rater, on [0, length).
fn random_units(random: &mut Random, length: u64, categories: u32) -> Vec<Unit> {
    let mut all = Vec::new();
    for category in 0..categories {
        let mut position = random.below(5);
        while position < length {
            let unit_length = 1 + random.below(6);
            if position + unit_length > length {
                break;
            }
            if random.below(3) > 0 {
                all.push(Unit {
                    begin: position,
                    length: unit_length,
                    category,
                });
            }
            position += unit_length + random.below(6);
        }
    }
    all
}

/// The definitions of Do and De written the slow way: every pair of segments of every
/// pair of raters, and for each unit every gap.
fn slow_category_disagreement(length: u64, raters: &[Vec<Unit>], category: u32) -> (f64, f64) {
    let partitions: Vec<Vec<(u64, u64, bool)>> = raters
        .iter()
        .map(|rater| {
            let mut mine: Vec<(u64, u64)> = rater
                .iter()
                .filter(|u| u.category == category)
                .map(|u| (u.begin, u.begin + u.length))
                .collect();
            mine.sort();
            let mut segments = Vec::new();
            let mut position = 0;
            for (begin, end) in mine {
                if begin > position {
                    segments.push((position, begin, false));
                }
                segments.push((begin, end, true));
                position = end;
            }
            if position < length {
                segments.push((position, length, false));
            }
            segments
        })
        .collect();
    let mut observed = 0.0;
    for i in 0..partitions.len() {
        for j in 0..partitions.len() {
            if i == j {
                continue;
            }
            for &(b1, e1, unit1) in &partitions[i] {
                for &(b2, e2, unit2) in &partitions[j] {
                    let (b1, e1, b2, e2) = (b1 as f64, e1 as f64, b2 as f64, e2 as f64);
                    if b1 >= e2 || b2 >= e1 {
                        continue;
                    }
                    observed += match (unit1, unit2) {
                        (true, true) => (b1 - b2).powi(2) + (e1 - e2).powi(2),
                        (true, false) if b2 <= b1 && e1 <= e2 => (e1 - b1).powi(2),
                        (false, true) if b1 <= b2 && e2 <= e1 => (e2 - b2).powi(2),
                        _ => 0.0,
                    };
                }
            }
        }
    }
    let r = raters.len() as f64;
    let l = length as f64;
    observed /= r * (r - 1.0) * l * l;
    let unit_lengths: Vec<f64> = partitions
        .iter()
        .flatten()
        .filter(|s| s.2)
        .map(|s| (s.1 - s.0) as f64)
        .collect();
    let gaps: Vec<f64> = partitions
        .iter()
        .flatten()
        .filter(|s| !s.2)
        .map(|s| (s.1 - s.0) as f64)
        .collect();
    let n = unit_lengths.len() as f64;
    let mut expected = 0.0;
    for &u in &unit_lengths {
        expected += (n - 1.0) * (2.0 * u * u * u - 3.0 * u * u + u) / 3.0;
        for &g in &gaps {
            if g >= u {
                expected += u * u * (g - u + 1.0);
            }
        }
    }
    let within: f64 = unit_lengths.iter().map(|u| u * (u - 1.0)).sum();
    expected *= 2.0 / l;
    expected /= r * l * (r * l - 1.0) - within;
    (observed, expected)
}

#[test]
fn alpha_unitizing_matches_the_slow_definition_on_random_studies() {
    let mut random = Random(0x9E37_79B9_7F4A_7C15);
    for _ in 0..200 {
        let length = 10 + random.below(60);
        let rater_count = 2 + random.below(3) as usize;
        let categories = 1 + random.below(3) as u32;
        let raters: Vec<Vec<Unit>> = (0..rater_count)
            .map(|_| random_units(&mut random, length, categories))
            .collect();
        let fast = alpha_unitizing(Continuum { begin: 0, length }, &raters).expect("inside");
        assert_eq!(fast.skipped_overlaps, 0);
        for (&category, measured) in &fast.by_category {
            let (observed, expected) = slow_category_disagreement(length, &raters, category);
            assert!(
                (measured.observed - observed).abs() < 1e-12,
                "{measured:?} vs {observed}"
            );
            assert!(
                (measured.expected - expected).abs() < 1e-12,
                "{measured:?} vs {expected}"
            );
        }
        // Shifting the continuum and every unit changes nothing.
        let shifted: Vec<Vec<Unit>> = raters
            .iter()
            .map(|rater| {
                rater
                    .iter()
                    .map(|u| Unit {
                        begin: u.begin + 1000,
                        ..*u
                    })
                    .collect()
            })
            .collect();
        let moved = alpha_unitizing(
            Continuum {
                begin: 1000,
                length,
            },
            &shifted,
        )
        .expect("inside");
        assert_eq!(moved, fast);
        // Raters in the other order give the same result.
        let reversed: Vec<Vec<Unit>> = raters.iter().rev().cloned().collect();
        let swapped = alpha_unitizing(Continuum { begin: 0, length }, &reversed).expect("inside");
        assert_eq!(
            swapped.by_category.keys().collect::<Vec<_>>(),
            fast.by_category.keys().collect::<Vec<_>>()
        );
        for (category, measured) in &swapped.by_category {
            assert!((measured.observed - fast.by_category[category].observed).abs() < 1e-12);
            assert!((measured.expected - fast.by_category[category].expected).abs() < 1e-12);
        }
    }
}

#[test]
fn alpha_unitizing_is_one_for_identical_raters() {
    let mut random = Random(42);
    for _ in 0..50 {
        let length = 20 + random.below(50);
        let same = random_units(&mut random, length, 2);
        if same.is_empty() {
            continue;
        }
        let raters = [same.clone(), same.clone(), same];
        let result = alpha_unitizing(Continuum { begin: 0, length }, &raters).expect("inside");
        assert_eq!(result.alpha, Some(1.0));
    }
}

// ----- F1 -----

fn span(document: u32, start: u32, end: u32, label: u32) -> LabelledSpan {
    LabelledSpan {
        document,
        start,
        end,
        label,
    }
}

fn set(spans: &[LabelledSpan]) -> SpanSet {
    SpanSet::new(spans.to_vec()).expect("non-empty spans")
}

#[test]
fn f1_exact_counts_multisets_per_label() {
    let a = set(&[
        span(1, 0, 5, 10),
        span(1, 0, 5, 10), // twice: matches only as often as B has it
        span(1, 6, 9, 11),
        span(2, 0, 5, 10),
    ]);
    let b = set(&[
        span(1, 0, 5, 10),
        span(1, 6, 9, 10),
        span(2, 0, 5, 10),
        span(3, 0, 1, 12),
    ]);
    let result = f1_exact(&a, &b);
    assert_eq!(
        (
            result.overall.matched,
            result.overall.only_a,
            result.overall.only_b
        ),
        (2, 2, 2)
    );
    assert_eq!(result.overall.f1(), Some(0.5));
    let label_10 = result.by_label[&10];
    assert_eq!(
        (label_10.matched, label_10.only_a, label_10.only_b),
        (2, 1, 1)
    );
    assert_eq!(label_10.f1(), Some(4.0 / 6.0));
    assert_eq!(result.by_label[&11].f1(), Some(0.0));
    assert_eq!(result.by_label[&12].f1(), Some(0.0));
    assert_eq!(
        result.by_label.keys().copied().collect::<Vec<_>>(),
        vec![10, 11, 12]
    );
    // Symmetric: swapping A and B swaps only_a and only_b.
    let swapped = f1_exact(&b, &a);
    assert_eq!((swapped.overall.only_a, swapped.overall.only_b), (2, 2));
    assert_eq!(f1_exact(&a, &a).overall.f1(), Some(1.0));
    assert_eq!(f1_exact(&set(&[]), &set(&[])).overall.f1(), None);
}

#[test]
fn f1_overlap_counts_shared_characters_of_the_same_label() {
    let a = set(&[
        span(1, 0, 5, 10),   // overlaps B's (4, 8)
        span(1, 5, 7, 10),   // touches (4, 8) too
        span(1, 10, 12, 10), // B's (12, 14) only touches its end: no shared character
        span(1, 0, 5, 11),   // B has label 11 only in document 2
    ]);
    let b = set(&[span(1, 4, 8, 10), span(1, 12, 14, 10), span(2, 0, 5, 11)]);
    let result = f1_overlap(&a, &b);
    assert_eq!(result.overall.a_spans, 4);
    assert_eq!(result.overall.a_overlapping, 2);
    assert_eq!(result.overall.b_spans, 3);
    assert_eq!(result.overall.b_overlapping, 1);
    let (p, r) = (0.5, 1.0 / 3.0);
    assert_near(result.overall.f1(), 2.0 * p * r / (p + r), 1e-12);
    assert_eq!(result.by_label[&11].f1(), Some(0.0));
    assert_eq!(result.by_label[&10].precision(), Some(2.0 / 3.0));
    assert_eq!(f1_overlap(&set(&[]), &b).overall.f1(), None);
}

#[test]
fn a_span_set_refuses_empty_spans() {
    let refused = SpanSet::new(vec![span(1, 0, 2, 1), span(4, 3, 3, 1)]);
    assert!(matches!(
        refused,
        Err(AgreementError::EmptySpan {
            index: 1,
            document: 4,
            start: 3,
            end: 3
        })
    ));
}

#[test]
fn f1_overlap_matches_the_slow_definition_on_random_sets() {
    let mut random = Random(7);
    let random_set = |random: &mut Random| -> Vec<LabelledSpan> {
        (0..random.below(40))
            .map(|_| {
                let start = random.below(50) as u32;
                let length = 1 + random.below(8) as u32;
                span(
                    random.below(3) as u32,
                    start,
                    start + length,
                    random.below(3) as u32,
                )
            })
            .collect()
    };
    for _ in 0..300 {
        let a = random_set(&mut random);
        let b = random_set(&mut random);
        let overlaps = |x: &LabelledSpan, ys: &[LabelledSpan]| {
            ys.iter().any(|y| {
                x.document == y.document && x.label == y.label && x.start < y.end && y.start < x.end
            })
        };
        let result = f1_overlap(&set(&a), &set(&b));
        assert_eq!(result.overall.a_spans, a.len());
        assert_eq!(
            result.overall.a_overlapping,
            a.iter().filter(|x| overlaps(x, &b)).count()
        );
        assert_eq!(
            result.overall.b_overlapping,
            b.iter().filter(|y| overlaps(y, &a)).count()
        );
        for label in 0..3 {
            let of = |spans: &[LabelledSpan]| -> Vec<LabelledSpan> {
                spans.iter().filter(|s| s.label == label).copied().collect()
            };
            let (la, lb) = (of(&a), of(&b));
            let Some(counts) = result.by_label.get(&label) else {
                assert!(la.is_empty() && lb.is_empty());
                continue;
            };
            assert_eq!(
                counts.a_overlapping,
                la.iter().filter(|x| overlaps(x, &lb)).count()
            );
            assert_eq!(
                counts.b_overlapping,
                lb.iter().filter(|y| overlaps(y, &la)).count()
            );
        }
        // Exact matches, the slow way: each of A's spans takes one equal span of B.
        let mut unused = b.clone();
        let mut matched = 0;
        for x in &a {
            if let Some(at) = unused.iter().position(|y| y == x) {
                unused.swap_remove(at);
                matched += 1;
            }
        }
        let exact = f1_exact(&set(&a), &set(&b));
        assert_eq!(exact.overall.matched, matched);
        assert_eq!(exact.overall.only_a, a.len() - matched);
        assert_eq!(exact.overall.only_b, b.len() - matched);
    }
}

/// The messages docs/BAD_INPUT.md shows.
#[test]
fn error_messages_name_what_was_wrong() {
    let mut study = RatingTable::new(2);
    let wrong = study
        .push_unit(&[Some(1)])
        .expect_err("one value for two raters");
    assert_eq!(
        wrong.to_string(),
        "unit 0: 1 value(s) for 2 raters; a unit needs one value per rater"
    );
    let rater = cohen_kappa(&study, 0, 2).expect_err("no rater 2");
    assert_eq!(
        rater.to_string(),
        "rater 2 does not exist: the table has 2 raters"
    );
    let empty = SpanSet::new(vec![span(4, 3, 3, 1)]).expect_err("empty span");
    assert_eq!(
        empty.to_string(),
        "span 0 (document 4): end 3 is not after start 3"
    );
    let continuum = Continuum {
        begin: 10,
        length: 10,
    };
    let outside = alpha_unitizing(continuum, &[units(&[(15, 6, 0)])]).expect_err("past the end");
    assert_eq!(
        outside.to_string(),
        "rater 0, unit 0: [15, 15+6) is outside the continuum [10, 20)"
    );
    let zero = alpha_unitizing(continuum, &[units(&[(12, 0, 0)])]).expect_err("length 0");
    assert_eq!(
        zero.to_string(),
        "rater 0, unit 0: length 0 at 12; a unit must cover at least one position"
    );
}
