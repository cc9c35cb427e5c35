//! Curation's plain data: where a gold annotation came from (provenance),
//! what was decided about a candidate, and the keys candidates are known by.
//! A candidate is a position with a label, not a row: annotators' spans at
//! the same place with the same label are one candidate.

use std::collections::BTreeMap;

use super::{DocumentId, DocumentStatus, LabelId, Relation, Span};

/// How a gold annotation got into gold.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Origin {
    /// A merge strategy (`complete`, `incomplete`, `threshold`) put it in.
    Strategy(String),
    /// A curator accepted it (or drew it) by hand.
    Curator,
}

impl Origin {
    /// The text stored and exported: `strategy:threshold` or `curator`.
    pub fn as_text(&self) -> String {
        match self {
            Self::Strategy(name) => format!("strategy:{name}"),
            Self::Curator => "curator".to_string(),
        }
    }

    /// Reads [`Origin::as_text`] back; None for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        if text == "curator" {
            return Some(Self::Curator);
        }
        let name = text.strip_prefix("strategy:")?;
        (!name.is_empty()).then(|| Self::Strategy(name.to_string()))
    }
}

/// Where one gold span or relation came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provenance {
    pub origin: Origin,
    /// The annotators whose votes put it there, by name.
    pub voters: Vec<String>,
    /// When, in milliseconds since 1970-01-01 UTC.
    pub at_ms: i64,
    /// Why a curator should look at it again (an attribute vote was tied and
    /// the label's default was taken); None when nothing needs a look.
    pub review: Option<String>,
}

/// What was decided about a candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Verdict {
    Accepted,
    Rejected,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Accepted => "accepted",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "accepted" => Some(Self::Accepted),
            "rejected" => Some(Self::Rejected),
            _ => None,
        }
    }
}

/// A decision about one candidate of one document. Kept after the gold
/// annotation it made is deleted: a strategy never proposes or re-adds a
/// decided candidate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub verdict: Verdict,
    pub at_ms: i64,
    pub by: Origin,
}

/// A span candidate within a document: its position and label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SpanKey {
    pub start_char: usize,
    pub end_char: usize,
    pub label: LabelId,
}

/// A relation candidate within a document: its type and both ends, each a
/// position with a label (span ids differ between layers; positions do not).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RelationKey {
    pub label: LabelId,
    pub from: SpanKey,
    pub to: SpanKey,
}

/// One annotator's layer of a document, whole: what curation reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnnotatorLayer {
    pub annotator: String,
    pub status: DocumentStatus,
    /// In text order (start, end, label order, id), attributes included.
    pub spans: Vec<Span>,
    /// By id.
    pub relations: Vec<Relation>,
}

impl AnnotatorLayer {
    /// A layer with nothing in it (a document with no gold yet).
    pub fn empty(annotator: &str) -> Self {
        Self {
            annotator: annotator.to_string(),
            status: DocumentStatus::New,
            spans: Vec::new(),
            relations: Vec::new(),
        }
    }
}

/// Everything curation needs of one document: every layer, gold apart, and
/// the decisions taken so far.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentLayers {
    pub document: DocumentId,
    /// Every layer but gold, by annotator name (unfinished ones too: the view
    /// shows them; they never vote).
    pub layers: Vec<AnnotatorLayer>,
    /// The gold layer ([`AnnotatorLayer::empty`] when there is none).
    pub gold: AnnotatorLayer,
    pub span_decisions: BTreeMap<SpanKey, Decision>,
    pub relation_decisions: BTreeMap<RelationKey, Decision>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_read_back() {
        for origin in [Origin::Curator, Origin::Strategy("threshold".into())] {
            assert_eq!(Origin::parse(&origin.as_text()), Some(origin));
        }
        assert_eq!(Origin::parse("strategy:"), None);
        assert_eq!(Origin::parse("robot"), None);
    }
}
