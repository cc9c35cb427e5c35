//! Which annotators annotate which documents: each document gets
//! `per_document` distinct annotators, every annotator a share within one
//! document of every other's, the same plan for the same seed. Assignments
//! that already have annotations (the annotator has a layer of the document)
//! are kept and count in the shares.

use std::collections::{HashMap, HashSet};

use crate::bench_corpus::Random;
use crate::model::layer::annotator_name_problem;
use crate::model::DocumentId;

/// Why no plan could be made.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum AssignError {
    #[error("name at least one annotator (--annotators ana,ben)")]
    NoAnnotators,
    #[error("{0}")]
    BadName(String),
    #[error("annotator {0:?} is named twice")]
    Twice(String),
    #[error(
        "--per-document {per_document} needs at least that many annotators; {annotators} named"
    )]
    TooFewAnnotators {
        per_document: usize,
        annotators: usize,
    },
    #[error("--per-document must be at least 1")]
    ZeroPerDocument,
}

/// The assignments of the chosen documents, after the plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssignPlan {
    /// For each chosen document in project order, its annotators by name.
    pub documents: Vec<(DocumentId, Vec<String>)>,
    /// Assignments kept because the annotator has annotated the document.
    pub kept_with_annotations: usize,
}

impl AssignPlan {
    /// How many of the chosen documents each annotator has, by name.
    pub fn shares(&self) -> Vec<(String, usize)> {
        let mut shares: HashMap<&str, usize> = HashMap::new();
        for (_, annotators) in &self.documents {
            for name in annotators {
                *shares.entry(name).or_default() += 1;
            }
        }
        let mut shares: Vec<(String, usize)> = shares
            .into_iter()
            .map(|(n, c)| (n.to_string(), c))
            .collect();
        shares.sort();
        shares
    }
}

/// Plans the assignments of `documents` (project order) over `annotators`.
/// `annotated` holds (document, annotator) pairs that have a layer: those
/// assignments stay. Deterministic for `seed`: documents are visited in a
/// seeded order and each takes the least-loaded annotators, ties broken by a
/// seeded draw, which keeps every share within one of the others.
pub fn plan_assignments(
    documents: &[DocumentId],
    annotators: &[String],
    per_document: usize,
    annotated: &HashSet<(DocumentId, String)>,
    seed: u64,
) -> Result<AssignPlan, AssignError> {
    check(annotators, per_document)?;
    let mut random = Random::new(seed);
    let mut order: Vec<usize> = (0..documents.len()).collect();
    // Fisher–Yates: documents in a seeded order, so the first documents of
    // the project are not always the first annotator's.
    for i in (1..order.len()).rev() {
        order.swap(i, random.below(i + 1));
    }
    let mut load = vec![0usize; annotators.len()];
    let mut chosen: Vec<Vec<usize>> = vec![Vec::new(); documents.len()];
    let mut kept = 0;
    // Kept assignments first: they are fixed, and count in the shares.
    for (d, document) in documents.iter().enumerate() {
        for (a, name) in annotators.iter().enumerate() {
            if annotated.contains(&(*document, name.clone())) {
                chosen[d].push(a);
                load[a] += 1;
                kept += 1;
            }
        }
    }
    let mut tie: Vec<u64> = vec![0; annotators.len()];
    for &d in &order {
        let missing = per_document.saturating_sub(chosen[d].len());
        if missing == 0 {
            continue;
        }
        for t in tie.iter_mut() {
            *t = random.next_u64();
        }
        let mut candidates: Vec<usize> = (0..annotators.len())
            .filter(|a| !chosen[d].contains(a))
            .collect();
        candidates.sort_by_key(|&a| (load[a], tie[a]));
        for &a in candidates.iter().take(missing) {
            chosen[d].push(a);
            load[a] += 1;
        }
    }
    let documents = documents
        .iter()
        .zip(chosen)
        .map(|(document, mut picked)| {
            picked.sort_unstable();
            (
                *document,
                picked.into_iter().map(|a| annotators[a].clone()).collect(),
            )
        })
        .collect();
    Ok(AssignPlan {
        documents,
        kept_with_annotations: kept,
    })
}

fn check(annotators: &[String], per_document: usize) -> Result<(), AssignError> {
    if annotators.is_empty() {
        return Err(AssignError::NoAnnotators);
    }
    if per_document == 0 {
        return Err(AssignError::ZeroPerDocument);
    }
    let mut seen = HashSet::new();
    for name in annotators {
        if let Some(problem) = annotator_name_problem(name) {
            return Err(AssignError::BadName(problem));
        }
        if !seen.insert(name) {
            return Err(AssignError::Twice(name.clone()));
        }
    }
    if per_document > annotators.len() {
        return Err(AssignError::TooFewAnnotators {
            per_document,
            annotators: annotators.len(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn ids(n: i64) -> Vec<DocumentId> {
        (1..=n).map(DocumentId).collect()
    }

    #[test]
    fn shares_differ_by_at_most_one_and_each_document_has_distinct_annotators() {
        for (n, k, people) in [(50, 2, 3), (7, 2, 3), (101, 3, 4), (10, 1, 6)] {
            let annotators: Vec<String> = (0..people).map(|i| format!("a{i}")).collect();
            let plan = plan_assignments(&ids(n), &annotators, k, &HashSet::new(), 7).unwrap();
            for (_, picked) in &plan.documents {
                assert_eq!(picked.len(), k);
                let distinct: HashSet<&String> = picked.iter().collect();
                assert_eq!(distinct.len(), k);
            }
            let shares: Vec<usize> = plan.shares().into_iter().map(|(_, c)| c).collect();
            let (min, max) = (shares.iter().min().unwrap(), shares.iter().max().unwrap());
            assert!(max - min <= 1, "{n} docs, {k} each, {people}: {shares:?}");
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_plan_and_another_seed_another() {
        let annotators = names(&["ana", "ben", "cy"]);
        let a = plan_assignments(&ids(50), &annotators, 2, &HashSet::new(), 1).unwrap();
        let b = plan_assignments(&ids(50), &annotators, 2, &HashSet::new(), 1).unwrap();
        let c = plan_assignments(&ids(50), &annotators, 2, &HashSet::new(), 2).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn assignments_with_annotations_stay() {
        let annotators = names(&["ana", "ben", "cy"]);
        let annotated: HashSet<(DocumentId, String)> = [
            (DocumentId(1), "cy".to_string()),
            (DocumentId(2), "cy".to_string()),
        ]
        .into();
        for seed in 0..20 {
            let plan = plan_assignments(&ids(6), &annotators, 1, &annotated, seed).unwrap();
            assert_eq!(plan.documents[0].1, ["cy"]);
            assert_eq!(plan.documents[1].1, ["cy"]);
            assert_eq!(plan.kept_with_annotations, 2);
            let shares: Vec<usize> = plan.shares().into_iter().map(|(_, c)| c).collect();
            assert_eq!(shares, [2, 2, 2]);
        }
    }

    #[test]
    fn impossible_requests_are_refused() {
        let two = names(&["ana", "ben"]);
        assert!(matches!(
            plan_assignments(&ids(3), &two, 3, &HashSet::new(), 0),
            Err(AssignError::TooFewAnnotators { .. })
        ));
        assert!(matches!(
            plan_assignments(&ids(3), &names(&["gold"]), 1, &HashSet::new(), 0),
            Err(AssignError::BadName(_))
        ));
        assert!(matches!(
            plan_assignments(&ids(3), &names(&["ana", "ana"]), 1, &HashSet::new(), 0),
            Err(AssignError::Twice(_))
        ));
    }
}
