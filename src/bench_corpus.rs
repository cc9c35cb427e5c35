//! The deterministic benchmark corpus (`glossator gen-bench`, `cargo bench
//! --bench perf`): a long article dense with spans, and a project-sized JSONL
//! corpus. Built from the sample article's sentences, with typographic quotes,
//! emoji and CRLF paragraphs so that offsets are exercised, not just counted.

use std::collections::HashSet;
use std::io::Write;

use serde_json::json;

/// splitmix64: the same corpus for the same seed, on every machine.
pub struct Random(u64);

impl Random {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

const DECORATIONS: [&str; 6] = [
    " 😀",
    " «ceasefire»",
    " 🇵🇰🇦🇫",
    " — “Doha”",
    " naïve café",
    " 👩‍👩‍👧",
];

fn sentences() -> Vec<&'static str> {
    crate::project::SAMPLE_TEXT
        .split_inclusive(['.', '\n'])
        .map(str::trim)
        .filter(|s| s.len() > 20)
        .collect()
}

/// Text of at least `min_bytes` bytes: sentences from the sample, some with
/// emoji or quotes added, in paragraphs ended by CRLF or LF.
pub fn text(random: &mut Random, sentences: &[&str], min_bytes: usize) -> String {
    let mut text = String::with_capacity(min_bytes + 400);
    while text.len() < min_bytes {
        let sentence_count = 2 + random.below(5);
        for _ in 0..sentence_count {
            text += sentences[random.below(sentences.len())];
            if random.below(4) == 0 {
                text += DECORATIONS[random.below(DECORATIONS.len())];
            }
            text.push(' ');
        }
        text.pop();
        text += if random.below(2) == 0 { "\r\n" } else { "\n" };
    }
    text
}

/// (start, end) of every word, in code points.
fn words(text: &str) -> Vec<(usize, usize)> {
    let mut words = Vec::new();
    let mut start = None;
    for (index, c) in text.chars().enumerate() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(index),
            (false, Some(s)) => {
                words.push((s, index));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push((s, text.chars().count()));
    }
    words
}

const SPAN_LABELS: [&str; 3] = ["EVENT", "ACTOR", "CLAIM"];

/// `count` spans on word boundaries (1 to 4 words); about one in ten nests
/// in or overlaps the one before. Then relations: `agent` from an EVENT to
/// a nearby ACTOR.
pub fn annotated_document(
    random: &mut Random,
    id: &str,
    text: String,
    span_count: usize,
    relation_count: usize,
) -> serde_json::Value {
    let words = words(&text);
    let mut seen = HashSet::new();
    let mut spans: Vec<(usize, usize, &str)> = Vec::with_capacity(span_count);
    let mut attempts = 0;
    while spans.len() < span_count && attempts < span_count * 20 {
        attempts += 1;
        let (start, end) = match spans.last() {
            // Nested in, or overlapping, the previous span.
            Some(&(prev_start, prev_end, _)) if random.below(10) == 0 => {
                let inner = words
                    .iter()
                    .filter(|(s, e)| *s >= prev_start && *e <= prev_end + 20)
                    .take(6)
                    .collect::<Vec<_>>();
                match inner.as_slice() {
                    [] => continue,
                    some => {
                        let first = some[random.below(some.len())];
                        (first.0, first.1)
                    }
                }
            }
            _ => {
                let first = random.below(words.len());
                let last = (first + random.below(4)).min(words.len() - 1);
                (words[first].0, words[last].1)
            }
        };
        let label = SPAN_LABELS[random.below(3)];
        if seen.insert((start, end)) {
            spans.push((start, end, label));
        }
    }
    spans.sort();
    let events: Vec<usize> = (0..spans.len())
        .filter(|&i| spans[i].2 == "EVENT")
        .collect();
    let mut relations = Vec::with_capacity(relation_count);
    let mut linked = HashSet::new();
    let mut tries = 0;
    while relations.len() < relation_count && !events.is_empty() && tries < relation_count * 20 {
        tries += 1;
        let from = events[random.below(events.len())];
        let to = (from.saturating_sub(8)..(from + 8).min(spans.len()))
            .filter(|&j| spans[j].2 == "ACTOR")
            .nth(random.below(3));
        if let Some(to) = to {
            if linked.insert((from, to)) {
                relations.push(
                    json!({"from": format!("s{from}"), "to": format!("s{to}"), "label": "agent"}),
                );
            }
        }
    }
    let spans: Vec<_> = spans
        .iter()
        .enumerate()
        .map(|(i, (start, end, label))| json!({"id": format!("s{i}"), "start": start, "end": end, "label": label}))
        .collect();
    json!({"id": id, "title": id, "text": text, "spans": spans, "relations": relations})
}

/// The 1 MB article with 20,000 spans and 2,000 relations, as one JSONL line.
pub fn write_article(
    out: &mut dyn Write,
    seed: u64,
    bytes: usize,
    spans: usize,
    relations: usize,
) -> std::io::Result<()> {
    let mut random = Random::new(seed);
    let text = text(&mut random, &sentences(), bytes);
    let document = annotated_document(&mut random, "long-article", text, spans, relations);
    writeln!(out, "{document}")
}

/// `documents` documents of about 400 bytes of text (1.1 KB of JSONL) with 10 spans and 1 relation each.
pub fn write_corpus(out: &mut dyn Write, seed: u64, documents: usize) -> std::io::Result<()> {
    let mut random = Random::new(seed);
    let sentences = sentences();
    for n in 0..documents {
        // The number makes every text distinct (duplicates would be skipped).
        let text = format!("Report {n}. {}", text(&mut random, &sentences, 300));
        let document = annotated_document(&mut random, &format!("doc-{n:06}"), text, 10, 1);
        writeln!(out, "{document}")?;
    }
    Ok(())
}
