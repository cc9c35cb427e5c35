//! The one way the window runs work in the background: spawn a thread, poll
//! once a frame, and have the thread wake the window (through the
//! `egui::Context`) when it reports progress or finishes. Imports, exports,
//! copies, backups and native file dialogs all go through it.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{channel, Receiver, TryRecvError};
use std::sync::Arc;

/// What a worker shares with the window while it runs.
pub struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
    cancel: AtomicBool,
    ctx: egui::Context,
}

impl Progress {
    /// Reports how far the work is, and wakes the window to show it.
    pub fn set(&self, done: usize, total: usize) {
        self.done.store(done, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
        self.ctx.request_repaint();
    }

    /// Whether the user asked to stop.
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// A worker that ended without a result (it panicked).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lost;

/// Work running on its own thread that ends with a `T`.
pub struct Promise<T> {
    result: Receiver<T>,
    progress: Arc<Progress>,
}

impl<T: Send + 'static> Promise<T> {
    /// Starts `work` on a new thread; its result wakes the window of `ctx`.
    pub fn spawn(ctx: &egui::Context, work: impl FnOnce(&Progress) -> T + Send + 'static) -> Self {
        let progress = Arc::new(Progress {
            done: AtomicUsize::new(0),
            total: AtomicUsize::new(0),
            cancel: AtomicBool::new(false),
            ctx: ctx.clone(),
        });
        let (sender, result) = channel();
        let shared = Arc::clone(&progress);
        std::thread::spawn(move || {
            let value = work(&shared);
            // The window may be gone (closed mid-work): nobody to tell.
            let _ = sender.send(value);
            shared.ctx.request_repaint();
        });
        Self { result, progress }
    }

    /// The result, once, when the work has finished; [`Lost`] when the worker
    /// panicked, rather than a promise pending forever.
    pub fn poll(&mut self) -> Option<Result<T, Lost>> {
        match self.result.try_recv() {
            Ok(value) => Some(Ok(value)),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(Lost)),
        }
    }

    /// Asks the work to stop (it checks [`Progress::cancelled`]).
    pub fn cancel(&self) {
        self.progress.cancel.store(true, Ordering::Relaxed);
    }

    /// How far the work is, 0 to 1 (0 until it reports).
    pub fn fraction(&self) -> f32 {
        let done = self.progress.done.load(Ordering::Relaxed);
        let total = self.progress.total.load(Ordering::Relaxed);
        if total == 0 {
            0.0
        } else {
            done as f32 / total as f32
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait<T: Send + 'static>(promise: &mut Promise<T>) -> Result<T, Lost> {
        for _ in 0..1000 {
            if let Some(value) = promise.poll() {
                return value;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        panic!("the work never finished")
    }

    #[test]
    fn reports_progress_and_the_result_once() {
        let ctx = egui::Context::default();
        let (go, wait_for_go) = channel::<()>();
        let mut promise = Promise::spawn(&ctx, move |progress| {
            progress.set(1, 4);
            let _ = wait_for_go.recv();
            7
        });
        while promise.fraction() == 0.0 {
            std::thread::yield_now();
        }
        assert_eq!(promise.fraction(), 0.25);
        assert_eq!(promise.poll(), None);
        go.send(()).unwrap();
        assert_eq!(wait(&mut promise), Ok(7));
    }

    #[test]
    fn cancel_reaches_the_worker_and_a_panic_is_reported() {
        let ctx = egui::Context::default();
        let mut promise = Promise::spawn(&ctx, |progress| {
            while !progress.cancelled() {
                std::thread::yield_now();
            }
            "stopped"
        });
        promise.cancel();
        assert_eq!(wait(&mut promise), Ok("stopped"));
        let mut panicking = Promise::spawn(&ctx, |_| -> &str { panic!("worker bug") });
        assert_eq!(wait(&mut panicking), Err(Lost));
    }
}
