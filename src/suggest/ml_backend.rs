//! The Label Studio ML backend source: any backend written for Label Studio
//! (the spaCy, Hugging Face, GLiNER and flair examples of
//! `label-studio-ml-backend`) works unchanged.
//!
//! `GET {url}/health` first, then `POST {url}/setup` with the labeling config
//! as Label Studio does when a backend is connected (the `label-studio-ml`
//! server refuses to predict before it; a backend without it answers 404,
//! which is fine); then `POST {url}/predict` with
//! `{"tasks": [{"id", "data": {"text"}}], "label_config", "project"}`, reading
//! `results[i].result[]` of type `labels`: `value.start`, `value.end` (code
//! points), `value.text`, `value.labels` and `score`. A `value.text` that
//! disagrees with the document is dropped and reported. Requests go to the
//! configured URL only: no redirects followed, no proxy from the
//! environment. Plain HTTP (a backend on this machine or the LAN).

use std::time::Duration;

use serde_json::{json, Value};

use super::command::check_text;
use super::{Proposal, SuggestError};
use crate::model::{Document, Schema};

/// The project name the backend is told (it may keep a model per project).
const PROJECT: &str = "glossator";

/// Documents sent in one `/predict` request.
pub const TASKS_PER_REQUEST: usize = 16;

/// The default wait for one request, in seconds (a model may load on the
/// first request).
pub const DEFAULT_TIMEOUT_SECS: u64 = 60;

/// The longest answer read: a backend gone wrong must not fill the memory.
const MAX_RESPONSE_BYTES: u64 = 256 * 1024 * 1024;

/// An error body shown to the user is cut to this many characters.
const BODY_SHOWN_CHARS: usize = 300;

/// A backend at one URL.
pub struct Backend {
    url: String,
    timeout_secs: u64,
    label_config: String,
    agent: ureq::Agent,
}

impl Backend {
    /// A backend at `url` (`http://host:port`, optionally with a path).
    pub fn new(url: &str, timeout_secs: u64, schema: &Schema) -> Result<Self, SuggestError> {
        let url = url.trim().to_string();
        let bad = |reason: &str| SuggestError::BadUrl {
            url: url.clone(),
            reason: reason.to_string(),
        };
        let Some(rest) = url.strip_prefix("http://") else {
            return Err(if url.starts_with("https://") {
                bad("this build speaks plain HTTP to ML backends; use http:// (a backend on this machine or the LAN)")
            } else {
                bad("expected an address such as http://127.0.0.1:9090")
            });
        };
        let rest = rest.trim_end_matches('/');
        if rest.is_empty() || rest.starts_with('/') {
            return Err(bad("the address has no host"));
        }
        let url = format!("http://{rest}");
        if timeout_secs == 0 {
            return Err(bad("the timeout must be at least one second"));
        }
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(timeout_secs)))
            .max_redirects(0)
            .proxy(None)
            .http_status_as_error(false)
            .build();
        Ok(Self {
            url,
            timeout_secs,
            label_config: label_config(schema),
            agent: ureq::Agent::new_with_config(config),
        })
    }

    /// `GET /health` answers 200, or the backend is not usable.
    pub fn check_health(&self) -> Result<(), SuggestError> {
        let url = format!("{}/health", self.url);
        let response = self.agent.get(&url).call();
        self.body_of(&url, response).map(|_| ())
    }

    /// `POST /setup`: hands the backend the labeling config, as Label Studio
    /// does before its first prediction. A backend without the route (404)
    /// needs no setup.
    pub fn setup(&self) -> Result<(), SuggestError> {
        let url = format!("{}/setup", self.url);
        let request = json!({
            "project": PROJECT,
            "schema": self.label_config,
            "hostname": "",
            "access_token": "",
        });
        let response = self
            .agent
            .post(&url)
            .header("Content-Type", "application/json")
            .send(request.to_string());
        match self.body_of(&url, response) {
            Err(SuggestError::BackendStatus { status: 404, .. }) | Ok(_) => Ok(()),
            Err(other) => Err(other),
        }
    }

    /// Asks for predictions on `documents` (one request); spans that do not
    /// fit their document are dropped and said in `dropped`.
    pub fn predict(
        &self,
        documents: &[Document],
        dropped: &mut Vec<String>,
    ) -> Result<Vec<Proposal>, SuggestError> {
        if documents.is_empty() {
            return Ok(Vec::new());
        }
        let url = format!("{}/predict", self.url);
        let tasks: Vec<Value> = documents
            .iter()
            .map(|d| json!({"id": d.id.0, "data": {"text": d.text}}))
            .collect();
        let request = json!({
            "tasks": tasks,
            "label_config": self.label_config,
            "project": PROJECT,
        });
        let response = self
            .agent
            .post(&url)
            .header("Content-Type", "application/json")
            .send(request.to_string());
        let body = self.body_of(&url, response)?;
        read_predictions(&body, documents, dropped).map_err(|reason| {
            SuggestError::BackendMalformed {
                url: url.clone(),
                reason,
            }
        })
    }

    /// The body of a 200 answer; every other outcome as an error.
    fn body_of(
        &self,
        url: &str,
        response: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<String, SuggestError> {
        let mut response = response.map_err(|e| self.failure(url, e))?;
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_RESPONSE_BYTES)
            .read_to_string()
            .map_err(|e| self.failure(url, e))?;
        if status != 200 {
            return Err(SuggestError::BackendStatus {
                url: url.to_string(),
                status,
                body: body.trim().chars().take(BODY_SHOWN_CHARS).collect(),
            });
        }
        Ok(body)
    }

    fn failure(&self, url: &str, error: ureq::Error) -> SuggestError {
        match error {
            ureq::Error::Timeout(what) => SuggestError::BackendTimeout {
                url: url.to_string(),
                seconds: self.timeout_secs,
                what: what.to_string(),
            },
            other => SuggestError::BackendUnreachable {
                url: url.to_string(),
                cause: other.to_string(),
            },
        }
    }
}

/// The project's span labels as a Label Studio labeling config.
pub fn label_config(schema: &Schema) -> String {
    let labels: String = schema
        .span_labels()
        .map(|l| {
            format!(
                "<Label value=\"{}\" background=\"{}\"/>",
                xml_escape(&l.name),
                xml_escape(&l.color)
            )
        })
        .collect();
    format!(
        "<View><Labels name=\"label\" toName=\"text\">{labels}</Labels><Text name=\"text\" value=\"$text\"/></View>"
    )
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `{"results": [...]}`, one entry per task in the order sent.
fn read_predictions(
    body: &str,
    documents: &[Document],
    dropped: &mut Vec<String>,
) -> Result<Vec<Proposal>, String> {
    let value: Value = serde_json::from_str(body).map_err(|e| format!("not JSON: {e}"))?;
    let Some(results) = value.get("results").and_then(Value::as_array) else {
        return Err("expected {\"results\": [...]}".to_string());
    };
    if results.len() > documents.len() {
        return Err(format!(
            "{} results for {} tasks",
            results.len(),
            documents.len()
        ));
    }
    let mut proposals = Vec::new();
    for (document, prediction) in documents.iter().zip(results) {
        let default_score = prediction
            .get("score")
            .and_then(Value::as_f64)
            .unwrap_or(1.0);
        let items = match prediction.get("result") {
            Some(Value::Array(items)) => items,
            // A prediction with nothing found may leave the list out.
            None | Some(Value::Null) => continue,
            Some(_) => return Err("expected \"result\": a list in each prediction".to_string()),
        };
        for item in items {
            if item.get("type").and_then(Value::as_str) != Some("labels") {
                continue;
            }
            let score = item
                .get("score")
                .and_then(Value::as_f64)
                .unwrap_or(default_score);
            match read_region(document, item, score) {
                Ok(found) => proposals.extend(found),
                Err(reason) => dropped.push(reason),
            }
        }
    }
    Ok(proposals)
}

/// One `labels` region: a proposal per label it carries.
fn read_region(document: &Document, item: &Value, score: f64) -> Result<Vec<Proposal>, String> {
    let value = item.get("value").unwrap_or(&Value::Null);
    let offset = |key: &str| {
        value
            .get(key)
            .and_then(Value::as_u64)
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| {
                format!(
                    "a region without value.{key} in document {:?}",
                    document.external_id
                )
            })
    };
    let (start, end) = (offset("start")?, offset("end")?);
    check_text(document, start, end, value.get("text"))?;
    let labels = value
        .get("labels")
        .and_then(Value::as_array)
        .ok_or_else(|| {
            format!(
                "a region without value.labels in document {:?}",
                document.external_id
            )
        })?;
    Ok(labels
        .iter()
        .filter_map(Value::as_str)
        .map(|label| Proposal {
            document_id: document.id,
            start_char: start,
            end_char: end,
            label: label.to_string(),
            score,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::suggest::test_document as document;

    #[test]
    fn predictions_are_read_per_task_and_bad_text_is_dropped() {
        let docs = [document(1, "Kabul ✓ Doha"), document(2, "none")];
        let body = r#"{"results": [
            {"result": [
                {"from_name": "label", "to_name": "text", "type": "labels",
                 "value": {"start": 8, "end": 12, "text": "Doha", "labels": ["GPE"]}, "score": 0.8},
                {"type": "labels", "value": {"start": 0, "end": 5, "text": "Kabal", "labels": ["GPE"]}},
                {"type": "choices", "value": {"choices": ["x"]}}
             ], "score": 0.5},
            {"result": []}
        ]}"#;
        let mut dropped = Vec::new();
        let found = read_predictions(body, &docs, &mut dropped).expect("a good answer");
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].start_char, found[0].end_char, found[0].score),
            (8, 12, 0.8)
        );
        assert_eq!(dropped.len(), 1);
        assert!(dropped[0].contains("Kabal"), "{dropped:?}");
    }

    #[test]
    fn a_prediction_score_applies_to_regions_without_one() {
        let docs = [document(1, "Kabul")];
        let body = r#"{"results": [{"result": [{"type": "labels",
            "value": {"start": 0, "end": 5, "labels": ["GPE", "ORG"]}}], "score": 0.25}]}"#;
        let found = read_predictions(body, &docs, &mut Vec::new()).unwrap();
        let labels: Vec<(&str, f64)> = found.iter().map(|p| (p.label.as_str(), p.score)).collect();
        assert_eq!(labels, vec![("GPE", 0.25), ("ORG", 0.25)]);
    }

    #[test]
    fn answers_off_the_protocol_are_refused() {
        let docs = [document(1, "Kabul")];
        for (body, expected) in [
            ("<html>", "not JSON"),
            ("{}", "results"),
            (r#"{"results": [{}, {}]}"#, "2 results for 1 tasks"),
            (r#"{"results": [{"result": 3}]}"#, "a list"),
        ] {
            let error = read_predictions(body, &docs, &mut Vec::new()).unwrap_err();
            assert!(error.contains(expected), "{body}: {error}");
        }
    }

    #[test]
    fn the_label_config_lists_the_span_labels_escaped() {
        let mut schema = Schema::default();
        schema.push_label(crate::model::Label {
            id: crate::model::LabelId(1),
            kind: crate::model::LabelKind::Span,
            name: "R&D".into(),
            color: "#aabbcc".into(),
            shortcut: None,
            sort_order: 1,
        });
        let config = label_config(&schema);
        assert!(config.contains("<Label value=\"R&amp;D\" background=\"#aabbcc\"/>"));
        assert!(config.starts_with("<View><Labels name=\"label\" toName=\"text\">"));
        assert!(config.contains("<Text name=\"text\" value=\"$text\"/>"));
        assert_eq!(xml_escape("A&B<\"x\">"), "A&amp;B&lt;&quot;x&quot;&gt;");
    }

    #[test]
    fn only_plain_http_urls_with_a_host_are_taken() {
        let schema = Schema::default();
        for (url, expected) in [
            ("https://x", "plain HTTP"),
            ("localhost:9090", "expected an address"),
            ("http://", "no host"),
        ] {
            match Backend::new(url, 5, &schema) {
                Err(SuggestError::BadUrl { reason, .. }) => {
                    assert!(reason.contains(expected), "{url}: {reason}")
                }
                Err(other) => panic!("{url}: {other}"),
                Ok(_) => panic!("{url} accepted"),
            }
        }
    }
}
