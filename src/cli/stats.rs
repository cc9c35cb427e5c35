use std::path::PathBuf;

use clap::Args;
use serde_json::json;

use crate::agreement::statistics::project_charts;
use crate::store::{read_agreement_input, read_spans_created_per_day, ProjectStats, Reader, Store};

use crate::model::SourceTally;
use crate::store::SuggestionQueries;

/// Show what a project holds: documents by status, spans per label, relations per type.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// The project file.
    pub project: PathBuf,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: StatsArgs) -> anyhow::Result<()> {
    let store = Store::open_read_only(&args.project, "reading only")?;
    let stats = store.stats()?;
    let suggestions = store.all_suggestion_tallies()?;
    if args.json {
        let mut json = stats_json(&args, &stats);
        // What the Statistics window charts, from the same layers agreement reads.
        let layers = read_agreement_input(&store)?;
        let mut charts = project_charts(&layers);
        charts.spans_created_per_day = Some(read_spans_created_per_day(&store)?);
        json["charts"] = charts.to_json();

        json["suggestions"] = suggestions_json(&suggestions);
        outln!("{}", serde_json::to_string_pretty(&json)?);
    } else {
        out!("{}", stats_table(&args, &stats));
        out!("{}", suggestions_table(&suggestions));
    }
    Ok(())
}

fn stats_json(args: &StatsArgs, stats: &ProjectStats) -> serde_json::Value {
    let by_label = |counts: &[crate::store::LabelCount]| {
        counts
            .iter()
            .map(|c| (c.label.clone(), json!(c.count)))
            .collect::<serde_json::Map<_, _>>()
    };
    json!({
        "project": crate::store::shown_location(&args.project),
        "documents": stats.documents,
        "documents_by_status": stats.documents_by_status.iter()
            .map(|(status, count)| (status.clone(), json!(count)))
            .collect::<serde_json::Map<_, _>>(),
        "spans": stats.spans,
        "spans_by_label": by_label(&stats.spans_by_label),
        "relations": stats.relations,
        "relations_by_label": by_label(&stats.relations_by_label),
        "annotators": stats.annotators,
        "layers": stats.layers,
    })
}

fn stats_table(args: &StatsArgs, stats: &ProjectStats) -> String {
    let mut out = format!(
        "Project    {}\n",
        crate::store::shown_location(&args.project)
    );
    let statuses: Vec<String> = stats
        .documents_by_status
        .iter()
        .map(|(status, count)| format!("{} {count}", status.replace('_', " ")))
        .collect();
    out += &format!("Documents  {} ({})\n", stats.documents, statuses.join(", "));
    let width = stats
        .spans_by_label
        .iter()
        .chain(&stats.relations_by_label)
        .map(|c| c.label.chars().count())
        .max()
        .unwrap_or(0);
    out += &format!("Spans      {}\n", stats.spans);
    for count in &stats.spans_by_label {
        out += &format!("  {:<width$}  {:>7}\n", count.label, count.count);
    }
    out += &format!("Relations  {}\n", stats.relations);
    for count in &stats.relations_by_label {
        out += &format!("  {:<width$}  {:>7}\n", count.label, count.count);
    }
    let annotators = if stats.annotators.is_empty() {
        "(none)".to_string()
    } else {
        stats.annotators.join(", ")
    };
    out += &format!("Annotators {annotators}\n");
    if !stats.layers.is_empty() {
        out += "Layers per annotator\n";
        for line in super::layer_table::layer_table(&stats.layers).lines() {
            out += &format!("  {line}\n");
        }
    }
    out
}

/// Per suggestion source: left, accepted, rejected (every annotator).
fn suggestions_json(tallies: &[SourceTally]) -> serde_json::Value {
    tallies
        .iter()
        .map(|t| {
            let counts = json!({
                "pending": t.pending, "accepted": t.accepted, "rejected": t.rejected,
                "acceptance_rate": t.acceptance_rate(),
            });
            (t.source.clone(), counts)
        })
        .collect::<serde_json::Map<_, _>>()
        .into()
}

/// Nothing for a project that never had suggestions.
fn suggestions_table(tallies: &[SourceTally]) -> String {
    let mut out = String::new();
    if tallies.is_empty() {
        return out;
    }
    out += "Suggestions (left, accepted, rejected; accepted of decided)\n";
    for t in tallies {
        let rate = t
            .acceptance_rate()
            .map_or_else(|| "–".to_string(), |r| format!("{:.0}%", r * 100.0));
        out += &format!(
            "  {:<12} {:>7} {:>7} {:>7}  {rate}\n",
            t.source, t.pending, t.accepted, t.rejected
        );
    }
    out
}
