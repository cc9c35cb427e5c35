use std::path::PathBuf;

use clap::Args;

use crate::store::{
    upgrade_server, OpenMode, ProjectLocation, ServerUpgrade, Store, CURRENT_SCHEMA_VERSION,
};

/// Upgrade a project file to this Glossator's schema version (a copy of the
/// file as it was is kept beside it). Opening a project to edit it does the
/// same; read-only commands (export, stats) need it done first. A server
/// project set up by an earlier Glossator is upgraded in place, in one
/// transaction, by the database's owner.
#[derive(Debug, Args)]
pub struct UpgradeArgs {
    /// The project file, or a server project's postgres:// URL.
    pub project: PathBuf,
    /// From a file older than layers: whose layers its annotations go to
    /// when it names no annotator or several (default: its only annotator,
    /// else `unknown`).
    #[arg(long, value_name = "NAME")]
    pub annotator: Option<String>,
}

pub fn run(args: UpgradeArgs) -> anyhow::Result<()> {
    if let Some(name) = &args.annotator {
        if let Some(problem) = crate::model::layer::annotator_name_problem(name) {
            anyhow::bail!("{problem}");
        }
    }
    if let ProjectLocation::Server(url) = ProjectLocation::parse(args.project.as_os_str()) {
        if args.annotator.is_some() {
            anyhow::bail!("--annotator is for project files older than layers; a server project has its annotators");
        }
        let shown = ProjectLocation::Server(url.clone()).shown();
        match upgrade_server(&url)? {
            ServerUpgrade::AlreadyCurrent => outln!("{shown} is up to date: nothing changed"),
            ServerUpgrade::Upgraded { documents } => outln!(
                "{shown} is upgraded: its search index holds the words of {documents} documents, and its spans are checked a statement at a time"
            ),
        }
        return Ok(());
    }
    Store::open_as(&args.project, OpenMode::Existing, args.annotator.as_deref())?;
    outln!(
        "{} is at schema version {CURRENT_SCHEMA_VERSION}",
        args.project.display()
    );
    Ok(())
}
