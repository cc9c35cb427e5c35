use std::path::PathBuf;

use clap::Args;
use serde_json::json;

use crate::store::{ProjectStats, Reader, Store};

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
    if args.json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&stats_json(&args, &stats))?
        );
    } else {
        out!("{}", stats_table(&args, &stats));
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
        "project": args.project.display().to_string(),
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
    let mut out = format!("Project    {}\n", args.project.display());
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
