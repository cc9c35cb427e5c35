use std::path::PathBuf;

use clap::Args;

use crate::store::{CurationReads, Reader, Store};

/// Check a project file: SQLite's integrity check, foreign keys, that every
/// span and relation lies inside its document, and (on a sound file) that the
/// annotations fit the label schema. Changes nothing.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The project file.
    pub project: PathBuf,
    /// Fail (exit 1) also when annotations contradict the label schema; by
    /// default they are listed and the file, being sound, passes (a relation
    /// drawn with the override of the rules is a choice, not damage).
    #[arg(long)]
    pub strict: bool,
}

pub fn run(args: CheckArgs) -> anyhow::Result<()> {
    let store = Store::open_read_only(&args.project, "check reads only")?;
    let problems = store.check_integrity()?;
    if problems.is_empty() {
        return check_schema(&store, &args);
    }
    for problem in &problems {
        outln!("{problem}");
    }
    anyhow::bail!(
        "{}: {} problem(s) found; restore a copy from {}",
        args.project.display(),
        problems.len(),
        crate::store::backups_folder(&args.project).display()
    )
}

/// A sound file may still hold annotations the schema does not allow (a
/// relabel that kept them, the override of the rules, a schema changed
/// since): listed for the user to decide, so the advice differs from damage.
fn check_schema(store: &Store, args: &CheckArgs) -> anyhow::Result<()> {
    let contradictions = store.schema_contradictions()?;
    for contradiction in &contradictions {
        outln!("{contradiction}");
    }
    let path = crate::store::shown_location(&args.project);
    gold_to_review(store, &path.to_string())?;
    match contradictions.len() {
        0 => outln!("{path}: ok"),
        n if args.strict => anyhow::bail!(
            "{path}: the file is sound, but {n} annotation(s) contradict the label schema; relabel or delete them in the app, or change the schema"
        ),
        n => outln!(
            "{path}: ok (the file is sound); {n} annotation(s) above contradict the label schema: relabel or delete them in the app, or change the schema (--strict fails on them)"
        ),
    }
    Ok(())
}

/// Gold spans whose attribute vote tied (curation took the label's
/// default): listed for a curator, never a failure.
fn gold_to_review(store: &Store, path: &str) -> anyhow::Result<()> {
    let marks = store.gold_spans_for_review()?;
    if marks.is_empty() {
        return Ok(());
    }
    let schema = store.schema()?;
    for mark in &marks {
        outln!(
            "gold span {} ({} in {:?}, {}..{}): needs review: {}",
            mark.span,
            schema.label_name(mark.label),
            mark.document,
            mark.start_char,
            mark.end_char,
            mark.review
        );
    }
    outln!(
        "{path}: {} gold span(s) above need a curator's review (tied attribute votes took the label's default)",
        marks.len()
    );
    Ok(())
}
