use clap::Args;

use crate::store::engine::Connector;
use crate::store::server::{init_team_project, TeamReport, TeamSetup, SERVER_SCHEMA_VERSION};

/// Set a PostgreSQL database up as a team project: the project's tables with
/// row-level security, a LOGIN role for each annotator and curator (named as
/// the annotator), and the project's curators and team group roles. Run it
/// again to add people; it changes nothing else.
///
/// Connect as a superuser or as the database's owner with CREATEROLE. New
/// roles have no password: set one with `\password NAME` in psql or
/// `ALTER ROLE "NAME" PASSWORD '...'`.
#[derive(Debug, Args)]
pub struct InitServerArgs {
    /// The database, e.g. postgres://postgres@db.example/newsproject (create
    /// it first: createdb newsproject).
    pub url: String,
    /// Annotators, comma-separated: each writes only their own layers.
    #[arg(long, value_delimiter = ',')]
    pub annotators: Vec<String>,
    /// Curators, comma-separated: they also write gold, the documents and
    /// the label schema, and read every layer.
    #[arg(long, value_delimiter = ',')]
    pub curators: Vec<String>,
}

pub fn run(args: InitServerArgs) -> anyhow::Result<()> {
    let connector = Connector::from_url(&args.url)?;
    let shown = connector.shown().to_string();
    let mut client = connector.connect().map_err(|error| {
        anyhow::anyhow!("cannot connect to {shown}: {}", error.connection_cause())
    })?;
    let team = TeamSetup {
        annotators: trimmed(&args.annotators),
        curators: trimmed(&args.curators),
    };
    let report = init_team_project(&mut client, &team)?;
    print_report(&shown, &team, &report)
}

/// `--annotators "ana, ben"` as the user meant it; empty items dropped.
fn trimmed(names: &[String]) -> Vec<String> {
    names
        .iter()
        .map(|name| name.trim().to_string())
        .filter(|name| !name.is_empty())
        .collect()
}

fn print_report(shown: &str, team: &TeamSetup, report: &TeamReport) -> anyhow::Result<()> {
    outln!("{shown} is a Glossator team project:");
    if report.installed_schema {
        outln!("  project tables installed (schema version {SERVER_SCHEMA_VERSION})");
    } else {
        outln!("  the project was already there (schema version {SERVER_SCHEMA_VERSION}); left as it was");
    }
    if !report.created_roles.is_empty() {
        outln!(
            "  roles created (LOGIN, no password yet): {}",
            report.created_roles.join(", ")
        );
    }
    if !report.existing_roles.is_empty() {
        outln!(
            "  roles already on the server, added to the project: {}",
            report.existing_roles.join(", ")
        );
    }
    if !team.curators.is_empty() {
        outln!("  curators: {}", team.curators.join(", "));
    }
    outln!(
        "  group roles: {} (curators), {} (everyone on the project)",
        report.curators_role,
        report.team_role
    );
    if let Some(first) = report.created_roles.first() {
        outln!("Set each new role's password as a superuser, e.g. in psql: \\password {first}");
    }
    let example = team
        .annotators
        .first()
        .or(team.curators.first())
        .map(String::as_str)
        .unwrap_or("ana");
    outln!(
        "Each person opens the project as their role: glossator {}",
        with_user(shown, example)
    );
    if !report.unrestricted.is_empty() {
        eprintln!(
            "warning: {} bypass row-level security (superuser, BYPASSRLS or the tables' owner): the project's rules do not restrict them",
            report.unrestricted.join(", ")
        );
    }
    Ok(())
}

/// `shown` (a URL without password) with its user replaced by `user`.
fn with_user(shown: &str, user: &str) -> String {
    let Some((scheme, rest)) = shown.split_once("://") else {
        return shown.to_string();
    };
    let host = rest.split_once('@').map_or(rest, |(_, host)| host);
    format!("{scheme}://{user}@{host}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_example_url_names_the_person_not_the_administrator() {
        assert_eq!(
            super::with_user("postgres://postgres@db.example:5433/news", "ana"),
            "postgres://ana@db.example:5433/news"
        );
        assert_eq!(
            super::with_user("postgresql://db.example/news", "ana"),
            "postgresql://ana@db.example/news"
        );
    }
}
