//! The three merge strategies: which label, if any, a position gets in gold
//! from its votes.

use crate::model::LabelId;

/// `--min-votes` when none is given.
pub const DEFAULT_MIN_VOTES: usize = 2;
/// `--min-confidence` when none is given.
pub const DEFAULT_MIN_CONFIDENCE: f64 = 0.5;

/// How candidates are accepted into gold.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Strategy {
    /// Every annotator who finished the document voted for it.
    Complete,
    /// Every annotator with any annotation at the position voted for this
    /// label (those with nothing there do not object).
    Incomplete,
    /// Votes ≥ `min_votes` and votes / finished annotators ≥
    /// `min_confidence`; two labels passing at one position: neither.
    Threshold {
        min_votes: usize,
        min_confidence: f64,
    },
}

impl Strategy {
    /// The name in `--strategy` and in provenance (`strategy:<name>`).
    pub fn name(&self) -> &'static str {
        match self {
            Self::Complete => "complete",
            Self::Incomplete => "incomplete",
            Self::Threshold { .. } => "threshold",
        }
    }

    /// The strategy named on the command line, with the threshold's defaults.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "complete" => Some(Self::Complete),
            "incomplete" => Some(Self::Incomplete),
            "threshold" => Some(Self::Threshold {
                min_votes: DEFAULT_MIN_VOTES,
                min_confidence: DEFAULT_MIN_CONFIDENCE,
            }),
            _ => None,
        }
    }

    /// Judges one position (a span position, or a relation's two ends):
    /// `votes` holds each label voted there with its number of voters (each
    /// label once), `present` how many annotators have anything there, and
    /// `finished` how many finished the document.
    pub fn judge(&self, votes: &[(LabelId, usize)], present: usize, finished: usize) -> Judgement {
        let passing: Vec<LabelId> = match *self {
            Self::Complete => votes
                .iter()
                .filter(|(_, n)| finished > 0 && *n == finished)
                .map(|(label, _)| *label)
                .collect(),
            Self::Incomplete => match votes {
                [(label, n)] if *n == present => vec![*label],
                _ => Vec::new(),
            },
            Self::Threshold {
                min_votes,
                min_confidence,
            } => votes
                .iter()
                .filter(|(_, n)| {
                    *n >= min_votes && finished > 0 && *n as f64 / finished as f64 >= min_confidence
                })
                .map(|(label, _)| *label)
                .collect(),
        };
        match passing.as_slice() {
            [label] => Judgement::Accept(*label),
            [] if votes.len() > 1 => Judgement::Disputed,
            [] => match votes {
                [(_, 1)] => Judgement::Left,
                _ => Judgement::Unmet,
            },
            _ => Judgement::Disputed,
        }
    }
}

/// What a strategy makes of one position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Judgement {
    /// This label goes into gold.
    Accept(LabelId),
    /// Several labels were voted and none (or more than one) passed.
    Disputed,
    /// One label with one vote, not accepted.
    Left,
    /// One label with more votes, short of what the strategy asks.
    Unmet,
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: LabelId = LabelId(1);
    const B: LabelId = LabelId(2);

    fn threshold() -> Strategy {
        Strategy::Threshold {
            min_votes: 1,
            min_confidence: 0.5,
        }
    }

    // INCEpTION's ThresholdBasedMergeStrategyTest: confidence 0.5.
    #[test]
    fn two_votes_against_one_accept_the_two() {
        assert_eq!(
            threshold().judge(&[(A, 2), (B, 1)], 3, 3),
            Judgement::Accept(A)
        );
    }

    #[test]
    fn one_vote_against_one_accepts_nothing() {
        assert_eq!(
            threshold().judge(&[(A, 1), (B, 1)], 2, 2),
            Judgement::Disputed
        );
    }

    #[test]
    fn complete_needs_everyone_who_finished() {
        assert_eq!(Strategy::Complete.judge(&[(A, 2)], 2, 3), Judgement::Unmet);
        assert_eq!(
            Strategy::Complete.judge(&[(A, 3)], 3, 3),
            Judgement::Accept(A)
        );
    }

    #[test]
    fn incomplete_lets_silence_pass_but_not_another_label() {
        assert_eq!(
            Strategy::Incomplete.judge(&[(A, 1)], 1, 3),
            Judgement::Accept(A)
        );
        assert_eq!(
            Strategy::Incomplete.judge(&[(A, 2), (B, 1)], 3, 3),
            Judgement::Disputed
        );
    }
}
