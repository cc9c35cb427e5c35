use std::ops::ControlFlow;
use std::path::PathBuf;

use clap::Args;

use crate::search::{search, Query, SearchScope};
use crate::store::Store;

/// Search the documents' texts: words, "phrases", prefixes (pakist*), OR,
/// -excluded words, and filters (label:ACTOR, span:"Taliban", status:done,
/// annotator:ana, EVENT.type:Attack); or a regular expression with --regex.
///
/// Prints each hit with its document, code point offsets and context.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The project file.
    pub project: PathBuf,
    /// What to find (quote it for the shell: 'talks "peace deal" label:ACTOR').
    pub query: String,
    /// QUERY is a regular expression (Rust regex syntax), searched in every
    /// document (or, when it starts with \b and a word, in those the index
    /// finds for that word).
    #[arg(long)]
    pub regex: bool,
    /// One JSON object a line: document, start, end, text, before, after.
    #[arg(long)]
    pub json: bool,
    /// At most N hits (0: all of them).
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub limit: usize,
}

pub fn run(args: SearchArgs) -> anyhow::Result<()> {
    let query = if args.regex {
        Query::regex(&args.query)?
    } else {
        Query::parse(&args.query)?
    };
    // Opening to edit upgrades an older project (building its index); when
    // the app has the project open, it is current and read-only will do.
    let (store, _) = Store::open_or_read_only(&args.project)?;
    let scope = SearchScope {
        documents: None,
        limit: if args.limit == 0 {
            usize::MAX
        } else {
            args.limit
        },
    };
    let found = search(
        &store,
        &query,
        &scope,
        &mut |_, _| ControlFlow::Continue(()),
    )?;
    for hit in &found.hits {
        if args.json {
            outln!("{}", serde_json::to_string(hit)?);
        } else {
            outln!("{}", hit.kwic_line());
        }
    }
    let summary = match (found.hits.len(), found.more) {
        (0, _) => "no hits".to_string(),
        (n, false) => format!("{n} hit{}", if n == 1 { "" } else { "s" }),
        (1, true) => "the first hit; there are more (--limit N, or 0 for all)".to_string(),
        (n, true) => format!("the first {n} hits; there are more (--limit N, or 0 for all)"),
    };
    if args.json {
        if found.more {
            eprintln!("{summary}");
        }
    } else {
        outln!("{summary}");
    }
    Ok(())
}
