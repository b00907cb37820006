//! Cooperative cancellation of a running exploration.
//!
//! A screen stops scheduling new explorations when its flag is raised (a `--timeout`, a table
//! that can no longer be written); with a [`Cancel`] in the explorer's configuration the
//! explorations already running stop too, at their next check, instead of running to the end.
//! Checks sit between units of work that take well under a second at the sizes explored (a
//! round of a reachability fixpoint, a chunk of the synchronous walk, a Gauss–Seidel sweep, a
//! random walk), so a raised flag is seen within about that long.
//!
//! The flag is a `&'static AtomicBool` so configurations stay `Copy` and free of lifetimes: a
//! `static`, or a flag leaked once per process (`Box::leak`).

use crate::error::Error;
use std::sync::atomic::{AtomicBool, Ordering};

/// A flag an exploration polls; the default never cancels.
#[derive(Clone, Copy, Debug, Default)]
pub struct Cancel(Option<&'static AtomicBool>);

impl Cancel {
    /// Never cancels.
    pub const NEVER: Cancel = Cancel(None);

    /// Cancels once `flag` is `true`.
    pub fn on(flag: &'static AtomicBool) -> Cancel {
        Cancel(Some(flag))
    }

    /// Whether cancellation was asked for.
    pub fn requested(&self) -> bool {
        self.0.is_some_and(|f| f.load(Ordering::Relaxed))
    }

    /// `Err(Error::Cancelled)` once cancellation was asked for.
    ///
    /// # Errors
    /// [`Error::Cancelled`] when the flag is raised.
    pub fn check(&self) -> Result<(), Error> {
        if self.requested() {
            Err(Error::Cancelled)
        } else {
            Ok(())
        }
    }
}

/// Two handles are equal when they poll the same flag (or both never cancel).
impl PartialEq for Cancel {
    fn eq(&self, other: &Cancel) -> bool {
        match (self.0, other.0) {
            (None, None) => true,
            (Some(a), Some(b)) => std::ptr::eq(a, b),
            _ => false,
        }
    }
}

impl Eq for Cancel {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_raised_flag_is_seen() {
        static FLAG: AtomicBool = AtomicBool::new(false);
        let c = Cancel::on(&FLAG);
        assert!(c.check().is_ok());
        FLAG.store(true, Ordering::Relaxed);
        assert!(matches!(c.check(), Err(Error::Cancelled)));
        assert!(Cancel::NEVER.check().is_ok());
        assert_ne!(c, Cancel::NEVER);
        assert_eq!(c, Cancel::on(&FLAG));
    }
}
