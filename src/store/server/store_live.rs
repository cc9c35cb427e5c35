//! The live listener of an open server project, and what the app needs to
//! tell its own changes from other sessions'.

use super::live::LiveListener;
use super::ServerError;
use crate::store::engine::{self, Engine};
use crate::store::{Store, StoreError};

impl Store {
    /// Starts listening for other sessions' changes to this server project,
    /// on a connection of its own made like the store's; None for a project
    /// file (nothing else writes to it while it is open here).
    pub fn listen_for_changes(
        &self,
        wake: Box<dyn Fn() + Send>,
    ) -> Option<Result<LiveListener, ServerError>> {
        let connector = self.db.connector()?.clone();
        let connect = Box::new(move || {
            connector.connect().map_err(|error| match error {
                engine::Error::Postgres(error) => ServerError::Postgres(error),
                other => ServerError::Listener(other.to_string()),
            })
        });
        Some(LiveListener::start(connect, wake))
    }

    /// The server process serving this store's connection (what
    /// [`super::live::Change::sender_pid`] names for its own commits); None
    /// for a project file.
    pub fn server_process_id(&self) -> Result<Option<i32>, StoreError> {
        if self.db.engine() != Engine::Postgres {
            return Ok(None);
        }
        let pid: i32 = self
            .db
            .query_row("SELECT pg_backend_pid()", [], |row| row.get(0))?;
        Ok(Some(pid))
    }
}
