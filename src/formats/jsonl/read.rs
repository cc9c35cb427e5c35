use std::collections::BTreeSet;
use std::path::Path;

use serde_json::{Map, Value};

use super::line::{read_bounded_line, LineError};
use crate::formats::decode::{decode_utf8, open_input, utf8_part};
use crate::formats::json_stream::json_type;
use crate::formats::strict_json::{parse_strict, StrictJsonError};
use crate::formats::{
    ImportDocument, ImportError, ImportRelation, ImportSpan, Location, Notice, ParsedInput,
};
use crate::model::limits::{megabytes, MAX_DOCUMENT_CHARS, MAX_JSONL_LINE_BYTES};
use crate::model::DocumentStatus;

const DOCUMENT_KEYS: &[&str] = &[
    "id",
    "title",
    "text",
    "meta",
    "status",
    "layers",
    "spans",
    "relations",
];
const SPAN_KEYS: &[&str] = &[
    "id",
    "start",
    "end",
    "text",
    "label",
    "attributes",
    "annotator",
    "note",
    // Written on gold spans by export; read back as gold drawn by hand.
    "provenance",
];
const RELATION_KEYS: &[&str] = &[
    "id",
    "from",
    "to",
    "label",
    "annotator",
    "note",
    "provenance",
];

/// Reads a whole JSONL file (see [`JsonlStream`] to import without holding
/// every document at once).
pub fn read_jsonl(path: &Path) -> Result<ParsedInput, ImportError> {
    let mut stream = JsonlStream::open(path)?;
    let mut documents = Vec::new();
    for document in &mut stream {
        documents.push(document?);
    }
    let mut parsed = stream.finish();
    parsed.documents = documents;
    Ok(parsed)
}

/// A JSONL file's documents, one line at a time: the importer stores each
/// before the next is read, so a 100 MB corpus never sits in memory whole.
/// Encoding errors name the line and the byte offset in the file, as
/// [`decode_utf8`] does for whole files.
pub struct JsonlStream {
    parser: JsonlParser,
    reader: std::io::BufReader<std::fs::File>,
    line: Vec<u8>,
    line_number: usize,
    /// Bytes read so far (progress).
    pub offset: usize,
    failed: bool,
}

impl JsonlStream {
    pub fn open(path: &Path) -> Result<Self, ImportError> {
        let file = open_input(path)?;
        Ok(Self {
            parser: JsonlParser::new(path),
            reader: std::io::BufReader::with_capacity(1 << 20, file),
            line: Vec::new(),
            line_number: 0,
            offset: 0,
            failed: false,
        })
    }

    /// The notices gathered (a dropped BOM, keys not used), once read through.
    pub fn finish(self) -> ParsedInput {
        self.parser.finish()
    }

    fn next_document(&mut self) -> Result<Option<ImportDocument>, ImportError> {
        loop {
            self.line.clear();
            let line_number = self.line_number + 1;
            let read = read_bounded_line(&mut self.reader, &mut self.line)
                .map_err(|err| self.line_error(line_number, err))?;
            if read == 0 {
                return Ok(None);
            }
            self.line_number = line_number;
            let document = if line_number == 1 {
                // The whole-file rules for the first line: BOMs, UTF-16.
                let (text, notice) =
                    decode_utf8(&self.parser.path, std::mem::take(&mut self.line))?;
                self.parser.parsed.notices.extend(notice);
                self.parser.line(line_number, &text)?
            } else {
                let text = utf8_part(&self.parser.path, &self.line, line_number, self.offset)?;
                self.parser.line(line_number, text)?
            };
            self.offset += read;
            if let Some(document) = document {
                return Ok(Some(document));
            }
        }
    }

    fn line_error(&self, line_number: usize, err: LineError) -> ImportError {
        let path = &self.parser.path;
        let location = Location::line(path, line_number);
        match err {
            LineError::Io(source) => ImportError::Io {
                path: path.clone(),
                source,
            },
            LineError::TooLong => ImportError::at(
                location,
                format!(
                    "the line is over {}, the most one JSONL line (a document with its annotations) may take: split the document",
                    megabytes(MAX_JSONL_LINE_BYTES)
                ),
            ),
            LineError::TextTooLong => ImportError::at(
                location,
                format!("the document is over {MAX_DOCUMENT_CHARS} characters long; the limit is {MAX_DOCUMENT_CHARS}: split it"),
            ),
        }
    }
}

impl Iterator for JsonlStream {
    type Item = Result<ImportDocument, ImportError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let next = self.next_document().transpose();
        self.failed = matches!(next, Some(Err(_)));
        next
    }
}

/// Parses JSONL text; `path` is only used in messages.
pub fn parse_jsonl(path: &Path, text: &str) -> Result<ParsedInput, ImportError> {
    let mut parser = JsonlParser::new(path);
    let mut documents = Vec::new();
    for (index, line) in text.split('\n').enumerate() {
        documents.extend(parser.line(index + 1, line)?);
    }
    let mut parsed = parser.finish();
    parsed.documents = documents;
    Ok(parsed)
}

/// Turns lines into documents, collecting the keys it did not use.
struct JsonlParser {
    path: std::path::PathBuf,
    /// Notices so far (its documents go to the caller).
    parsed: ParsedInput,
    // Keys we do not know are reported once per name, not silently dropped.
    ignored_keys: BTreeSet<String>,
}

impl JsonlParser {
    fn new(path: &Path) -> Self {
        Self {
            path: path.to_path_buf(),
            parsed: ParsedInput::default(),
            ignored_keys: BTreeSet::new(),
        }
    }

    fn line(
        &mut self,
        line_number: usize,
        line: &str,
    ) -> Result<Option<ImportDocument>, ImportError> {
        // Columns count within the line, as an editor shows it.
        let line = line.strip_suffix('\n').unwrap_or(line);
        if line.trim().is_empty() {
            return Ok(None);
        }
        let location = Location::line(&self.path, line_number);
        let value = parse_strict(line).map_err(|err| {
            let message = match err {
                // serde_json ends its message with "at line 1 column N": the
                // line is ours to name, so keep only the column.
                StrictJsonError::Syntax(err) => {
                    let message = err.to_string();
                    let head = message
                        .rsplit_once(" at line ")
                        .map_or(message.as_str(), |(head, _)| head);
                    format!(
                        "bad JSON at column {}: {head}{}",
                        err.column(),
                        crate::formats::decode::depth_hint(head)
                    )
                }
                other => other.to_string(),
            };
            ImportError::at(location.clone(), message)
        })?;
        let Value::Object(object) = value else {
            return Err(ImportError::at(
                location,
                "expected a JSON object with at least \"text\"",
            ));
        };
        let reader = LineReader {
            location: &location,
        };
        self.ignored_keys
            .extend(reader.unknown_keys("", &object, DOCUMENT_KEYS));
        Ok(Some(reader.document(object, &mut self.ignored_keys)?))
    }

    fn finish(mut self) -> ParsedInput {
        if !self.ignored_keys.is_empty() {
            let names: Vec<String> = std::mem::take(&mut self.ignored_keys).into_iter().collect();
            self.parsed.notices.push(Notice {
                location: Location::file(&self.path),
                message: format!("ignored keys Glossator does not use: {}", names.join(", ")),
            });
        }
        self.parsed
    }
}

/// Reads one line's object, with every message pointing at that line.
struct LineReader<'a> {
    location: &'a Location,
}

impl LineReader<'_> {
    fn error(&self, message: String) -> ImportError {
        ImportError::at(self.location.clone(), message)
    }

    fn unknown_keys(
        &self,
        prefix: &str,
        object: &Map<String, Value>,
        known: &[&str],
    ) -> Vec<String> {
        object
            .keys()
            .filter(|key| !known.contains(&key.as_str()))
            .map(|key| format!("{prefix}{key}"))
            .collect()
    }

    /// Takes the object apart: the text (up to 16 Mi characters) is moved,
    /// not copied.
    fn document(
        &self,
        mut object: Map<String, Value>,
        ignored_keys: &mut BTreeSet<String>,
    ) -> Result<ImportDocument, ImportError> {
        let text = match object.remove("text") {
            Some(Value::String(text)) => text,
            Some(other) => {
                return Err(self.error(format!(
                    "\"text\" must be a string, not {}",
                    json_type(&other)
                )))
            }
            None => return Err(self.error("missing \"text\"".into())),
        };
        let meta = match object.remove("meta") {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(meta)) => meta,
            Some(other) => {
                return Err(self.error(format!(
                    "\"meta\" must be an object, not {}",
                    json_type(&other)
                )))
            }
        };
        let status = match self.optional_string(&object, "status", "")? {
            None => None,
            Some(name) => Some(DocumentStatus::parse(&name).ok_or_else(|| {
                self.error(format!(
                    "unknown status {name:?}; expected \"new\", \"in_progress\" or \"done\""
                ))
            })?),
        };
        let layers = self.layers(&object)?;
        let mut spans = Vec::new();
        for (index, span) in self.array(&object, "spans")?.iter().enumerate() {
            let context = format!("span {}", index + 1);
            let Value::Object(span) = span else {
                return Err(self.error(format!("{context}: expected an object")));
            };
            ignored_keys.extend(self.unknown_keys("spans[].", span, SPAN_KEYS));
            spans.push(self.span(span, &context)?);
        }
        let mut relations = Vec::new();
        for (index, relation) in self.array(&object, "relations")?.iter().enumerate() {
            let context = format!("relation {}", index + 1);
            let Value::Object(relation) = relation else {
                return Err(self.error(format!("{context}: expected an object")));
            };
            ignored_keys.extend(self.unknown_keys("relations[].", relation, RELATION_KEYS));
            relations.push(self.relation(relation, &context)?);
        }
        Ok(ImportDocument {
            location: self.location.clone(),
            external_id: self.id(&object, "id", "")?,
            title: self.optional_string(&object, "title", "")?,
            text,
            meta,
            status,
            layers,
            spans,
            relations,
        })
    }

    /// `"layers": [{"annotator": "ana", "status": "done"}, …]`: each
    /// annotator's layer status.
    fn layers(
        &self,
        object: &Map<String, Value>,
    ) -> Result<Vec<(String, DocumentStatus)>, ImportError> {
        let mut layers: Vec<(String, DocumentStatus)> = Vec::new();
        for (index, layer) in self.array(object, "layers")?.iter().enumerate() {
            let context = format!("layer {}", index + 1);
            let Value::Object(layer) = layer else {
                return Err(self.error(format!(
                    "{context}: expected an object like {{\"annotator\": \"ana\", \"status\": \"done\"}}"
                )));
            };
            let Some(annotator) = self.optional_string(layer, "annotator", &context)? else {
                return Err(self.error(format!("{context}: missing \"annotator\"")));
            };
            let name = self
                .optional_string(layer, "status", &context)?
                .unwrap_or_else(|| "new".into());
            let status = DocumentStatus::parse(&name).ok_or_else(|| {
                self.error(format!(
                    "{context}: unknown status {name:?}; expected \"new\", \"in_progress\" or \"done\""
                ))
            })?;
            if layers.iter().any(|(seen, _)| *seen == annotator) {
                return Err(self.error(format!(
                    "{context}: annotator {annotator:?} has two layers of this document"
                )));
            }
            layers.push((annotator, status));
        }
        Ok(layers)
    }

    fn span(&self, object: &Map<String, Value>, context: &str) -> Result<ImportSpan, ImportError> {
        let mut attributes = Vec::new();
        match object.get("attributes") {
            None | Some(Value::Null) => {}
            Some(Value::Object(map)) => {
                for (name, value) in map {
                    let value = match value {
                        Value::String(text) => text.clone(),
                        Value::Bool(flag) => flag.to_string(),
                        Value::Number(number) => number.to_string(),
                        other => {
                            return Err(self.error(format!(
                                "{context}: attribute {name:?} must be a string, number or true/false, not {}",
                                json_type(other)
                            )))
                        }
                    };
                    attributes.push((name.clone(), value));
                }
            }
            Some(other) => {
                return Err(self.error(format!(
                    "{context}: \"attributes\" must be an object, not {}",
                    json_type(other)
                )))
            }
        }
        Ok(ImportSpan {
            key: self.id(object, "id", context)?,
            start: self.integer(object, "start", context)?,
            end: self.integer(object, "end", context)?,
            label: self.required_string(object, "label", context)?,
            text: self.optional_string(object, "text", context)?,
            attributes,
            annotator: self.optional_string(object, "annotator", context)?,
            note: self
                .optional_string(object, "note", context)?
                .unwrap_or_default(),
        })
    }

    fn relation(
        &self,
        object: &Map<String, Value>,
        context: &str,
    ) -> Result<ImportRelation, ImportError> {
        let end = |key: &str| {
            self.id(object, key, context)?
                .ok_or_else(|| self.error(format!("{context}: missing {key:?} (a span id)")))
        };
        Ok(ImportRelation {
            key: self.id(object, "id", context)?,
            from: end("from")?,
            to: end("to")?,
            label: self.required_string(object, "label", context)?,
            annotator: self.optional_string(object, "annotator", context)?,
            note: self
                .optional_string(object, "note", context)?
                .unwrap_or_default(),
        })
    }

    fn array<'v>(
        &self,
        object: &'v Map<String, Value>,
        key: &str,
    ) -> Result<&'v [Value], ImportError> {
        match object.get(key) {
            None | Some(Value::Null) => Ok(&[]),
            Some(Value::Array(items)) => Ok(items),
            Some(other) => {
                Err(self.error(format!("{key:?} must be a list, not {}", json_type(other))))
            }
        }
    }

    /// An id may be a string or an integer (the gold sample uses integers).
    fn id(
        &self,
        object: &Map<String, Value>,
        key: &str,
        context: &str,
    ) -> Result<Option<String>, ImportError> {
        match object.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(id)) => Ok(Some(id.clone())),
            Some(Value::Number(number)) if number.is_i64() || number.is_u64() => {
                Ok(Some(number.to_string()))
            }
            Some(other) => Err(self.error(format!(
                "{}{key:?} must be a string or an integer, not {}",
                prefix(context),
                json_type(other)
            ))),
        }
    }

    fn integer(
        &self,
        object: &Map<String, Value>,
        key: &str,
        context: &str,
    ) -> Result<i64, ImportError> {
        match object.get(key) {
            Some(Value::Number(number)) => number.as_i64().ok_or_else(|| {
                self.error(format!(
                    "{}{key:?} must be a whole number of code points, not {number}",
                    prefix(context)
                ))
            }),
            Some(other) => Err(self.error(format!(
                "{}{key:?} must be a whole number, not {}",
                prefix(context),
                json_type(other)
            ))),
            None => Err(self.error(format!("{}missing {key:?}", prefix(context)))),
        }
    }

    fn required_string(
        &self,
        object: &Map<String, Value>,
        key: &str,
        context: &str,
    ) -> Result<String, ImportError> {
        self.optional_string(object, key, context)?
            .ok_or_else(|| self.error(format!("{}missing {key:?}", prefix(context))))
    }

    fn optional_string(
        &self,
        object: &Map<String, Value>,
        key: &str,
        context: &str,
    ) -> Result<Option<String>, ImportError> {
        match object.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(other) => Err(self.error(format!(
                "{}{key:?} must be a string, not {}",
                prefix(context),
                json_type(other)
            ))),
        }
    }
}

fn prefix(context: &str) -> String {
    if context.is_empty() {
        String::new()
    } else {
        format!("{context}: ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ParsedInput, ImportError> {
        parse_jsonl(Path::new("t.jsonl"), text)
    }

    #[test]
    fn reads_ids_as_strings_and_skips_blank_lines() {
        let parsed = parse(
            "\n{\"id\": 7, \"text\": \"ab\", \"spans\": [{\"id\": 1, \"start\": 0, \"end\": 1, \"label\": \"X\"}]}\r\n\n",
        )
        .unwrap();
        assert_eq!(parsed.documents.len(), 1);
        let document = &parsed.documents[0];
        assert_eq!(document.external_id.as_deref(), Some("7"));
        assert_eq!(document.location.line, Some(2));
        assert_eq!(document.spans[0].key.as_deref(), Some("1"));
    }

    #[test]
    fn errors_name_the_line_and_what_was_expected() {
        let cases = [
            (
                "{\"text\": \"a\"}\n{\"text\": ",
                "t.jsonl:2: bad JSON at column 9",
            ),
            ("[1]", "t.jsonl:1: expected a JSON object"),
            ("{\"title\": \"x\"}", "t.jsonl:1: missing \"text\""),
            (
                "{\"text\": 3}",
                "t.jsonl:1: \"text\" must be a string, not a number",
            ),
            (
                "{\"text\": \"a\", \"spans\": [{\"start\": 0, \"end\": \"1\", \"label\": \"X\"}]}",
                "t.jsonl:1: span 1: \"end\" must be a whole number, not a string",
            ),
            (
                "{\"text\": \"a\", \"status\": \"finished\"}",
                "t.jsonl:1: unknown status \"finished\"",
            ),
            (
                "{\"text\": \"a\", \"relations\": [{\"from\": 1, \"label\": \"x\"}]}",
                "t.jsonl:1: relation 1: missing \"to\"",
            ),
        ];
        for (input, expected) in cases {
            let message = parse(input).unwrap_err().to_string();
            assert!(message.starts_with(expected), "{message:?} for {input:?}");
        }
    }

    #[test]
    fn unknown_keys_are_reported_once() {
        let parsed = parse(
            "{\"text\": \"a\", \"tokens\": []}\n{\"text\": \"b\", \"tokens\": [], \"spans\": [{\"start\": 0, \"end\": 1, \"label\": \"X\", \"token_start\": 0}]}",
        )
        .unwrap();
        assert_eq!(parsed.notices.len(), 1);
        assert!(parsed.notices[0]
            .message
            .ends_with("spans[].token_start, tokens"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!(
            "{{\"text\": \"a\", \"meta\": {}{}}}",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        let message = parse(&deep).unwrap_err().to_string();
        assert!(message.contains("recursion limit"), "{message}");
    }
}
