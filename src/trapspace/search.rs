//! Minimal trap spaces by a depth-first search over subspaces, without building the set of all
//! trap spaces.
//!
//! The BDD method of [`super::dual`] conjoins one constraint per variable into the set of *all*
//! trap spaces before it minimises; on models with many interlocked rules that conjunction is
//! the whole cost (`benches/README-trapspaces.md`), although the minimal trap spaces are few.
//! This search finds them one at a time, as the ASP peers do (mpbn's "domain heuristic"
//! enumeration), with our own propagation instead of a solver.
//!
//! **Search.** Each free variable has a domain ⊆ {`0`, `1`, `*`}. A node propagates, picks an
//! undecided variable and tries `0`, then `1`, then `*`, backtracking chronologically. A leaf
//! (every variable decided) that passes the exact checks is a minimal trap space; it is
//! recorded and a *blocking clause* "disjoint from it" is added. Why the leaves are exactly
//! the minimal trap spaces:
//! - two minimal trap spaces are disjoint (the intersection of two meeting trap spaces is a
//!   trap space), so blocking never removes a minimal trap space not yet found, and every
//!   trap space containing a found one is blocked;
//! - every choice other than a decision to *fix* a variable holds for every minimal trap space
//!   not yet found that agrees with the earlier choices: the propagation rules below are sound
//!   for them, and `*` is tried only once both fixed values are exhausted (so every minimal
//!   trap space fixing that variable there has been found and blocked). A leaf `T` with a
//!   minimal trap space `M ⊊ T` inside is therefore impossible: `M` is not found yet (it would
//!   block `T`), it agrees with every decision (a decision fixes a value `T` fixes) and so with
//!   every choice, and so `M = T`.
//!
//! **Propagation** (each rule removes values no minimal trap space not yet found can take):
//! - *trap*: `x_i` fixed to `b` needs `f_i = b` somewhere in every completion, so `b` is
//!   dropped when `f_i`, with the fixed values substituted and `x_i = b`, cannot be `b`;
//! - *minimality*: `x_i` free in a minimal trap space `T` needs `f_i[x_i := c] ≢ c` on `T` for
//!   both `c` (else `T ∩ {x_i = c}` is a smaller trap space), so `*` is dropped when
//!   `f_i[x_i := c]` is `c` whatever the undecided and free variables are. This covers
//!   percolation (a variable whose function is constant takes that value) and inputs (never
//!   free in a minimal trap space);
//! - *clauses*: two watched literals per blocking clause (a literal is "`x_j` fixed to `b`").
//!
//! The checks walk each function's BDD with the fixed values followed and every other variable
//! open ("which constants can `f_i` reach?"), `O(|f_i|)`; a leaf checks every variable exactly
//! the same way (with nothing undecided, "only `b` reachable" is "`f_i = b` on the whole
//! subspace").
//!
//! **Characteristics.** Time follows the search tree, not BDD sizes: fast when the minimal trap
//! spaces are few and propagation fixes most variables, hopeless for counting `2^38` of them
//! (where [`super::dual`] counts in one pass); hence [`super::trap_spaces`] stops this search
//! at a cap and then uses the BDD method. Memory is the clauses: one literal per fixed
//! variable of each space found. The cancel flag is polled every 1 024 nodes.

use super::dual::FreePattern;
use crate::cancel::Cancel;
use crate::error::Error;
use crate::symbolic::encode::Encoded;
use biodivine_lib_bdd::{Bdd, BddPointer};

const ZERO: u8 = 1;
const ONE: u8 = 2;
const STAR: u8 = 4;

/// The bit of fixed value `b`.
fn bit(b: bool) -> u8 {
    if b { ONE } else { ZERO }
}

/// A literal "variable `j` fixed to `b`", packed as `2j + b`.
type Lit = u32;

fn lit(j: usize, b: bool) -> Lit {
    (2 * j + usize::from(b)) as Lit
}

/// What the search found.
pub(crate) struct Found {
    /// Minimal trap spaces over the free variables (positions of [`Encoded::free`]), in the
    /// order found.
    pub spaces: Vec<FreePattern>,
    /// Whether these are all of them (false when the cap stopped the search).
    pub complete: bool,
}

/// Bytes one found trap space of `m` free variables costs (its pattern and its clause).
pub(crate) fn bytes_per_space(m: usize) -> u64 {
    (m as u64) * 6 + 96
}

/// The minimal trap spaces of `enc` (stride 1), at most `cap` of them.
///
/// # Errors
/// [`Error::Cancelled`] when the cancel flag is raised.
pub(crate) fn minimal_trap_spaces(enc: &Encoded, cap: usize) -> Result<Found, Error> {
    minimal_trap_spaces_polling(enc, &enc.limits.cancel, cap)
}

/// [`minimal_trap_spaces`], polling `cancel` instead of the encoding's flag.
pub(crate) fn minimal_trap_spaces_polling(
    enc: &Encoded,
    cancel: &Cancel,
    cap: usize,
) -> Result<Found, Error> {
    debug_assert_eq!(enc.stride, 1);
    let mut search = Search::new(enc, cancel, cap);
    let complete = if search.root() {
        search.descend()?
    } else {
        true
    };
    Ok(Found {
        spaces: search.found,
        complete,
    })
}

struct Search<'a> {
    enc: &'a Encoded,
    cancel: &'a Cancel,
    m: usize,
    /// Domain of each variable (bits `ZERO`, `ONE`, `STAR`).
    dom: Vec<u8>,
    /// Undo log: (variable, its domain before the change).
    trail: Vec<(usize, u8)>,
    /// The variables whose function reads `j` (other than `j`).
    readers: Vec<Vec<usize>>,
    /// The variables `f_i` reads (other than `i`).
    support: Vec<Vec<usize>>,
    /// Blocking clauses; `clauses[c][0]` and `[1]` are its watched literals.
    clauses: Vec<Vec<Lit>>,
    /// Clauses watching each literal.
    watches: Vec<Vec<usize>>,
    /// Variables whose domain changed since they were last propagated.
    queue: Vec<usize>,
    queued: Vec<bool>,
    /// Decision order: most readers first.
    order: Vec<usize>,
    /// Visit stamps for the BDD walks.
    stamp: Vec<u32>,
    memo: Vec<bool>,
    epoch: u32,
    found: Vec<FreePattern>,
    /// Clauses not watched yet (added below the current node).
    pending: Vec<usize>,
    cap: usize,
    nodes: u64,
}

impl<'a> Search<'a> {
    fn new(enc: &'a Encoded, cancel: &'a Cancel, cap: usize) -> Search<'a> {
        let m = enc.m();
        let mut readers = vec![Vec::new(); m];
        let mut support = vec![Vec::new(); m];
        for (i, f) in enc.update.iter().enumerate() {
            for v in f.support_set() {
                let k = v.to_index();
                if k != i {
                    readers[k].push(i);
                    support[i].push(k);
                }
            }
            support[i].sort_unstable();
        }
        for r in &mut readers {
            r.sort_unstable();
        }
        let mut order: Vec<usize> = (0..m).collect();
        order.sort_by_key(|&j| (std::cmp::Reverse(readers[j].len()), j));
        let max_size = enc.update.iter().map(Bdd::size).max().unwrap_or(0);
        Search {
            enc,
            cancel,
            m,
            dom: vec![ZERO | ONE | STAR; m],
            trail: Vec::new(),
            readers,
            support,
            clauses: Vec::new(),
            watches: vec![Vec::new(); 2 * m],
            queue: Vec::new(),
            queued: vec![false; m],
            order,
            stamp: vec![0; max_size],
            memo: vec![false; max_size],
            epoch: 0,
            found: Vec::new(),
            pending: Vec::new(),
            cap,
            nodes: 0,
        }
    }

    /// Propagates from the full domains; false on a conflict (no minimal trap space: only
    /// possible when every variable is fixed away, which cannot happen for a trap space).
    fn root(&mut self) -> bool {
        for j in 0..self.m {
            self.enqueue(j);
        }
        self.propagate()
    }

    fn enqueue(&mut self, j: usize) {
        if !self.queued[j] {
            self.queued[j] = true;
            self.queue.push(j);
        }
    }

    /// Narrows the domain of `j` to `to` (a subset), logging the old one; false if empty.
    fn narrow(&mut self, j: usize, to: u8) -> bool {
        let old = self.dom[j];
        if to == old {
            return true;
        }
        self.trail.push((j, old));
        self.dom[j] = to;
        if to == 0 {
            return false;
        }
        self.enqueue(j);
        // Literals that became false: their clauses look for another watch.
        for b in [false, true] {
            if old & bit(b) != 0 && to & bit(b) == 0 && !self.literal_falsified(lit(j, b)) {
                return false;
            }
        }
        true
    }

    fn undo(&mut self, mark: usize) {
        while self.trail.len() > mark {
            let (j, old) = self.trail.pop().expect("above the mark");
            self.dom[j] = old;
        }
        for &j in &self.queue {
            self.queued[j] = false;
        }
        self.queue.clear();
    }

    fn lit_false(&self, l: Lit) -> bool {
        let j = (l / 2) as usize;
        self.dom[j] & bit(l % 2 == 1) == 0
    }

    /// Literal `l` has just become false: every clause watching it finds another watch, or
    /// forces its other watch, or is in conflict (false).
    fn literal_falsified(&mut self, l: Lit) -> bool {
        let mut watching = std::mem::take(&mut self.watches[l as usize]);
        let mut i = 0;
        let mut ok = true;
        while i < watching.len() {
            let c = watching[i];
            let clause = &mut self.clauses[c];
            if clause[0] == l {
                clause.swap(0, 1);
            }
            // clause[1] == l now.
            let other = clause[0];
            if self.dom[(other / 2) as usize] == bit(other % 2 == 1) {
                i += 1;
                continue;
            }
            let replacement = (2..clause.len()).find(|&k| {
                let x = clause[k];
                self.dom[(x / 2) as usize] & bit(x % 2 == 1) != 0
            });
            if let Some(k) = replacement {
                clause.swap(1, k);
                let new = clause[1];
                self.watches[new as usize].push(c);
                watching.swap_remove(i);
                continue;
            }
            i += 1;
            // Unit or conflict on `other`.
            if self.lit_false(other) {
                ok = false;
                break;
            }
            let j = (other / 2) as usize;
            let to = bit(other % 2 == 1);
            // `narrow` may recurse into other watch lists, never into this one (`l` is false).
            if !self.narrow(j, to) {
                ok = false;
                break;
            }
        }
        self.watches[l as usize].append(&mut watching);
        ok
    }

    /// Which constants `f_i` reaches with the decided fixed values followed, `x_i` set to
    /// `own` when given, and every other variable open: (reaches 0, reaches 1).
    fn reach(&mut self, i: usize, own: Option<bool>) -> (bool, bool) {
        let f = &self.enc.update[i];
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.epoch = 1;
        }
        let (mut zero, mut one) = (false, false);
        let mut stack: Vec<BddPointer> = vec![f.root_pointer()];
        while let Some(p) = stack.pop() {
            if p.is_zero() {
                zero = true;
            } else if p.is_one() {
                one = true;
            } else {
                let s = &mut self.stamp[p.to_index()];
                if *s == self.epoch {
                    continue;
                }
                *s = self.epoch;
                let k = f.var_of(p).to_index();
                let value = if k == i {
                    own
                } else {
                    match self.dom[k] {
                        ZERO => Some(false),
                        ONE => Some(true),
                        _ => None,
                    }
                };
                match value {
                    Some(false) => stack.push(f.low_link_of(p)),
                    Some(true) => stack.push(f.high_link_of(p)),
                    None => {
                        stack.push(f.low_link_of(p));
                        stack.push(f.high_link_of(p));
                    }
                }
            }
            if zero && one {
                break;
            }
        }
        (zero, one)
    }

    /// Whether some completion can make `f_i` (with `x_i = own`) equal `target` on the whole
    /// subspace: evaluated over `f_i`'s BDD with fixed variables followed, free (`*`) ones
    /// requiring both branches and undecided ones either. Exact when nothing is undecided;
    /// otherwise a relaxation of "exists an assignment of the undecided for all the free"
    /// (quantifiers taken in BDD order), so `false` is a proof that none exists.
    fn holds(&mut self, i: usize, own: bool, target: bool) -> bool {
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.epoch = 1;
        }
        let f = &self.enc.update[i];
        let root = f.root_pointer();
        eval(
            f,
            root,
            i,
            own,
            target,
            &self.dom,
            &mut self.stamp,
            &mut self.memo,
            self.epoch,
        )
    }

    /// The values of `i` its own constraints still allow (see the module docs).
    fn allowed(&mut self, i: usize) -> u8 {
        let d = self.dom[i];
        let mut keep = d;
        for b in [false, true] {
            if d & bit(b) != 0 && !self.holds(i, b, b) {
                keep &= !bit(b);
            }
        }
        if d & STAR != 0 {
            for c in [false, true] {
                let (z, o) = self.reach(i, Some(c));
                // `f_i[x_i := c]` can only be `c`.
                if if c { !z } else { !o } {
                    keep &= !STAR;
                    break;
                }
            }
        }
        keep
    }

    /// When `i` is decided, the values of each undecided variable its function reads that
    /// would break `i`'s own constraint (arc consistency): fixed to `b`, the values under
    /// which `f_i = b` cannot hold; free, those under which `f_i[x_i := c]` can only be `c`.
    /// False on a conflict.
    fn filter_support(&mut self, i: usize) -> bool {
        let d = self.dom[i];
        if d.count_ones() != 1 {
            return true;
        }
        let support = std::mem::take(&mut self.support[i]);
        let mut ok = true;
        for &k in &support {
            let dk = self.dom[k];
            if dk.count_ones() < 2 {
                continue;
            }
            let mut keep = dk;
            for v in [ZERO, ONE, STAR] {
                if dk & v == 0 {
                    continue;
                }
                self.dom[k] = v;
                let fine = if d == STAR {
                    [false, true].into_iter().all(|c| {
                        let (z, o) = self.reach(i, Some(c));
                        if c { z } else { o }
                    })
                } else {
                    let b = d == ONE;
                    self.holds(i, b, b)
                };
                if !fine {
                    keep &= !v;
                }
            }
            self.dom[k] = dk;
            if !self.narrow(k, keep) {
                ok = false;
                break;
            }
        }
        self.support[i] = support;
        ok
    }

    /// Runs the queue to a fixed point; false on a conflict.
    fn propagate(&mut self) -> bool {
        while let Some(j) = self.queue.pop() {
            self.queued[j] = false;
            let mut touched = std::mem::take(&mut self.readers[j]);
            touched.push(j);
            let mut ok = true;
            for &i in &touched {
                let keep = self.allowed(i);
                if !self.narrow(i, keep) || !self.filter_support(i) {
                    ok = false;
                    break;
                }
            }
            touched.pop();
            self.readers[j] = touched;
            if !ok {
                return false;
            }
        }
        true
    }

    /// The next variable to decide, if any.
    fn pick(&self) -> Option<usize> {
        // First fail: the fewest values left, then the most readers.
        self.order
            .iter()
            .copied()
            .filter(|&j| self.dom[j].count_ones() > 1)
            .min_by_key(|&j| self.dom[j].count_ones())
    }

    /// Exact check of a leaf: every fixed variable's function is its value on the whole
    /// subspace, and no free variable could be fixed (the minimality rule).
    fn leaf_is_trap(&mut self) -> bool {
        (0..self.m).all(|i| self.allowed(i) == self.dom[i])
    }

    /// Records the leaf as a minimal trap space and adds its blocking clause (pending: it is
    /// false here and gets its watches on the way back up).
    fn record(&mut self) {
        let pattern: FreePattern = self
            .dom
            .iter()
            .map(|&d| match d {
                ZERO => Some(false),
                ONE => Some(true),
                _ => None,
            })
            .collect();
        let clause: Vec<Lit> = pattern
            .iter()
            .enumerate()
            .filter_map(|(j, v)| v.map(|b| lit(j, !b)))
            .collect();
        self.found.push(pattern);
        self.pending.push(self.clauses.len());
        self.clauses.push(clause);
    }

    /// Settles the pending clauses at the current node: a clause with two literals not false
    /// gets them as watches and leaves the list; a unit one forces its literal (and stays
    /// pending for the nodes above). False when one is false throughout (the node is blocked).
    fn settle(&mut self) -> bool {
        let mut k = 0;
        while k < self.pending.len() {
            let c = self.pending[k];
            let clause = &mut self.clauses[c];
            let mut open = 0;
            for i in 0..clause.len() {
                let x = clause[i];
                if self.dom[(x / 2) as usize] & bit(x % 2 == 1) != 0 {
                    clause.swap(open, i);
                    open += 1;
                    if open == 2 {
                        break;
                    }
                }
            }
            match open {
                0 => return false,
                1 => {
                    let x = clause[0];
                    k += 1;
                    if !self.narrow((x / 2) as usize, bit(x % 2 == 1)) {
                        return false;
                    }
                }
                _ => {
                    let (a, b) = (clause[0], clause[1]);
                    self.watches[a as usize].push(c);
                    self.watches[b as usize].push(c);
                    self.pending.swap_remove(k);
                }
            }
        }
        true
    }

    /// Searches below the current (propagated) node; false when the cap stopped it.
    fn descend(&mut self) -> Result<bool, Error> {
        self.nodes += 1;
        if self.nodes.is_multiple_of(1024) {
            self.cancel.check()?;
        }
        let Some(j) = self.pick() else {
            if self.leaf_is_trap() {
                self.record();
                if self.found.len() >= self.cap {
                    return Ok(false);
                }
            }
            return Ok(true);
        };
        for choice in [ZERO, ONE, STAR] {
            if self.dom[j] & choice == 0 {
                continue;
            }
            let mark = self.trail.len();
            if self.narrow(j, choice) && self.propagate() && !self.descend()? {
                return Ok(false);
            }
            self.undo(mark);
            if !(self.settle() && self.propagate()) {
                return Ok(true);
            }
        }
        Ok(true)
    }
}

/// [`Search::holds`] at node `p` (memoised by `stamp == epoch`).
#[allow(clippy::too_many_arguments)]
fn eval(
    f: &Bdd,
    p: BddPointer,
    i: usize,
    own: bool,
    target: bool,
    dom: &[u8],
    stamp: &mut [u32],
    memo: &mut [bool],
    epoch: u32,
) -> bool {
    if p.is_terminal() {
        return p.is_one() == target;
    }
    let ix = p.to_index();
    if stamp[ix] == epoch {
        return memo[ix];
    }
    let k = f.var_of(p).to_index();
    let d = if k == i { bit(own) } else { dom[k] };
    let (lo, hi) = (f.low_link_of(p), f.high_link_of(p));
    let value = match d {
        ZERO => eval(f, lo, i, own, target, dom, stamp, memo, epoch),
        ONE => eval(f, hi, i, own, target, dom, stamp, memo, epoch),
        STAR => {
            eval(f, lo, i, own, target, dom, stamp, memo, epoch)
                && eval(f, hi, i, own, target, dom, stamp, memo, epoch)
        }
        _ => {
            eval(f, lo, i, own, target, dom, stamp, memo, epoch)
                || eval(f, hi, i, own, target, dom, stamp, memo, epoch)
        }
    };
    stamp[ix] = epoch;
    memo[ix] = value;
    value
}
