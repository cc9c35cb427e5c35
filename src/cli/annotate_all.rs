use std::ops::ControlFlow;
use std::path::PathBuf;

use anyhow::bail;
use clap::Args;

use crate::edit::apply;
use crate::model::LabelKind;
use crate::search::{
    plan_tag_all, tag_all_command, MatchOptions, SkipRule, TagAllRequest, TagScope,
};
use crate::store::{OpenMode, Reader, Store};

/// Tag every occurrence of a text in the corpus with a label, as one change.
///
/// Occurrences that overlap a span of that label are skipped (with
/// --skip-any-span, those that overlap any span). Occurrences never split an
/// emoji or a letter from its accents.
#[derive(Debug, Args)]
pub struct AnnotateAllArgs {
    /// The project file.
    pub project: PathBuf,
    /// The text to find, exactly as written (no query syntax).
    #[arg(long)]
    pub text: String,
    /// The span label to give each occurrence.
    #[arg(long)]
    pub label: String,
    /// Only whole words: no letter or digit right before or after.
    #[arg(long)]
    pub whole_word: bool,
    /// Letter case must agree.
    #[arg(long)]
    pub match_case: bool,
    /// Skip occurrences that overlap any span, not only those of LABEL.
    #[arg(long)]
    pub skip_any_span: bool,
    /// Stored as the spans' annotator.
    #[arg(long, value_name = "NAME")]
    pub annotator: Option<String>,
    /// List what would be tagged; change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(args: AnnotateAllArgs) -> anyhow::Result<()> {
    let (mut store, _) = Store::open(&args.project, OpenMode::Existing)?;
    let schema = store.schema()?;
    let Some(label) = schema.label_by_name(LabelKind::Span, &args.label) else {
        let known: Vec<&str> = schema.span_labels().map(|l| l.name.as_str()).collect();
        bail!(
            "no span label {:?} in {} (labels: {})",
            args.label,
            args.project.display(),
            known.join(", ")
        );
    };
    let request = TagAllRequest {
        term: args.text.clone(),
        label: label.id,
        scope: TagScope::Corpus,
        options: MatchOptions {
            whole_word: args.whole_word,
            match_case: args.match_case,
        },
        skip: if args.skip_any_span {
            SkipRule::AnySpan
        } else {
            SkipRule::SameLabel
        },
    };
    let plan = plan_tag_all(&store, &request, &mut |_, _| ControlFlow::Continue(()))?;
    let skipped = match (plan.skipped.len(), request.skip) {
        (0, _) => String::new(),
        (n, SkipRule::SameLabel) => format!(
            "; {n} skipped (already inside a span labelled {})",
            args.label
        ),
        (n, SkipRule::AnySpan) => format!("; {n} skipped (already inside a span)"),
    };
    if args.dry_run {
        for hit in &plan.to_tag {
            outln!("{}", hit.kwic_line());
        }
        outln!(
            "would tag {} occurrence{} of {:?} as {}{skipped}; nothing was changed (--dry-run)",
            plan.to_tag.len(),
            if plan.to_tag.len() == 1 { "" } else { "s" },
            args.text,
            args.label
        );
        return Ok(());
    }
    if plan.to_tag.is_empty() {
        outln!(
            "nothing to tag: no untagged occurrence of {:?}{skipped}",
            args.text
        );
        return Ok(());
    }
    let positions: Vec<_> = plan
        .to_tag
        .iter()
        .map(|hit| (hit.document_id, hit.start, hit.end))
        .collect();
    let command = tag_all_command(
        &store,
        &schema,
        label.id,
        &positions,
        args.annotator
            .as_deref()
            .unwrap_or(crate::model::UNKNOWN_ANNOTATOR),
    )?;
    apply(&mut store, &command)?;
    let documents = {
        let mut ids: Vec<_> = positions.iter().map(|p| p.0).collect();
        ids.dedup();
        ids.len()
    };
    outln!(
        "tagged {} occurrence{} of {:?} as {} in {documents} document{}{skipped}",
        positions.len(),
        if positions.len() == 1 { "" } else { "s" },
        args.text,
        args.label,
        if documents == 1 { "" } else { "s" }
    );
    Ok(())
}
