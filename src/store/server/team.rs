//! Setting a database up as a team project (`glossator init-server`): the
//! schema, one LOGIN role per annotator and curator, the project's two group
//! roles, and the grants. Running it again adds what is missing and changes
//! nothing else.

use postgres::{Client, Transaction};

use super::install::SERVER_SCHEMA_VERSION;
use super::install::{install_schema_in, version_in};
use super::ServerError;
use crate::model::layer::annotator_name_problem;

/// The `project_meta` key naming the project's curators group role.
pub const CURATORS_ROLE_KEY: &str = "curators_role";
/// The `project_meta` key naming the project's team group role (every
/// annotator and curator is a member; it holds the grants).
pub const TEAM_ROLE_KEY: &str = "team_role";
/// The `project_meta` key that lets annotators read each other's layers
/// ('true'); absent or anything else: blind.
pub const SEE_OTHER_LAYERS_KEY: &str = "see_other_layers";

/// PostgreSQL cuts names longer than this (NAMEDATALEN - 1) without failing:
/// a cut role name would be another role.
const MAX_ROLE_NAME_BYTES: usize = 63;

/// Who works on the project.
#[derive(Clone, Debug, Default)]
pub struct TeamSetup {
    pub annotators: Vec<String>,
    pub curators: Vec<String>,
}

/// What `init-server` did, for its report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TeamReport {
    /// The schema was installed now (false: the project was already there).
    pub installed_schema: bool,
    /// Roles made now (LOGIN, no password), sorted.
    pub created_roles: Vec<String>,
    /// Roles that existed and were added to the project, sorted.
    pub existing_roles: Vec<String>,
    /// The project's group roles (curators, team).
    pub curators_role: String,
    pub team_role: String,
    /// Members that bypass row-level security (superusers, BYPASSRLS, the
    /// tables' owner): the policies do not hold them back. Sorted.
    pub unrestricted: Vec<String>,
}

/// Sets the connected database up as a team project, in one transaction.
/// The connected role must be a superuser, or own the database and have
/// CREATEROLE; the database must be empty or hold a Glossator project of
/// the current version.
pub fn init_team_project(client: &mut Client, team: &TeamSetup) -> Result<TeamReport, ServerError> {
    check_names(team)?;
    let mut tx = client.transaction()?;
    let (database, user) = check_privileges(&mut tx)?;
    let curators_role = group_role_name(&database, "curators")?;
    let team_role = group_role_name(&database, "team")?;
    let installed_schema = match version_in(&mut tx)? {
        Some(found) if found == SERVER_SCHEMA_VERSION => false,
        Some(found) => {
            return Err(ServerError::OtherVersion {
                found,
                supported: SERVER_SCHEMA_VERSION,
            })
        }
        None => {
            refuse_foreign_tables(&mut tx, &database)?;
            install_schema_in(&mut tx)?;
            true
        }
    };
    let mut report = TeamReport {
        installed_schema,
        curators_role: curators_role.clone(),
        team_role: team_role.clone(),
        ..TeamReport::default()
    };
    for group in [&curators_role, &team_role] {
        if !role_exists(&mut tx, group)? {
            tx.batch_execute(&format!("CREATE ROLE {} NOLOGIN", quote(group)))?;
        }
    }
    let members: Vec<(&String, bool)> = team
        .annotators
        .iter()
        .map(|name| (name, false))
        .chain(team.curators.iter().map(|name| (name, true)))
        .collect();
    for (name, curator) in members {
        add_member(&mut tx, name, &team_role, &mut report)?;
        if curator {
            tx.batch_execute(&format!(
                "GRANT {} TO {}",
                quote(&curators_role),
                quote(name)
            ))?;
        }
        tx.execute(
            "INSERT INTO annotators (name) VALUES ($1) ON CONFLICT (name) DO NOTHING",
            &[name],
        )?;
    }
    grant_team(&mut tx, &database, &team_role)?;
    for (key, value) in [
        (CURATORS_ROLE_KEY, &curators_role),
        (TEAM_ROLE_KEY, &team_role),
    ] {
        tx.execute(
            "INSERT INTO project_meta (key, value) VALUES ($1, $2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            &[&key, value],
        )?;
    }
    report.unrestricted = unrestricted_members(&mut tx, &team_role, &user)?;
    refuse_open_public_schema(&mut tx, &database, &team_role, &report.unrestricted)?;
    refuse_members_objects_in_public(&mut tx, &database, &team_role, &report.unrestricted)?;
    tx.commit()?;
    report.created_roles.sort();
    report.created_roles.dedup();
    report.existing_roles.sort();
    report.existing_roles.dedup();
    report
        .existing_roles
        .retain(|name| !report.created_roles.contains(name));
    Ok(report)
}

fn check_names(team: &TeamSetup) -> Result<(), ServerError> {
    for name in team.annotators.iter().chain(&team.curators) {
        let problem = annotator_name_problem(name).or_else(|| {
            if name.len() > MAX_ROLE_NAME_BYTES {
                Some(format!(
                    "{name:?} is longer than PostgreSQL's {MAX_ROLE_NAME_BYTES} bytes for a role name"
                ))
            } else if name.starts_with("pg_") {
                Some(format!(
                    "{name:?} starts with pg_, which PostgreSQL keeps for its own roles"
                ))
            } else {
                None
            }
        });
        if let Some(reason) = problem {
            return Err(ServerError::BadRoleName(reason));
        }
    }
    Ok(())
}

/// The database's name and the connected role, when that role may set the
/// project up.
fn check_privileges(tx: &mut Transaction<'_>) -> Result<(String, String), ServerError> {
    let row = tx.query_one(
        "SELECT current_database()::text, current_user::text, r.rolsuper, r.rolcreaterole,
                pg_has_role(current_user, d.datdba, 'MEMBER'), pg_get_userbyid(d.datdba)::text
         FROM pg_roles r, pg_database d
         WHERE r.rolname = current_user AND d.datname = current_database()",
        &[],
    )?;
    let (database, user): (String, String) = (row.get(0), row.get(1));
    let (superuser, create_role, owner): (bool, bool, bool) = (row.get(2), row.get(3), row.get(4));
    if superuser || (owner && create_role) {
        return Ok((database, user));
    }
    Err(ServerError::NotAllowed {
        user,
        database,
        owner: row.get(5),
        missing: if owner {
            "the CREATEROLE attribute"
        } else {
            "ownership of the database"
        },
    })
}

fn group_role_name(database: &str, what: &str) -> Result<String, ServerError> {
    let name = format!("{database}_{what}");
    if name.len() > MAX_ROLE_NAME_BYTES {
        return Err(ServerError::BadRoleName(format!(
            "the project's group role {name:?} would be longer than PostgreSQL's {MAX_ROLE_NAME_BYTES} bytes: use a database with a shorter name"
        )));
    }
    Ok(name)
}

/// Refuses a database whose `public` schema already holds tables that are
/// not a Glossator project: installing beside them would mix two things.
fn refuse_foreign_tables(tx: &mut Transaction<'_>, database: &str) -> Result<(), ServerError> {
    let rows = tx.query(
        "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
         ORDER BY c.relname",
        &[],
    )?;
    if rows.is_empty() {
        return Ok(());
    }
    let tables: Vec<String> = rows.iter().map(|row| row.get(0)).collect();
    Err(ServerError::NotOurs {
        database: database.to_string(),
        tables,
    })
}

fn role_exists(tx: &mut Transaction<'_>, name: &str) -> Result<bool, ServerError> {
    Ok(tx
        .query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&name])?
        .is_some())
}

/// Makes `name` a LOGIN role (without a password: the administrator sets
/// one with `\password` or ALTER ROLE) if it does not exist, and a member of
/// the team.
fn add_member(
    tx: &mut Transaction<'_>,
    name: &str,
    team_role: &str,
    report: &mut TeamReport,
) -> Result<(), ServerError> {
    if role_exists(tx, name)? {
        report.existing_roles.push(name.to_string());
    } else {
        tx.batch_execute(&format!("CREATE ROLE {} LOGIN", quote(name)))?;
        report.created_roles.push(name.to_string());
    }
    tx.batch_execute(&format!("GRANT {} TO {}", quote(team_role), quote(name)))?;
    Ok(())
}

/// The team may connect and read and write the tables (row-level security
/// decides which rows); nobody else may connect, and nobody but the owner
/// may create objects in `public` (PostgreSQL before 15 lets everyone: a
/// member could put a function of their own beside the policies').
fn grant_team(
    tx: &mut Transaction<'_>,
    database: &str,
    team_role: &str,
) -> Result<(), ServerError> {
    let (database, team) = (quote(database), quote(team_role));
    tx.batch_execute(&format!(
        "REVOKE ALL ON DATABASE {database} FROM PUBLIC;
         GRANT CONNECT, TEMPORARY ON DATABASE {database} TO {team};
         REVOKE CREATE ON SCHEMA public FROM PUBLIC;
         GRANT USAGE ON SCHEMA public TO {team};
         GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {team};
         GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {team};"
    ))?;
    Ok(())
}

/// Refuses the setup while a member that row-level security restricts may
/// still create objects in `public`: [`grant_team`]'s REVOKE only works for
/// the schema's owner or a superuser, and before PostgreSQL 15 the schema
/// belongs to the bootstrap superuser, so a database owner's REVOKE is a
/// warning that changes nothing. Checked after the grants, so whatever
/// route gave the privilege (PUBLIC, the team, the role itself) counts.
fn refuse_open_public_schema(
    tx: &mut Transaction<'_>,
    database: &str,
    team_role: &str,
    unrestricted: &[String],
) -> Result<(), ServerError> {
    let rows = tx.query(
        "SELECT r.rolname::text FROM pg_roles r
         WHERE r.oid IN (SELECT member FROM pg_auth_members WHERE roleid = $1::text::regrole)
           AND has_schema_privilege(r.oid, 'public', 'CREATE')
         ORDER BY 1",
        &[&team_role],
    )?;
    let roles: Vec<String> = rows
        .iter()
        .map(|row| row.get::<_, String>(0))
        .filter(|name| !unrestricted.contains(name))
        .collect();
    if roles.is_empty() {
        return Ok(());
    }
    let owners = tx.query_one(
        "SELECT pg_get_userbyid(n.nspowner)::text, pg_get_userbyid(d.datdba)::text
         FROM pg_namespace n, pg_database d
         WHERE n.nspname = 'public' AND d.datname = current_database()",
        &[],
    )?;
    Err(ServerError::PublicSchemaOpen {
        database: database.to_string(),
        schema_owner: owners.get(0),
        database_owner: owners.get(1),
        roles,
    })
}

/// Refuses the setup while a member that row-level security restricts owns
/// something in `public` that the policies or triggers could resolve to in
/// their session (a function, operator, type, collation or conversion; a
/// table): made while the schema was open to everyone (before PostgreSQL
/// 15), it outlives the REVOKE, and `SET search_path = public, pg_catalog`
/// puts it before the built-in one. Each is named with its schema: an
/// unqualified `pg_has_role(…)` would name the built-in function.
fn refuse_members_objects_in_public(
    tx: &mut Transaction<'_>,
    database: &str,
    team_role: &str,
    unrestricted: &[String],
) -> Result<(), ServerError> {
    let rows = tx.query(
        "WITH members AS (
             SELECT r.oid, r.rolname::text AS name FROM pg_roles r
             WHERE r.oid IN (SELECT member FROM pg_auth_members WHERE roleid = $1::text::regrole)
               AND NOT r.rolname::text = ANY($2)),
         objects AS (
             SELECT format('function public.%I(%s)', p.proname, pg_get_function_identity_arguments(p.oid))
                    AS object, p.proowner AS owner
             FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
             UNION ALL
             SELECT format('operator public.%s(%s, %s)', o.oprname,
                    format_type(o.oprleft, NULL), format_type(o.oprright, NULL)), o.oprowner
             FROM pg_operator o WHERE o.oprnamespace = 'public'::regnamespace
             UNION ALL
             SELECT format('relation public.%I', c.relname), c.relowner
             FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace
             UNION ALL
             SELECT format('type public.%I', t.typname), t.typowner
             FROM pg_type t WHERE t.typnamespace = 'public'::regnamespace
               AND t.typrelid = 0 AND t.typcategory <> 'A'
             UNION ALL
             SELECT format('collation public.%I', c.collname), c.collowner
             FROM pg_collation c WHERE c.collnamespace = 'public'::regnamespace
             UNION ALL
             SELECT format('conversion public.%I', c.conname), c.conowner
             FROM pg_conversion c WHERE c.connamespace = 'public'::regnamespace)
         SELECT o.object || ' (' || m.name || ')' FROM objects o JOIN members m ON m.oid = o.owner
         ORDER BY 1",
        &[&team_role, &unrestricted],
    )?;
    if rows.is_empty() {
        return Ok(());
    }
    Err(ServerError::MembersOwnObjects {
        database: database.to_string(),
        objects: rows.iter().map(|row| row.get(0)).collect(),
    })
}

/// Members of the team that row-level security does not restrict.
fn unrestricted_members(
    tx: &mut Transaction<'_>,
    team_role: &str,
    user: &str,
) -> Result<Vec<String>, ServerError> {
    let rows = tx.query(
        "SELECT r.rolname::text FROM pg_roles r
         WHERE r.oid IN (SELECT member FROM pg_auth_members WHERE roleid = $1::text::regrole)
           AND (r.rolsuper OR r.rolbypassrls OR r.rolname = $2::text
                OR pg_has_role(r.oid, (SELECT relowner FROM pg_class WHERE oid = 'public.spans'::regclass), 'MEMBER'))
         ORDER BY 1",
        &[&team_role, &user],
    )?;
    Ok(rows.iter().map(|row| row.get(0)).collect())
}

/// A role or database name as an SQL identifier, quoted (names may hold
/// spaces, capitals or quotes).
fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
