//! The live listener: its own connection to the project's server, LISTENing
//! on the channel the triggers of team.pg.sql notify, turning each
//! notification into a [`LiveEvent`] on a channel the app polls each frame.
//!
//! When the connection breaks (the server restarts, the network drops) it
//! says so ([`LiveEvent::Disconnected`]), reconnects by itself with backoff,
//! and says so again ([`LiveEvent::Reconnected`]): notifications sent while
//! it was away are lost, so the app reads everything it shows again then.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use postgres::fallible_iterator::FallibleIterator;
use postgres::Client;

use super::error::describe;
use super::ServerError;

/// The channel the triggers notify (team.pg.sql).
pub const CHANGES_CHANNEL: &str = "glossator_changes";

/// How long one wait for notifications lasts before the listener checks
/// whether it was asked to stop.
const WAIT: Duration = Duration::from_millis(100);
/// How long the connection may be quiet before the listener asks the server
/// whether it is still there (a dropped network sends nothing).
const PING_AFTER: Duration = Duration::from_secs(2);
/// Backoff between reconnection attempts: doubling from the first to the last.
const FIRST_RETRY: Duration = Duration::from_millis(100);
const LAST_RETRY: Duration = Duration::from_secs(5);

/// Opens a new connection to the project's database (the app's connector,
/// with its TLS and password).
pub type Connect = Box<dyn FnMut() -> Result<Client, ServerError> + Send>;

/// What the app hears.
#[derive(Clone, Debug, PartialEq)]
pub enum LiveEvent {
    /// Another session committed a change.
    Changed(Change),
    /// The connection broke; the listener is reconnecting.
    Disconnected { reason: String },
    /// Connected again after [`LiveEvent::Disconnected`]: changes made in
    /// between were not heard, read everything again.
    Reconnected,
}

/// What kind of thing changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    /// A layer (its status, spans, relations, attributes or notes).
    Layer,
    /// Documents or assignments.
    Document,
    /// The label schema (labels, attributes, relation rules).
    Schema,
    /// project_meta or the annotators.
    Project,
}

/// One committed change, as the trigger described it.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub kind: ChangeKind,
    /// The table written ("spans").
    pub table: String,
    /// "insert", "update" or "delete".
    pub change: String,
    /// For a layer: its document and annotator. Both None for other kinds,
    /// and for a statement that changed more than 100 layers.
    pub document_id: Option<i64>,
    pub annotator_id: Option<i64>,
    /// The server process of the session that committed it (compare with
    /// `pg_backend_pid()` of one's own connection to skip one's own).
    pub sender_pid: i32,
}

impl Change {
    /// Reads a trigger's payload; None for one that is not ours (anyone
    /// connected may NOTIFY the channel).
    pub fn parse(payload: &str, sender_pid: i32) -> Option<Self> {
        #[derive(serde::Deserialize)]
        struct Payload {
            kind: String,
            table: String,
            change: String,
            document_id: Option<i64>,
            annotator_id: Option<i64>,
        }
        let payload: Payload = serde_json::from_str(payload).ok()?;
        let kind = match payload.kind.as_str() {
            "layer" => ChangeKind::Layer,
            "document" => ChangeKind::Document,
            "schema" => ChangeKind::Schema,
            "project" => ChangeKind::Project,
            _ => return None,
        };
        Some(Self {
            kind,
            table: payload.table,
            change: payload.change,
            document_id: payload.document_id,
            annotator_id: payload.annotator_id,
            sender_pid,
        })
    }
}

/// A running listener; its thread stops (within [`WAIT`], or after the
/// connection attempt under way) when the listener is dropped.
pub struct LiveListener {
    events: Receiver<LiveEvent>,
    stop: Arc<AtomicBool>,
}

impl LiveListener {
    /// Connects and LISTENs before returning (so that a change committed
    /// after this returns is heard), then listens on a thread of its own.
    /// `wake` is called after each event is sent (the app asks for a frame).
    pub fn start(mut connect: Connect, wake: Box<dyn Fn() + Send>) -> Result<Self, ServerError> {
        let client = listening(&mut connect)?;
        let (sender, events) = mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let thread_stop = Arc::clone(&stop);
        std::thread::Builder::new()
            .name("glossator-live".into())
            .spawn(move || {
                Listening {
                    connect,
                    sender,
                    wake,
                    stop: thread_stop,
                }
                .run(client)
            })
            .map_err(|error| ServerError::Listener(error.to_string()))?;
        Ok(Self { events, stop })
    }

    /// The events heard since the last call, oldest first (never blocks).
    pub fn poll(&self) -> Vec<LiveEvent> {
        let mut events = Vec::new();
        loop {
            match self.events.try_recv() {
                Ok(event) => events.push(event),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => return events,
            }
        }
    }

    /// Waits up to `timeout` for the next event (tests, benchmarks).
    pub fn wait(&self, timeout: Duration) -> Option<LiveEvent> {
        self.events.recv_timeout(timeout).ok()
    }
}

impl Drop for LiveListener {
    /// Not waiting for the thread: the app drops its listener when another
    /// project opens, and a connection attempt to a server that is away
    /// must not hold the window up.
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn listening(connect: &mut Connect) -> Result<Client, ServerError> {
    let mut client = connect()?;
    client.batch_execute(&format!("LISTEN {CHANGES_CHANNEL}"))?;
    Ok(client)
}

/// The listener thread's state.
struct Listening {
    connect: Connect,
    sender: Sender<LiveEvent>,
    wake: Box<dyn Fn() + Send>,
    stop: Arc<AtomicBool>,
}

impl Listening {
    fn run(mut self, mut client: Client) {
        loop {
            let reason = self.listen(&mut client);
            if self.stopped() {
                return;
            }
            if !self.send(LiveEvent::Disconnected { reason }) {
                return;
            }
            match self.reconnect() {
                Some(again) => client = again,
                None => return,
            }
            if !self.send(LiveEvent::Reconnected) {
                return;
            }
        }
    }

    /// Forwards notifications until the connection breaks (returns why) or
    /// the listener is stopped.
    fn listen(&mut self, client: &mut Client) -> String {
        let mut last_heard = Instant::now();
        while !self.stopped() {
            match self.forward(client) {
                Ok(true) => last_heard = Instant::now(),
                Ok(false) => {}
                Err(reason) => return reason,
            }
            if client.is_closed() {
                return "the server closed the connection".into();
            }
            if last_heard.elapsed() >= PING_AFTER {
                if let Err(error) = client.batch_execute("SELECT 1") {
                    return describe(&error);
                }
                last_heard = Instant::now();
            }
        }
        "stopped".into()
    }

    /// Forwards what arrives within one [`WAIT`]; whether anything did, or
    /// why the connection broke.
    fn forward(&self, client: &mut Client) -> Result<bool, String> {
        let mut heard = false;
        let mut notifications = client.notifications();
        let mut batch = notifications.timeout_iter(WAIT);
        while let Some(notification) = batch.next().map_err(|error| describe(&error))? {
            heard = true;
            if let Some(change) = Change::parse(notification.payload(), notification.process_id()) {
                if !self.send(LiveEvent::Changed(change)) {
                    return Err("the app stopped listening".into());
                }
            }
        }
        Ok(heard)
    }

    /// Connects again, waiting longer after each failure; None when stopped.
    fn reconnect(&mut self) -> Option<Client> {
        let mut delay = FIRST_RETRY;
        loop {
            if self.stopped() {
                return None;
            }
            if let Ok(client) = listening(&mut self.connect) {
                return Some(client);
            }
            let until = Instant::now() + delay;
            while Instant::now() < until {
                if self.stopped() {
                    return None;
                }
                std::thread::sleep(WAIT.min(until.saturating_duration_since(Instant::now())));
            }
            delay = (delay * 2).min(LAST_RETRY);
        }
    }

    /// Sends an event and wakes the app; false when nobody listens any more.
    fn send(&self, event: LiveEvent) -> bool {
        let sent = self.sender.send(event).is_ok();
        (self.wake)();
        sent
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trigger_payload_reads_as_a_change() {
        let change = Change::parse(
            r#"{"kind":"layer","table":"spans","change":"insert","document_id":12,"annotator_id":3}"#,
            77,
        )
        .unwrap();
        assert_eq!(change.kind, ChangeKind::Layer);
        assert_eq!(change.document_id, Some(12));
        assert_eq!(change.annotator_id, Some(3));
        assert_eq!(change.sender_pid, 77);
    }

    #[test]
    fn a_payload_that_is_not_ours_is_ignored() {
        assert_eq!(Change::parse("hello", 1), None);
        assert_eq!(
            Change::parse(r#"{"kind":"other","table":"x","change":"insert"}"#, 1),
            None
        );
    }
}
