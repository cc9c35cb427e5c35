//! Krippendorff's unitizing α (αU) on a continuum, as DKPro Agreement's
//! `KrippendorffAlphaUnitizingAgreement` defines it (Krippendorff 1995, 2004 p. 251–256),
//! written here from those definitions.
//!
//! Per category c, each rater's units of c cut the continuum [B, B + L) into segments:
//! their units and the gaps between them. With R raters:
//!
//! - the distance of two overlapping segments of raters i and j is
//!   (b_i − b_j)² + (e_i − e_j)² when both are units; l_i² when i's unit lies inside
//!   j's gap (and the reverse); 0 otherwise;
//! - Do_c = 2 · Σ_{i<j} Σ distances / (R(R − 1) · L²);
//! - De_c = (2/L) · Σ_units [ (N_c − 1)·l(l − 1)(2l − 1)/3 + l² · Σ_{gaps g ≥ l} (g − l + 1) ]
//!   / (R·L·(R·L − 1) − Σ_units l(l − 1)), with N_c the number of units of c of all raters
//!   and the gaps those of all raters;
//! - α_c = 1 − Do_c / De_c, and overall α = 1 − mean_c Do_c / mean_c De_c over the
//!   categories that have a unit.
//!
//! Every sum is a whole number, kept in u128 until the final divisions. Observed
//! disagreement is a merge of two raters' segment lists, expected a binary search in the
//! sorted gaps for each unit: n log n overall, never all pairs of units.

use std::collections::BTreeMap;

use super::{AgreementError, Category};

/// The stretch of positions the raters annotated: [begin, begin + length).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Continuum {
    pub begin: u64,
    pub length: u64,
}

/// One rater's unit: `length` positions from `begin`, coded `category`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unit {
    pub begin: u64,
    pub length: u64,
    pub category: Category,
}

/// αU of one category with its observed and expected disagreement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CategoryAlpha {
    pub observed: f64,
    pub expected: f64,
    /// 1 − Do/De; `None` when De = 0 or there are fewer than two raters.
    pub alpha: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnitizingAlpha {
    /// 1 − mean Do / mean De over the categories in `by_category`; `None` when there is
    /// no category, the mean De is 0 or there are fewer than two raters.
    pub alpha: Option<f64>,
    /// Every category some rater used, sorted.
    pub by_category: BTreeMap<Category, CategoryAlpha>,
    /// Units dropped because they overlap an earlier unit of the same rater and
    /// category (αU needs each rater's units of one category to be disjoint): of
    /// overlapping units the earliest is kept, then the longest of those starting
    /// together.
    pub skipped_overlaps: usize,
}

/// A kept unit as [begin, end).
type Extent = (u64, u64);

/// For each category, one list of kept units per rater, sorted and disjoint.
type UnitsByCategory = BTreeMap<Category, Vec<Vec<Extent>>>;

/// αU of `raters` (one list of units each, in any order) on `continuum`.
pub fn alpha_unitizing<U: AsRef<[Unit]>>(
    continuum: Continuum,
    raters: &[U],
) -> Result<UnitizingAlpha, AgreementError> {
    let continuum_end =
        continuum
            .begin
            .checked_add(continuum.length)
            .ok_or(AgreementError::ContinuumTooLong {
                begin: continuum.begin,
                length: continuum.length,
            })?;
    let (by_category, skipped_overlaps) = disjoint_units(continuum, continuum_end, raters)?;
    let comparable = raters.len() >= 2 && continuum.length > 0;
    let by_category: BTreeMap<Category, CategoryAlpha> = by_category
        .into_iter()
        .map(|(category, units)| {
            let measured = if comparable {
                let observed = observed_disagreement(continuum, &units);
                let expected = expected_disagreement(continuum, &units);
                CategoryAlpha {
                    observed,
                    expected,
                    alpha: one_minus_ratio(observed, expected),
                }
            } else {
                CategoryAlpha {
                    observed: 0.0,
                    expected: 0.0,
                    alpha: None,
                }
            };
            (category, measured)
        })
        .collect();
    let count = by_category.len() as f64;
    let observed: f64 = by_category.values().map(|c| c.observed).sum::<f64>() / count;
    let expected: f64 = by_category.values().map(|c| c.expected).sum::<f64>() / count;
    let alpha = if comparable && !by_category.is_empty() {
        one_minus_ratio(observed, expected)
    } else {
        None
    };
    Ok(UnitizingAlpha {
        alpha,
        by_category,
        skipped_overlaps,
    })
}

fn one_minus_ratio(observed: f64, expected: f64) -> Option<f64> {
    (expected > 0.0).then(|| 1.0 - observed / expected)
}

/// Checks every unit, then groups them by category and rater, sorted by begin, with
/// each rater's overlapping units of one category reduced to the earliest (then
/// longest). Returns the groups and how many units were dropped.
fn disjoint_units<U: AsRef<[Unit]>>(
    continuum: Continuum,
    continuum_end: u64,
    raters: &[U],
) -> Result<(UnitsByCategory, usize), AgreementError> {
    let total: usize = raters.iter().map(|units| units.as_ref().len()).sum();
    // (category, rater, begin, u64::MAX − length): one sort puts the longest first
    // among units starting together.
    let mut all: Vec<(Category, u32, u64, u64)> = Vec::with_capacity(total);
    for (rater, units) in raters.iter().enumerate() {
        for (index, unit) in units.as_ref().iter().enumerate() {
            check_unit(continuum, continuum_end, rater, index, unit)?;
            all.push((
                unit.category,
                rater as u32,
                unit.begin,
                u64::MAX - unit.length,
            ));
        }
    }
    all.sort_unstable();
    let mut grouped = UnitsByCategory::new();
    let mut skipped = 0;
    let mut previous: Option<(Category, u32, u64)> = None; // the last kept unit's end
    for (category, rater, begin, inverse_length) in all {
        let end = begin + (u64::MAX - inverse_length);
        if let Some((kept_category, kept_rater, kept_end)) = previous {
            if (kept_category, kept_rater) == (category, rater) && begin < kept_end {
                skipped += 1;
                continue;
            }
        }
        let per_rater = grouped
            .entry(category)
            .or_insert_with(|| vec![Vec::new(); raters.len()]);
        per_rater[rater as usize].push((begin, end));
        previous = Some((category, rater, end));
    }
    Ok((grouped, skipped))
}

fn check_unit(
    continuum: Continuum,
    continuum_end: u64,
    rater: usize,
    index: usize,
    unit: &Unit,
) -> Result<(), AgreementError> {
    if unit.length == 0 {
        return Err(AgreementError::EmptyUnit {
            rater,
            index,
            begin: unit.begin,
        });
    }
    let inside = unit.begin >= continuum.begin
        && unit
            .begin
            .checked_add(unit.length)
            .is_some_and(|end| end <= continuum_end);
    if !inside {
        return Err(AgreementError::UnitOutsideContinuum {
            rater,
            index,
            begin: unit.begin,
            length: unit.length,
            continuum_begin: continuum.begin,
            continuum_end,
        });
    }
    Ok(())
}

/// A piece of one rater's partition of the continuum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    begin: u64,
    end: u64,
    is_unit: bool,
}

/// One rater's units (sorted, disjoint) and the gaps between them, in order, covering
/// the continuum exactly.
fn segments(continuum: Continuum, units: &[Extent]) -> impl Iterator<Item = Segment> + '_ {
    let end_of_continuum = continuum.begin + continuum.length;
    let mut position = continuum.begin;
    let mut next = 0;
    std::iter::from_fn(move || {
        if position >= end_of_continuum {
            return None;
        }
        let segment = match units.get(next) {
            Some(&(begin, end)) if begin == position => {
                next += 1;
                Segment {
                    begin,
                    end,
                    is_unit: true,
                }
            }
            Some(&(begin, _)) => Segment {
                begin: position,
                end: begin,
                is_unit: false,
            },
            None => Segment {
                begin: position,
                end: end_of_continuum,
                is_unit: false,
            },
        };
        position = segment.end;
        Some(segment)
    })
}

/// Krippendorff's distance between two overlapping segments of two raters.
fn distance(x: Segment, y: Segment) -> u128 {
    let square = |v: u64| u128::from(v) * u128::from(v);
    match (x.is_unit, y.is_unit) {
        (true, true) => square(x.begin.abs_diff(y.begin)) + square(x.end.abs_diff(y.end)),
        (true, false) if y.begin <= x.begin && x.end <= y.end => square(x.end - x.begin),
        (false, true) if x.begin <= y.begin && y.end <= x.end => square(y.end - y.begin),
        _ => 0,
    }
}

/// Do_c: for each pair of raters, the distances of every pair of their segments that
/// overlap (a merge of the two partitions).
fn observed_disagreement(continuum: Continuum, units: &[Vec<Extent>]) -> f64 {
    let mut sum: u128 = 0;
    for (i, first) in units.iter().enumerate() {
        for second in &units[i + 1..] {
            let mut xs = segments(continuum, first);
            let mut ys = segments(continuum, second);
            let (mut x, mut y) = (xs.next(), ys.next());
            while let (Some(a), Some(b)) = (x, y) {
                sum += distance(a, b);
                // Advance whichever ends first (both when they end together).
                if a.end <= b.end {
                    x = xs.next();
                }
                if b.end <= a.end {
                    y = ys.next();
                }
            }
        }
    }
    let raters = units.len() as f64;
    let length = continuum.length as f64;
    2.0 * sum as f64 / (raters * (raters - 1.0) * length * length)
}

/// De_c, with every rater's gaps sorted once so that Σ_{g ≥ l} (g − l + 1) is a binary
/// search and a suffix sum per unit.
fn expected_disagreement(continuum: Continuum, units: &[Vec<Extent>]) -> f64 {
    let mut gaps: Vec<u64> = units
        .iter()
        .flat_map(|rater| segments(continuum, rater))
        .filter(|segment| !segment.is_unit)
        .map(|segment| segment.end - segment.begin)
        .collect();
    gaps.sort_unstable();
    // suffix[i] = Σ gaps[i..]
    let mut suffix = vec![0u128; gaps.len() + 1];
    for i in (0..gaps.len()).rev() {
        suffix[i] = suffix[i + 1] + u128::from(gaps[i]);
    }
    let unit_count: u128 = units.iter().map(|rater| rater.len() as u128).sum();
    let mut sum: u128 = 0;
    let mut within_units: u128 = 0; // Σ l(l − 1)
    for &(begin, end) in units.iter().flatten() {
        let l = u128::from(end - begin);
        within_units += l * (l - 1);
        // l(l − 1)(2l − 1) is six times a sum of squares: the division by 3 is exact.
        sum += (unit_count - 1) * (l * (l - 1) * (2 * l - 1) / 3);
        let first_fitting = gaps.partition_point(|&gap| u128::from(gap) < l);
        let fitting = (gaps.len() - first_fitting) as u128;
        // Σ (g − l + 1) over the gaps g ≥ l, each term ≥ 1.
        let placements = suffix[first_fitting] + fitting - l * fitting;
        sum += l * l * placements;
    }
    let positions = units.len() as u128 * u128::from(continuum.length);
    let denominator = positions * (positions - 1) - within_units;
    if denominator == 0 {
        return 0.0;
    }
    2.0 * sum as f64 / (continuum.length as f64 * denominator as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(begin: u64, length: u64) -> Segment {
        Segment {
            begin,
            end: begin + length,
            is_unit: true,
        }
    }

    fn gap(begin: u64, length: u64) -> Segment {
        Segment {
            begin,
            end: begin + length,
            is_unit: false,
        }
    }

    /// Krippendorff (2004) p. 254 and DKPro's Krippendorff2004Test / UnitizingAgreementTest:
    /// (begin, length) pairs and their distances.
    #[test]
    fn distances_match_the_published_values() {
        assert_eq!(distance(unit(5, 6), unit(4, 2)), 26);
        assert_eq!(distance(unit(5, 6), unit(5, 2)), 16);
        assert_eq!(distance(unit(5, 6), unit(6, 2)), 10);
        assert_eq!(distance(unit(5, 6), unit(7, 2)), 8);
        assert_eq!(distance(unit(5, 6), unit(6, 4)), 2);
        assert_eq!(distance(unit(5, 6), unit(5, 6)), 0);
        assert_eq!(
            distance(gap(2, 3), unit(2, 2)) + distance(unit(5, 6), gap(4, 7)),
            40
        );
        assert_eq!(
            distance(gap(3, 2), unit(3, 2)) + distance(unit(5, 6), gap(5, 6)),
            40
        );
        assert_eq!(distance(unit(225, 70), unit(220, 80)), 50);
        assert_eq!(distance(unit(370, 30), unit(355, 20)), 850);
        assert_eq!(distance(gap(400, 50), unit(400, 20)), 400);
        assert_eq!(distance(unit(1, 8), gap(0, 2)), 0);
        assert_eq!(distance(unit(1, 8), unit(2, 1)), 37);
        assert_eq!(distance(unit(1, 8), unit(4, 1)), 25);
        assert_eq!(distance(unit(1, 8), unit(6, 1)), 29);
        assert_eq!(distance(unit(1, 8), gap(7, 4)), 0);
        assert_eq!(distance(gap(9, 2), gap(7, 4)), 0);
    }

    #[test]
    fn segments_cover_the_continuum_exactly() {
        let continuum = Continuum {
            begin: 10,
            length: 10,
        };
        let got: Vec<Segment> = segments(continuum, &[(10, 12), (15, 20)]).collect();
        assert_eq!(got, vec![unit(10, 2), gap(12, 3), unit(15, 5)]);
        let got: Vec<Segment> = segments(continuum, &[]).collect();
        assert_eq!(got, vec![gap(10, 10)]);
    }
}
