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
//! * Output cascades (free variables no other variable reads, [`crate::reduce`]) are left out
//!   of the search: it moves only the core variables, and its sets do not mention the outputs.
//!   Each attractor found is then lifted: an output whose function is constant on the
//!   attractor settles at that value, otherwise it takes both values; fixed points get each
//!   output at its function's value. Basins are the core's (a state reaches an attractor
//!   exactly when its core part does). This leaves 18 % of the corpus's variables out of every
//!   saturation.
//! * Fixed points directly: `∧_j ¬D_j` over the core, merged greedily. They are attractors
//!   and leave the Xie–Beerel universe.
//! * Interleaved transition-guided reduction (Beneš, Brim, Pastva, Šafránek, CAV 2021; the
//!   `itgr` module of biodivine-algo-bdd-scc): for each variable `x_j`, `F` the forward
//!   closure of the states that can flip `x_j`; the states that reach `F` from outside hold no
//!   attractor; inside `F`, the states that cannot reach a `j`-flip again form a bottom region,
//!   and the states that reach it from outside it hold no attractor either. All variables'
//!   searches advance one saturation step at a time, the smallest BDD first, and each
//!   discarded region shrinks them all (one variable after another, the first variable's
//!   forward closure alone took bbm-014 over 30 s).
//! * Xie–Beerel (Xie, Beerel 2000, as AEON): pick a pivot, compute its backward basin `B` within
//!   the remaining forward-closed universe, then its forward set inside `B`; if the forward set
//!   never leaves `B` it is a terminal SCC. Either way `B` leaves the universe.
//! * Basins: the weak basin of an attractor is its backward saturation over the whole space; the
//!   strong basin is the weak basin minus the states in two or more weak basins, accumulated in
//!   one pass (`M1` = in some basin, `M2` = in two or more).
//!
//! Every loop round polls the cancel flag; every operation is within the node budget.

use super::encode::{Encoded, Limits};
use crate::cancel::Cancel;
use crate::error::Error;
use biodivine_lib_bdd::{Bdd, BddValuation, BddVariable, op_function};
use num_bigint::BigUint;

/// The asynchronous transition system of an encoded network.
pub(crate) struct AsyncGraph<'a> {
    enc: &'a Encoded,
    /// `D_j`: the states where variable `j` can flip.
    can_flip: Vec<Bdd>,
    /// Core variables (free, not outputs) that never change (free inputs `x, x`): `D_j` is
    /// empty.
    inputs: Vec<usize>,
    /// The other core variables: the only ones the search moves.
    moving: Vec<usize>,
    /// The BDD variables of every free variable but the inputs (`moving` and the outputs).
    state_vars: Vec<BddVariable>,
    /// The BDD variables of the outputs.
    output_vars: Vec<BddVariable>,
    /// The node budget and cancel flag of this graph's searches (the encoding's, or a race's).
    limits: Limits,
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
        let mut is_output = vec![false; enc.m()];
        for &j in &enc.outputs {
            is_output[j] = true;
        }
        let (inputs, moving): (Vec<usize>, Vec<usize>) = (0..enc.m())
            .filter(|&j| !is_output[j])
            .partition(|&j| can_flip[j].is_false());
        let mut state_vars: Vec<BddVariable> = moving
            .iter()
            .chain(&enc.outputs)
            .map(|&j| enc.x(j))
            .collect();
        state_vars.sort();
        Ok(AsyncGraph {
            enc,
            state_vars,
            output_vars: enc.outputs.iter().map(|&j| enc.x(j)).collect(),
            can_flip,
            inputs,
            moving,
            limits: enc.limits.clone(),
        })
    }

    fn lim(&self) -> &Limits {
        &self.limits
    }

    /// The same graph, its searches polling `cancel` instead (one side of a race).
    pub fn with_cancel(&self, cancel: Cancel) -> AsyncGraph<'a> {
        AsyncGraph {
            enc: self.enc,
            can_flip: self.can_flip.clone(),
            inputs: self.inputs.clone(),
            moving: self.moving.clone(),
            state_vars: self.state_vars.clone(),
            output_vars: self.output_vars.clone(),
            limits: Limits {
                cancel,
                ..self.limits.clone()
            },
        }
    }

    /// Variables the search moves (core variables that are not inputs).
    pub fn num_moving(&self) -> usize {
        self.moving.len()
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
        for &j in &self.moving {
            let (non_empty, _) =
                Bdd::check_binary_op(usize::MAX, universe, &self.can_flip[j], op_function::and)
                    .expect("no task limit");
            if non_empty {
                out.push(j);
            }
        }
        Ok(out)
    }

    /// The fixed points: `∧_j ¬D_j`, merged greedily (`Limits::and_all_greedy`).
    pub fn fixed_points(&self) -> Result<Bdd, Error> {
        let left: Vec<Bdd> = self
            .moving
            .iter()
            .map(|&j| self.can_flip[j].not())
            .collect();
        self.lim().and_all_greedy(self.enc.all(), left)
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

    /// The complex attractors: the whole space, or the percolated one ([`Self::percolated`])
    /// when its BDD is small, after the transition-guided reduction when `reduce` is set, minus
    /// the fixed points, searched by Xie–Beerel.
    pub fn complex_attractors(&self, fixed_points: &Bdd, reduce: bool) -> Result<Vec<Bdd>, Error> {
        // Only a percolated space of few nodes (at most two per variable) pays: every step of
        // the search is intersected with it, and a large one slowed bbm-093 from 3.6 to 8.8 s
        // while a small one made bbm-151 and bbm-197 answerable (`benches/README-symbolic.md`).
        let percolated = self.percolated()?;
        let all = if percolated.size() <= 2 * self.enc.m() {
            percolated
        } else {
            self.enc.all()
        };
        let universe = if reduce {
            self.transition_guided_reduction(all)?
        } else {
            all
        };
        self.xie_beerel(self.lim().and_not(&universe, fixed_points)?)
    }

    /// The trap set every attractor lies in, found by percolation for every valuation of the
    /// free inputs at once (inputs are colours: they never change). A variable whose function
    /// is constant `c` on what is left of an input valuation's space takes `c` there: the part
    /// with `x_j = c` is still forward-closed (`x_j` cannot leave `c`), and every attractor of
    /// that valuation is inside it (`x_j` would leave any other value for good). Repeated until
    /// nothing changes. Without inputs this is the whole space (the network's constants are
    /// percolated before it is encoded); with them, each valuation's own percolation, which
    /// the search would otherwise rediscover state by state.
    pub fn percolated(&self) -> Result<Bdd, Error> {
        let lim = self.lim();
        let mut space = self.enc.all();
        if self.inputs.is_empty() {
            return Ok(space);
        }
        let moving: Vec<BddVariable> = self.moving.iter().map(|&j| self.enc.x(j)).collect();
        let mut settled = vec![false; self.enc.m()];
        loop {
            let mut changed = false;
            for &j in &self.moving {
                if settled[j] {
                    continue;
                }
                lim.check()?;
                let f = &self.enc.update[j];
                // The input valuations where `f_j` is 1 (0) on every state left.
                let ones = lim.and_not(&space, f)?.exists(&moving).not();
                let zeros = lim.and(&space, f)?.exists(&moving).not();
                let keep = lim.and(
                    &ones.imp(&self.enc.literal(j, true)),
                    &zeros.imp(&self.enc.literal(j, false)),
                )?;
                let next = lim.and(&space, &keep)?;
                if !lim.and_not(&space, &next)?.is_false() {
                    space = next;
                    changed = true;
                }
                // Constant on every valuation's space: nothing left to percolate for `j`.
                settled[j] = lim.or(&ones, &zeros)?.is_true();
            }
            if !changed {
                return Ok(space);
            }
        }
    }

    /// The complex attractors found through the minimal trap spaces, or `None` when there are
    /// too many of them (below). Every minimal trap space holds an attractor; an attractor in no
    /// minimal trap space (motif-avoidant) cannot reach one (an attractor reaching a trap set
    /// lies inside it). So: `U` = the union of the minimal trap spaces, `B` = the states that
    /// reach `U` (backward saturation over the whole space); the attractors are those inside
    /// `U` (Xie–Beerel on `U`, each space holding few free variables) and those of the
    /// complement of `B`, a forward-closed set searched as [`Self::complex_attractors`] searches
    /// the whole space. On most models `B` is everything and the second search is skipped.
    /// This pays where the transition-guided reduction drowns in large intermediate sets but
    /// the minimal trap spaces are few and reached easily (bbm-146: within 30 s instead of
    /// over 60 s, `benches/README-symbolic.md`); `complex_attractors` in [`super`] races it
    /// against the plain search.
    ///
    /// The minimal trap spaces are listed by the search of [`crate::trapspace`]; `None` when
    /// there are more than `listed` (models with many inputs have at least `2^inputs`; taking
    /// them as one set from the BDD method instead was tried and answered none of the corpus's
    /// misses within 60 s while slowing others, `benches/README-symbolic.md`).
    pub fn trap_guided(
        &self,
        fixed_points: &Bdd,
        reduce: bool,
        listed: usize,
    ) -> Result<Option<Vec<Bdd>>, Error> {
        let lim = self.lim();
        let found = crate::trapspace::minimal_for_search(self.enc, &lim.cancel, listed)?;
        if !found.complete {
            return Ok(None);
        }
        let mut union = self.enc.all().not();
        for space in &found.spaces {
            lim.check()?;
            let cube: Vec<_> = space
                .iter()
                .enumerate()
                .filter_map(|(j, v)| v.map(|b| (self.enc.x(j), b)))
                .collect();
            union = lim.or(&union, &self.enc.all().select(&cube))?;
        }
        let union = union.exists(&self.output_vars);
        let space = self.enc.all();
        let reaching = self.backward(&union, &space, &self.moving)?;
        let mut found = self.xie_beerel(lim.and_not(&union, fixed_points)?)?;
        let rest = lim.and_not(&space, &reaching)?;
        if !rest.is_false() {
            let universe = if reduce {
                self.transition_guided_reduction(rest)?
            } else {
                rest
            };
            found.extend(self.xie_beerel(lim.and_not(&universe, fixed_points)?)?);
        }
        Ok(Some(found))
    }

    /// Removes from the forward-closed `universe` states that belong to no attractor: the
    /// interleaved transition-guided reduction (Beneš et al. 2021; `itgr` of
    /// biodivine-algo-bdd-scc). For every variable `j`, four searches run one after another:
    /// `F`, the forward closure of the states that can flip `j`; the basin of `F` (states that
    /// reach `F` from outside hold no attractor); `E`, the states of `F` that can still reach a
    /// `j`-flip; and the basin of the bottom region `F \ E`. All variables' searches advance
    /// together one saturation step at a time, the one with the smallest BDD first, and every
    /// discarded region shrinks all of them at once: cheap variables prune the space before
    /// the expensive ones are explored. A basin search, once started, runs to its end.
    ///
    /// The result is forward-closed and holds every attractor of `universe`.
    fn transition_guided_reduction(&self, universe: Bdd) -> Result<Bdd, Error> {
        let lim = self.lim();
        let mut view = self.view(&universe, &self.moving)?;
        let mut universe = universe;
        let mut tasks: Vec<(usize, Task)> = Vec::new();
        for &j in &view.active {
            tasks.push((j, Task::Forward(lim.and(&universe, &self.can_flip[j])?)));
        }
        let mut discard: Option<Bdd> = None;
        loop {
            lim.check()?;
            if let Some(gone) = discard.take() {
                universe = lim.and_not(&universe, &gone)?;
                view = self.view(&universe, &view.active)?;
                for (_, task) in &mut tasks {
                    task.restrict(lim, &universe)?;
                }
            }
            if !matches!(
                tasks.last(),
                Some((_, Task::ForwardBasin { .. } | Task::BottomBasin { .. }))
            ) {
                tasks.sort_by_cached_key(|(_, t)| std::cmp::Reverse(t.weight()));
            }
            let Some((j, task)) = tasks.pop() else {
                return Ok(universe);
            };

            match task {
                Task::Forward(forward) => match self.post_step(&view, &forward)? {
                    Some(new) => tasks.push((j, Task::Forward(lim.or(&forward, &new)?))),
                    None => {
                        // `F` is complete: `E` starts from the `j`-flips, searched backward
                        // inside `F`; the basin of `F` matters only if `F` is not everything.
                        let inner = self.view(&forward, &view.active)?;
                        let can = lim.and(&universe, &self.can_flip[j])?;
                        tasks.push((
                            j,
                            Task::Extended {
                                forward: forward.clone(),
                                extended: can,
                                inner,
                            },
                        ));
                        if !lim.and_not(&universe, &forward)?.is_false() {
                            tasks.push((
                                j,
                                Task::ForwardBasin {
                                    basin: forward.clone(),
                                    forward,
                                },
                            ));
                        }
                    }
                },
                Task::Extended {
                    forward,
                    extended,
                    inner,
                } => match self.pre_step(&inner, &extended)? {
                    Some(new) => {
                        let extended = lim.or(&extended, &new)?;
                        tasks.push((
                            j,
                            Task::Extended {
                                forward,
                                extended,
                                inner,
                            },
                        ));
                    }
                    None => {
                        let bottom = lim.and_not(&forward, &extended)?;
                        if !bottom.is_false() {
                            tasks.push((
                                j,
                                Task::BottomBasin {
                                    basin: bottom.clone(),
                                    bottom,
                                },
                            ));
                        }
                    }
                },
                Task::ForwardBasin { forward, basin } => match self.pre_step(&view, &basin)? {
                    Some(new) => {
                        let basin = lim.or(&basin, &new)?;
                        tasks.push((j, Task::ForwardBasin { forward, basin }));
                    }
                    None => {
                        let gone = lim.and_not(&basin, &forward)?;
                        if !gone.is_false() {
                            discard = Some(gone);
                        }
                    }
                },
                Task::BottomBasin { bottom, basin } => match self.pre_step(&view, &basin)? {
                    Some(new) => {
                        let basin = lim.or(&basin, &new)?;
                        tasks.push((j, Task::BottomBasin { bottom, basin }));
                    }
                    None => {
                        let gone = lim.and_not(&basin, &bottom)?;
                        if !gone.is_false() {
                            discard = Some(gone);
                        }
                    }
                },
            }
        }
    }

    /// The transitions of the graph with both ends in `set`, for the variables of `vars` that
    /// keep one: `D_j ∧ S ∧ flip_j(S)`.
    fn view(&self, set: &Bdd, vars: &[usize]) -> Result<View, Error> {
        let lim = self.lim();
        let mut can_flip = vec![None; self.enc.m()];
        let mut active = Vec::with_capacity(vars.len());
        for &j in vars {
            lim.check()?;
            let d = &self.can_flip[j];
            let x = Some(self.enc.x(j));
            let r = if set
                .size()
                .saturating_mul(set.size())
                .saturating_mul(d.size())
                <= lim.node_limit
            {
                Bdd::fused_ternary_flip_op((d, None), (set, None), (set, x), None, and_and)
            } else {
                lim.flip_op((&lim.and(d, set)?, None), (set, x), None, op_function::and)?
            };
            if !r.is_false() {
                active.push(j);
                can_flip[j] = Some(r);
            }
        }
        Ok(View { can_flip, active })
    }

    /// One saturation step forward inside a view: the new successors by the lowest variable
    /// (in the BDD order) that has any, or `None` when `set` is closed.
    fn post_step(&self, view: &View, set: &Bdd) -> Result<Option<Bdd>, Error> {
        for &j in view.active.iter().rev() {
            self.lim().check()?;
            let d = view.can_flip[j].as_ref().expect("active");
            let new = self.out_of(j, d, set, true)?;
            if !new.is_false() {
                return Ok(Some(new));
            }
        }
        Ok(None)
    }

    /// One saturation step backward inside a view (as [`Self::post_step`]).
    fn pre_step(&self, view: &View, set: &Bdd) -> Result<Option<Bdd>, Error> {
        for &j in view.active.iter().rev() {
            self.lim().check()?;
            let d = view.can_flip[j].as_ref().expect("active");
            let new = self.out_of(j, d, set, false)?;
            if !new.is_false() {
                return Ok(Some(new));
            }
        }
        Ok(None)
    }

    /// The `j`-successors (`forward`) or `j`-predecessors of `set` by the transitions `d`
    /// that are not in `set`: `flip_j(S ∧ d ∧ ¬flip_j(S))` or `d ∧ flip_j(S) ∧ ¬S`, one fused
    /// pass when the result is sure to fit the budget.
    fn out_of(&self, j: usize, d: &Bdd, set: &Bdd, forward: bool) -> Result<Bdd, Error> {
        let lim = self.lim();
        let x = Some(self.enc.x(j));
        if set.size().saturating_mul(d.size()) <= lim.node_limit {
            Ok(if forward {
                Bdd::fused_ternary_flip_op((set, None), (d, None), (set, x), x, and_and_not)
            } else {
                Bdd::fused_ternary_flip_op((set, x), (d, None), (set, None), None, and_and_not)
            })
        } else if forward {
            let moved = lim.flip_op((set, None), (d, None), x, op_function::and)?;
            lim.and_not(&moved, set)
        } else {
            let moved = lim.flip_op((set, x), (d, None), None, op_function::and)?;
            lim.and_not(&moved, set)
        }
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
            let pivot = self.enc.state_set(&values).exists(&self.output_vars);
            let basin = self.backward(&pivot, &universe, &active)?;
            if let Forward::Closed(attractor) = self.forward(&pivot, Some(&basin), &self.moving)? {
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
            let pivots = universe.pick(&self.state_vars).exists(&self.output_vars);
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

    /// The weak basin of an attractor: every state that can reach it. The outputs do not
    /// matter: a state reaches the attractor exactly when its core part reaches the attractor's
    /// core part (the outputs then follow), so the search runs on the core.
    pub fn weak_basin(&self, attractor: &Bdd) -> Result<Bdd, Error> {
        self.backward(
            &attractor.exists(&self.output_vars),
            &self.enc.all(),
            &self.moving,
        )
    }

    /// Reach probabilities of `attractors` (over the whole free space) estimated by random
    /// walks on the core (see `walks`).
    pub fn estimate_reach(
        &self,
        attractors: &[Bdd],
        walks: &super::Walks,
    ) -> Result<Vec<super::ReachEstimate>, Error> {
        let core: Vec<Bdd> = attractors
            .iter()
            .map(|a| a.exists(&self.output_vars))
            .collect();
        super::walks::estimate(self.enc, &self.moving, &core, walks)
    }

    /// The number of fixed points of the whole network, from the core's fixed points (a set
    /// that does not mention the outputs): each core fixed point has one fixed point of the
    /// whole network, with every output at its function's value.
    pub fn fixed_point_count(&self, points: &Bdd) -> BigUint {
        self.enc.count(points) >> self.output_vars.len()
    }

    /// The core fixed points with every output at 0: one valuation per core fixed point, for
    /// [`Self::lift_fixed_point`]. (Conjoining `o ↔ f_o` for every output instead can build a
    /// much larger BDD: bbm-114's took more than 20 s.)
    pub fn outputs_off(&self, points: &Bdd) -> Bdd {
        let off: Vec<(BddVariable, bool)> = self.output_vars.iter().map(|&v| (v, false)).collect();
        points.select(&off)
    }

    /// A fixed point of the whole network from a core fixed point: every output set to its
    /// function's value, in evaluation order.
    pub fn lift_fixed_point(&self, mut valuation: BddValuation) -> BddValuation {
        for &o in &self.enc.outputs {
            let value = self.enc.update[o].eval_in(&valuation);
            valuation.set_value(self.enc.x(o), value);
        }
        valuation
    }

    /// One attractor of the whole network from an attractor of the core (a set that does not
    /// mention the outputs), in evaluation order: an output whose function is constant on the
    /// attractor settles at that value; otherwise it takes both values (the core moves freely
    /// while the output keeps a value, and the output is set to either where its function
    /// says so), so the attractor does not constrain it. The number of attractors is the
    /// core's.
    pub fn lift_attractor(&self, attractor: &Bdd) -> Result<Bdd, Error> {
        let lim = self.lim();
        let mut set = attractor.clone();
        for &o in &self.enc.outputs {
            lim.check()?;
            let f = &self.enc.update[o];
            let ever_on = Bdd::check_binary_op(usize::MAX, &set, f, op_function::and)
                .expect("no task limit")
                .0;
            let ever_off = Bdd::check_binary_op(usize::MAX, &set, f, op_function::and_not)
                .expect("no task limit")
                .0;
            if !(ever_on && ever_off) {
                set = lim.and(&set, &self.enc.literal(o, ever_on))?;
            }
        }
        Ok(set)
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

/// The transitions of the graph restricted to a set (see [`AsyncGraph::view`]).
struct View {
    /// `D_j ∧ S ∧ flip_j(S)` for the active variables, `None` for the others.
    can_flip: Vec<Option<Bdd>>,
    /// The variables with a transition inside the set, in order.
    active: Vec<usize>,
}

/// One variable's part of the interleaved transition-guided reduction.
enum Task {
    /// Computing `F`.
    Forward(Bdd),
    /// Computing `E` backward inside `F` (`inner`: the transitions inside `F`).
    Extended {
        forward: Bdd,
        extended: Bdd,
        inner: View,
    },
    /// Computing the basin of `F`.
    ForwardBasin { forward: Bdd, basin: Bdd },
    /// Computing the basin of the bottom region `F \ E`.
    BottomBasin { bottom: Bdd, basin: Bdd },
}

impl Task {
    /// The size of the set the next step grows (the smallest task goes first).
    fn weight(&self) -> usize {
        match self {
            Task::Forward(f) => f.size(),
            Task::Extended { extended, .. } => extended.size(),
            Task::ForwardBasin { basin, .. } | Task::BottomBasin { basin, .. } => basin.size(),
        }
    }

    /// Restricts every set of the task to a shrunken universe (the discarded states hold no
    /// attractor and cannot be reached from the states kept).
    fn restrict(&mut self, lim: &Limits, universe: &Bdd) -> Result<(), Error> {
        match self {
            Task::Forward(f) => *f = lim.and(f, universe)?,
            Task::Extended {
                forward,
                extended,
                inner,
            } => {
                *forward = lim.and(forward, universe)?;
                *extended = lim.and(extended, universe)?;
                for d in inner.can_flip.iter_mut().flatten() {
                    *d = lim.and(d, universe)?;
                }
            }
            Task::ForwardBasin { forward, basin } => {
                *forward = lim.and(forward, universe)?;
                *basin = lim.and(basin, universe)?;
            }
            Task::BottomBasin { bottom, basin } => {
                *bottom = lim.and(bottom, universe)?;
                *basin = lim.and(basin, universe)?;
            }
        }
        Ok(())
    }
}

/// `a ∧ b ∧ c` in lib-bdd's three-valued form.
fn and_and(a: Option<bool>, b: Option<bool>, c: Option<bool>) -> Option<bool> {
    match (a, b, c) {
        (Some(false), _, _) | (_, Some(false), _) | (_, _, Some(false)) => Some(false),
        (Some(true), Some(true), Some(true)) => Some(true),
        _ => None,
    }
}

/// `a ∧ b ∧ ¬c` in lib-bdd's three-valued form.
fn and_and_not(a: Option<bool>, b: Option<bool>, c: Option<bool>) -> Option<bool> {
    match (a, b, c) {
        (Some(false), _, _) | (_, Some(false), _) | (_, _, Some(true)) => Some(false),
        (Some(true), Some(true), Some(false)) => Some(true),
        _ => None,
    }
}
