//! The command line: one file per subcommand. Errors go back to `main`, which
//! prints them once.

/// `println!` that returns the error when stdout is closed (`glossator stats p
/// | head`) instead of panicking; `main` treats a broken pipe as success.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout(), $($arg)*)?;
    }};
}

/// `print!`, returning the error as [`outln!`] does.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout(), $($arg)*)?;
    }};
}

mod agreement;

mod annotate_all;

mod annotators;
mod assign;
mod backup;
mod check;
mod copy;
mod curate;
pub mod dev;
mod export;
mod import;
mod init_server;
mod layer_table;
mod merge;
mod package;
mod schema;
mod search;
mod stats;
mod suggest;

mod upgrade;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Glossator: annotate events, actors and claims in news text.
///
/// With no command, opens the app on PROJECT (created if missing), or on the
/// default project: $GLOSSATOR_DB, else project.sqlite in the data directory.
#[derive(Debug, Parser)]
#[command(name = "glossator", version = version_text(), args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// Project file to open in the app (created if missing).
    pub project: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Import(import::ImportArgs),
    Export(export::ExportArgs),
    Stats(stats::StatsArgs),
    Schema(schema::SchemaArgs),
    Agreement(agreement::AgreementArgs),
    Check(check::CheckArgs),
    Curate(curate::CurateArgs),
    Backup(backup::BackupArgs),
    Copy(copy::CopyArgs),
    Search(search::SearchArgs),
    AnnotateAll(annotate_all::AnnotateAllArgs),

    Suggest(suggest::SuggestArgs),

    Annotators(annotators::AnnotatorsArgs),
    Assign(assign::AssignArgs),
    Package(package::PackageArgs),
    Merge(merge::MergeArgs),
    Upgrade(upgrade::UpgradeArgs),
    InitServer(init_server::InitServerArgs),
    #[command(hide = true)]
    DevEditBurst(dev::EditBurstArgs),
    #[command(hide = true)]
    DevDigest(dev::DigestArgs),
    #[command(hide = true)]
    GenBench(dev::GenBenchArgs),
}

/// `glossator --version`: the program's version and the project schema version
/// it writes, so a user can tell which Glossator a project file needs.
pub fn version_text() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| {
        format!(
            "{} (project schema version {}; on a server {})",
            env!("CARGO_PKG_VERSION"),
            crate::store::CURRENT_SCHEMA_VERSION,
            crate::store::server::SERVER_SCHEMA_VERSION
        )
    })
}

/// Runs a subcommand.
pub fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Import(args) => import::run(args),
        Command::Export(args) => export::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Agreement(args) => agreement::run(args),
        Command::Check(args) => check::run(args),
        Command::Curate(args) => curate::run(args),
        Command::Backup(args) => backup::run(args),
        Command::Copy(args) => copy::run(args),
        Command::Search(args) => search::run(args),
        Command::AnnotateAll(args) => annotate_all::run(args),

        Command::Suggest(args) => suggest::run(args),

        Command::Annotators(args) => annotators::run(args),
        Command::Assign(args) => assign::run(args),
        Command::Package(args) => package::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Upgrade(args) => upgrade::run(args),
        Command::InitServer(args) => init_server::run(args),
        Command::DevEditBurst(args) => dev::run_edit_burst(args),
        Command::DevDigest(args) => dev::run_digest(args),
        Command::GenBench(args) => dev::run_gen_bench(args),
    }
}
