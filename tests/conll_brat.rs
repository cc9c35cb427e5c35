//! CoNLL and brat as the real tools write and read them: CoNLL-2003's four
//! columns, Label Studio's CONLL2003 export, BIOES/BILOU; sentences that
//! never break inside a span; brat text with CRLF.

mod common;

use std::path::{Path, PathBuf};

use common::*;

fn handmade(name: &str) -> PathBuf {
    data_dir().join("handmade").join("conll-brat").join(name)
}

/// (text, label) of every span of every document, in export order.
fn span_texts(project: &Path) -> Vec<(String, String)> {
    exported_documents(project)
        .iter()
        .flat_map(|d| {
            span_tuples(d)
                .into_iter()
                .map(|(_, _, label, text)| (text, label))
        })
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(t, l)| (t.to_string(), l.to_string()))
        .collect()
}

fn import(dir: &Path, inputs: &[&dyn AsRef<std::ffi::OsStr>]) -> (PathBuf, String) {
    let project = dir.join("p.sqlite");
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"import", &project];
    args.extend_from_slice(inputs);
    let output = glossator(&args);
    let err = stderr(&output);
    let out = ok(output);
    (project, format!("{out}{err}"))
}

fn export_conll(project: &Path) -> (String, String) {
    let output = glossator(&[&"export", &project, &"--format", &"conll"]);
    let err = stderr(&output);
    (ok(output), err)
}

/// Exports `format` to `out` with `extra` arguments; asserts success and
/// returns the report (stderr).
fn export_to(project: &Path, format: &str, out: &Path, extra: &[&str]) -> String {
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> =
        vec![&"export", &project, &"--format", &format, &"-o", &out];
    for arg in extra {
        args.push(arg);
    }
    let output = glossator(&args);
    let err = stderr(&output);
    ok(output);
    err
}

/// A project made from one JSONL line.
fn jsonl_project(dir: &Path, line: &serde_json::Value) -> PathBuf {
    let input = write(dir, "in.jsonl", format!("{line}\n"));
    import(dir, &[&input]).0
}

/// The sentences of a CoNLL text: each a list of (token, tag); `-DOCSTART-` lines left out.
fn sentences(conll: &str) -> Vec<Vec<(String, String)>> {
    conll
        .split("\n\n")
        .map(|block| {
            block
                .lines()
                .filter(|l| !l.starts_with("-DOCSTART-"))
                .map(|l| {
                    let (token, tag) = l.split_once('\t').expect("token<TAB>tag");
                    (token.to_string(), tag.to_string())
                })
                .collect::<Vec<_>>()
        })
        .filter(|s| !s.is_empty())
        .collect()
}

#[test]
fn conll_2003_four_columns_import_with_the_last_column_as_tag() {
    let dir = tempfile::tempdir().unwrap();
    let (project, _) = import(dir.path(), &[&handmade("conll2003-four-columns.conll")]);
    assert_eq!(
        span_texts(&project),
        pairs(&[
            ("DOHA", "LOC"),
            ("Qatar", "LOC"),
            ("Afghan", "MISC"),
            ("Pakistani", "MISC"),
            ("Foreign Ministry", "ORG"),
            ("Turkey", "LOC"),
            ("Istanbul", "LOC"),
        ])
    );
}

#[test]
fn tag_column_reads_another_column_and_needs_a_conll_input() {
    let dir = tempfile::tempdir().unwrap();
    let (project, _) = import(
        dir.path(),
        &[
            &handmade("conll2003-four-columns.conll"),
            &"--tag-column",
            &"3",
        ],
    );
    let chunks = span_texts(&project);
    assert!(
        chunks.contains(&("the Foreign Ministry".into(), "NP".into())),
        "{chunks:?}"
    );
    assert!(
        chunks.contains(&("hosted".into(), "VP".into())),
        "{chunks:?}"
    );
    let txt = write(dir.path(), "a.txt", "plain");
    fails_with(
        glossator(&[
            &"import",
            &dir.path().join("q.sqlite"),
            &txt,
            &"--tag-column",
            &"2",
        ]),
        "--tag-column applies to CoNLL files",
    );
    fails_with(
        glossator(&[
            &"import",
            &dir.path().join("q.sqlite"),
            &handmade("bioes.conll"),
            &"--tag-column",
            &"5",
        ]),
        "bioes.conll:1: expected a tag in column 5 (--tag-column), found 2 columns",
    );
}

#[test]
fn label_studio_conll2003_export_imports() {
    let dir = tempfile::tempdir().unwrap();
    let (project, _) = import(dir.path(), &[&handmade("label-studio-conll2003.conll")]);
    assert_eq!(
        span_texts(&project),
        pairs(&[("Istanbul,", "Location"), ("Zabihullah Mujahid.", "Person")])
    );
}

#[test]
fn bioes_and_bilou_import_as_spans() {
    let dir = tempfile::tempdir().unwrap();
    let (project, report) = import(
        dir.path(),
        &[&handmade("bioes.conll"), &handmade("bilou.conll")],
    );
    assert!(!report.contains("I- or E- tags"), "{report}");
    assert_eq!(
        span_texts(&project),
        pairs(&[
            ("Gen. Asim Munir", "PER"),
            ("U.S.", "LOC"),
            ("New York", "LOC"),
            ("United Nations", "ORG"),
            ("Geneva", "LOC"),
        ])
    );
}

#[test]
fn export_starts_each_document_with_conll_2003s_docstart_line() {
    let dir = tempfile::tempdir().unwrap();
    let (project, _) = import(dir.path(), &[&handmade("bilou.conll")]);
    let (conll, _) = export_conll(&project);
    assert!(
        conll.starts_with("-DOCSTART- -X- O O\n\nThe\tO\n"),
        "{conll}"
    );
}

#[test]
fn no_sentence_breaks_inside_a_span() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Gen. Asim Munir met U.S. envoys on Oct. 3.\r\nHe said \"We will fight. We will win.\" Then the Kabul\r\ntalks began.";
    let span = |needle: &str, label: &str| {
        let byte = text.find(needle).expect("needle");
        let start = text[..byte].chars().count();
        serde_json::json!({"start": start, "end": start + needle.chars().count(), "label": label})
    };
    let line = serde_json::json!({"id": "d", "text": text, "spans": [
        span("Gen. Asim Munir", "ACTOR"),
        span("U.S. envoys", "ACTOR"),
        span("Oct. 3", "EVENT"),
        span("\"We will fight. We will win.\"", "CLAIM"),
        span("Kabul\r\ntalks", "EVENT"),
    ]});
    let project = jsonl_project(dir.path(), &line);
    let (conll, err) = export_conll(&project);
    let sentences = sentences(&conll);
    for sentence in &sentences {
        assert!(
            !sentence[0].1.starts_with("I-"),
            "a sentence starts inside a span: {conll}"
        );
    }
    let begins = conll.lines().filter(|l| l.contains("\tB-")).count();
    assert_eq!(begins, 5, "{conll}");
    assert!(!err.contains("left out"), "{err}");
    let firsts: Vec<&str> = sentences.iter().map(|s| s[0].0.as_str()).collect();
    // Sentences end where the text does: after "3 ." and the quote, not at "U.S." or "Gen.".
    assert_eq!(firsts, ["Gen.", "He", "Then"], "{conll}");
}

#[test]
fn control_characters_are_never_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let line = serde_json::json!({"id": "c", "text": "a\u{1c}b\u{1d}c\u{1e}d\u{1f}e\u{7}f", "spans": [{"start": 2, "end": 3, "label": "ACTOR"}]});
    let project = jsonl_project(dir.path(), &line);
    let (conll, _) = export_conll(&project);
    let tokens: Vec<String> = sentences(&conll)
        .concat()
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    assert_eq!(tokens, ["a", "b", "c", "d", "e", "f"], "{conll:?}");
}

#[test]
fn a_white_space_span_is_left_out_and_the_count_says_what_was_written() {
    let dir = tempfile::tempdir().unwrap();
    let line = serde_json::json!({"id": "w", "text": "Kabul  talks", "spans": [
        {"start": 0, "end": 5, "label": "ACTOR"},
        {"start": 5, "end": 7, "label": "EVENT"},
    ]});
    let project = jsonl_project(dir.path(), &line);
    let out = dir.path().join("o.conll");
    let err = export_to(&project, "conll", &out, &[]);
    let conll = std::fs::read_to_string(&out).unwrap();
    assert_eq!(conll.matches("\tB-").count(), 1, "{conll}");
    assert!(err.contains("Exported 1 documents, 1 spans"), "{err}");
    assert!(
        err.contains("left out 1 spans that cover only white space"),
        "{err}"
    );
}

#[test]
fn a_span_on_part_of_a_word_gets_a_token_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let line = serde_json::json!({"id": "p", "text": "Pakistan’s army", "spans": [
        {"start": 0, "end": 8, "label": "ACTOR"},
        {"start": 8, "end": 10, "label": "EVENT"},
    ]});
    let project = jsonl_project(dir.path(), &line);
    let (conll, err) = export_conll(&project);
    assert!(
        conll.contains("Pakistan\tB-ACTOR\n’s\tB-EVENT\narmy\tO\n"),
        "{conll}"
    );
    assert!(!err.contains("left out"), "{err}");
}

#[test]
fn conll_import_then_export_is_stable() {
    let dir = tempfile::tempdir().unwrap();
    // Our own export of a text full of abbreviations, and CoNLL-2003's shape.
    let line = serde_json::json!({"id": "t", "text": "T.T.P. fighters met Gen. Asim Munir in the U.S. on Oct. 3. The talks, e.g. in Doha, went on.", "spans": [
        {"start": 0, "end": 6, "label": "ACTOR"},
        {"start": 25, "end": 35, "label": "ACTOR"},
    ]});
    let ours = tempfile::tempdir().unwrap();
    let first = jsonl_project(ours.path(), &line);
    for source in [
        write(dir.path(), "ours.conll", export_conll(&first).0),
        handmade("conll2003-four-columns.conll"),
        handmade("label-studio-conll2003.conll"),
    ] {
        let once = tempfile::tempdir().unwrap();
        let (project, _) = import(once.path(), &[&source]);
        let (exported, _) = export_conll(&project);
        let twice = tempfile::tempdir().unwrap();
        let again = write(twice.path(), "again.conll", &exported);
        let (project, _) = import(twice.path(), &[&again]);
        assert_eq!(export_conll(&project).0, exported, "{}", source.display());
        // The tokens are the file's own.
        let source_tokens: Vec<String> = std::fs::read_to_string(&source)
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with("-DOCSTART-"))
            .map(|l| l.split_whitespace().next().unwrap().to_string())
            .collect();
        let tokens: Vec<String> = sentences(&exported)
            .concat()
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(tokens, source_tokens, "{}", source.display());
    }
}

#[test]
fn brat_written_by_brat_over_crlf_text_imports_on_the_right_characters() {
    let dir = tempfile::tempdir().unwrap();
    let (project, report) = import(dir.path(), &[&handmade("brat-crlf")]);
    assert!(
        report.contains("talks.ann: offsets count each CRLF line end as one character"),
        "{report}"
    );
    let documents = exported_documents(&project);
    let text = documents[0]["text"].as_str().unwrap();
    assert!(text.contains("\r\n"), "the text is stored as it is");
    let mut spans = span_texts(&project);
    spans.sort();
    assert_eq!(
        spans,
        pairs(&[
            ("Afghanistan", "Country"),
            ("Kabul", "Location"),
            ("Kabul", "Location"),
            ("Pakistan", "Country"),
            ("cease-fire", "Event"),
            ("talks\r\nPakistan", "Topic"),
            ("truce", "Event"),
        ])
    );
}

/// brat's reading of a `.txt`: Python's universal newlines.
fn as_brat_reads(text: &str) -> Vec<char> {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .collect()
}

/// Every `T` line of a brat folder checked as brat checks it: its text equals
/// the fragments of the text as brat reads it, joined by a space.
fn assert_brat_offsets_fit(folder: &Path) -> usize {
    let mut checked = 0;
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "ann") {
            continue;
        }
        let text = as_brat_reads(&std::fs::read_to_string(path.with_extension("txt")).unwrap());
        for line in std::fs::read_to_string(&path).unwrap().lines() {
            if !line.starts_with('T') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let (_, offsets) = fields[1].split_once(' ').unwrap();
            let pieces: Vec<String> = offsets
                .split(';')
                .map(|f| {
                    let (s, e) = f.split_once(' ').unwrap();
                    let (s, e): (usize, usize) = (s.parse().unwrap(), e.parse().unwrap());
                    text[s..e].iter().collect()
                })
                .collect();
            assert_eq!(pieces.join(" "), fields[2], "{}: {line}", path.display());
            checked += 1;
        }
    }
    checked
}

#[test]
fn brat_export_writes_lf_by_default_and_names_the_documents_changed() {
    let dir = tempfile::tempdir().unwrap();
    let line = serde_json::json!({"id": "crlf", "text": "Kabul talks\r\nPakistan and\r\nAfghanistan\rKabul", "spans": [
        {"start": 0, "end": 5, "label": "ACTOR"},
        {"start": 13, "end": 21, "label": "ACTOR"},
        {"start": 6, "end": 21, "label": "EVENT"},
        {"start": 27, "end": 38, "label": "ACTOR"},
        {"start": 39, "end": 44, "label": "ACTOR"},
    ]});
    let project = jsonl_project(dir.path(), &line);
    let out = dir.path().join("brat");
    let err = export_to(&project, "brat", &out, &[]);
    assert!(
        err.contains("1 documents had CR line ends, written as LF") && err.contains(": crlf"),
        "{err}"
    );
    let txt = std::fs::read_to_string(out.join("crlf.txt")).unwrap();
    assert_eq!(txt, "Kabul talks\nPakistan and\nAfghanistan\nKabul");
    assert_eq!(assert_brat_offsets_fit(&out), 5);
    // Back in: the same spans, on LF text.
    let again = tempfile::tempdir().unwrap();
    let (reimported, report) = import(again.path(), &[&out]);
    assert!(!report.contains("CRLF"), "{report}");
    let mut spans = span_texts(&reimported);
    spans.sort();
    assert_eq!(
        spans,
        pairs(&[
            ("Afghanistan", "ACTOR"),
            ("Kabul", "ACTOR"),
            ("Kabul", "ACTOR"),
            ("Pakistan", "ACTOR"),
            ("talks\nPakistan", "EVENT"),
        ])
    );

    // keep: byte for byte, and said to be misread by brat.
    let kept = dir.path().join("kept");
    let err = export_to(&project, "brat", &kept, &["--brat-newlines", "keep"]);
    assert!(err.contains("1 documents keep CRLF line ends"), "{err}");
    assert_eq!(
        std::fs::read_to_string(kept.join("crlf.txt")).unwrap(),
        line["text"].as_str().unwrap()
    );
    fails_with(
        glossator(&[
            &"export",
            &project,
            &"--format",
            &"conll",
            &"--brat-newlines",
            &"lf",
        ]),
        "--brat-newlines applies to --format brat only",
    );
}

#[test]
fn brat_crlf_fixture_round_trips_through_our_export() {
    let dir = tempfile::tempdir().unwrap();
    let (project, _) = import(dir.path(), &[&handmade("brat-crlf")]);
    let out = dir.path().join("out");
    export_to(&project, "brat", &out, &[]);
    // What we write is what brat wrote: the same lines, as brat reads them.
    assert_eq!(assert_brat_offsets_fit(&out), 7);
    let ours = std::fs::read_to_string(out.join("talks.ann")).unwrap();
    let theirs = std::fs::read_to_string(handmade("brat-crlf/talks.ann")).unwrap();
    let t_lines = |ann: &str| -> Vec<String> {
        let mut lines: Vec<String> = ann
            .lines()
            .filter(|l| l.starts_with('T'))
            .map(|l| l.split_once('\t').unwrap().1.to_string())
            .collect();
        lines.sort();
        lines
    };
    assert_eq!(t_lines(&ours), t_lines(&theirs));
    assert!(ours.contains("*\tEquiv T"), "{ours}");
}

#[test]
fn brat_export_never_gives_a_document_another_documents_id() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "in.jsonl",
        "{\"id\": \"doc\", \"text\": \"one\"}\n{\"id\": \"Doc\", \"text\": \"two\"}\n{\"id\": \"doc-2\", \"text\": \"three\"}\n{\"id\": \"a b\", \"text\": \"four\"}\n",
    );
    let (project, _) = import(dir.path(), &[&input]);
    let out = dir.path().join("brat");
    let err = export_to(&project, "brat", &out, &[]);
    assert!(
        err.contains("2 documents written under another name")
            && err.contains("\"Doc\" as Doc-3")
            && err.contains("\"a b\" as a_b"),
        "{err}"
    );
    for (name, text) in [
        ("doc", "one"),
        ("Doc-3", "two"),
        ("doc-2", "three"),
        ("a_b", "four"),
    ] {
        assert_eq!(
            std::fs::read_to_string(out.join(format!("{name}.txt"))).unwrap(),
            text,
            "{name}"
        );
    }
}

#[test]
fn a_span_of_only_line_breaks_is_left_out_of_brat_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let line = serde_json::json!({"id": "nl", "text": "Kabul\n\nDoha", "spans": [
        {"id": "s1", "start": 0, "end": 5, "label": "ACTOR"},
        {"id": "s2", "start": 5, "end": 7, "label": "EVENT"},
        {"id": "s3", "start": 7, "end": 11, "label": "ACTOR"},
    ], "relations": [{"from": "s2", "to": "s1", "label": "agent"}]});
    let project = jsonl_project(dir.path(), &line);
    let out = dir.path().join("brat");
    let err = export_to(&project, "brat", &out, &[]);
    assert!(
        err.contains("Exported 1 documents, 2 spans, 0 relations"),
        "{err}"
    );
    assert!(
        err.contains("left out 1 spans of only line breaks (a brat line cannot hold their text) and 1 relations to them"),
        "{err}"
    );
    assert_eq!(assert_brat_offsets_fit(&out), 2);
    let again = tempfile::tempdir().unwrap();
    import(again.path(), &[&out]);
}

#[test]
fn a_text_with_only_lone_cr_is_written_with_lf_and_named_too() {
    let dir = tempfile::tempdir().unwrap();
    let line = serde_json::json!({"id": "mac", "text": "Kabul\rDoha", "spans": [
        {"start": 6, "end": 10, "label": "ACTOR"},
    ]});
    let project = jsonl_project(dir.path(), &line);
    let out = dir.path().join("brat");
    let err = export_to(&project, "brat", &out, &[]);
    assert!(
        err.contains("1 documents had CR line ends") && err.contains(": mac"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("mac.txt")).unwrap(),
        "Kabul\nDoha"
    );
    assert_eq!(assert_brat_offsets_fit(&out), 1);
}
