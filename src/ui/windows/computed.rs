//! A window's result computed in the background (the agreement report, the
//! statistics): started through a [`Promise`], polled when the window draws, and kept
//! (or why it failed) until computed again.

use crate::ui::error::UiError;
use crate::ui::promise::{Progress, Promise};

pub struct Computed<T> {
    running: Option<Promise<Result<T, UiError>>>,
    /// The last result, or why it failed (the window shows it).
    result: Option<Result<T, String>>,
    /// What it is, for "… stopped unexpectedly".
    what: &'static str,
}

/// What a window draws.
pub enum State<'a, T> {
    NotStarted,
    /// With the share done, 0 to 1.
    Running(f32),
    Failed(&'a str),
    Done(&'a T),
}

impl<T: Send + 'static> Computed<T> {
    pub fn new(what: &'static str) -> Self {
        Self {
            running: None,
            result: None,
            what,
        }
    }

    /// Starts (again) on a worker thread that wakes the window of `ctx`.
    pub fn start(
        &mut self,
        ctx: &egui::Context,
        work: impl FnOnce(&Progress) -> Result<T, UiError> + Send + 'static,
    ) {
        self.running = Some(Promise::spawn(ctx, work));
    }

    /// Takes the result once the work has finished.
    pub fn poll(&mut self) {
        let Some(running) = &mut self.running else {
            return;
        };
        if let Some(result) = running.poll() {
            self.running = None;
            self.result = Some(match result {
                Ok(Ok(value)) => Ok(value),
                Ok(Err(error)) => Err(error.to_string()),
                Err(_) => Err(UiError::WorkerLost(self.what.to_string()).to_string()),
            });
        }
    }

    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    pub fn value(&self) -> Option<&T> {
        self.result.as_ref()?.as_ref().ok()
    }

    pub fn state(&self) -> State<'_, T> {
        match (&self.running, &self.result) {
            (Some(running), _) => State::Running(running.fraction()),
            (None, None) => State::NotStarted,
            (None, Some(Err(error))) => State::Failed(error),
            (None, Some(Ok(value))) => State::Done(value),
        }
    }
}
