//! A server project's live changes, polled once a frame: other sessions'
//! commits refresh the document list, statuses and layers shown (never the
//! selection or the undo history); a lost connection is said in the status
//! line until the listener is back.

use super::GlossatorApp;
use crate::session::OutsideChanges;
use crate::store::server::live::{LiveEvent, LiveListener};
use crate::ui::error::UiError;
use crate::ui::panels::status::Topic;

/// The listener of the open project, when it is on a server.
#[derive(Default)]
pub(super) struct Live {
    listener: Option<LiveListener>,
    /// The server process of the session's own connection: its commits are
    /// already shown. Read again after a reconnection.
    own_process: Option<i32>,
}

impl GlossatorApp {
    /// Listens to the project just opened, if it is on a server.
    pub(super) fn start_live(&mut self) {
        self.live = Live::default();
        let ctx = self.ctx.clone();
        let wake = Box::new(move || ctx.request_repaint());
        match self.session.store().listen_for_changes(wake) {
            None => {}
            Some(Ok(listener)) => {
                self.live.listener = Some(listener);
                self.read_own_process();
            }
            Some(Err(error)) => self.status.error(UiError::LiveOff(error.to_string())),
        }
    }

    fn read_own_process(&mut self) {
        match self.session.store().server_process_id() {
            Ok(pid) => self.live.own_process = pid,
            Err(error) => self.status.error(error),
        }
    }

    /// Takes in what the listener heard since the last frame.
    pub(super) fn poll_live(&mut self) {
        let Some(listener) = &self.live.listener else {
            return;
        };
        let events = listener.poll();
        let mut changes = OutsideChanges::default();
        for event in events {
            match event {
                LiveEvent::Changed(change) => {
                    if Some(change.sender_pid) != self.live.own_process {
                        changes.add(&change);
                    }
                }
                LiveEvent::Disconnected { reason } => {
                    self.status
                        .error_about(Topic::Server, UiError::ServerLost(reason));
                }
                LiveEvent::Reconnected => {
                    self.status.succeeded(Topic::Server);
                    self.status
                        .info("Reconnected to the server; the project was read again");
                    changes.everything = true;
                    self.read_own_process();
                }
            }
        }
        if changes.is_empty() {
            return;
        }
        if let Err(error) = self.session.take_outside_changes(&changes) {
            self.status.error(error);
        }
    }
}
