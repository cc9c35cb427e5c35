use std::path::PathBuf;

use clap::Args;

use crate::agreement::{agreement_report, ReportOptions};
use crate::store::{read_agreement_input, Store};

/// How far annotators agree: κ, α, Fleiss' κ, F1 and αU, per pair, per label and per
/// document (README, "Agreement", has the definitions), over every annotator's
/// layers (the curated `gold` layer is not an annotator).
#[derive(Debug, Args)]
pub struct AgreementArgs {
    /// The project file.
    pub project: PathBuf,
    /// Compare only these annotators (at least two), e.g. `--annotators ana,ben`.
    #[arg(long, value_delimiter = ',')]
    pub annotators: Option<Vec<String>>,
    /// Compare only spans of these labels, e.g. `--labels EVENT,ACTOR`.
    #[arg(long, value_delimiter = ',')]
    pub labels: Option<Vec<String>>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: AgreementArgs) -> anyhow::Result<()> {
    let store = Store::open_read_only(&args.project, "reading only")?;
    let input = read_agreement_input(&store)?;
    drop(store);
    let options = ReportOptions {
        annotators: args.annotators,
        labels: args.labels,
    };
    let report = agreement_report(&input, &options, &mut |_, _| {})?;
    drop(input);
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&report.to_json())?);
    } else {
        out!("{}", report.to_table());
    }
    Ok(())
}
