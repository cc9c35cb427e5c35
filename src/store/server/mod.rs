//! A project on a PostgreSQL server (a team server): its schema, its roles and
//! row-level security, and the live listener that tells an open app what
//! other sessions changed.
//!
//! The SQL files live beside the engine (src/store/engine/*.pg.sql); this
//! module installs them. Everything here talks to the server through the
//! `postgres` crate directly: installing a project happens before there is a
//! project to open.

mod error;
mod install;
pub mod live;
mod store_live;
mod team;

pub use error::ServerError;
pub(crate) use install::INSTALL_LOCK;
pub use install::{
    install_meta_rows, install_schema, installed_version, EARLIER_SERVER_VERSION, INSTALL_PG_SQL,
    SCHEMA_PG_SQL, SCHEMA_VERSION_KEY, SEARCH_PG_SQL, SERVER_SCHEMA_VERSION, SPAN_CHECKS_PG_SQL,
    TEAM_PG_SQL,
};
pub use team::{
    init_team_project, TeamReport, TeamSetup, CURATORS_ROLE_KEY, SEE_OTHER_LAYERS_KEY,
    TEAM_ROLE_KEY,
};
