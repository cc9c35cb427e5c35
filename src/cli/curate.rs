use std::path::PathBuf;

use clap::Args;

use crate::curate::{curate, CurateOptions, CurationReport, GoldMode, Strategy};
use crate::formats::import::plural;
use crate::model::GOLD_LAYER;
use crate::store::{now_ms, OpenMode, Store};
use crate::suggest::DocumentFilter;

/// Curate a gold standard: merge the annotators' finished layers into the
/// gold layer with a strategy, in one transaction.
///
/// Only documents finished (`done`) by at least two of the annotators are
/// curated, and only `done` layers vote. Gold keeps each annotation's
/// provenance (strategy, voters, time). Running it again with the same
/// inputs changes nothing.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("gold").args(["keep_existing", "replace"])))]
pub struct CurateArgs {
    /// The project file.
    pub project: PathBuf,
    /// complete: every annotator who finished voted for it; incomplete:
    /// everyone with anything at that position voted for it; threshold:
    /// --min-votes and --min-confidence.
    #[arg(long, value_parser = ["complete", "incomplete", "threshold"])]
    pub strategy: String,
    /// threshold: the votes a candidate needs at least (default 2).
    #[arg(long, value_name = "N")]
    pub min_votes: Option<usize>,
    /// threshold: votes / annotators who finished the document, at least
    /// (0 to 1, default 0.5).
    #[arg(long, value_name = "X")]
    pub min_confidence: Option<f64>,
    /// Who votes, comma-separated (at least two); every annotator by default.
    #[arg(long, value_delimiter = ',', value_name = "a,b,c")]
    pub annotators: Option<Vec<String>>,
    /// Which documents: ids separated by commas, or status:new,
    /// status:in_progress, status:done (the gold layer's status: status:new
    /// is every document not curated by hand yet). All by default.
    #[arg(long, value_name = "FILTER")]
    pub documents: Option<String>,
    /// Never touch what is already in or was removed from gold (the default).
    #[arg(long)]
    pub keep_existing: bool,
    /// Rebuild gold of these documents from the votes: says how many gold
    /// annotations it removed.
    #[arg(long)]
    pub replace: bool,
    /// Print the report as one JSON object.
    #[arg(long)]
    pub json: bool,
}

impl CurateArgs {
    fn strategy(&self) -> anyhow::Result<Strategy> {
        let Some(strategy) = Strategy::parse(&self.strategy) else {
            anyhow::bail!("--strategy: expected complete, incomplete or threshold");
        };
        match strategy {
            Strategy::Threshold {
                min_votes,
                min_confidence,
            } => Ok(Strategy::Threshold {
                min_votes: self.min_votes.unwrap_or(min_votes),
                min_confidence: self.min_confidence.unwrap_or(min_confidence),
            }),
            other => {
                for (given, flag) in [
                    (self.min_votes.is_some(), "--min-votes"),
                    (self.min_confidence.is_some(), "--min-confidence"),
                ] {
                    if given {
                        anyhow::bail!(
                            "{flag} applies to --strategy threshold only, not {}",
                            other.name()
                        );
                    }
                }
                Ok(other)
            }
        }
    }
}

pub fn run(args: CurateArgs) -> anyhow::Result<()> {
    let strategy = args.strategy()?;
    let (mut store, _) = Store::open(&args.project, OpenMode::Existing)?;
    let documents = match &args.documents {
        Some(text) => Some(DocumentFilter::parse(text)?.select(&store, GOLD_LAYER)?),
        None => None,
    };
    let options = CurateOptions {
        strategy,
        annotators: args
            .annotators
            .as_ref()
            .map(|names| names.iter().map(|n| n.trim().to_string()).collect()),
        documents,
        mode: if args.replace {
            GoldMode::Replace
        } else {
            GoldMode::KeepExisting
        },
        at_ms: now_ms(),
    };
    let report = curate(&mut store, &options, &mut |_, _| true)?;
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_report(&report, &strategy)?;
    }
    Ok(())
}

fn print_report(report: &CurationReport, strategy: &Strategy) -> anyhow::Result<()> {
    if report.removed > 0 {
        outln!(
            "Removed {} first (--replace).",
            plural(report.removed, "gold annotation")
        );
    }
    let how = match strategy {
        Strategy::Threshold {
            min_votes,
            min_confidence,
        } => {
            format!("threshold, at least {min_votes} votes and {min_confidence} of the annotators")
        }
        other => other.name().to_string(),
    };
    outln!(
        "Curated {} of {} ({how}): {} accepted into gold, {} disputed, {} left (one vote), {} outvoted or short of the strategy, {} kept as decided before.",
        plural(report.curated, "document"),
        report.documents,
        report.spans.accepted,
        report.spans.disputed,
        report.spans.left,
        report.spans.unmet,
        report.spans.kept
    );
    outln!(
        "Relations: {} accepted, {} kept as decided before, {} without both ends in gold.",
        report.relations_accepted,
        report.relations_kept,
        report.relations_without_ends
    );
    if report.needs_review > 0 {
        outln!(
            "{} with a tied attribute vote took the label's default; \"review\" in their provenance (export --format jsonl --layer gold) says which.",
            plural(report.needs_review, "gold span")
        );
    }
    if report.labels.is_empty() {
        return Ok(());
    }
    let width = report
        .labels
        .iter()
        .map(|l| l.label.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    outln!(
        "{:<width$}  {:>8}  {:>8}  {:>6}  {:>6}  {:>6}",
        "label",
        "accepted",
        "disputed",
        "left",
        "short",
        "kept"
    );
    for label in &report.labels {
        let t = &label.tally;
        outln!(
            "{:<width$}  {:>8}  {:>8}  {:>6}  {:>6}  {:>6}",
            label.label,
            t.accepted,
            t.disputed,
            t.left,
            t.unmet,
            t.kept
        );
    }
    Ok(())
}
