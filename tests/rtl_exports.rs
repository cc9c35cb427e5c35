//! The right-to-left samples (assets/samples: Urdu and Arabic with Latin
//! names and both kinds of digits) through every exporter: Python's own
//! slicing of each exported text gives each span's text, and the spans are
//! the gold's (issue 21).

mod common;

use std::path::Path;

use common::{glossator, ok, python, read_json, run_python, write};

const SAMPLES: [&str; 2] = ["doha-talks-urdu", "doha-talks-arabic"];

fn gold(name: &str) -> serde_json::Value {
    read_json(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("assets/samples/{name}.gold.json")),
    )
}

/// The gold of each sample says what its text file holds.
#[test]
fn the_gold_matches_its_sample_text() {
    for name in SAMPLES {
        let gold = gold(name);
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("assets/samples/{name}.txt"));
        let text = std::fs::read_to_string(path).unwrap();
        assert_eq!(gold["text"].as_str(), Some(text.as_str()), "{name}");
        let chars: Vec<char> = text.chars().collect();
        for span in gold["spans"].as_array().unwrap() {
            let (start, end) = (
                span["start"].as_u64().unwrap() as usize,
                span["end"].as_u64().unwrap() as usize,
            );
            let sliced: String = chars[start..end].iter().collect();
            assert_eq!(Some(sliced.as_str()), span["text"].as_str(), "{name}");
        }
    }
}

/// Every export of both samples: JSONL, CSV, Label Studio and brat in code
/// points, doccano in UTF-16 units; CoNLL's tokens carry each span's words.
#[test]
fn python_agrees_with_every_export_of_the_right_to_left_samples() {
    let python = python();
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<String> = SAMPLES
        .iter()
        .map(|name| serde_json::to_string(&gold(name)).unwrap())
        .collect();
    let input = write(dir.path(), "gold.jsonl", lines.join("\n") + "\n");
    let project = dir.path().join("p.sqlite");
    ok(glossator(&[&"import", &project, &input]));
    for format in [
        "jsonl",
        "csv",
        "doccano",
        "doccano-relations",
        "label-studio",
        "conll",
        "brat",
    ] {
        ok(glossator(&[
            &"export",
            &project,
            &"--format",
            &format,
            &"-o",
            &dir.path().join(format!("out.{format}")),
        ]));
    }
    let script = r#"
import csv, json, os, sys
d = sys.argv[1]
gold = {}
for line in open(d + "/gold.jsonl", encoding="utf-8"):
    g = json.loads(line)
    gold[g["id"]] = (g["text"], sorted((s["start"], s["end"], s["label"], s["text"]) for s in g["spans"]))
def check(doc_id, text, spans, what):
    gtext, gspans = gold[doc_id]
    assert text == gtext, (what, doc_id)
    for s, e, label, t in spans:
        assert text[s:e] == t, (what, doc_id, s, e, text[s:e], t)
    assert sorted(spans) == gspans, (what, doc_id, sorted(spans), gspans)
checked = 0
for line in open(d + "/out.jsonl", encoding="utf-8"):
    doc = json.loads(line)
    check(doc["id"], doc["text"], [(s["start"], s["end"], s["label"], s["text"]) for s in doc["spans"]], "jsonl")
    checked += 1
rows = list(csv.DictReader(open(d + "/out.csv", encoding="utf-8", newline="")))
for doc_id in gold:
    text = gold[doc_id][0]
    mine = [(int(r["start"]), int(r["end"]), r["label"], r["text"]) for r in rows if r["doc_id"] == doc_id]
    check(doc_id, text, mine, "csv")
    checked += 1
def utf16(text, s, e):
    units = text.encode("utf-16-le")
    return units[2 * s:2 * e].decode("utf-16-le")
for line in open(d + "/out.doccano", encoding="utf-8"):
    rec = json.loads(line)
    doc_id = [k for k in gold if gold[k][0] == rec["text"]][0]
    gspans = gold[doc_id][1]
    got = sorted((l, utf16(rec["text"], s, e)) for s, e, l in rec["label"])
    assert got == sorted((g[2], g[3]) for g in gspans), ("doccano", got)
    checked += 1
for line in open(d + "/out.doccano-relations", encoding="utf-8"):
    rec = json.loads(line)
    got = sorted((x["label"], utf16(rec["text"], x["start_offset"], x["end_offset"])) for x in rec["entities"])
    assert got == sorted((g[2], g[3]) for g in gold[rec["id"]][1]), ("doccano-relations", got)
    checked += 1
for task in json.load(open(d + "/out.label-studio", encoding="utf-8")):
    text = task["data"]["text"]
    spans = []
    for r in task["annotations"][0]["result"]:
        if r["type"] == "labels":
            v = r["value"]
            spans += [(v["start"], v["end"], l, v["text"]) for l in v["labels"]]
    check(task["data"]["doc_id"], text, spans, "label-studio")
    checked += 1
for doc_id in gold:
    text = open(os.path.join(d, "out.brat", doc_id + ".txt"), encoding="utf-8", newline="").read()
    spans = []
    for line in open(os.path.join(d, "out.brat", doc_id + ".ann"), encoding="utf-8"):
        if line.startswith("T"):
            _, kind, t = line.rstrip("\n").split("\t")
            label, s, e = kind.split(" ")
            spans.append((int(s), int(e), label, t))
    check(doc_id, text, spans, "brat")
    checked += 1
# CoNLL: no offsets; each span's words are tagged B- then I- in a row.
tokens = [l.split("\t") for l in open(d + "/out.conll", encoding="utf-8").read().split("\n") if "\t" in l]
tagged = []
for word, tag in tokens:
    if tag.startswith("B-"):
        tagged.append([tag[2:], [word]])
    elif tag.startswith("I-"):
        tagged[-1][1].append(word)
conll = sorted((label, "".join(words)) for label, words in tagged)
expected = sorted((s[2], "".join(s[3].split())) for doc in gold.values() for s in doc[1])
assert conll == expected, ("conll", conll, expected)
checked += 1
print(checked)
"#;
    let printed = run_python(&python, script, &[&dir.path()]);
    assert_eq!(printed.trim(), "13");
}
