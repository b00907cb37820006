//! Cooperative cancellation and deadlines: one token for every long computation.
//!
//! A [`Cancel`] is a cloneable handle on one shared flag, optionally with a deadline. A caller
//! keeps a clone and raises it ([`Cancel::cancel`]: a Ctrl-C handler, a table that can no
//! longer be written, a Python `KeyboardInterrupt`); the explorations holding the others stop
//! at their next check, as do screens, which also stop scheduling new explorations. A deadline
//! ([`Cancel::with_timeout`]) cancels by itself once passed, so a `--timeout` needs no watchdog
//! thread. Checks sit between units of work that take well under a second at the sizes explored
//! (a round of a reachability fixpoint, a chunk of the synchronous walk, a Gauss–Seidel sweep, a
//! random walk), so cancellation is seen within about that long.

use crate::error::Error;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// A cancellation token; the default never cancels.
#[derive(Clone, Debug, Default)]
pub struct Cancel {
    flag: Option<Arc<AtomicBool>>,
    /// The flags of the tokens this one was made from ([`Cancel::child`]).
    parents: Vec<Arc<AtomicBool>>,
    deadline: Option<Instant>,
}

impl Cancel {
    /// Never cancels.
    pub const NEVER: Cancel = Cancel {
        flag: None,
        parents: Vec::new(),
        deadline: None,
    };

    /// A token that cancels when [`Cancel::cancel`] is called on it or on any clone.
    pub fn new() -> Cancel {
        Cancel {
            flag: Some(Arc::new(AtomicBool::new(false))),
            parents: Vec::new(),
            deadline: None,
        }
    }

    /// A new token that cancels when this one does (or at its deadline) and also when
    /// [`Cancel::cancel`] is called on it or its clones, which leaves this one alone: for
    /// stopping one part of a computation (the loser of a race between two methods).
    pub fn child(&self) -> Cancel {
        let mut parents = self.parents.clone();
        parents.extend(self.flag.clone());
        Cancel {
            flag: Some(Arc::new(AtomicBool::new(false))),
            parents,
            deadline: self.deadline,
        }
    }

    /// The same token, also cancelling once `timeout` has passed from now (`None`: no deadline).
    /// An earlier deadline already set is kept.
    pub fn with_timeout(self, timeout: Option<Duration>) -> Cancel {
        let Some(timeout) = timeout else {
            return self;
        };
        let at = Instant::now().checked_add(timeout);
        let deadline = match (self.deadline, at) {
            (Some(d), Some(a)) => Some(d.min(a)),
            (d, a) => d.or(a),
        };
        Cancel { deadline, ..self }
    }

    /// Asks every holder of this token to stop. A token made with [`Cancel::NEVER`] or
    /// `default()` has no flag and ignores this: make it with [`Cancel::new`].
    pub fn cancel(&self) {
        if let Some(f) = &self.flag {
            f.store(true, Ordering::Relaxed);
        }
    }

    /// Whether cancellation was asked for or the deadline has passed.
    pub fn requested(&self) -> bool {
        self.flag
            .as_ref()
            .is_some_and(|f| f.load(Ordering::Relaxed))
            || self.parents.iter().any(|f| f.load(Ordering::Relaxed))
            || self.deadline_passed()
    }

    /// Whether the deadline (if any) has passed.
    pub fn deadline_passed(&self) -> bool {
        self.deadline.is_some_and(|d| Instant::now() >= d)
    }

    /// `Err(Error::Cancelled)` once cancellation was asked for or the deadline passed.
    ///
    /// # Errors
    /// [`Error::Cancelled`] when the token is raised or its deadline has passed.
    pub fn check(&self) -> Result<(), Error> {
        if self.requested() {
            Err(Error::Cancelled)
        } else {
            Ok(())
        }
    }
}

/// Two tokens are equal when they share a flag (or both have none) and the same deadline.
impl PartialEq for Cancel {
    fn eq(&self, other: &Cancel) -> bool {
        let same_flag = match (&self.flag, &other.flag) {
            (None, None) => true,
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        };
        same_flag
            && self.deadline == other.deadline
            && self.parents.len() == other.parents.len()
            && self
                .parents
                .iter()
                .zip(&other.parents)
                .all(|(a, b)| Arc::ptr_eq(a, b))
    }
}

impl Eq for Cancel {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_child_sees_its_parent_but_not_the_other_way() {
        let parent = Cancel::new();
        let child = parent.child();
        child.cancel();
        assert!(child.requested());
        assert!(!parent.requested());
        let other = parent.child();
        assert!(!other.requested());
        parent.cancel();
        assert!(other.requested());
        assert!(other.child().requested());
    }

    #[test]
    fn a_raised_token_is_seen_by_its_clones() {
        let c = Cancel::new();
        let held = c.clone();
        assert!(held.check().is_ok());
        c.cancel();
        assert!(matches!(held.check(), Err(Error::Cancelled)));
        assert!(Cancel::NEVER.check().is_ok());
        assert_ne!(c, Cancel::NEVER);
        assert_eq!(c, held);
        assert_ne!(c, Cancel::new());
    }

    #[test]
    fn a_deadline_cancels_by_itself() {
        let c = Cancel::NEVER.with_timeout(Some(Duration::ZERO));
        assert!(c.requested() && c.deadline_passed());
        let later = Cancel::new().with_timeout(Some(Duration::from_secs(3600)));
        assert!(!later.requested());
        assert!(Cancel::NEVER.with_timeout(None).check().is_ok());
    }
}
