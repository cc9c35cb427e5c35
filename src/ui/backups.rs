//! Periodic backups of the open project: every few minutes, when something
//! changed since the last one, a timestamped copy goes into the project's
//! `.backups` folder on a worker thread (SQLite backup API, its own read-only
//! connection), so the window never waits for it.

use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use crate::session::Session;
use crate::ui::settings::Settings;

#[derive(Default)]
pub struct PeriodicBackups {
    /// When the last backup started (or the project was opened).
    last_at: Option<Instant>,
    /// The session's change count at the last backup.
    backed_up_changes: u64,
    running: Option<Receiver<Result<PathBuf, String>>>,
}

impl PeriodicBackups {
    /// Called once a frame. Returns what a finished backup has to say: an
    /// error always, a success only when `announce` asked for one.
    pub fn tick(
        &mut self,
        session: &Session,
        settings: &Settings,
        ctx: &egui::Context,
    ) -> Option<Result<PathBuf, String>> {
        let finished = self.poll();
        let last_at = *self.last_at.get_or_insert_with(Instant::now);
        if settings.backup_minutes == 0 || self.running.is_some() {
            return finished;
        }
        let interval = Duration::from_secs(u64::from(settings.backup_minutes) * 60);
        let due = last_at + interval;
        if session.change_count() == self.backed_up_changes
            || session.store().read_only_reason().is_some()
        {
            return finished;
        }
        let now = Instant::now();
        if now >= due {
            self.start(session, settings.backups_kept, ctx);
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
        let (sender, receiver) = channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let result =
                crate::store::write_periodic_backup(&project, keep).map_err(|e| e.to_string());
            let _ = sender.send(result);
            ctx.request_repaint();
        });
        self.running = Some(receiver);
    }

    /// Forgets the timer and counts when another project is opened.
    pub fn reset(&mut self) {
        *self = Self::default();
    }

    fn poll(&mut self) -> Option<Result<PathBuf, String>> {
        let result = self.running.as_ref()?.try_recv().ok()?;
        self.running = None;
        Some(result)
    }

    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }
}
