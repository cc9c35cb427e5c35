//! Curation through the session: the open document's candidates, and the
//! curator's edits (accept, reject, accept all agreed) as undoable steps.
//!
//! The candidates are read once per document and then followed edit by
//! edit: while curating, an edit changes only gold (the open layer, kept
//! current by the session anyway) and decisions (named by the commands), so
//! nothing else is read again, and only the touched positions' states are
//! worked out again. Reading three layers of 20,000 spans takes ~130 ms and
//! working out all their candidates ~20 ms; a key must answer within a
//! frame (BENCHMARKS.md, curation view).

use std::collections::{BTreeSet, HashMap, HashSet};

use super::edit::Outcome;
use super::Session;
use crate::curate::candidates::{
    candidates_with, find_candidate, find_relation_candidate, voting_layers, RelationVotes,
};
use crate::curate::DocumentCandidates;
use crate::curate::{
    accept_all_agreed, accept_candidate, accept_relation_candidate, agreed_relations,
    reject_candidate, reject_relation_candidate, span_candidates,
};
use crate::edit::{Command, EditError};
use crate::model::{
    AnnotatorLayer, DocumentId, DocumentLayers, LabelId, RelationKey, SpanKey, GOLD_LAYER,
};
use crate::store::{now_ms, CurationReads as _, StoreError};

/// The open document's layers as curation reads them, and its candidates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenCuration {
    pub layers: DocumentLayers,
    pub candidates: DocumentCandidates,
}

/// [`OpenCuration`] and the session change it is current for.
#[derive(Debug)]
pub(super) struct CurationCache {
    open: OpenCuration,
    /// The annotators' relations, read once: a curator changes only gold
    /// and decisions, which the relation candidates are worked out from.
    relation_votes: RelationVotes,
    changes: u64,
}

impl Session {
    /// Reads the open document's layers and candidates unless they are
    /// current (every annotator but gold and predictions voting).
    pub fn load_curation(&mut self) -> Result<(), StoreError> {
        let Some(id) = self.open_id() else {
            self.curation = None;
            return Ok(());
        };
        let current = self
            .curation
            .as_ref()
            .is_some_and(|c| c.open.layers.document == id && c.changes == self.changes);
        if current {
            return Ok(());
        }
        self.curation = None;
        let Some(layers) = self.store().curation_layers(&[id])?.into_iter().next() else {
            return Ok(());
        };
        let voting = voting_layers(&layers, None);
        let relation_votes = RelationVotes::of(&voting);
        let candidates = candidates_with(&layers, &voting, &relation_votes);
        self.curation = Some(CurationCache {
            open: OpenCuration { layers, candidates },
            relation_votes,
            changes: self.changes,
        });
        Ok(())
    }

    /// The open document's curation as last loaded ([`Self::load_curation`]),
    /// while it is current.
    pub fn curation(&self) -> Option<&OpenCuration> {
        self.curation
            .as_ref()
            .filter(|c| Some(c.open.layers.document) == self.open_id() && c.changes == self.changes)
            .map(|c| &c.open)
    }

    /// After an edit of `document`: while gold is the open layer, the
    /// curation follows it. Only gold and decisions change while curating,
    /// and a candidate's state depends only on what is at its own position:
    /// the positions the commands touch (the spans they name, before and
    /// after; the candidates they decide) are worked out again, by the same
    /// `span_candidates` over just those positions. Relation candidates hang
    /// on gold's spans anywhere, so they are all worked out again from the
    /// annotators' relations read at load (nothing at all in a document
    /// without relations).
    /// Otherwise the curation is read again when next asked for.
    pub(super) fn follow_curation(
        &mut self,
        document: Option<DocumentId>,
        commands: &[&Command],
    ) -> Result<(), StoreError> {
        let Some(cache) = &mut self.curation else {
            return Ok(());
        };
        let id = cache.open.layers.document;
        let followable = self.annotator == GOLD_LAYER
            && document.is_none_or(|d| d == id)
            && self.open.as_ref().is_some_and(|o| o.document.id == id);
        let Some(open) = self.open.as_ref().filter(|_| followable) else {
            self.curation = None;
            return Ok(());
        };
        let (mut spans, mut relations, mut keys) = (Vec::new(), Vec::new(), Vec::new());
        let mut relation_keys = Vec::new();
        for command in commands {
            command.touched(&mut spans, &mut relations);
            decided_keys(command, &mut keys, &mut relation_keys);
        }
        let touched: HashSet<_> = spans.iter().copied().collect();
        let layers = &mut cache.open.layers;
        let mut positions: BTreeSet<(usize, usize)> =
            keys.iter().map(|k| (k.start_char, k.end_char)).collect();
        let gold = &mut layers.gold;
        positions.extend(
            gold.spans
                .iter()
                .chain(spans.iter().filter_map(|&s| open.span(s)))
                .filter(|s| touched.contains(&s.id))
                .map(|s| (s.start_char(), s.end_char())),
        );
        gold.spans.retain(|s| !touched.contains(&s.id));
        gold.spans
            .extend(spans.iter().filter_map(|&s| open.span(s)).cloned());
        gold.relations.retain(|r| !relations.contains(&r.id));
        gold.relations
            .extend(relations.iter().filter_map(|&r| open.relation(r)).cloned());
        for key in keys {
            match self.store.span_decision(id, key)? {
                Some(decision) => layers.span_decisions.insert(key, decision),
                None => layers.span_decisions.remove(&key),
            };
        }
        for key in relation_keys {
            match self.store.relation_decision(id, key)? {
                Some(decision) => layers.relation_decisions.insert(key, decision),
                None => layers.relation_decisions.remove(&key),
            };
        }
        let at = |start: usize, end: usize| positions.contains(&(start, end));
        let local = span_candidates(&at_positions(layers, &at), None);
        let all = &mut cache.open.candidates.candidates;
        for candidate in local.candidates {
            if let Ok(i) = all.binary_search_by(|c| c.key.cmp(&candidate.key)) {
                all[i].state = candidate.state;
            }
        }
        cache.open.candidates.relations = cache.relation_votes.candidates(layers);
        cache.changes = self.changes;
        Ok(())
    }

    /// Keeps the document list's counts in the project, so the next count
    /// reads them instead of computing them again.
    pub fn keep_curation_progress(
        &mut self,
        progress: &HashMap<DocumentId, usize>,
    ) -> Result<(), StoreError> {
        crate::curate::store_curation_progress(&mut self.store, progress)
    }

    /// Accepts the candidate at `key` into gold, with `label` instead of its
    /// own when given.
    pub(super) fn accept_candidate_edit(
        &mut self,
        key: SpanKey,
        label: Option<LabelId>,
    ) -> Result<Outcome, EditError> {
        self.load_curation()?;
        let curation = self.curation().ok_or(EditError::NoDocumentOpen)?;
        let Some(command) = accept_candidate(
            &self.schema,
            &curation.layers,
            &curation.candidates,
            key,
            label,
            now_ms(),
        ) else {
            return Ok(gone());
        };
        self.perform(command)?;
        let name = self.schema().label_name(label.unwrap_or(key.label));
        let text = self.candidate_text(key);
        Ok(Outcome::say(format!(
            "Accepted “{text}” as {name} into gold (Ctrl+Z takes it back)"
        )))
    }

    pub(super) fn reject_candidate_edit(&mut self, key: SpanKey) -> Result<Outcome, EditError> {
        self.load_curation()?;
        let curation = self.curation().ok_or(EditError::NoDocumentOpen)?;
        if find_candidate(&curation.candidates, key).is_none() {
            return Ok(gone());
        }
        let command = reject_candidate(&curation.layers, key, now_ms());
        self.perform(command)?;
        let name = self.schema().label_name(key.label);
        let text = self.candidate_text(key);
        Ok(Outcome::say(format!(
            "Rejected “{text}” as {name}: not proposed again here (Ctrl+Z takes it back)"
        )))
    }

    pub(super) fn accept_all_agreed_edit(&mut self) -> Result<Outcome, EditError> {
        self.load_curation()?;
        let curation = self.curation().ok_or(EditError::NoDocumentOpen)?;
        let Some(command) = accept_all_agreed(
            &self.schema,
            &curation.layers,
            &curation.candidates,
            now_ms(),
        ) else {
            return Ok(Outcome::say(
                "No candidate left here that every annotator agrees on",
            ));
        };
        let (n, spans) = match &command {
            Command::Batch(accepted) => (
                accepted.len(),
                matches!(accepted.first(), Some(Command::AcceptCandidate { .. })),
            ),
            _ => (1, true),
        };
        self.perform(command)?;
        let (what, them) = match (spans, n) {
            (true, 1) => ("candidate", "it"),
            (true, _) => ("candidates", "them all"),
            (false, 1) => ("relation", "it"),
            (false, _) => ("relations", "them all"),
        };
        let mut said =
            format!("Accepted {n} {what} every annotator agrees on (Ctrl+Z takes {them} back)");
        // Relations between the spans just accepted are candidates now.
        self.load_curation()?;
        let relations = self
            .curation()
            .map_or(0, |c| agreed_relations(&c.candidates).count());
        if spans && relations > 0 {
            said.push_str(&format!(
                "; Ctrl+A again accepts the {relations} relation{} they all agree on between them",
                if relations == 1 { "" } else { "s" }
            ));
        }
        Ok(Outcome::say(said))
    }

    /// Accepts the relation candidate at `key` into gold, with `label`
    /// instead of its own type when given.
    pub(super) fn accept_relation_candidate_edit(
        &mut self,
        key: RelationKey,
        label: Option<LabelId>,
    ) -> Result<Outcome, EditError> {
        self.load_curation()?;
        let curation = self.curation().ok_or(EditError::NoDocumentOpen)?;
        let Some(command) =
            accept_relation_candidate(&curation.layers, &curation.candidates, key, label, now_ms())
        else {
            return Ok(gone());
        };
        self.perform(command)?;
        Ok(Outcome::say(format!(
            "Accepted {} into gold (Ctrl+Z takes it back)",
            self.relation_candidate_text(key, label)
        )))
    }

    pub(super) fn reject_relation_candidate_edit(
        &mut self,
        key: RelationKey,
    ) -> Result<Outcome, EditError> {
        self.load_curation()?;
        let curation = self.curation().ok_or(EditError::NoDocumentOpen)?;
        if find_relation_candidate(&curation.candidates, key).is_none() {
            return Ok(gone());
        }
        let command = reject_relation_candidate(&curation.layers, key, now_ms());
        self.perform(command)?;
        Ok(Outcome::say(format!(
            "Rejected {}: not proposed again here (Ctrl+Z takes it back)",
            self.relation_candidate_text(key, None)
        )))
    }

    /// A relation candidate in words: `agent “Rebels” → “attacked”`.
    pub fn relation_candidate_text(&self, key: RelationKey, label: Option<LabelId>) -> String {
        format!(
            "{} “{}” → “{}”",
            self.schema().label_name(label.unwrap_or(key.label)),
            self.candidate_text(key.from),
            self.candidate_text(key.to)
        )
    }

    fn candidate_text(&self, key: SpanKey) -> String {
        self.open()
            .map(|o| super::ellipsize(&o.slice(key.start_char, key.end_char), 40))
            .unwrap_or_default()
    }
}

/// `layers` with only the spans and decisions at the positions `at`
/// accepts (every layer kept, with its status: who finished still counts).
fn at_positions(layers: &DocumentLayers, at: &dyn Fn(usize, usize) -> bool) -> DocumentLayers {
    let keep = |layer: &AnnotatorLayer| AnnotatorLayer {
        annotator: layer.annotator.clone(),
        status: layer.status,
        spans: layer
            .spans
            .iter()
            .filter(|s| at(s.start_char(), s.end_char()))
            .cloned()
            .collect(),
        relations: Vec::new(),
    };
    DocumentLayers {
        document: layers.document,
        layers: layers.layers.iter().map(keep).collect(),
        gold: keep(&layers.gold),
        span_decisions: layers
            .span_decisions
            .iter()
            .filter(|(k, _)| at(k.start_char, k.end_char))
            .map(|(k, d)| (*k, d.clone()))
            .collect(),
        relation_decisions: Default::default(),
    }
}

/// The span and relation candidates whose decision `command` may change.
fn decided_keys(command: &Command, keys: &mut Vec<SpanKey>, relations: &mut Vec<RelationKey>) {
    match command {
        Command::SetRelationDecision { key, .. } => relations.push(*key),
        Command::AcceptRelationCandidate { key, relation, .. } => {
            relations.push(*key);
            relations.push(RelationKey {
                label: relation.label_id,
                ..*key
            });
        }
        Command::SetSpanDecision { key, .. } => keys.push(*key),
        Command::AcceptCandidate { span, .. } => keys.push(SpanKey {
            start_char: span.start_char,
            end_char: span.end_char,
            label: span.label_id,
        }),
        Command::Batch(commands) => {
            for command in commands {
                decided_keys(command, keys, relations);
            }
        }
        _ => {}
    }
}

/// The view asked about a candidate the project no longer has (its votes
/// changed since the frame was drawn): nothing is done, and it says so.
fn gone() -> Outcome {
    Outcome::say("That candidate is no longer proposed here: nothing was changed")
}
