//! The learned source: every string the project already annotates becomes a
//! suggestion wherever it occurs unannotated, scored by how often that string
//! got that label (INCEpTION's string matcher: a string tagged PER twice and
//! OTH once is suggested as PER 0.67 and OTH 0.33).

use std::collections::BTreeMap;

use super::terms::Terms;

/// Counts (string, label) pairs, then turns the counts into scored terms.
#[derive(Debug, Default)]
pub struct Learner {
    /// String → label → how many spans.
    counts: BTreeMap<String, BTreeMap<String, usize>>,
}

impl Learner {
    /// One annotated span: its text and label name. Blank text teaches nothing.
    pub fn add(&mut self, text: &str, label: &str) {
        if text.trim().is_empty() {
            return;
        }
        *self
            .counts
            .entry(text.to_string())
            .or_default()
            .entry(label.to_string())
            .or_default() += 1;
    }

    /// Case-sensitive terms (the project's strings as written), each label
    /// scored by its share of that string's spans.
    pub fn terms(&self) -> Terms {
        let mut terms = Terms::new(true);
        for (text, labels) in &self.counts {
            let total: usize = labels.values().sum();
            for (label, count) in labels {
                terms.add(text, label, *count as f64 / total as f64);
            }
        }
        terms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_are_each_labels_share_of_the_string() {
        let mut learner = Learner::default();
        learner.add("Washington", "PER");
        learner.add("Washington", "PER");
        learner.add("Washington", "OTH");
        learner.add("Kabul", "GPE");
        learner.add("  ", "GPE");
        let chars: Vec<char> = "Washington in Kabul".chars().collect();
        let found: Vec<(String, String)> = learner
            .terms()
            .find(&chars)
            .into_iter()
            .map(|m| (m.label, format!("{:.2}", m.score)))
            .collect();
        assert_eq!(
            found,
            vec![
                ("OTH".to_string(), "0.33".to_string()),
                ("PER".to_string(), "0.67".to_string()),
                ("GPE".to_string(), "1.00".to_string()),
            ]
        );
    }
}
