//! The naive reference: every one of the `3^k` subspaces of the `k` free variables, each checked
//! state by state. For tests and fuzz targets on small networks only.

use super::Selection;
use crate::attractor::Pattern;
use crate::error::{Error, Remedy};
use crate::network::{Network, VarId, VarKind};

/// The most free variables [`naive_trap_spaces`] takes (`3^12` subspaces, `5^12` subset steps).
pub const MAX_NAIVE_VARS: usize = 12;

/// The trap spaces of `network` with `fixed` held (constants are fixed too), by brute force:
/// every subspace `s` of the free variables is a trap space iff for every variable `x` that
/// `s` fixes to `b`, `f_x` is `b` in every state of `s`. Minimal and maximal ones by comparing
/// every subspace with its subspaces (supersets); [`Selection::Maximal`] leaves out the
/// subspace with every free variable free.
///
/// # Returns
/// Whole-network patterns (fixed variables at their values), sorted.
///
/// # Errors
/// [`Error::Limit`] beyond [`MAX_NAIVE_VARS`] free variables; [`Error::ConflictingAssignment`].
///
/// # Complexity
/// `O(4^k · n)` evaluations for the trap spaces, `O(5^k)` for minimal or maximal ones.
pub fn naive_trap_spaces(
    network: &Network,
    fixed: &[(VarId, bool)],
    selection: Selection,
) -> Result<Vec<Pattern>, Error> {
    let n = network.num_vars();
    let mut value: Vec<Option<bool>> = vec![None; n];
    for &(v, b) in fixed {
        if value[v.index()].is_some_and(|old| old != b) {
            return Err(Error::ConflictingAssignment {
                name: network.name(v).to_string(),
            });
        }
        value[v.index()] = Some(b);
    }
    for v in network.vars() {
        if let VarKind::Constant(c) = network.kind(v)
            && value[v.index()].is_none()
        {
            value[v.index()] = Some(c);
        }
    }
    let free: Vec<VarId> = network
        .vars()
        .filter(|v| value[v.index()].is_none())
        .collect();
    let k = free.len();
    if k > MAX_NAIVE_VARS {
        return Err(Error::Limit {
            what: format!(
                "the naive trap-space search takes at most {MAX_NAIVE_VARS} free variables, not {k}"
            ),
            remedies: vec![Remedy::FixInputs { inputs: Vec::new() }],
        });
    }
    // Subspace code: base-3 digits over free variables, 0 = `*`, 1 = `0`, 2 = `1`.
    let total = 3usize.pow(k as u32);
    let digit = |code: usize, i: usize| (code / 3usize.pow(i as u32)) % 3;
    let mut trap = vec![false; total];
    let mut full = vec![false; n];
    for (code, slot) in trap.iter_mut().enumerate() {
        let stars: Vec<usize> = (0..k).filter(|&i| digit(code, i) == 0).collect();
        let mut ok = true;
        'states: for bits in 0u64..(1u64 << stars.len()) {
            for (v, x) in value.iter().enumerate() {
                full[v] = x.unwrap_or(false);
            }
            for i in 0..k {
                full[free[i].index()] = digit(code, i) == 2;
            }
            for (b, &i) in stars.iter().enumerate() {
                full[free[i].index()] = (bits >> b) & 1 == 1;
            }
            for i in 0..k {
                let d = digit(code, i);
                if d == 0 {
                    continue;
                }
                if network.function(free[i]).eval(|x| full[x.index()]) != (d == 2) {
                    ok = false;
                    break 'states;
                }
            }
        }
        *slot = ok;
    }
    let keep: Vec<usize> = match selection {
        Selection::All => (0..total).filter(|&c| trap[c]).collect(),
        Selection::Minimal => (0..total)
            .filter(|&c| trap[c] && !related(c, k, true, &trap))
            .collect(),
        Selection::Maximal => (1..total)
            .filter(|&c| trap[c] && !related(c, k, false, &trap))
            .collect(),
    };
    let mut out: Vec<Pattern> = keep
        .into_iter()
        .map(|code| {
            let mut p = value.clone();
            for i in 0..k {
                p[free[i].index()] = match digit(code, i) {
                    0 => None,
                    d => Some(d == 2),
                };
            }
            Pattern(p)
        })
        .collect();
    out.sort_by_key(|p| p.to_string());
    Ok(out)
}

/// Whether some trap space other than `code` lies inside it (`inside`) or contains it.
fn related(code: usize, k: usize, inside: bool, trap: &[bool]) -> bool {
    let pow: Vec<usize> = (0..k).map(|i| 3usize.pow(i as u32)).collect();
    let digits: Vec<usize> = (0..k).map(|i| (code / pow[i]) % 3).collect();
    // Positions that may change: free ones (to fix) inside, fixed ones (to free) outside.
    let movable: Vec<usize> = (0..k).filter(|&i| (digits[i] == 0) == inside).collect();
    // Each movable position keeps its digit or takes one of its alternatives.
    let options: Vec<Vec<usize>> = movable
        .iter()
        .map(|&i| {
            if inside {
                vec![0, 1, 2]
            } else {
                vec![digits[i], 0]
            }
        })
        .collect();
    let mut choice = vec![0usize; movable.len()];
    loop {
        let mut other = 0;
        let mut mi = 0;
        for (i, &d) in digits.iter().enumerate() {
            let d = if mi < movable.len() && movable[mi] == i {
                let v = options[mi][choice[mi]];
                mi += 1;
                v
            } else {
                d
            };
            other += d * pow[i];
        }
        // Maximal trap spaces leave out the whole space (code 0).
        if other != code && (inside || other != 0) && trap[other] {
            return true;
        }
        // Next choice (odometer).
        let mut pos = 0;
        loop {
            if pos == choice.len() {
                return false;
            }
            choice[pos] += 1;
            if choice[pos] < options[pos].len() {
                break;
            }
            choice[pos] = 0;
            pos += 1;
        }
    }
}
