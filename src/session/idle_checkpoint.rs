//! When the project has been left alone for a while after a change, its
//! write-ahead log is folded into the file (see `store/checkpoint.rs`), so
//! the `.sqlite` alone holds the project while the app is still running.

use std::time::{Duration, Instant};

use super::Session;
use crate::store::{CheckpointMode, StoreError};

/// How long after the last change the log is folded in: long enough not to
/// run between the keys of a burst of edits.
pub const IDLE_BEFORE_CHECKPOINT: Duration = Duration::from_secs(5);

/// Watches the session's change count; owned by whoever drives the frames.
#[derive(Debug, Default)]
pub struct IdleCheckpoint {
    /// The change count last seen, and when it was first seen.
    seen: Option<(u64, Instant)>,
    /// The change count the last complete checkpoint covered.
    done: u64,
}

impl IdleCheckpoint {
    /// Call often (once a frame). Checkpoints when the project changed and
    /// then stayed unchanged for [`IDLE_BEFORE_CHECKPOINT`]. Returns how long
    /// until it wants to be called again (None: nothing pending).
    pub fn tick(
        &mut self,
        session: &Session,
        now: Instant,
    ) -> Result<Option<Duration>, StoreError> {
        let changes = session.change_count();
        if changes == self.done {
            self.seen = None;
            return Ok(None);
        }
        let since = match self.seen {
            Some((seen, since)) if seen == changes => since,
            _ => {
                self.seen = Some((changes, now));
                now
            }
        };
        let idle = now.saturating_duration_since(since);
        if idle < IDLE_BEFORE_CHECKPOINT {
            return Ok(Some(IDLE_BEFORE_CHECKPOINT - idle));
        }
        // Whatever comes of it, the next try waits another while (a failing
        // disk must not be asked once a frame).
        self.seen = Some((changes, now));
        let checkpointed = session.store().checkpoint(CheckpointMode::Passive)?;
        if checkpointed.complete() {
            self.done = changes;
            self.seen = None;
            Ok(None)
        } else {
            // A reader held it back: try again after another while.
            Ok(Some(IDLE_BEFORE_CHECKPOINT))
        }
    }

    /// Another project is open: its changes count from zero.
    pub fn reset(&mut self) {
        *self = Self::default();
    }
}
