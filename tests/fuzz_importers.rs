//! No importer panics on any input: each gets thousands of random and mutated
//! inputs, parsed and (when they parse) imported into an in-memory project.
//! Deterministic: a fixed seed, so a failure reproduces.

mod common;

use std::path::Path;

use glossator::formats::{
    brat, conll, doccano, import_documents, jsonl, label_studio, ImportError, ParsedInput,
};
use glossator::store::Store;

const CASES_PER_FORMAT: usize = 2500;

/// xorshift64*: small, deterministic, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const PIECES: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "\"",
    ":",
    ",",
    "\t",
    "\n",
    " ",
    "0",
    "-1",
    "99999999999",
    "1e400",
    "null",
    "true",
    ";",
    "T1",
    "E1",
    "R1",
    "Arg1:",
    "B-",
    "I-",
    "O",
    "😀",
    "é",
    "\u{301}",
    "\"start\"",
    "\"end\"",
    "\"label\"",
    "\"text\"",
    "\"id\"",
    "\"from\"",
    "\"to\"",
    "-DOCSTART-",
    "#1\tAnnotatorNotes T1\t",
    "*\tEquiv T1 T2",
    "\"entities\"",
    "\"relations\"",
    "\"result\"",
];

fn mutate(rng: &mut Rng, seed: &str) -> String {
    let mut chars: Vec<char> = seed.chars().collect();
    for _ in 0..1 + rng.below(6) {
        let len = chars.len();
        match rng.below(6) {
            0 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(12)).min(len);
                chars.drain(start..end);
            }
            1 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(40)).min(len);
                let copy: Vec<char> = chars[start..end].to_vec();
                let at = rng.below(len);
                chars.splice(at..at, copy);
            }
            2 => {
                let piece = PIECES[rng.below(PIECES.len())];
                let at = rng.below(len + 1);
                chars.splice(at..at, piece.chars());
            }
            3 if len > 0 => chars.truncate(rng.below(len)),
            4 if len > 1 => {
                let (a, b) = (rng.below(len), rng.below(len));
                chars.swap(a, b);
            }
            _ => {
                // Numbers become other numbers: offsets past the end, reversed, huge.
                if let Some(i) = (0..len)
                    .map(|_| rng.below(len))
                    .find(|&i| chars[i].is_ascii_digit())
                {
                    chars[i] = char::from(b'0' + rng.below(10) as u8);
                }
            }
        }
    }
    chars.into_iter().collect()
}

fn fuzz(
    name: &str,
    seeds: &[String],
    parse: impl Fn(&Path, &str) -> Result<ParsedInput, ImportError>,
) {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ name.len() as u64);
    let mut store = Store::in_memory().unwrap();
    let (mut parsed_ok, mut imported) = (0, 0);
    for case in 0..CASES_PER_FORMAT {
        let seed = &seeds[case % seeds.len()];
        let input = if case % 10 == 0 {
            // Pure noise now and then.
            (0..rng.below(200))
                .map(|_| PIECES[rng.below(PIECES.len())])
                .collect::<String>()
        } else {
            mutate(&mut rng, seed)
        };
        if let Ok(parsed) = parse(Path::new("fuzz.input"), &input) {
            parsed_ok += 1;
            if import_documents(&mut store, parsed).is_ok() {
                imported += 1;
            }
        }
    }
    eprintln!(
        "{name}: {CASES_PER_FORMAT} inputs, {parsed_ok} parsed, {imported} imported, no panic"
    );
}

fn read(path: &str) -> String {
    std::fs::read_to_string(common::data_dir().join(path)).unwrap()
}

#[test]
fn native_jsonl_never_panics() {
    fuzz(
        "jsonl",
        &[common::gold_jsonl_line(), common::torture_jsonl_line()],
        jsonl::parse_jsonl,
    );
}

#[test]
fn doccano_never_panics() {
    let seeds = [
        read("corpora/doccano-examples/backend/data_export/pipeline/examples/sequence_labeling/example.jsonl"),
        read("corpora/doccano-examples/backend/data_export/pipeline/examples/relation_extraction/example.jsonl"),
        r#"{"text": "😀 Doha é talks", "label": [[3, 7, "GPE"], [0, 2, "X"]]}"#.to_string(),
    ];
    fuzz("doccano", &seeds, doccano::parse_doccano);
}

#[test]
fn label_studio_never_panics() {
    let seeds = [
        read("corpora/label-studio-examples/web/libs/editor/src/examples/named_entity/annotations/1.json"),
        read("corpora/label-studio-examples/web/libs/editor/src/examples/named_entity/tasks.json"),
        r#"[{"data": {"text": "ab cd"}, "annotations": [{"result": [{"id": "a", "type": "labels", "value": {"start": 0, "end": 2, "text": "ab", "labels": ["X"]}}, {"id": "b", "type": "labels", "value": {"start": 3, "end": 5, "labels": ["Y"]}}, {"type": "relation", "from_id": "a", "to_id": "b", "labels": ["r"]}]}]}]"#.to_string(),
    ];
    fuzz("label-studio", &seeds, label_studio::parse_label_studio);
}

#[test]
fn conll_never_panics() {
    let seeds = [
        read("corpora/doccano-examples/backend/data_import/tests/data/sequence_labeling/labeling.trailing.conll"),
        read("corpora/doccano-examples/backend/data_import/pipeline/examples/sequence_labeling/example.txt"),
    ];
    fuzz("conll", &seeds, conll::parse_conll);
}

#[test]
fn brat_never_panics() {
    let pairs = [
        (
            "corpora/brat-examples/tutorials/news/100-attribute_annotation",
            "corpora/brat-examples/tutorials/news/090-event_structures",
        ),
        (
            "corpora/brat-examples/tutorials/news/110-note_annotation",
            "corpora/brat-examples/tutorials/bio/080-event-annotation",
        ),
    ];
    let mut seeds = Vec::new();
    for pair in pairs.iter().flat_map(|(a, b)| [a, b]) {
        seeds.push(format!(
            "{}\u{0}{}",
            read(&format!("{pair}.txt")),
            read(&format!("{pair}.ann"))
        ));
    }
    // The text and the annotations are mutated together, split at the NUL.
    fuzz("brat", &seeds, |path, input| {
        let (text, ann) = input.split_once('\u{0}').unwrap_or((input, ""));
        let mut notices = Vec::new();
        let document = brat::parse_ann(path, text, ann, &mut notices)?;
        Ok(ParsedInput {
            documents: vec![document],
            notices,
            ..ParsedInput::default()
        })
    });
}
