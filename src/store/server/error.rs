//! What can go wrong setting up or watching a project on a server.

/// Errors of the team-server setup and of the live listener. Messages are
/// written for the user.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The server refused or failed a statement, or the connection broke.
    #[error("PostgreSQL: {}", describe(.0))]
    Postgres(#[from] postgres::Error),
    /// The database holds a Glossator project of another schema version.
    #[error(
        "the database holds a Glossator project of schema version {found}; this build writes version {supported}{}",
        if .found > .supported { ": update Glossator" } else { ": open it with `glossator upgrade` first" }
    )]
    OtherVersion { found: i64, supported: i64 },
    /// A `schema_version` that is not a number.
    #[error("the database's project_meta holds schema_version {0:?}, which is not a number Glossator writes")]
    BadVersion(String),
    /// The connected role may not set the project up.
    #[error(
        "{user} may not set up the team project in database {database}: that needs a superuser, or the database's owner ({owner}) with the CREATEROLE attribute; {user} lacks {missing}. Connect as the owner or a superuser (e.g. postgres://postgres@host/{database})"
    )]
    NotAllowed {
        user: String,
        database: String,
        owner: String,
        missing: &'static str,
    },
    /// The database holds tables that are not a Glossator project.
    #[error(
        "database {database} is not empty and holds no Glossator project (its tables: {}); nothing was changed. Create a new database for the project (createdb)",
        .tables.join(", ")
    )]
    NotOurs {
        database: String,
        tables: Vec<String>,
    },
    /// Members of the team may create objects in schema `public` and the
    /// connected role could not take that back (PostgreSQL before 15 lets
    /// every role create there, and only the schema's owner, a superuser,
    /// may revoke it). A member could define a function or operator there
    /// that the row-level security policies would call in their session.
    #[error(
        "in database {database}, {} may create objects in schema public (PostgreSQL before 15 lets every role) and only its owner, {schema_owner}, can take that back: an annotator could put a function there that the row-level security policies call, and pass for a curator. Nothing was changed. As a superuser, run in {database}: ALTER SCHEMA public OWNER TO \"{database_owner}\"; (as PostgreSQL 15 has it), then run init-server again, which takes the privilege back from PUBLIC (a grant to one member by name is revoked by hand)",
        .roles.join(", ")
    )]
    PublicSchemaOpen {
        database: String,
        schema_owner: String,
        database_owner: String,
        roles: Vec<String>,
    },
    /// Members of the team own objects in schema `public` (made while it was
    /// open to every role): the policies could call them in their sessions.
    #[error(
        "in database {database}, members of the team own objects in schema public, which the row-level security policies could call in their sessions: {}. Nothing was changed. As a superuser, look at them and drop them (e.g. DROP FUNCTION …), then run init-server again",
        .objects.join(", ")
    )]
    MembersOwnObjects {
        database: String,
        /// Each object as the server names it, with its owner in brackets.
        objects: Vec<String>,
    },
    /// The live listener's thread could not start.
    #[error("the live listener could not start: {0}")]
    Listener(String),
    /// A name that cannot be an annotator's role.
    #[error("{0}; no role was made")]
    BadRoleName(String),
}

/// The server's own message (with its detail and hint when it gives them),
/// rather than the crate's generic "db error".
pub(crate) fn describe(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => {
            let mut text = db.message().to_string();
            if let Some(detail) = db.detail() {
                text.push_str(&format!(" ({detail})"));
            }
            if let Some(hint) = db.hint() {
                text.push_str(&format!("; {hint}"));
            }
            text
        }
        None => error.to_string(),
    }
}
