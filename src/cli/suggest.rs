use std::path::PathBuf;

use clap::{ArgGroup, Args};
use serde_json::json;

use crate::model::CharIndex;
use crate::store::{OpenMode, Reader, Store, SuggestionQueries};
use crate::suggest::accept::accept_pending;
use crate::suggest::ml_backend::DEFAULT_TIMEOUT_SECS;
use crate::suggest::{run_source, DocumentFilter, RunReport, SourceConfig};

/// The names `--source` takes, as each source stores them.
const SOURCE_NAMES: &[&str] = &["dictionary", "patterns", "learned", "ml-backend", "command"];

/// Suggest spans (pre-annotation) from a source, or accept suggestions.
///
/// Runs one source over the documents, stores what it proposes as
/// suggestions of the annotator (never exported as annotations) and prints
/// them. A suggestion rejected before is not proposed again. With --accept,
/// the annotator's pending suggestions become spans, all in one transaction.
#[derive(Debug, Args)]
#[command(group(
    ArgGroup::new("what")
        .args(["dictionary", "patterns", "learned", "ml_backend", "command", "accept"])
        .required(true)
))]
pub struct SuggestArgs {
    /// The project file.
    pub project: PathBuf,
    /// A TSV of term<TAB>label; whole words, the longest term wins.
    #[arg(long, value_name = "FILE.tsv")]
    pub dictionary: Option<PathBuf>,
    /// Dictionary terms match only in the same case.
    #[arg(long, requires = "dictionary")]
    pub match_case: bool,
    /// Prodigy patterns JSONL (phrases, or token patterns with lower, orth,
    /// regex, is_digit, is_title and op).
    #[arg(long, value_name = "FILE.jsonl")]
    pub patterns: Option<PathBuf>,
    /// Suggest every string the project already annotates wherever it
    /// occurs unannotated, scored by how often it got each label.
    #[arg(long)]
    pub learned: bool,
    /// A Label Studio ML backend (http://host:port): GET /health, then POST /predict.
    #[arg(long, value_name = "URL")]
    pub ml_backend: Option<String>,
    /// How long to wait for each request to the ML backend.
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_TIMEOUT_SECS)]
    pub timeout_secs: u64,
    /// A shell command reading native JSONL documents on stdin and writing
    /// JSONL with "spans" on stdout.
    #[arg(long, value_name = "CMD")]
    pub command: Option<String>,
    /// Which documents: ids separated by commas, or status:new,
    /// status:in_progress, status:done. All by default.
    #[arg(long, value_name = "FILTER", conflicts_with = "accept")]
    pub documents: Option<String>,
    /// Accept the annotator's pending suggestions into spans.
    #[arg(long)]
    pub accept: bool,
    /// With --accept: only suggestions scoring at least X (0 to 1).
    #[arg(long, value_name = "X", requires = "accept", value_parser = parse_score)]
    pub min_score: Option<f64>,
    /// With --accept: only suggestions of this source.
    #[arg(long, value_name = "NAME", requires = "accept", value_parser = parse_source)]
    pub source: Option<String>,
    /// Whose suggestions (and, accepted, whose layer); `unknown` by default,
    /// as for an import without --annotator.
    #[arg(long, value_name = "NAME")]
    pub annotator: Option<String>,
    /// Print one JSON object per suggestion (document, start, end, text,
    /// label, score, source); the summary goes to stderr.
    #[arg(long)]
    pub json: bool,
}

fn parse_score(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(score) if (0.0..=1.0).contains(&score) => Ok(score),
        _ => Err(format!("expected a score from 0 to 1, found {text:?}")),
    }
}

fn parse_source(name: &str) -> Result<String, String> {
    if SOURCE_NAMES.contains(&name) {
        Ok(name.to_string())
    } else {
        Err(format!(
            "unknown source {name:?}; expected one of {}",
            SOURCE_NAMES.join(", ")
        ))
    }
}

impl SuggestArgs {
    fn source_config(&self) -> Option<SourceConfig> {
        if let Some(path) = &self.dictionary {
            return Some(SourceConfig::Dictionary {
                path: path.clone(),
                match_case: self.match_case,
            });
        }
        if let Some(path) = &self.patterns {
            return Some(SourceConfig::Patterns { path: path.clone() });
        }
        if self.learned {
            return Some(SourceConfig::Learned);
        }
        if let Some(url) = &self.ml_backend {
            return Some(SourceConfig::MlBackend {
                url: url.clone(),
                timeout_secs: self.timeout_secs,
            });
        }
        self.command.as_ref().map(|command| SourceConfig::Command {
            command: command.clone(),
        })
    }

    fn annotator(&self) -> Option<&str> {
        Some(
            self.annotator
                .as_deref()
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .unwrap_or(crate::model::UNKNOWN_ANNOTATOR),
        )
    }
}

pub fn run(args: SuggestArgs) -> anyhow::Result<()> {
    let (mut store, _) = Store::open(&args.project, OpenMode::Existing)?;
    if args.accept {
        let report = accept_pending(
            &mut store,
            args.annotator(),
            args.source.as_deref(),
            args.min_score.unwrap_or(0.0),
        )?;
        outln!("{report}");
        return Ok(());
    }
    let Some(config) = args.source_config() else {
        anyhow::bail!(
            "choose a source: --dictionary, --patterns, --learned, --ml-backend or --command"
        );
    };
    let filter = match &args.documents {
        Some(text) => DocumentFilter::parse(text)?,
        None => DocumentFilter::All,
    };
    let report = run_source(
        &mut store,
        &config,
        &filter,
        args.annotator(),
        &mut |_, _| true,
    )?;
    print_suggestions(&store, &args, &report)?;
    if args.json {
        eprintln!("{report}");
    } else {
        outln!("{report}");
    }
    Ok(())
}

/// The run's pending suggestions, a line each, in document and text order.
fn print_suggestions(store: &Store, args: &SuggestArgs, report: &RunReport) -> anyhow::Result<()> {
    let schema = store.schema()?;
    for id in &report.documents {
        let suggestions: Vec<_> = store
            .pending_suggestions_of(*id, args.annotator())?
            .into_iter()
            .filter(|s| s.source == report.source)
            .collect();
        if suggestions.is_empty() {
            continue;
        }
        let Some(document) = store.document(*id)? else {
            continue;
        };
        let index = CharIndex::new(&document.text);
        for s in suggestions {
            let text = index.slice(s.start_char, s.end_char).unwrap_or_default();
            let label = schema.label_name(s.label_id);
            if args.json {
                let line = json!({
                    "document": document.external_id, "start": s.start_char, "end": s.end_char,
                    "text": text, "label": label, "score": s.score, "source": s.source,
                });
                outln!("{line}");
            } else {
                outln!(
                    "{}\t{}..{}\t{label}\t{:.2}\t{}\t{text:?}",
                    document.external_id,
                    s.start_char,
                    s.end_char,
                    s.score,
                    s.source
                );
            }
        }
    }
    Ok(())
}
