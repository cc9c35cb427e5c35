//! Coding measures: every rater gives each unit one category, or nothing (missing).
//!
//! The report's units are positions (document, start, end); a rater's value is the label
//! of their span there, a category of its own for "no span here", or missing (`None`)
//! when that rater did not finish the document.

use std::collections::HashMap;

use super::{AgreementError, Category};

/// Units × raters, row by row: `values[unit * raters + rater]`. `None` is a missing value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RatingTable {
    raters: usize,
    values: Vec<Option<Category>>,
}

impl RatingTable {
    pub fn new(raters: usize) -> Self {
        Self::with_capacity(raters, 0)
    }

    /// Reserves room for `units` rows up front (the report knows how many positions).
    pub fn with_capacity(raters: usize, units: usize) -> Self {
        Self {
            raters,
            values: Vec::with_capacity(raters.saturating_mul(units)),
        }
    }

    /// Appends one unit: one value per rater, in rater order.
    pub fn push_unit(&mut self, values: &[Option<Category>]) -> Result<(), AgreementError> {
        if values.len() != self.raters {
            return Err(AgreementError::WrongValueCount {
                unit: self.units(),
                expected: self.raters,
                found: values.len(),
            });
        }
        self.values.extend_from_slice(values);
        Ok(())
    }

    pub fn raters(&self) -> usize {
        self.raters
    }

    pub fn units(&self) -> usize {
        self.values.len().checked_div(self.raters).unwrap_or(0)
    }

    /// The rows, one slice of `raters` values per unit.
    pub fn rows(&self) -> impl Iterator<Item = &[Option<Category>]> {
        // With no raters there are no values, so any chunk size yields nothing.
        self.values.chunks_exact(self.raters.max(1))
    }

    fn check_rater(&self, rater: usize) -> Result<(), AgreementError> {
        if rater < self.raters {
            Ok(())
        } else {
            Err(AgreementError::NoSuchRater {
                rater,
                raters: self.raters,
            })
        }
    }
}

/// Two raters over the units both gave a value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairAgreement {
    /// Units where both raters have a value.
    pub units: usize,
    /// Share of those units where the two values are equal; `None` with no units.
    pub percent_agreement: Option<f64>,
    /// Cohen's κ = (Ao − Ae) / (1 − Ae), Ae = Σ_k pA(k)·pB(k) from each rater's own
    /// distribution; `None` with no units or when Ae = 1 (both used one same category).
    pub cohen_kappa: Option<f64>,
}

/// Cohen's κ and percent agreement of two raters of a table, over the units where both
/// have a value (missing values drop the unit, as the pair never compared it).
pub fn cohen_kappa(
    table: &RatingTable,
    a: usize,
    b: usize,
) -> Result<PairAgreement, AgreementError> {
    table.check_rater(a)?;
    table.check_rater(b)?;
    Ok(pair_agreement(
        table.rows().filter_map(|row| Some((row[a]?, row[b]?))),
    ))
}

/// Cohen's κ and percent agreement over pairs of values (for example an attribute's
/// values on the exactly matched span pairs of two annotators).
pub fn pair_agreement(pairs: impl IntoIterator<Item = (Category, Category)>) -> PairAgreement {
    let mut margins: HashMap<Category, [u64; 2]> = HashMap::new();
    let mut units: u64 = 0;
    let mut agreed: u64 = 0;
    for (a, b) in pairs {
        units += 1;
        agreed += u64::from(a == b);
        margins.entry(a).or_default()[0] += 1;
        margins.entry(b).or_default()[1] += 1;
    }
    if units == 0 {
        return PairAgreement {
            units: 0,
            percent_agreement: None,
            cohen_kappa: None,
        };
    }
    // In whole numbers: κ = (agreed·n − Σ a_k·b_k) / (n² − Σ a_k·b_k), exact until the
    // one division.
    let n = u128::from(units);
    let chance: u128 = margins
        .values()
        .map(|[a, b]| u128::from(*a) * u128::from(*b))
        .sum();
    let denominator = n * n - chance;
    let numerator = (u128::from(agreed) * n) as i128 - chance as i128;
    let cohen_kappa = (denominator != 0).then(|| numerator as f64 / denominator as f64);
    PairAgreement {
        units: units as usize,
        percent_agreement: Some(agreed as f64 / units as f64),
        cohen_kappa,
    }
}

/// Krippendorff's α for nominal data, with missing values: α = 1 − Do/De from the
/// coincidence matrix, where a unit with m ≥ 2 values adds 1/(m − 1) for each ordered
/// pair of its values (units with fewer than two values are not pairable and drop out).
/// Do = Σ_{c≠k} o_ck / n, De = Σ_{c≠k} n_c·n_k / (n(n − 1)). `None` when De = 0 (no
/// pairable values, or every value is the same category).
pub fn krippendorff_alpha(table: &RatingTable) -> Option<f64> {
    // Σ_u (m_u² − Σ_c n_uc²) grouped by m_u, so that each group is divided once, exactly.
    let mut unequal_by_m = vec![0u64; table.raters() + 1];
    let mut totals: HashMap<Category, u64> = HashMap::new();
    let mut unit_counts: Vec<(Category, u64)> = Vec::with_capacity(table.raters());
    for row in table.rows() {
        count_values(row, &mut unit_counts);
        let m: u64 = unit_counts.iter().map(|(_, count)| count).sum();
        if m < 2 {
            continue;
        }
        let same: u64 = unit_counts.iter().map(|(_, count)| count * count).sum();
        unequal_by_m[m as usize] += m * m - same;
        for &(category, count) in &unit_counts {
            *totals.entry(category).or_default() += count;
        }
    }
    let n: u64 = totals.values().sum();
    let n_squared = u128::from(n) * u128::from(n);
    let same_total: u128 = totals
        .values()
        .map(|&c| u128::from(c) * u128::from(c))
        .sum();
    let expected_pairs = n_squared - same_total;
    if expected_pairs == 0 {
        return None;
    }
    let observed_pairs: f64 = unequal_by_m
        .iter()
        .enumerate()
        .skip(2)
        .map(|(m, &unequal)| unequal as f64 / (m - 1) as f64)
        .sum();
    // 1 − (o/n) / (e/(n(n−1))) = 1 − (n − 1)·o / e
    Some(1.0 - (n - 1) as f64 * observed_pairs / expected_pairs as f64)
}

/// Fleiss' κ over the units every rater gave a value (units with a missing value are
/// left out: Fleiss' κ needs the same number of ratings per unit). P̄ is the mean share
/// of agreeing rater pairs per unit, P̄e = Σ_j p_j² from the pooled distribution;
/// κ = (P̄ − P̄e) / (1 − P̄e). `None` with fewer than two raters, no complete unit, or
/// P̄e = 1.
pub fn fleiss_kappa(table: &RatingTable) -> Option<f64> {
    let raters = table.raters() as u64;
    if raters < 2 {
        return None;
    }
    let mut units: u64 = 0;
    let mut same_sum: u64 = 0; // Σ_i Σ_j n_ij²
    let mut totals: HashMap<Category, u64> = HashMap::new();
    let mut unit_counts: Vec<(Category, u64)> = Vec::with_capacity(table.raters());
    for row in table.rows().filter(|row| row.iter().all(Option::is_some)) {
        count_values(row, &mut unit_counts);
        units += 1;
        for &(category, count) in &unit_counts {
            same_sum += count * count;
            *totals.entry(category).or_default() += count;
        }
    }
    if units == 0 {
        return None;
    }
    let ratings = (units * raters) as f64;
    let observed = (same_sum - units * raters) as f64 / (ratings * (raters - 1) as f64);
    let expected: f64 = totals
        .values()
        .map(|&total| (total as f64 / ratings).powi(2))
        .sum();
    let chance_room = 1.0 - expected;
    (chance_room > 0.0).then(|| (observed - expected) / chance_room)
}

/// The distinct categories of one unit with how often each occurs, missing values left
/// out (a unit has a handful of raters, so a short list beats a map).
fn count_values(row: &[Option<Category>], counts: &mut Vec<(Category, u64)>) {
    counts.clear();
    for value in row.iter().flatten() {
        match counts.iter_mut().find(|(category, _)| category == value) {
            Some((_, count)) => *count += 1,
            None => counts.push((*value, 1)),
        }
    }
}
