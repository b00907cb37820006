//! Attractors that appeared or vanished: a perturbed network's attractors matched against the
//! wild type's.

use crate::attractor::{Attractor, Exploration};
use crate::network::VarId;
use crate::state::State;

/// How the attractors of a perturbed network correspond to the wild type's.
///
/// Rule: an attractor is *the same* in both when it has the same states once the perturbed
/// variables are ignored (each state projected onto the variables not perturbed, compared as a
/// set). When either attractor's states are not stored, their patterns over the non-perturbed
/// variables are compared instead. Matching pairs attractors one to one, in order: each
/// perturbed attractor takes the first unmatched wild-type attractor equal to it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AttractorChanges {
    /// Pairs `(wild-type index, perturbed index)` of attractors present in both.
    pub kept: Vec<(usize, usize)>,
    /// Indices of perturbed attractors with no wild-type counterpart.
    pub appeared: Vec<usize>,
    /// Indices of wild-type attractors with no perturbed counterpart.
    pub vanished: Vec<usize>,
}

/// Matches the attractors of `perturbed` against those of `wild_type`, ignoring the variables in
/// `perturbed_vars` (see [`AttractorChanges`] for the rule).
pub fn match_attractors(
    wild_type: &Exploration,
    perturbed: &Exploration,
    perturbed_vars: &[VarId],
) -> AttractorChanges {
    let keep = |i: usize| !perturbed_vars.iter().any(|v| v.index() == i);
    let pattern = |a: &Attractor| -> Vec<Option<bool>> {
        a.pattern
            .0
            .iter()
            .enumerate()
            .filter(|&(i, _)| keep(i))
            .map(|(_, p)| *p)
            .collect()
    };
    // The stored states with the perturbed variables cleared, sorted and deduplicated (equal
    // sets of projected states, whatever their order). Built only for attractors whose patterns
    // match: the pattern is a function of the state set, so different patterns mean different
    // sets, and most comparisons stop there without touching (possibly a million) states.
    let states = |a: &Attractor| -> Option<Vec<State>> {
        a.is_listed().then(|| {
            let mut s: Vec<State> = a
                .states
                .iter()
                .map(|s| {
                    let mut s = s.clone();
                    for &v in perturbed_vars {
                        if v.index() < s.len() {
                            s.set(v, false);
                        }
                    }
                    s
                })
                .collect();
            s.sort_unstable_by(State::cmp_as_number);
            s.dedup_by(|x, y| x.cmp_as_number(y).is_eq());
            s
        })
    };
    let same_states = |x: &[State], y: &[State]| {
        x.len() == y.len() && x.iter().zip(y).all(|(a, b)| a.cmp_as_number(b).is_eq())
    };
    let wt_patterns: Vec<Vec<Option<bool>>> = wild_type.attractors.iter().map(pattern).collect();
    let mut wt_states: Vec<Option<Option<Vec<State>>>> = vec![None; wt_patterns.len()];
    let mut used = vec![false; wt_patterns.len()];
    let mut out = AttractorChanges::default();
    for (j, a) in perturbed.attractors.iter().enumerate() {
        let p = pattern(a);
        let mut mine: Option<Option<Vec<State>>> = None;
        let mut found = None;
        for i in 0..wt_patterns.len() {
            if used[i] || wt_patterns[i] != p {
                continue;
            }
            let w = wt_states[i].get_or_insert_with(|| states(&wild_type.attractors[i]));
            let m = mine.get_or_insert_with(|| states(a));
            let same = match (w, m) {
                (Some(x), Some(y)) => same_states(x, y),
                _ => true,
            };
            if same {
                found = Some(i);
                break;
            }
        }
        match found {
            Some(i) => {
                used[i] = true;
                out.kept.push((i, j));
            }
            None => out.appeared.push(j),
        }
    }
    out.kept.sort_unstable();
    out.vanished = (0..wt_patterns.len()).filter(|&i| !used[i]).collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phenotype::test_support::{attractor, exploration};

    #[test]
    fn attractors_match_ignoring_perturbed_variables() {
        let wt = exploration(vec![attractor(&["0000"], 4), attractor(&["1101"], 4)], 8);
        let ko = exploration(vec![attractor(&["0000"], 4), attractor(&["1001"], 4)], 8);
        let c = match_attractors(&wt, &ko, &[VarId::new(1)]);
        assert_eq!(c.kept, vec![(0, 0), (1, 1)]);
        let c = match_attractors(&wt, &ko, &[]);
        assert_eq!(c.kept, vec![(0, 0)]);
        assert_eq!((c.appeared, c.vanished), (vec![1], vec![1]));
    }

    /// The matching rule of [`AttractorChanges`] written out directly: every state projected
    /// to a bool vector, sets compared, patterns when either side's states are not all stored.
    fn naive_match(wt: &Exploration, ko: &Exploration, vars: &[VarId]) -> AttractorChanges {
        let keep = |i: &usize| !vars.iter().any(|v| v.index() == *i);
        let key = |a: &Attractor| {
            let pattern: Vec<Option<bool>> = (0..a.pattern.0.len())
                .filter(keep)
                .map(|i| a.pattern.0[i])
                .collect();
            let states = a.is_listed().then(|| {
                let mut s: Vec<Vec<bool>> = a
                    .states
                    .iter()
                    .map(|s| (0..s.len()).filter(keep).map(|i| s.to_bools()[i]).collect())
                    .collect();
                s.sort();
                s.dedup();
                s
            });
            (states, pattern)
        };
        let wt: Vec<_> = wt.attractors.iter().map(key).collect();
        let mut used = vec![false; wt.len()];
        let mut out = AttractorChanges::default();
        for (j, a) in ko.attractors.iter().enumerate() {
            let k = key(a);
            let same = |w: &(Option<Vec<Vec<bool>>>, Vec<Option<bool>>)| match (&w.0, &k.0) {
                (Some(x), Some(y)) => x == y,
                _ => w.1 == k.1,
            };
            match (0..wt.len()).find(|&i| !used[i] && same(&wt[i])) {
                Some(i) => {
                    used[i] = true;
                    out.kept.push((i, j));
                }
                None => out.appeared.push(j),
            }
        }
        out.kept.sort_unstable();
        out.vanished = (0..wt.len()).filter(|&i| !used[i]).collect();
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

        /// Wild type against perturbed, both update schemes, all states stored or only a few.
        #[test]
        fn attractor_matching_equals_the_rule_written_out(
            (net, fixed) in crate::testing::network_with_perturbations(8),
            max_states in proptest::prop_oneof![proptest::prelude::Just(usize::MAX), 0usize..3],
        ) {
            use crate::asynchronous::{self, AsyncConfig};
            use crate::synchronous::{self, SyncConfig};
            let vars: Vec<VarId> = fixed.iter().map(|f| f.0).collect();
            let config = AsyncConfig { max_states, ..AsyncConfig::default() };
            let pairs = [
                (
                    asynchronous::attractors(&net, &[], &config).unwrap(),
                    asynchronous::attractors(&net, &fixed, &config).unwrap(),
                ),
                (
                    synchronous::attractors(&net, &[], &SyncConfig::default()).unwrap(),
                    synchronous::attractors(&net, &fixed, &SyncConfig::default()).unwrap(),
                ),
            ];
            for (wt, ko) in &pairs {
                proptest::prop_assert_eq!(match_attractors(wt, ko, &vars), naive_match(wt, ko, &vars));
                proptest::prop_assert_eq!(match_attractors(wt, wt, &[]).kept.len(), wt.attractors.len());
            }
        }
    }
}
