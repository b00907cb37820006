//! Running library work from Python: off the GIL, on a pool of `jobs` threads, and stopped by
//! Ctrl-C.
//!
//! Why a watcher: Python handles a signal only when the interpreter runs, and Rust code that
//! holds no GIL never gives it the chance. So the work runs on a worker thread while the calling
//! thread waits for it with the GIL released, waking every [`POLL`] to take the GIL and call
//! `PyErr_CheckSignals` (`Python::check_signals`). When that raises (a `KeyboardInterrupt`,
//! or whatever a signal handler raised), the work's [`Cancel`] token is raised; the library's
//! explorers and screens poll it between units of work that take well under a second, so the
//! worker returns soon after, and the exception is re-raised in Python.

use crate::errors::{internal, to_py};
use basin::Error;
use basin::cancel::Cancel;
use pyo3::prelude::*;
use std::sync::Mutex;
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::Duration;

/// How often the waiting thread looks for signals.
const POLL: Duration = Duration::from_millis(50);

/// Runs `work` on its own thread (on a rayon pool of `jobs` threads, or the global pool), with
/// the GIL released, checking for signals every [`POLL`]; a signal raises `cancel` and its
/// exception is returned once the work has stopped.
pub(crate) fn interruptible<T: Send>(
    py: Python<'_>,
    cancel: &Cancel,
    jobs: Option<usize>,
    work: impl FnOnce() -> Result<T, Error> + Send,
) -> PyResult<T> {
    let pool = match jobs {
        Some(0) => {
            return Err(to_py(
                py,
                Error::invalid_value("jobs", "0", "a positive number of threads"),
            ));
        }
        Some(n) => Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| to_py(py, Error::Invalid(format!("jobs={n}: {e}"))))?,
        ),
        None => None,
    };
    let (tx, rx) = channel();
    // `detach` needs a `Sync` borrow; the receiver is only `Send`.
    let rx = Mutex::new(rx);
    let receive = |timeout: Option<Duration>| {
        let rx = rx.lock().expect("only this thread receives");
        match timeout {
            Some(t) => rx.recv_timeout(t),
            None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
        }
    };
    let outcome = std::thread::scope(|scope| {
        scope.spawn(move || {
            let result = match &pool {
                Some(pool) => pool.install(work),
                None => work(),
            };
            let _ = tx.send(result);
        });
        loop {
            match py.detach(|| receive(Some(POLL))) {
                Ok(result) => return Ok(result),
                Err(RecvTimeoutError::Timeout) => {
                    if let Err(signal) = py.check_signals() {
                        cancel.cancel();
                        // Wait for the work to see the token (it returns Cancelled, or its
                        // result if it was about to finish); the signal wins either way.
                        let _ = py.detach(|| receive(None));
                        return Err(signal);
                    }
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(internal("the worker thread stopped without a result"));
                }
            }
        }
    });
    match outcome {
        Ok(result) => result.map_err(|e| to_py(py, e)),
        Err(signal) => Err(signal),
    }
}
