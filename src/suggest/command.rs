//! The external command source: the documents go to the command's stdin as
//! native JSONL (`id`, `title`, `text`, `meta`, `status`, one document a
//! line); it writes JSONL on stdout, a line per document it has spans for:
//! `{"id": "…", "spans": [{"start": 0, "end": 5, "label": "ACTOR", "score": 0.9}]}`
//! (code point offsets; `score` optional, 1 when missing; a `text`, when
//! given, must be the document's text at those offsets). Other keys are
//! ignored, so a script may echo each document back with `spans` added.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};

use serde_json::{json, Value};

use super::{Proposal, SuggestError};
use crate::model::{CharIndex, Document, DocumentId};
use crate::store::Reader;

/// The last part of the command's stderr shown when it fails.
const STDERR_SHOWN_CHARS: usize = 400;

/// Runs `command` once over `documents` and reads its spans. Spans with bad
/// offsets or a disagreeing `text` are dropped and said in `dropped`; a line
/// that is not JSON, or names a document it was not given, fails the run.
///
/// The documents are written from the store one at a time while another
/// thread collects the output, so a corpus never sits in memory whole and a
/// command that answers as it reads never blocks on a full pipe.
pub fn propose(
    command: &str,
    store: &impl Reader,
    documents: &[DocumentId],
    dropped: &mut Vec<String>,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<Vec<Proposal>, SuggestError> {
    let mut child = spawn(command)?;
    let stdout = child.stdout.take();
    let output = std::thread::spawn(move || -> std::io::Result<Vec<Vec<u8>>> {
        match stdout {
            Some(stdout) => BufReader::new(stdout).split(b'\n').collect(),
            None => Ok(Vec::new()),
        }
    });
    let mut stderr = child.stderr.take();
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(stderr) = stderr.as_mut() {
            let _ = stderr.read_to_string(&mut text);
        }
        text
    });
    let given = write_documents(&mut child, store, documents, progress);
    if given.is_err() {
        let _ = child.kill();
    }
    let status = child.wait().map_err(|source| SuggestError::CommandStart {
        command: command.to_string(),
        source,
    })?;
    let lines = output.join().unwrap_or_else(|_| Ok(Vec::new()));
    let stderr = errors.join().unwrap_or_default();
    let given = given?;
    if !status.success() {
        return Err(SuggestError::CommandFailed {
            command: command.to_string(),
            status: status.to_string(),
            stderr: tail(&stderr),
        });
    }
    let lines = lines.map_err(|source| SuggestError::CommandStart {
        command: command.to_string(),
        source,
    })?;
    read_output(command, &lines, store, &given, dropped)
}

/// Writes each document as a JSON line to the command's stdin, then closes
/// it; returns the documents given, by their ids in the file.
fn write_documents(
    child: &mut Child,
    store: &impl Reader,
    documents: &[DocumentId],
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<HashMap<String, DocumentId>, SuggestError> {
    let mut given = HashMap::with_capacity(documents.len());
    let Some(stdin) = child.stdin.take() else {
        return Ok(given);
    };
    let mut stdin = std::io::BufWriter::new(stdin);
    for (done, id) in documents.iter().enumerate() {
        if !progress(done, documents.len()) {
            return Err(SuggestError::Cancelled);
        }
        let Some(d) = store.document(*id)? else {
            continue;
        };
        let line = json!({
            "id": d.external_id, "title": d.title, "text": d.text,
            "meta": d.meta,
        });
        // A command that stops reading early (it needs only some documents)
        // closes the pipe: not an error of ours; its exit status says.
        if writeln!(stdin, "{line}").is_err() {
            break;
        }
        given.insert(d.external_id, d.id);
    }
    let _ = stdin.flush();
    progress(documents.len(), documents.len());
    Ok(given)
}

fn spawn(command: &str) -> Result<Child, SuggestError> {
    #[cfg(windows)]
    let mut process = {
        let mut p = Command::new("cmd");
        p.args(["/C", command]);
        p
    };
    #[cfg(not(windows))]
    let mut process = {
        let mut p = Command::new("sh");
        p.args(["-c", command]);
        p
    };
    process
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|source| SuggestError::CommandStart {
            command: command.to_string(),
            source,
        })
}

fn read_output(
    command: &str,
    lines: &[Vec<u8>],
    store: &impl Reader,
    given: &HashMap<String, DocumentId>,
    dropped: &mut Vec<String>,
) -> Result<Vec<Proposal>, SuggestError> {
    let bad = |line: usize, reason: String| SuggestError::CommandOutput {
        command: command.to_string(),
        line,
        reason,
    };
    let mut proposals = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let line_number = index + 1;
        let line = std::str::from_utf8(line).map_err(|e| {
            bad(
                line_number,
                format!("not UTF-8 text (byte {} of the line)", e.valid_up_to()),
            )
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let value: Value =
            serde_json::from_str(line).map_err(|e| bad(line_number, format!("not JSON: {e}")))?;
        let id = match value.get("id") {
            Some(Value::String(id)) => id.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => {
                return Err(bad(
                    line_number,
                    "expected \"id\": the document's id".into(),
                ))
            }
        };
        let Some(document_id) = given.get(&id) else {
            return Err(bad(
                line_number,
                format!("no document {id:?} was given to the command"),
            ));
        };
        let spans = match value.get("spans") {
            None => continue,
            Some(Value::Array(spans)) => spans,
            Some(_) => return Err(bad(line_number, "expected \"spans\": a list".into())),
        };
        let Some(document) = store.document(*document_id)? else {
            continue;
        };
        for (n, span) in spans.iter().enumerate() {
            match read_span(&document, span) {
                Ok(proposal) => proposals.push(proposal),
                Err(reason) => dropped.push(format!(
                    "output line {line_number}, span {}: {reason}",
                    n + 1
                )),
            }
        }
    }
    Ok(proposals)
}

/// One `{"start", "end", "label", "score"?, "text"?}` of a document.
pub(super) fn read_span(document: &Document, span: &Value) -> Result<Proposal, String> {
    let offset = |key: &str| {
        span.get(key)
            .and_then(Value::as_u64)
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| format!("expected \"{key}\": a code point offset"))
    };
    let (start, end) = (offset("start")?, offset("end")?);
    let label = match span.get("label") {
        Some(Value::String(label)) if !label.trim().is_empty() => label.trim().to_string(),
        _ => return Err("expected \"label\": a label name".to_string()),
    };
    let score = match span.get("score") {
        None | Some(Value::Null) => 1.0,
        Some(score) => score
            .as_f64()
            .ok_or_else(|| format!("\"score\" {score} is not a number"))?,
    };
    check_text(document, start, end, span.get("text"))?;
    Ok(Proposal {
        document_id: document.id,
        start_char: start,
        end_char: end,
        label,
        score,
    })
}

/// The offsets lie in the document and, when the source says what text it
/// means, the document has that text there (offsets in bytes or UTF-16 from
/// a careless source show up here).
pub(super) fn check_text(
    document: &Document,
    start: usize,
    end: usize,
    text: Option<&Value>,
) -> Result<(), String> {
    let index = CharIndex::new(&document.text);
    let Some(actual) = (start < end).then(|| index.slice(start, end)).flatten() else {
        return Err(format!(
            "{start}..{end} is not a span of document {:?} ({} characters)",
            document.external_id, document.len_chars
        ));
    };
    match text {
        Some(Value::String(expected)) if expected != actual => Err(format!(
            "says {expected:?} at {start}..{end} of document {:?}, where the text is {actual:?}",
            document.external_id
        )),
        _ => Ok(()),
    }
}

fn tail(text: &str) -> String {
    let trimmed = text.trim();
    let count = trimmed.chars().count();
    let tail: String = trimmed
        .chars()
        .skip(count.saturating_sub(STDERR_SHOWN_CHARS))
        .collect();
    tail.replace('\n', " | ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(text: &str) -> Document {
        crate::suggest::test_document(1, text)
    }

    #[test]
    fn a_span_is_read_in_code_points_and_its_text_checked() {
        let doc = document("👩‍👩‍👧 Kabul");
        let good = json!({"start": 6, "end": 11, "label": "GPE", "text": "Kabul", "score": 0.5});
        let proposal = read_span(&doc, &good).expect("a good span");
        assert_eq!((proposal.start_char, proposal.score), (6, 0.5));
        // Byte offsets (as a careless script would give) land elsewhere.
        let bytes = json!({"start": 19, "end": 24, "label": "GPE", "text": "Kabul"});
        assert!(read_span(&doc, &bytes).unwrap_err().contains("not a span"));
        let shifted = json!({"start": 5, "end": 10, "label": "GPE", "text": "Kabul"});
        assert!(read_span(&doc, &shifted)
            .unwrap_err()
            .contains("where the text is"));
        let no_label = json!({"start": 6, "end": 11});
        assert!(read_span(&doc, &no_label).unwrap_err().contains("label"));
    }

    #[test]
    fn stderr_is_cut_to_its_end_on_one_line() {
        let long = format!("{}\nTraceback: boom", "x".repeat(1000));
        let shown = tail(&long);
        assert!(shown.ends_with("| Traceback: boom"));
        assert!(shown.chars().count() <= STDERR_SHOWN_CHARS + 3);
    }
}
