//! The store's tests run on both engines: a fresh project on SQLite (a file
//! in a temporary folder) and a fresh one on PostgreSQL (a database of its
//! own on the test binary's server, pg-server's schema installed), each
//! with the default label schema, as `glossator` makes a new project.
//!
//! ```ignore
//! for mut project in engines::fresh_projects("spans_roundtrip") {
//!     let store = &mut project.store;
//!     // ... the same assertions on both; project.engine says which
//! }
//! ```

use std::path::PathBuf;

use glossator::model::DocumentId;
use glossator::store::engine::Engine;
use glossator::store::{NewDocument, OpenMode, Store};

use super::pg_server;

/// A new project on one engine.
pub struct Fresh {
    pub engine: Engine,
    pub store: Store,
    /// Where it is: the file, or the server URL (with the password) to
    /// open it again, as a second window would.
    pub location: String,
    /// The SQLite project's folder (removed when dropped).
    _folder: Option<tempfile::TempDir>,
}

impl Fresh {
    /// Opens the project again (a second connection; a SQLite file is
    /// opened read-only then, as its lock allows).
    pub fn open_again(&self) -> Store {
        match self.engine {
            Engine::Postgres => Store::open_server(&self.location)
                .unwrap_or_else(|e| panic!("opening {} again: {e}", self.location)),
            Engine::Sqlite => Store::open_read_only(
                std::path::Path::new(&self.location),
                "open in the test's first connection",
            )
            .unwrap_or_else(|e| panic!("opening {} again: {e}", self.location)),
        }
    }
}

/// A fresh project on each engine, SQLite first; `hint` names the
/// PostgreSQL database (one per test: tests run at once).
pub fn fresh_projects(hint: &str) -> Vec<Fresh> {
    vec![fresh_sqlite_project(), fresh_server_project(hint)]
}

pub fn fresh_sqlite_project() -> Fresh {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path: PathBuf = folder.path().join("project.sqlite");
    let (store, created) =
        Store::open(&path, OpenMode::CreateIfMissing).expect("a new SQLite project");
    assert!(created);
    Fresh {
        engine: Engine::Sqlite,
        store,
        location: path.display().to_string(),
        _folder: Some(folder),
    }
}

/// A fresh project in a new database on the test binary's server, opened
/// as the superuser.
pub fn fresh_server_project(hint: &str) -> Fresh {
    fresh_project_on(pg_server::server(), hint)
}

/// [`fresh_server_project`] on a given server (a test's private one, to
/// stop and start it).
pub fn fresh_project_on(server: &pg_server::PgServer, hint: &str) -> Fresh {
    let database = server.create_database(hint);
    let url = format!("{}?sslmode=disable", server.superuser_url(&database));
    install_project(&url);
    let store = Store::open_server(&url).unwrap_or_else(|e| panic!("opening {url}: {e}"));
    Fresh {
        engine: Engine::Postgres,
        store,
        location: url,
        _folder: None,
    }
}

/// Installs the tables (pg-server's schema) and the default label schema
/// into the empty database at `url`.
pub fn install_project(url: &str) {
    let mut client =
        postgres::Client::connect(url, postgres::NoTls).unwrap_or_else(|e| panic!("{url}: {e}"));
    glossator::store::server::install_schema(&mut client)
        .unwrap_or_else(|e| panic!("installing the schema into {url}: {e}"));
    drop(client);
    let mut store = Store::open_server(url).unwrap_or_else(|e| panic!("opening {url}: {e}"));
    store
        .write(|tx| tx.install_schema(&glossator::model::schema::default_schema_file()))
        .unwrap_or_else(|e| panic!("installing the default labels into {url}: {e}"));
}

/// Adds a document (its external id is its title and its content hash)
/// through the store, as an import would: on a server with its search words.
pub fn add_document(store: &mut Store, external_id: &str, text: &str) -> DocumentId {
    let meta = serde_json::Map::new();
    store
        .write(|tx| {
            tx.insert_document(&NewDocument {
                external_id,
                title: external_id,
                text,
                len_chars: text.chars().count(),
                content_hash: external_id,
                meta: &meta,
            })
        })
        .unwrap()
}
