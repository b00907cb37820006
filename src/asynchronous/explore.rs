//! Attractors, weak and strong basins and reach probabilities inside one chunk, on bit sets.
//!
//! 1. The sweep that built the `D_i` also listed the fixed points (states with every `D_i` off).
//! 2. Each fixed point's weak basin is its backward reach. `C1` collects the states in at least
//!    one weak basin so far, `C2` those in at least two.
//! 3. Xie–Beerel on what is left: a state `s` outside `C1` reaches no known attractor, so its
//!    forward reach `F` avoids `C1` and holds a new attractor. If every state of `F` reaches `s`
//!    back, `F` is a terminal SCC; otherwise the states of `F` that do not reach `s` form a
//!    smaller forward-closed set, and the search continues there from one of them. Each new
//!    attractor's weak basin joins `C1`/`C2`; the loop ends when `C1` is everything.
//! 4. Strong basins: a state reaching only `a` has only successors reaching only `a`, so the
//!    strong basin of `a` is its backward reach inside `U = ¬C2` (states in exactly one weak
//!    basin). Skipped when `C2` is empty or there is one attractor (strong = weak).
//! 5. Probabilities: a state in `U` ends in its attractor with probability 1; the absorption
//!    probabilities of the states in `C2` are solved explicitly (see `probability`), with the
//!    states of `U` next to `C2` labelled by the strong basin they fall in.
//! 6. From a start distribution ([`ChunkStart`], see [`crate::trajectory`]) instead of the
//!    uniform one: the same figures, but each state weighs its start probability, and only the
//!    states of `C2` the start can reach (its forward reach, closed under successors) are
//!    solved.

use super::probability;
use super::space::{self, Dir, Space};
use crate::cancel::Cancel;
use crate::error::{Error, Remedy};

/// The states of an attractor as local indices of its chunk.
#[derive(Clone, Debug)]
pub(crate) enum StateSet {
    /// A sorted list (small attractors).
    List(Vec<u64>),
    /// A bit set over the chunk (large attractors).
    Bits(Vec<u64>),
}

impl StateSet {
    fn from_bits(bits: &[u64], size: u64) -> StateSet {
        if size <= bits.len() as u64 {
            StateSet::List(space::iter_ones(bits).collect())
        } else {
            StateSet::Bits(bits.to_vec())
        }
    }

    /// The states, ascending.
    pub(crate) fn iter(&self) -> Box<dyn Iterator<Item = u64> + '_> {
        match self {
            StateSet::List(v) => Box::new(v.iter().copied()),
            StateSet::Bits(b) => Box::new(space::iter_ones(b)),
        }
    }

    /// Whether local state `x` is in the set.
    pub(crate) fn contains(&self, x: u64) -> bool {
        match self {
            StateSet::List(v) => v.binary_search(&x).is_ok(),
            StateSet::Bits(b) => space::contains(b, x),
        }
    }

    /// Adds the set to a bit set.
    fn write_into(&self, bits: &mut [u64]) {
        match self {
            StateSet::List(v) => v.iter().for_each(|&x| space::insert(bits, x)),
            StateSet::Bits(b) => bits.iter_mut().zip(b).for_each(|(d, s)| *d |= s),
        }
    }
}

/// An attractor of a chunk with its basin figures over the chunk.
#[derive(Clone, Debug)]
pub(crate) struct ChunkAttractor {
    /// Its states.
    pub(crate) states: StateSet,
    /// Number of states.
    pub(crate) size: u64,
    /// States of the chunk that can reach it.
    pub(crate) weak: u64,
    /// States of the chunk that can reach only it.
    pub(crate) strong: u64,
    /// Sum over the chunk's states of the probability of ending in it.
    pub(crate) mass: f64,
}

/// The part of a start distribution inside one chunk: the states it puts weight on (a bit
/// set over the chunk) and their weights, uniform or listed.
#[derive(Clone, Debug)]
pub(crate) struct ChunkStart {
    /// States with positive weight.
    pub(crate) bits: Vec<u64>,
    /// The weight of every state of `bits`, when they all weigh the same.
    pub(crate) uniform: Option<f64>,
    /// Otherwise each state's weight, sorted by state.
    pub(crate) states: Vec<(u64, f64)>,
}

impl ChunkStart {
    /// The start weight of local state `x`.
    pub(crate) fn weight(&self, x: u64) -> f64 {
        if !space::contains(&self.bits, x) {
            return 0.0;
        }
        match self.uniform {
            Some(w) => w,
            None => self
                .states
                .binary_search_by_key(&x, |&(s, _)| s)
                .map_or(0.0, |i| self.states[i].1),
        }
    }

    /// The start weight of a set of local states.
    fn mass_of(&self, set: &[u64]) -> f64 {
        match self.uniform {
            Some(w) => {
                let n: u64 = set
                    .iter()
                    .zip(&self.bits)
                    .map(|(a, b)| u64::from((a & b).count_ones()))
                    .sum();
                n as f64 * w
            }
            None => self
                .states
                .iter()
                .filter(|&&(x, _)| space::contains(set, x))
                .map(|&(_, w)| w)
                .sum(),
        }
    }
}

/// What to compute besides the attractors.
#[derive(Clone, Debug)]
pub(crate) struct Wanted {
    /// Strong basins.
    pub(crate) strong: bool,
    /// Exact reach probabilities (implies strong basins).
    pub(crate) probabilities: bool,
    /// Bytes this chunk may use beyond the estimate: weak basins kept for the strong pass
    /// first, then the explicit probability solve.
    pub(crate) spare_bytes: u128,
    /// Stops the search: polled by the sweep, each reachability round and each probability
    /// sweep.
    pub(crate) cancel: Cancel,
}

/// Explores one chunk.
///
/// # Errors
/// [`Error::TooLarge`] when exact probabilities would need more than the budget.
///
/// With a `start`, each attractor's `mass` is the start's probability of ending in it (instead
/// of the sum over every state of the chunk); probabilities are then always computed.
pub(crate) fn explore(
    sp: &Space,
    fixed_points: &[u64],
    wanted: &Wanted,
    start: Option<&ChunkStart>,
) -> Result<Vec<ChunkAttractor>, Error> {
    let nw = sp.nwords;
    let mut c1 = sp.empty();
    let mut c2 = sp.empty();
    let mut work = sp.empty();
    let mut atts: Vec<ChunkAttractor> = Vec::new();
    // Weak basins kept while they fit the spare memory: the strong basin is then `W \ C2`
    // instead of a backward reach inside `U`.
    let set_bytes = 8 * nw as u128;
    let mut spare = wanted.spare_bytes;
    let mut kept: Vec<Option<Vec<u64>>> = Vec::new();
    let keep = |basin: &[u64], spare: &mut u128| -> Option<Vec<u64>> {
        (wanted.strong && *spare >= set_bytes).then(|| {
            *spare -= set_bytes;
            basin.to_vec()
        })
    };
    let add_basin = |c1: &mut Vec<u64>, c2: &mut Vec<u64>, basin: &[u64]| {
        for w in 0..nw {
            c2[w] |= c1[w] & basin[w];
            c1[w] |= basin[w];
        }
    };
    for &fp in fixed_points {
        work.fill(0);
        space::insert(&mut work, fp);
        sp.reach(&mut work, None, Dir::Backward)?;
        add_basin(&mut c1, &mut c2, &work);
        kept.push(keep(&work, &mut spare));
        atts.push(ChunkAttractor {
            states: StateSet::List(vec![fp]),
            size: 1,
            weak: space::count(&work),
            strong: 0,
            mass: 0.0,
        });
    }
    let mut f = sp.empty();
    let mut b = sp.empty();
    let mask = sp.mask;
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    while let Some(s0) = space::first(|w| !c1[w] & mask, nw) {
        // A random walk first: it usually ends inside an attractor, whose forward reach is
        // then just the attractor (the complement of C1 is closed under successors, so the walk
        // stays outside every known basin).
        let mut s = walk(sp, s0, 64 * (sp.flips.len() as u64 + 1), &mut rng);
        f.fill(0);
        space::insert(&mut f, s);
        sp.reach(&mut f, None, Dir::Forward)?;
        loop {
            b.fill(0);
            space::insert(&mut b, s);
            sp.reach(&mut b, Some(&f), Dir::Backward)?;
            if b == f {
                break;
            }
            // F \ B is closed under successors: continue the search inside it.
            for w in 0..nw {
                b[w] = f[w] & !b[w];
            }
            s = space::first(|w| b[w], nw).expect("F \\ B is not empty");
            f.fill(0);
            space::insert(&mut f, s);
            sp.reach(&mut f, Some(&b), Dir::Forward)?;
        }
        let size = space::count(&f);
        work.copy_from_slice(&f);
        sp.reach(&mut work, None, Dir::Backward)?;
        add_basin(&mut c1, &mut c2, &work);
        kept.push(keep(&work, &mut spare));
        atts.push(ChunkAttractor {
            states: StateSet::from_bits(&f, size),
            size,
            weak: space::count(&work),
            strong: 0,
            mass: 0.0,
        });
    }
    drop(f);
    let overlap = space::count(&c2);
    if start.is_none() && !(wanted.strong || wanted.probabilities) {
        return Ok(atts);
    }
    let probabilities = wanted.probabilities || start.is_some();
    if overlap == 0 && start.is_none() {
        for a in &mut atts {
            a.strong = a.weak;
            a.mass = if wanted.probabilities {
                a.weak as f64
            } else {
                f64::NAN
            };
        }
        return Ok(atts);
    }
    // U = states in exactly one weak basin (every state is in at least one).
    let u: Vec<u64> = c2.iter().map(|&w| !w & mask).collect();
    drop(c1);
    // The states of U next to C2 (as a bit set and a sorted list), labelled during the strong
    // pass with the attractor whose strong basin they are in.
    b.fill(0);
    // From a start, only the states of C2 it can reach need solving (a forward-closed set).
    let c2 = match start {
        Some(st) if overlap > 0 => {
            let mut reach = st.bits.clone();
            sp.reach(&mut reach, None, Dir::Forward)?;
            for (r, x) in reach.iter_mut().zip(&c2) {
                *r &= x;
            }
            reach
        }
        _ => c2,
    };
    let overlap = space::count(&c2);
    if probabilities && overlap > 0 {
        let needed = probability::bytes(overlap, atts.len());
        if needed > spare {
            return Err(Error::TooLarge {
                what: format!(
                    "exact reach probabilities over {overlap} states that can reach several \
                     attractors"
                ),
                needed_bytes: needed,
                allowed_bytes: spare,
                remedies: vec![
                    Remedy::SkipProbabilities,
                    Remedy::UseSampling,
                    Remedy::FixInputs { inputs: Vec::new() },
                ],
            });
        }
        sp.image(&c2, &mut b, Dir::Forward);
        // Successors outside C2 (the whole C2: U is its complement) are in U.
        for (x, y) in b.iter_mut().zip(&u) {
            *x &= y;
        }
    }
    let boundary: Vec<u64> = space::iter_ones(&b).collect();
    let mut labels = vec![u32::MAX; boundary.len()];
    for (ai, a) in atts.iter_mut().enumerate() {
        match &kept[ai] {
            Some(weak) => {
                for ((x, w), u) in work.iter_mut().zip(weak).zip(&u) {
                    *x = w & u;
                }
            }
            None => {
                work.fill(0);
                a.states.write_into(&mut work);
                sp.reach(&mut work, Some(&u), Dir::Backward)?;
            }
        }
        a.strong = space::count(&work);
        a.mass = match start {
            Some(st) => st.mass_of(&work),
            None => a.strong as f64,
        };
        if !boundary.is_empty() {
            for (w, (&x, &y)) in work.iter().zip(&b).enumerate() {
                let mut hit = x & y;
                while hit != 0 {
                    let state = w as u64 * 64 + u64::from(hit.trailing_zeros());
                    hit &= hit - 1;
                    let at = boundary.binary_search(&state).expect("boundary state");
                    labels[at] = ai as u32;
                }
            }
        }
    }
    drop(b);
    if probabilities {
        let mut mass = vec![0.0f64; atts.len()];
        let weight = start.map(|st| move |x: u64| st.weight(x));
        probability::absorb(
            sp,
            &c2,
            overlap,
            &boundary,
            &labels,
            &mut mass,
            weight.as_ref().map(|w| w as &dyn Fn(u64) -> f64),
        )?;
        for (a, m) in atts.iter_mut().zip(mass) {
            a.mass += m;
        }
    } else {
        for a in &mut atts {
            a.mass = f64::NAN;
        }
    }
    Ok(atts)
}

/// Walks `steps` random asynchronous steps from `x` (fewer if it reaches a state without
/// successors), with a xorshift generator: a cheap way to land in an attractor.
fn walk(sp: &Space, mut x: u64, steps: u64, rng: &mut u64) -> u64 {
    let mut movers: Vec<usize> = Vec::with_capacity(sp.flips.len());
    for _ in 0..steps {
        movers.clear();
        movers.extend(sp.flips.iter().filter(|f| f.can_flip(x)).map(|f| f.var));
        if movers.is_empty() {
            break;
        }
        *rng ^= *rng << 13;
        *rng ^= *rng >> 7;
        *rng ^= *rng << 17;
        let i = movers[((u128::from(*rng) * movers.len() as u128) >> 64) as usize];
        x ^= 1 << i;
    }
    x
}
