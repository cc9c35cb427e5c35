//! While a job writes to the project (an import, a long label removal) it
//! holds the write lock: edits are refused at once rather than left to wait
//! on it, notes typed meanwhile wait for it, and the window's own writes
//! give up quickly behind anyone else's.

use super::GlossatorApp;
use crate::ui::error::UiError;

impl GlossatorApp {
    /// The title of the running job that writes to the project, if one is.
    pub(super) fn project_job(&self) -> Option<String> {
        self.job
            .as_ref()
            .filter(|job| job.changes_project)
            .map(|job| job.title.clone())
    }

    /// `error` (given the job's title) while a job writes to the project.
    pub(super) fn refuse_while_importing(
        &self,
        error: fn(String) -> UiError,
    ) -> Result<(), UiError> {
        self.project_job().map_or(Ok(()), |title| Err(error(title)))
    }

    /// Notes typed while the import ran, saved now that it has ended.
    pub(super) fn save_held_notes(&mut self) {
        for edit in std::mem::take(&mut self.held_notes) {
            if let Err(error) = self.apply_edit(edit) {
                self.status.error(error);
            }
        }
    }

    /// The window's writes give up at once behind another connection's
    /// (a long import) instead of freezing the window for the busy wait.
    pub(super) fn fail_fast_on_a_busy_project(&mut self) {
        if let Err(error) = self
            .session
            .store()
            .set_write_wait(std::time::Duration::from_millis(100))
        {
            self.status.error(error);
        }
    }
}
