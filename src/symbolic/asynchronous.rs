//! Asynchronous attractors and basins on BDDs.
//!
//! Semantics as in [`crate::asynchronous`]: `x → flip_j(x)` whenever `f_j(x) ≠ x_j`; attractors
//! are the terminal strongly connected components.
//!
//! * Transitions, one variable at a time (as `SymbolicAsyncGraph` in biodivine-lib-param-bn):
//!   `D_j = x_j ⊕ f_j` holds where `x_j` can flip; `post_j(S) = flip_j(S ∧ D_j)` and
//!   `pre_j(S) = D_j ∧ flip_j(S)`, each one fused lib-bdd pass.
//! * Reachability by saturation (Ciardo et al.; the `reach_fwd`/`reach_bwd` loops of
//!   biodivine-lib-param-bn and biodivine-algo-bdd-scc): try variables from the bottom of the
//!   order up, and after any step that adds states start again from the bottom, so cheap local
//!   moves are exhausted before expensive ones.
//! * Fixed points directly: `∧_j ¬D_j`, conjoined as a balanced tree of neighbours in file order.
//!   They are attractors; the states that can reach one (a single backward saturation from all
//!   of them) hold no other attractor and leave the search.
//! * Interleaved transition-guided reduction (Beneš, Brim, Pastva, Šafránek, CAV 2021; the
//!   `itgr` module of biodivine-algo-bdd-scc), done variable by variable: `F` the forward
//!   closure of the states that can flip `x_j`; the states that reach `F` from outside hold no
//!   attractor; inside `F`, the states that cannot reach a `j`-flip again form a bottom region,
//!   and the states that reach it from outside it hold no attractor either.
//! * Xie–Beerel (Xie, Beerel 2000, as AEON): pick a pivot, compute its backward basin `B` within
//!   the remaining forward-closed universe, then its forward set inside `B`; if the forward set
//!   never leaves `B` it is a terminal SCC. Either way `B` leaves the universe.
//! * Basins: the weak basin of an attractor is its backward saturation over the whole space; the
//!   strong basin is the weak basin minus the states in two or more weak basins, accumulated in
//!   one pass (`M1` = in some basin, `M2` = in two or more).
//!
//! Every loop round polls the cancel flag; every operation is within the node budget.

use super::encode::{Encoded, Limits};
use crate::error::Error;
use biodivine_lib_bdd::{Bdd, BddVariable, op_function};

/// The asynchronous transition system of an encoded network.
pub(crate) struct AsyncGraph<'a> {
    enc: &'a Encoded,
    /// `D_j`: the states where variable `j` can flip.
    can_flip: Vec<Bdd>,
    /// Every variable, in order.
    all: Vec<usize>,
    /// Free variables that never change (free inputs `x, x`): `D_j` is empty.
    inputs: Vec<usize>,
    /// The others.
    moving: Vec<usize>,
    /// The BDD variables of the others.
    state_vars: Vec<BddVariable>,
}

/// The result of a forward search that may stop when it leaves a region.
enum Forward {
    /// The forward-closed set.
    Closed(Bdd),
    /// The search left the region.
    Escaped,
}

impl<'a> AsyncGraph<'a> {
    /// The graph of `enc` (stride 1).
    pub fn new(enc: &'a Encoded) -> Result<AsyncGraph<'a>, Error> {
        let lim = &enc.limits;
        let mut can_flip = Vec::with_capacity(enc.m());
        for j in 0..enc.m() {
            lim.check()?;
            can_flip.push(lim.apply(&enc.literal(j, true), &enc.update[j], op_function::xor)?);
        }
        let (inputs, moving): (Vec<usize>, Vec<usize>) =
            (0..enc.m()).partition(|&j| can_flip[j].is_false());
        Ok(AsyncGraph {
            enc,
            state_vars: moving.iter().map(|&j| enc.x(j)).collect(),
            can_flip,
            all: (0..enc.m()).collect(),
            inputs,
            moving,
        })
    }

    fn lim(&self) -> &Limits {
        &self.enc.limits
    }

    /// `flip_j(S ∧ D_j)`.
    fn post(&self, j: usize, set: &Bdd) -> Result<Bdd, Error> {
        self.lim().flip_op(
            (set, None),
            (&self.can_flip[j], None),
            Some(self.enc.x(j)),
            op_function::and,
        )
    }

    /// `D_j ∧ flip_j(S)`.
    fn pre(&self, j: usize, set: &Bdd) -> Result<Bdd, Error> {
        self.lim().flip_op(
            (set, Some(self.enc.x(j))),
            (&self.can_flip[j], None),
            None,
            op_function::and,
        )
    }

    /// `pre_j(S) \ S`, in one fused ternary pass when the operands are small enough that
    /// its result (at most `|S| · |D_j|` nodes) fits the budget (lib-bdd has no bounded ternary
    /// operation), else in two bounded passes.
    fn pre_new(&self, j: usize, set: &Bdd) -> Result<Bdd, Error> {
        let d = &self.can_flip[j];
        if set.size().saturating_mul(d.size()) <= self.lim().node_limit {
            let x = Some(self.enc.x(j));
            Ok(Bdd::fused_ternary_flip_op(
                (set, x),
                (d, None),
                (set, None),
                None,
                and_and_not,
            ))
        } else {
            self.lim().and_not(&self.pre(j, set)?, set)
        }
    }

    /// `post_j(S) \ S` (`= flip_j(S ∧ D_j ∧ ¬flip_j(S))`), as [`Self::pre_new`].
    fn post_new(&self, j: usize, set: &Bdd) -> Result<Bdd, Error> {
        let d = &self.can_flip[j];
        if set.size().saturating_mul(d.size()) <= self.lim().node_limit {
            let x = Some(self.enc.x(j));
            Ok(Bdd::fused_ternary_flip_op(
                (set, None),
                (d, None),
                (set, x),
                x,
                and_and_not,
            ))
        } else {
            self.lim().and_not(&self.post(j, set)?, set)
        }
    }

    /// The variables that can flip somewhere in `universe`.
    fn active(&self, universe: &Bdd) -> Result<Vec<usize>, Error> {
        let mut out = Vec::new();
        for j in 0..self.enc.m() {
            let (non_empty, _) =
                Bdd::check_binary_op(usize::MAX, universe, &self.can_flip[j], op_function::and)
                    .expect("no task limit");
            if non_empty {
                out.push(j);
            }
        }
        Ok(out)
    }

    /// The fixed points: `∧_j ¬D_j`, merged greedily (as `FixedPoints::symbolic_merge` of
    /// biodivine-lib-param-bn): each step conjoins the remaining constraint that gives the
    /// smallest result, every trial bounded by the best size so far, so a bad pairing is
    /// abandoned early instead of built.
    pub fn fixed_points(&self) -> Result<Bdd, Error> {
        let lim = self.lim();
        let mut left: Vec<Bdd> = self.can_flip.iter().map(Bdd::not).collect();
        let mut result = self.enc.all();
        while !left.is_empty() {
            left.sort_by_key(Bdd::size);
            // Trials are bounded by the best result so far, and the first ones by a cap that
            // grows only when nothing fits under it (a large first trial is not built).
            let mut cap =
                (2 * (result.size() + left[left.len() - 1].size()) + 1024).min(lim.node_limit);
            let (i, r) = loop {
                let mut best: Option<(usize, Bdd)> = None;
                for (i, c) in left.iter().enumerate() {
                    lim.check()?;
                    let bound = best.as_ref().map_or(cap, |(_, b)| b.size());
                    if let Some(r) = Bdd::binary_op_with_limit(bound, &result, c, op_function::and)
                        && best.as_ref().is_none_or(|(_, b)| r.size() < b.size())
                    {
                        best = Some((i, r));
                    }
                }
                match best {
                    Some(found) => break found,
                    None if cap >= lim.node_limit => return Err(lim.too_large()),
                    None => cap = cap.saturating_mul(4).min(lim.node_limit),
                }
            };
            left.swap_remove(i);
            result = r;
            if result.is_false() {
                break;
            }
        }
        Ok(result)
    }

    /// The states of `universe` that can reach `initial` within it (saturation).
    pub fn backward(&self, initial: &Bdd, universe: &Bdd, active: &[usize]) -> Result<Bdd, Error> {
        let lim = self.lim();
        let whole = universe.is_true();
        let mut set = initial.clone();
        'rounds: loop {
            lim.check()?;
            for &j in active.iter().rev() {
                let mut new = self.pre_new(j, &set)?;
                if !whole && !new.is_false() {
                    new = lim.and(&new, universe)?;
                }
                if !new.is_false() {
                    set = lim.or(&set, &new)?;
                    continue 'rounds;
                }
            }
            return Ok(set);
        }
    }

    /// The states reachable from `initial` (inside a forward-closed universe), or `Escaped` as
    /// soon as one outside `stay_in` is found.
    fn forward(
        &self,
        initial: &Bdd,
        stay_in: Option<&Bdd>,
        active: &[usize],
    ) -> Result<Forward, Error> {
        let lim = self.lim();
        let mut set = initial.clone();
        'rounds: loop {
            lim.check()?;
            for &j in active.iter().rev() {
                let new = self.post_new(j, &set)?;
                if !new.is_false() {
                    if let Some(region) = stay_in
                        && !lim.and_not(&new, region)?.is_false()
                    {
                        return Ok(Forward::Escaped);
                    }
                    set = lim.or(&set, &new)?;
                    continue 'rounds;
                }
            }
            return Ok(Forward::Closed(set));
        }
    }

    /// The complex attractors: the whole space, after the transition-guided reduction when
    /// `reduce` is set, minus the fixed points, searched by Xie–Beerel.
    pub fn complex_attractors(&self, fixed_points: &Bdd, reduce: bool) -> Result<Vec<Bdd>, Error> {
        let all = self.enc.all();
        let universe = if reduce {
            self.transition_guided_reduction(all)?
        } else {
            all
        };
        self.xie_beerel(self.lim().and_not(&universe, fixed_points)?)
    }

    /// Removes from the forward-closed `universe` states that belong to no attractor
    /// (Beneš et al. 2021, one variable at a time). The result is forward-closed and holds every
    /// attractor of `universe`.
    fn transition_guided_reduction(&self, mut universe: Bdd) -> Result<Bdd, Error> {
        let lim = self.lim();
        for j in 0..self.enc.m() {
            lim.check()?;
            if universe.is_false() {
                break;
            }
            let can = lim.and(&universe, &self.can_flip[j])?;
            if can.is_false() {
                continue;
            }
            let active = self.active(&universe)?;
            // F: everything reachable from a j-flip; forward-closed.
            let Forward::Closed(forward) = self.forward(&can, None, &active)? else {
                unreachable!("no region to escape");
            };
            // States reaching F from outside it are in no attractor.
            let basin = self.backward(&forward, &universe, &active)?;
            let discard = lim.and_not(&basin, &forward)?;
            if !discard.is_false() {
                universe = lim.and_not(&universe, &discard)?;
            }
            // Inside F: the states that can still reach a j-flip; the rest is a bottom region.
            let in_f = self.active(&forward)?;
            let can_in_f = lim.and(&can, &forward)?;
            let extended = self.backward(&can_in_f, &forward, &in_f)?;
            let bottom = lim.and_not(&forward, &extended)?;
            if !bottom.is_false() {
                let active = self.active(&universe)?;
                let basin = self.backward(&bottom, &universe, &active)?;
                let discard = lim.and_not(&basin, &bottom)?;
                if !discard.is_false() {
                    universe = lim.and_not(&universe, &discard)?;
                }
            }
        }
        Ok(universe)
    }

    /// Xie–Beerel: every terminal SCC inside `universe`, each as its set of states. The universe
    /// must hold every attractor wanted but need not be forward-closed (the fixed points are
    /// taken out of it): forward sets are computed in the whole graph and a pivot whose forward
    /// set leaves its backward basin (within the universe) is in no attractor, so that basin
    /// holds none either.
    fn xie_beerel(&self, mut universe: Bdd) -> Result<Vec<Bdd>, Error> {
        if !self.inputs.is_empty() {
            return self.xie_beerel_by_inputs(universe);
        }
        let lim = self.lim();
        let mut found = Vec::new();
        while !universe.is_false() {
            lim.check()?;
            let active = self.active(&universe)?;
            let values = self.enc.pick(&universe).expect("non-empty");
            let pivot = self.enc.state_set(&values);
            let basin = self.backward(&pivot, &universe, &active)?;
            if let Forward::Closed(attractor) = self.forward(&pivot, Some(&basin), &self.all)? {
                found.push(attractor);
            }
            universe = lim.and_not(&universe, &basin)?;
        }
        Ok(found)
    }

    /// Xie–Beerel for every valuation of the free inputs at once (inputs never change, so each
    /// valuation is an invariant subspace: AEON's colours). Each round picks one pivot per input
    /// valuation left (lib-bdd's `pick` over the other variables), computes their common
    /// backward basin within the universe and their forward set within that basin, and keeps
    /// the valuations whose forward set has no transition out of the basin: there it is a
    /// terminal SCC. One round serves all valuations, instead of one round per attractor.
    fn xie_beerel_by_inputs(&self, mut universe: Bdd) -> Result<Vec<Bdd>, Error> {
        let lim = self.lim();
        let mut found = Vec::new();
        while !universe.is_false() {
            lim.check()?;
            let active = self.active(&universe)?;
            let pivots = universe.pick(&self.state_vars);
            let basin = self.backward(&pivots, &universe, &active)?;
            let forward = self.forward_within(&pivots, &basin, &active)?;
            // Input valuations where the forward set can leave the basin.
            let mut escaped = self.enc.all().not();
            for &j in &self.moving {
                lim.check()?;
                let out = lim.and_not(&self.post(j, &forward)?, &basin)?;
                if !out.is_false() {
                    escaped = lim.or(&escaped, &out.exists(&self.state_vars))?;
                }
            }
            let mut attractors = lim.and_not(&forward, &escaped)?;
            // One attractor per input valuation left.
            while !attractors.is_false() {
                lim.check()?;
                let witness = attractors.sat_witness().expect("non-empty");
                let cube: Vec<_> = self
                    .inputs
                    .iter()
                    .map(|&j| (self.enc.x(j), witness.value(self.enc.x(j))))
                    .collect();
                let colour = self.enc.all().select(&cube);
                found.push(lim.and(&attractors, &colour)?);
                attractors = lim.and_not(&attractors, &colour)?;
            }
            universe = lim.and_not(&universe, &basin)?;
        }
        Ok(found)
    }

    /// The states reachable from `initial` without leaving `region`.
    fn forward_within(&self, initial: &Bdd, region: &Bdd, active: &[usize]) -> Result<Bdd, Error> {
        let lim = self.lim();
        let mut set = initial.clone();
        'rounds: loop {
            lim.check()?;
            for &j in active.iter().rev() {
                let new = lim.and(&self.post_new(j, &set)?, region)?;
                if !new.is_false() {
                    set = lim.or(&set, &new)?;
                    continue 'rounds;
                }
            }
            return Ok(set);
        }
    }

    /// The weak basin of `set`: every state that can reach it.
    pub fn weak_basin(&self, set: &Bdd) -> Result<Bdd, Error> {
        self.backward(set, &self.enc.all(), &self.all)
    }
}

/// Weak and strong basins of attractors given by their weak basins: strong = weak minus the
/// states in two or more weak basins.
pub(crate) fn strong_basins(lim: &Limits, weak: &[Bdd], all: &Bdd) -> Result<Vec<Bdd>, Error> {
    let mut in_one = all.not();
    let mut in_two = all.not();
    for w in weak {
        lim.check()?;
        in_two = lim.or(&in_two, &lim.and(&in_one, w)?)?;
        in_one = lim.or(&in_one, w)?;
    }
    weak.iter().map(|w| lim.and_not(w, &in_two)).collect()
}

/// `a ∧ b ∧ ¬c` in lib-bdd's three-valued form.
fn and_and_not(a: Option<bool>, b: Option<bool>, c: Option<bool>) -> Option<bool> {
    match (a, b, c) {
        (Some(false), _, _) | (_, Some(false), _) | (_, _, Some(true)) => Some(false),
        (Some(true), Some(true), Some(false)) => Some(true),
        _ => None,
    }
}
