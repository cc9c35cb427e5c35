use crate::formats::import::plural;
use std::path::PathBuf;

use clap::Args;

use super::layer_table::layer_table;
use crate::store::{LayerReads, OpenMode, Store};
use crate::team::plan_assignments;

/// Assign documents to annotators: each document gets --per-document
/// distinct annotators, each annotator a near-equal share (within one
/// document), the same for the same --seed. Assignments of these annotators
/// are replaced, except those with annotations, which are kept.
#[derive(Debug, Args)]
pub struct AssignArgs {
    /// The project file.
    pub project: PathBuf,
    /// Who annotates, comma-separated: ana,ben,cy.
    #[arg(long, value_delimiter = ',', required = true)]
    pub annotators: Vec<String>,
    /// How many annotators each document gets.
    #[arg(long, default_value_t = 1)]
    pub per_document: usize,
    /// Only documents whose id or title contains this text (any case).
    #[arg(long, value_name = "FILTER")]
    pub documents: Option<String>,
    /// The same seed gives the same assignments.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
}

pub fn run(args: AssignArgs) -> anyhow::Result<()> {
    let annotators: Vec<String> = args
        .annotators
        .iter()
        .map(|a| a.trim().to_string())
        .collect();
    let (mut store, _) = Store::open(&args.project, OpenMode::Existing)?;
    let filter = args.documents.as_deref().map(str::to_lowercase);
    let documents: Vec<_> = store
        .document_names()?
        .into_iter()
        .filter(|(_, id, title)| match &filter {
            Some(text) => id.to_lowercase().contains(text) || title.to_lowercase().contains(text),
            None => true,
        })
        .map(|(id, _, _)| id)
        .collect();
    if documents.is_empty() {
        anyhow::bail!("no document matches; nothing was assigned");
    }
    let annotated = store.layer_keys()?;
    let plan = plan_assignments(
        &documents,
        &annotators,
        args.per_document,
        &annotated,
        args.seed,
    )?;
    store.write(|tx| tx.set_assignments(&annotators, &plan.documents))?;
    outln!(
        "Assigned {}, {} each (seed {}); kept {} that have annotations.",
        plural(plan.documents.len(), "document"),
        plural(args.per_document, "annotator"),
        args.seed,
        plural(plan.kept_with_annotations, "assignment")
    );
    out!("{}", layer_table(&store.layer_stats()?));
    Ok(())
}
