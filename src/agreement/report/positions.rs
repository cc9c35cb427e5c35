//! The units of κ and α: positions (document, start, end) with one value per compared
//! annotator — the label of their span there, "no span" or missing.

use super::layer::FinishedLayer;
use crate::agreement::{AgreementError, Category, RatingTable};

/// The value of an annotator who finished the document but has no span at a position.
pub const NO_SPAN: Category = Category::MAX;

/// Reusable buffers, so a corpus of documents allocates them once.
#[derive(Default)]
pub(super) struct PositionRows {
    /// (start, end, rater, label) of every kept span of the finished layers.
    entries: Vec<(u32, u32, usize, Category)>,
    row: Vec<Option<Category>>,
}

impl PositionRows {
    /// Appends one document's positions to `table` (one row each, raters in the
    /// table's order; `None` for a rater without a finished layer of it). Returns how
    /// many spans were stacked: set aside for a span of the same rater at the same
    /// offsets whose label comes earlier in the schema (label indexes are schema order).
    pub fn add_document(
        &mut self,
        table: &mut RatingTable,
        finished: &[FinishedLayer],
    ) -> Result<usize, AgreementError> {
        self.entries.clear();
        for layer in finished {
            self.entries.extend(
                layer
                    .spans
                    .iter()
                    .map(|span| (span.start, span.end, layer.rater, span.label)),
            );
        }
        self.entries.sort_unstable();
        let mut stacked = 0;
        let mut first = 0;
        while first < self.entries.len() {
            let (start, end, _, _) = self.entries[first];
            let count = self.entries[first..]
                .iter()
                .take_while(|entry| (entry.0, entry.1) == (start, end))
                .count();
            self.row.clear();
            self.row.resize(table.raters(), None);
            for layer in finished {
                self.row[layer.rater] = Some(NO_SPAN);
            }
            // Sorted by rater then label: a rater's first entry has the earliest label.
            for &(_, _, rater, label) in &self.entries[first..first + count] {
                match self.row[rater] {
                    Some(NO_SPAN) => self.row[rater] = Some(label),
                    Some(kept) if kept != label => stacked += 1,
                    _ => {} // the same label twice: a duplicate, not a stack
                }
            }
            table.push_unit(&self.row)?;
            first += count;
        }
        Ok(stacked)
    }
}
