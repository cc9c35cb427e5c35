//! Periodic backups of the open project: every few minutes, when something
//! changed since the last one, a timestamped copy goes into the project's
//! `.backups` folder on a worker thread (SQLite backup API, its own read-only
//! connection), so the window never waits for it.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::session::Session;
use crate::store::StoreError;
use crate::ui::error::UiError;
use crate::ui::promise::Promise;
use crate::ui::settings::Settings;

/// A finished backup: where it went, or why it failed.
pub type BackupResult = Result<PathBuf, UiError>;

#[derive(Default)]
pub struct PeriodicBackups {
    /// When the last backup started (or the project was opened).
    last_at: Option<Instant>,
    /// The session's change count at the last backup.
    backed_up_changes: u64,
    running: Option<Promise<Result<PathBuf, StoreError>>>,
}

impl PeriodicBackups {
    /// Called once a frame with the settings' interval and count. Returns
    /// what a finished backup says (the app shows errors, and successes it
    /// asked for).
    pub fn tick(
        &mut self,
        session: &Session,
        settings: &Settings,
        ctx: &egui::Context,
    ) -> Option<BackupResult> {
        let interval = (settings.backup_minutes > 0)
            .then(|| Duration::from_secs(u64::from(settings.backup_minutes) * 60));
        self.tick_every(session, interval, settings.backups_kept, ctx)
    }

    /// [`Self::tick`] with the interval given (None: off).
    pub fn tick_every(
        &mut self,
        session: &Session,
        interval: Option<Duration>,
        keep: usize,
        ctx: &egui::Context,
    ) -> Option<BackupResult> {
        let finished = self.poll();
        let last_at = *self.last_at.get_or_insert_with(Instant::now);
        let Some(interval) = interval.filter(|_| self.running.is_none()) else {
            return finished;
        };
        let due = last_at + interval;
        if session.change_count() == self.backed_up_changes
            || session.store().read_only_reason().is_some()
        {
            return finished;
        }
        let now = Instant::now();
        if now >= due {
            self.start(session, keep, ctx);
        } else {
            ctx.request_repaint_after(due - now);
        }
        finished
    }

    /// Starts a backup now (File › Back up now, or the timer).
    pub fn start(&mut self, session: &Session, keep: usize, ctx: &egui::Context) {
        let Some(project) = session.path_buf() else {
            return;
        };
        self.last_at = Some(Instant::now());
        self.backed_up_changes = session.change_count();
        self.running = Some(Promise::spawn(ctx, move |_| {
            crate::store::write_periodic_backup(&project, keep)
        }));
    }

    /// Forgets the timer and counts when another project is opened.
    pub fn reset(&mut self) {
        *self = Self::default();
    }

    fn poll(&mut self) -> Option<BackupResult> {
        let result = self.running.as_mut()?.poll()?;
        self.running = None;
        Some(match result {
            Err(_lost) => Err(UiError::WorkerLost("the backup".into())),
            Ok(Ok(path)) => Ok(path),
            Ok(Err(error)) => Err(UiError::BackupFailed(error)),
        })
    }

    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait(backups: &mut PeriodicBackups, session: &Session, ctx: &egui::Context) -> BackupResult {
        for _ in 0..500 {
            if let Some(done) = backups.tick_every(session, Some(Duration::ZERO), 2, ctx) {
                return done;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("the backup never finished")
    }

    /// A backup is taken when the interval has passed and the project has
    /// changed since the last one; only the newest `keep` stay.
    #[test]
    fn backs_up_changed_projects_and_keeps_the_newest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.sqlite");
        let store = crate::project::open_for_app(&path, true).unwrap();
        let mut session = Session::new(store).unwrap();
        let ctx = egui::Context::default();
        let mut backups = PeriodicBackups::default();
        assert!(backups
            .tick_every(&session, Some(Duration::ZERO), 2, &ctx)
            .is_none());
        assert!(!backups.is_running(), "nothing changed: no backup");
        let id = session.documents()[0].id;
        session.open_document(id).unwrap();
        let label = session.schema().span_labels().next().unwrap().id;
        for round in 0..3 {
            session
                .create_span(round * 3, round * 3 + 2, label)
                .unwrap();
            backups.tick_every(&session, Some(Duration::ZERO), 2, &ctx);
            assert!(backups.is_running(), "changed: a backup starts");
            let written = wait(&mut backups, &session, &ctx).unwrap();
            assert!(written.starts_with(crate::store::backups_folder(&path)));
            backups.tick_every(&session, Some(Duration::ZERO), 2, &ctx);
            assert!(!backups.is_running(), "unchanged since: no backup");
        }
        let kept = crate::store::list_backups(&path);
        assert_eq!(kept.len(), 2, "{kept:?}");
        // Off means off.
        session.create_span(20, 22, label).unwrap();
        backups.tick_every(&session, None, 2, &ctx);
        assert!(!backups.is_running());
    }
}
