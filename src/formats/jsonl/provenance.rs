//! The `provenance` object of gold spans and relations in native JSONL:
//! how each got into gold (`strategy:<name>` or `curator`), who voted for
//! it, when (ISO 8601, UTC), and why a curator should look again, if so.

use std::collections::HashMap;

use serde::Serialize;

use crate::formats::ExportError;
use crate::model::{DocumentId, Provenance, RelationId, SpanId, GOLD_LAYER};
use crate::store::{CurationReads, GoldProvenance, LayerReads, Reader};

#[derive(Clone, Debug, Serialize)]
pub(super) struct ProvenanceRecord {
    how: String,
    voters: Vec<String>,
    at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    review: Option<String>,
}

impl ProvenanceRecord {
    fn new(provenance: &Provenance) -> Self {
        Self {
            how: provenance.origin.as_text(),
            voters: provenance.voters.clone(),
            at: iso_8601_utc(provenance.at_ms),
            review: provenance.review.clone(),
        }
    }

    /// A gold annotation with no provenance recorded was drawn in gold by
    /// hand: a curator's, when it was made.
    fn by_hand(created_at_ms: i64) -> Self {
        Self {
            how: "curator".to_string(),
            voters: Vec::new(),
            at: iso_8601_utc(created_at_ms),
            review: None,
        }
    }
}

/// The provenance of one document's gold annotations, read once.
#[derive(Default)]
pub(super) struct DocumentProvenance {
    recorded: GoldProvenance,
    span_times: HashMap<i64, (i64, i64)>,
    relation_times: HashMap<i64, (i64, i64)>,
}

impl DocumentProvenance {
    /// Reads it when `has_gold` (nothing to read otherwise).
    pub(super) fn read(
        store: &(impl Reader + ?Sized),
        document: DocumentId,
        has_gold: bool,
    ) -> Result<Self, ExportError> {
        if !has_gold {
            return Ok(Self::default());
        }
        Ok(Self {
            recorded: store.gold_provenance_of(document)?,
            span_times: store.layer_times(document, GOLD_LAYER, false)?,
            relation_times: store.layer_times(document, GOLD_LAYER, true)?,
        })
    }

    pub(super) fn span(&self, annotator: &str, id: SpanId) -> Option<ProvenanceRecord> {
        if annotator != GOLD_LAYER {
            return None;
        }
        Some(match self.recorded.spans.get(&id) {
            Some(provenance) => ProvenanceRecord::new(provenance),
            None => ProvenanceRecord::by_hand(self.span_times.get(&id.0).map_or(0, |t| t.0)),
        })
    }

    pub(super) fn relation(&self, annotator: &str, id: RelationId) -> Option<ProvenanceRecord> {
        if annotator != GOLD_LAYER {
            return None;
        }
        Some(match self.recorded.relations.get(&id) {
            Some(provenance) => ProvenanceRecord::new(provenance),
            None => ProvenanceRecord::by_hand(self.relation_times.get(&id.0).map_or(0, |t| t.0)),
        })
    }
}

/// `2026-11-25T04:45:51.123Z`.
pub(super) fn iso_8601_utc(ms: i64) -> String {
    let (seconds, millis) = (ms.div_euclid(1000), ms.rem_euclid(1000));
    let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (year, month, day) = crate::store::civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_are_iso_8601_utc() {
        assert_eq!(super::iso_8601_utc(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            super::iso_8601_utc(1_795_530_645_123),
            "2026-11-24T14:30:45.123Z"
        );
    }
}
