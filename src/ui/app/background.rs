//! The running job and the periodic backups, polled once a frame.

use super::GlossatorApp;
use crate::ui::error::UiError;
use crate::ui::jobs::Job;
use crate::ui::panels::status::Topic;

impl GlossatorApp {
    pub(super) fn poll_backups(&mut self) {
        match self.backups.tick(&self.session, &self.settings, &self.ctx) {
            Some(Err(error)) => self.status.error_about(Topic::Backup, error),
            Some(Ok(path)) => {
                self.status.succeeded(Topic::Backup);
                if self.announce_backup {
                    self.status.info(format!("Backed up to {}", path.display()));
                }
            }
            None => {}
        }
        if !self.backups.is_running() {
            self.announce_backup = false;
        }
    }

    /// After a pause in editing, the project file takes in the log.
    pub(super) fn poll_checkpoint(&mut self) {
        match self
            .checkpoint
            .tick(&self.session, std::time::Instant::now())
        {
            Ok(Some(wait)) => self.ctx.request_repaint_after(wait),
            Ok(None) => {}
            Err(error) => self.status.error(error),
        }
    }

    /// Before the project closes (another opens, the window closes): saves
    /// a pending note, then folds the whole log into the file.
    pub fn close_project(&mut self) {
        // A job still running stops first (an import is all or nothing, and
        // would die with the window): then notes held for it are saved.
        if let Some(job) = &self.job {
            job.cancel();
            self.wait_for_job();
        }
        self.save_pending_notes();
        match self
            .session
            .store()
            .checkpoint(crate::store::CheckpointMode::Truncate)
        {
            Ok(_) => {}
            Err(error) => self.status.error(error),
        }
        self.checkpoint.reset();
    }

    pub(super) fn poll_job(&mut self) {
        let Some(job) = &mut self.job else {
            return;
        };
        let Some(result) = job.poll() else {
            return;
        };
        let changes_project = job.changes_project;
        let topic = job.topic;
        self.job = None;
        self.windows.dialog_finished(result.is_ok());
        match result {
            Ok(summary) => {
                self.status.succeeded(topic);
                self.status.info(summary);
            }
            Err(error) => self.status.error_about(topic, error),
        }
        if changes_project {
            if let Err(error) = self.session.reload() {
                self.status.error(error);
            }
            if self.session.open().is_none() {
                self.open_initial_document();
            }
        }
        if topic == Topic::Curation {
            // Replacing gold removed spans the undo steps name.
            self.session.forget_history();
        }
        if topic == Topic::Schema {
            // Undo steps may name what the schema change moved.
            self.session.forget_history();
            self.windows.schema_editor.reset_drafts();
        }
        self.save_held_notes();
    }

    /// Starts a job unless one is running (one at a time: they share the
    /// status line and the project file).
    pub(super) fn start_job(
        &mut self,
        start: impl FnOnce(&egui::Context) -> Job,
    ) -> Result<(), UiError> {
        if let Some(job) = &self.job {
            return Err(UiError::Busy(job.title.clone()));
        }
        self.job = Some(start(&self.ctx));
        Ok(())
    }

    /// Waits for a running job (tests and headless runs), then applies its result.
    pub fn wait_for_job(&mut self) {
        while self.job.is_some() {
            std::thread::sleep(std::time::Duration::from_millis(5));
            self.poll_job();
        }
    }
}
