//! Hidden subcommands for the crash tests: a seeded burst of edits through the
//! same [`Session`] calls the app makes, each reported on stdout only after it
//! is committed, and a digest of what a project holds.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use sha2::{Digest, Sha256};

use crate::bench_corpus::Random;
use crate::formats::jsonl::export_jsonl;
use crate::session::Session;
use crate::store::{OpenMode, Reader, Store};

/// Performs a seeded burst of edits on the first document; prints
/// `saved <n> <digest>` after each one is committed.
#[derive(Debug, Args)]
pub struct EditBurstArgs {
    pub project: PathBuf,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[arg(long, default_value_t = 50)]
    pub edits: usize,
}

/// Prints the digest of everything a project holds.
#[derive(Debug, Args)]
pub struct DigestArgs {
    pub project: PathBuf,
}

/// A short hash of the project's documents, spans, attributes, relations and
/// schema: equal digests mean equal contents.
pub fn digest(store: &Store) -> anyhow::Result<String> {
    let mut export = Vec::new();
    export_jsonl(store, &mut export)?;
    let schema = format!("{:?}", store.schema()?);
    let mut hasher = Sha256::new();
    hasher.update(&export);
    hasher.update(schema.as_bytes());
    let hash = hasher.finalize();
    Ok(hash[..8].iter().map(|b| format!("{b:02x}")).collect())
}

pub fn run_digest(args: DigestArgs) -> anyhow::Result<()> {
    let store = Store::open_read_only(&args.project, "digest reads only")?;
    println!("{}", digest(&store)?);
    Ok(())
}

pub fn run_edit_burst(args: EditBurstArgs) -> anyhow::Result<()> {
    let (store, _) = Store::open(&args.project, OpenMode::Existing)?;
    let mut session = Session::new(store)?;
    let first = session
        .documents()
        .first()
        .map(|d| d.id)
        .ok_or_else(|| anyhow::anyhow!("the project has no document"))?;
    session.open_document(first)?;
    let labels: Vec<_> = session.schema().span_labels().map(|l| l.id).collect();
    let relation_labels: Vec<_> = session.schema().relation_labels().map(|l| l.id).collect();
    let mut random = Random::new(args.seed);
    let mut out = std::io::stdout().lock();
    writeln!(out, "start {}", digest(session.store())?)?;
    out.flush()?;
    for n in 1..=args.edits {
        let (text_len, spans) = match session.open() {
            Some(open) => (
                open.chars.len(),
                open.spans.iter().map(|s| s.id).collect::<Vec<_>>(),
            ),
            None => anyhow::bail!("the document closed"),
        };
        let pick_span = |random: &mut Random| spans[random.below(spans.len())];
        let outcome: Result<(), crate::edit::EditError> = (|| {
            // Spans are made until there are two to pick from.
            let choice = if spans.len() < 2 { 0 } else { random.below(10) };
            match choice {
                0..=3 => {
                    let start = random.below(text_len - 1);
                    let end = start + 1 + random.below((text_len - start).min(40));
                    session.create_span(
                        start,
                        end.min(text_len),
                        labels[random.below(labels.len())],
                    )?;
                }
                4 => {
                    let id = pick_span(&mut random);
                    session.relabel_span(id, labels[random.below(labels.len())])?;
                }
                5 => {
                    let id = pick_span(&mut random);
                    session.perform(crate::edit::Command::DeleteSpan { id })?;
                }
                6 if !relation_labels.is_empty() => {
                    let (from, to) = (pick_span(&mut random), pick_span(&mut random));
                    if from != to {
                        let label = relation_labels[random.below(relation_labels.len())];
                        session.create_relation(from, to, label, true)?;
                    }
                }
                7 => {
                    session.undo()?;
                }
                8 => {
                    session.redo()?;
                }
                _ => {
                    let id = pick_span(&mut random);
                    session.perform(crate::edit::Command::SetSpanNote {
                        id,
                        note: format!("note {n} ‹{}›", random.next_u64() % 1000),
                    })?;
                }
            }
            Ok(())
        })();
        match outcome {
            // A store failure is a real failure; a refused edit (the user's
            // mistake, e.g. a span over a split grapheme) changes nothing.
            Err(crate::edit::EditError::Store(err)) => return Err(err.into()),
            Err(refused) => writeln!(out, "refused {n}: {refused}")?,
            Ok(()) => {}
        }
        // Only now, after the commit returned, is the edit reported as saved.
        writeln!(out, "saved {n} {}", digest(session.store())?)?;
        out.flush()?;
    }
    Ok(())
}

/// Writes the benchmark corpus: `article.jsonl` (one long annotated article)
/// and `corpus.jsonl` (many short annotated documents).
#[derive(Debug, Args)]
pub struct GenBenchArgs {
    /// The folder to write into (created if missing).
    pub out: PathBuf,
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Documents in corpus.jsonl.
    #[arg(long, default_value_t = 100_000)]
    pub documents: usize,
    /// Bytes of the article's text.
    #[arg(long, default_value_t = 1_000_000)]
    pub article_bytes: usize,
    #[arg(long, default_value_t = 20_000)]
    pub article_spans: usize,
    #[arg(long, default_value_t = 2_000)]
    pub article_relations: usize,
}

pub fn run_gen_bench(args: GenBenchArgs) -> anyhow::Result<()> {
    use crate::bench_corpus::{write_article, write_corpus};
    std::fs::create_dir_all(&args.out)?;
    let article = args.out.join("article.jsonl");
    crate::formats::atomic::write_atomically(&article, |out| -> anyhow::Result<()> {
        Ok(write_article(
            out,
            args.seed,
            args.article_bytes,
            args.article_spans,
            args.article_relations,
        )?)
    })?;
    let corpus = args.out.join("corpus.jsonl");
    crate::formats::atomic::write_atomically(&corpus, |out| -> anyhow::Result<()> {
        Ok(write_corpus(out, args.seed, args.documents)?)
    })?;
    println!("Wrote {} and {}", article.display(), corpus.display());
    Ok(())
}
