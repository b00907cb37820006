//! Synchronous attractors and basins on BDDs.
//!
//! Semantics as in [`crate::synchronous`]: the map `F(x) = (f_0(x), …, f_{m-1}(x))` over the
//! free variables; attractors are its cycles, basins the states whose trajectory ends in one.
//!
//! * The relation is kept partitioned, `T_j = x'_j ↔ f_j(x)`, never conjoined as a whole
//!   (the monolithic relation of a 100-variable model is far larger than its parts). The image
//!   `Img(S) = ∃x. S ∧ ∧_j T_j` conjoins the parts in file order and quantifies each `x_i` as
//!   soon as no later part reads it (early quantification, Burch–Clarke–Long 1991); the
//!   preimage substitutes `x'_j := f_j(x)` one primed variable at a time (sound because the
//!   functions read only unprimed variables).
//! * The ω-limit set: `Ω_0` = every state, `Ω_{k+1} = Img(Ω_k)` until it stops shrinking; it is
//!   the union of the cycles. Each cycle is split off by picking a state of `Ω` and following
//!   `F` explicitly (expression evaluation) until it returns.
//! * Basins: the backward closure of each cycle under the preimage; they partition the space.
//!
//! Rounds poll the cancel flag; every operation is within the node budget. The number of image
//! rounds is the longest transient plus one, which is small in published models; a counter-like
//! network with transients of `2^m` steps would need as many rounds (the cancel flag and the
//! caller's time limit are the guard there).

use super::encode::Encoded;
use crate::attractor::MAX_STORED_STATES;
use crate::error::{Error, Remedy};
use biodivine_lib_bdd::{Bdd, BddVariable, op_function};

/// The synchronous map of an encoded network (stride 2).
pub(crate) struct SyncMap<'a> {
    enc: &'a Encoded,
    /// `x'_j ↔ f_j(x)`.
    parts: Vec<Bdd>,
    /// Unprimed variables no function reads: quantified before the first part.
    unread: Vec<BddVariable>,
    /// After part `j`, the unprimed variables no later part reads.
    schedule: Vec<Vec<BddVariable>>,
}

/// A cycle of the synchronous map.
pub(crate) struct Cycle {
    /// Its states in update order (free-variable values), from any state.
    pub states: Vec<Vec<bool>>,
    /// The same states as a set.
    pub set: Bdd,
}

impl<'a> SyncMap<'a> {
    /// The map of `enc`.
    pub fn new(enc: &'a Encoded) -> Result<SyncMap<'a>, Error> {
        let m = enc.m();
        let lim = &enc.limits;
        let mut parts = Vec::with_capacity(m);
        let mut last_use: Vec<Option<usize>> = vec![None; m];
        for j in 0..m {
            lim.check()?;
            let primed = enc.vars.mk_var(enc.primed(j));
            parts.push(lim.apply(&primed, &enc.update[j], op_function::iff)?);
            for v in enc.update[j].support_set() {
                last_use[v.to_index() / 2] = Some(j);
            }
        }
        let mut unread = Vec::new();
        let mut schedule = vec![Vec::new(); m];
        for (i, last) in last_use.iter().enumerate() {
            match last {
                Some(j) => schedule[*j].push(enc.x(i)),
                None => unread.push(enc.x(i)),
            }
        }
        Ok(SyncMap {
            enc,
            parts,
            unread,
            schedule,
        })
    }

    /// `F(S)` as a set over the unprimed variables.
    pub fn image(&self, set: &Bdd) -> Result<Bdd, Error> {
        let lim = &self.enc.limits;
        let mut acc = set.exists(&self.unread);
        for (part, quantify) in self.parts.iter().zip(&self.schedule) {
            acc = lim.and(&acc, part)?;
            if !quantify.is_empty() {
                acc = acc.exists(quantify);
            }
            if acc.is_false() {
                return Ok(acc);
            }
        }
        Ok(self.enc.shift(&acc, false))
    }

    /// `F⁻¹(S)` for a set over the unprimed variables.
    pub fn preimage(&self, set: &Bdd) -> Result<Bdd, Error> {
        let lim = &self.enc.limits;
        let mut acc = self.enc.shift(set, true);
        for (j, part) in self.parts.iter().enumerate() {
            let primed = self.enc.primed(j);
            acc = lim.and(&acc, part)?.var_exists(primed);
        }
        Ok(acc)
    }

    /// The ω-limit set: the union of all cycles.
    pub fn limit_set(&self) -> Result<Bdd, Error> {
        let lim = &self.enc.limits;
        let mut omega = self.enc.all();
        loop {
            lim.check()?;
            let next = self.image(&omega)?;
            if lim.and_not(&omega, &next)?.is_false() {
                return Ok(omega);
            }
            omega = next;
        }
    }

    /// The cycles making up the ω-limit set `omega`.
    pub fn cycles(&self, mut omega: Bdd) -> Result<Vec<Cycle>, Error> {
        let enc = self.enc;
        let lim = &enc.limits;
        let mut out = Vec::new();
        let mut scratch = Vec::new();
        while let Some(start) = enc.pick(&omega) {
            lim.check()?;
            let mut states = vec![start.clone()];
            let mut set = enc.state_set(&start);
            let mut current = enc.step(&start, &mut scratch);
            while current != start {
                if states.len() as u64 >= MAX_STORED_STATES {
                    return Err(Error::Limit {
                        what: format!(
                            "a synchronous cycle longer than {MAX_STORED_STATES} states: cycles \
                             are listed state by state"
                        ),
                        remedies: vec![Remedy::PerturbNodes],
                    });
                }
                set = lim.or(&set, &enc.state_set(&current))?;
                let next = enc.step(&current, &mut scratch);
                states.push(std::mem::replace(&mut current, next));
                if states.len() % 4096 == 0 {
                    lim.check()?;
                }
            }
            omega = lim.and_not(&omega, &set)?;
            out.push(Cycle { states, set });
        }
        Ok(out)
    }

    /// The basin of `set`: every state whose trajectory reaches it.
    pub fn basin(&self, set: &Bdd) -> Result<Bdd, Error> {
        let lim = &self.enc.limits;
        let mut basin = set.clone();
        let mut frontier = set.clone();
        loop {
            lim.check()?;
            let new = lim.and_not(&self.preimage(&frontier)?, &basin)?;
            if new.is_false() {
                return Ok(basin);
            }
            basin = lim.or(&basin, &new)?;
            frontier = new;
        }
    }
}
