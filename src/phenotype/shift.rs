//! Distributions (label → share of the explored space) and shifts (perturbed minus wild type).
//!
//! Shares are exact (basin counts, exact reach probabilities) or estimated by sampling (the
//! sampling engine's hits, the symbolic engine's random walks). An estimated share keeps its
//! hits and sample count ([`LabelShare::estimate`]), so its 95 % Wilson interval follows it
//! into shifts: the interval of a shift combines both sides' intervals by Newcombe's hybrid
//! score method (Newcombe 1998, method 10; an exact side has zero width), and a shift counts as
//! a change only when its interval excludes 0 ([`LabelShift::is_change`]).

use super::query::LabelQuery;
use crate::attractor::{Basin, Exploration, wilson_ci95};
use crate::count::Count;
use std::collections::BTreeMap;

/// One label's part of a distribution.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LabelShare {
    /// Share of the explored space (basin fraction, reach probability or hit fraction).
    pub share: f64,
    /// Number of attractors with this label.
    pub attractors: usize,
    /// When the share was estimated by sampling: `(hits, samples)`, the summed hits of the
    /// label's attractors out of the samples drawn; `None` when exact.
    pub estimate: Option<(u64, u64)>,
}

impl LabelShare {
    /// The 95 % interval of the share: Wilson's when estimated, `(share, share)` when exact.
    pub fn ci95(&self) -> (f64, f64) {
        interval(self.share, self.estimate)
    }
}

/// The 95 % interval of a share: Wilson's for an estimate `(hits, samples)`, the share itself
/// when exact.
fn interval(share: f64, estimate: Option<(u64, u64)>) -> (f64, f64) {
    match estimate {
        Some((hits, samples)) => wilson_ci95(hits, samples),
        None => (share, share),
    }
}

/// A phenotype distribution: label → share, for the labels of at least one attractor.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Distribution {
    entries: BTreeMap<String, LabelShare>,
}

impl Distribution {
    /// The distribution of `exploration` given one label per attractor (in its order).
    ///
    /// Synchronous exact basins are summed as integer state counts before dividing, so equal
    /// inputs give bit-for-bit equal shares; other basins add their [`Basin::share`] in attractor
    /// order.
    ///
    /// # Panics
    /// If `labels` does not have one entry per attractor.
    pub fn from_labels(exploration: &Exploration, labels: &[String]) -> Distribution {
        assert_eq!(labels.len(), exploration.attractors.len());
        // Per label: exact synchronous state count, other shares, number of attractors.
        // A share that was not computed (reach probabilities skipped) makes its label's share
        // NaN: distributions are only asked of explorations that computed them.
        // Estimated shares also sum their hits (all attractors of one exploration share their
        // samples).
        type Entry = (Count, f64, usize, Option<(u64, u64)>);
        let mut sizes: BTreeMap<&str, Entry> = BTreeMap::new();
        for (a, label) in exploration.attractors.iter().zip(labels) {
            let e = sizes.entry(label).or_insert((Count::ZERO, 0.0, 0, None));
            match &a.basin {
                Basin::Partition { size } => e.0 += size,
                other => {
                    e.1 += other
                        .share(&exploration.explored_states)
                        .unwrap_or(f64::NAN);
                    if let Some(est) = other.estimate() {
                        let (hits, samples) = e.3.unwrap_or((0, 0));
                        e.3 = Some((hits + est.hits, samples.max(est.samples)));
                    }
                }
            }
            e.2 += 1;
        }
        let total = &exploration.explored_states;
        Distribution {
            entries: sizes
                .into_iter()
                .map(|(label, (size, share, count, estimate))| {
                    // `share` is exactly 0.0 when every basin was synchronous.
                    let share = share + size.ratio(total);
                    (
                        label.to_string(),
                        LabelShare {
                            share,
                            attractors: count,
                            estimate,
                        },
                    )
                })
                .collect(),
        }
    }

    /// The share of `label` (0 when no attractor has it).
    pub fn share(&self, label: &str) -> f64 {
        self.entries.get(label).map_or(0.0, |e| e.share)
    }

    /// The number of attractors with `label`.
    pub fn attractors(&self, label: &str) -> usize {
        self.entries.get(label).map_or(0, |e| e.attractors)
    }

    /// The labels with their shares, sorted by label.
    pub fn iter(&self) -> impl Iterator<Item = (&str, LabelShare)> + '_ {
        self.entries.iter().map(|(k, v)| (k.as_str(), *v))
    }

    /// The labels present, sorted.
    pub fn labels(&self) -> impl Iterator<Item = &str> + '_ {
        self.entries.keys().map(String::as_str)
    }

    /// Number of distinct labels.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no attractor was labelled.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The summed share of the labels `query` matches (the "M2 share" of M2 and M2+FIB).
    pub fn share_matching(&self, query: &LabelQuery) -> f64 {
        self.iter()
            .filter(|(l, _)| query.matches(l))
            .map(|(_, s)| s.share)
            .sum()
    }
}

/// A distribution from its entries (label, share), e.g. read back from a screen table.
impl FromIterator<(String, LabelShare)> for Distribution {
    fn from_iter<I: IntoIterator<Item = (String, LabelShare)>>(iter: I) -> Distribution {
        Distribution {
            entries: iter.into_iter().collect(),
        }
    }
}

/// One label's change between wild type and perturbed.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LabelShift {
    /// The wild type's share.
    pub wild_type: f64,
    /// The perturbed network's share.
    pub perturbed: f64,
    /// `perturbed - wild_type`.
    pub shift: f64,
    /// Attractors with this label in the wild type.
    pub wild_type_attractors: usize,
    /// Attractors with this label in the perturbed network.
    pub attractors: usize,
    /// The wild type's share was estimated: `(hits, samples)` ([`LabelShare::estimate`]).
    pub wild_type_estimate: Option<(u64, u64)>,
    /// The perturbed share was estimated: `(hits, samples)`.
    pub estimate: Option<(u64, u64)>,
}

impl LabelShift {
    /// Whether either share is an estimate.
    pub fn is_estimated(&self) -> bool {
        self.wild_type_estimate.is_some() || self.estimate.is_some()
    }

    /// The 95 % interval of the shift (Newcombe's hybrid score interval from both sides'
    /// Wilson intervals, treating them as independent); `(shift, shift)` when both are exact.
    pub fn ci95(&self) -> (f64, f64) {
        let (l1, u1) = interval(self.wild_type, self.wild_type_estimate);
        let (l2, u2) = interval(self.perturbed, self.estimate);
        let (p1, p2) = (self.wild_type, self.perturbed);
        (
            self.shift - ((p2 - l2).powi(2) + (u1 - p1).powi(2)).sqrt(),
            self.shift + ((u2 - p2).powi(2) + (p1 - l1).powi(2)).sqrt(),
        )
    }

    /// Whether the share changed: by more than 1e-9 when exact; when estimated, the shift's
    /// 95 % interval excludes 0 (by more than 1e-9).
    pub fn is_change(&self) -> bool {
        let (lo, hi) = self.ci95();
        lo > SAME || hi < -SAME
    }
}

/// Shares closer than this are the same (rounding of exact shares).
const SAME: f64 = 1e-9;

/// Adds estimate `b` to `a` (hits summed; both sides of one exploration share their samples).
fn add_estimates(a: Option<(u64, u64)>, b: Option<(u64, u64)>) -> Option<(u64, u64)> {
    match (a, b) {
        (Some((h1, n1)), Some((h2, n2))) => Some((h1 + h2, n1.max(n2))),
        (x, None) | (None, x) => x,
    }
}

/// The shift of a perturbation: per label present in the wild type or the perturbed network,
/// perturbed share minus wild-type share (a label missing on one side counts 0 there). Over all
/// labels the shifts sum to 0 (up to rounding), since both distributions sum to 1.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Shift {
    entries: BTreeMap<String, LabelShift>,
}

impl Shift {
    /// The shift from `wild_type` to `perturbed`.
    pub fn between(wild_type: &Distribution, perturbed: &Distribution) -> Shift {
        let mut entries: BTreeMap<String, LabelShift> = BTreeMap::new();
        for (label, s) in wild_type.iter() {
            let e = entries.entry(label.to_string()).or_default();
            e.wild_type = s.share;
            e.wild_type_attractors = s.attractors;
            e.wild_type_estimate = s.estimate;
        }
        for (label, s) in perturbed.iter() {
            let e = entries.entry(label.to_string()).or_default();
            e.perturbed = s.share;
            e.attractors = s.attractors;
            e.estimate = s.estimate;
        }
        for e in entries.values_mut() {
            e.shift = e.perturbed - e.wild_type;
        }
        Shift { entries }
    }

    /// The entry of `label` (all zero when neither side has it).
    pub fn get(&self, label: &str) -> LabelShift {
        self.entries.get(label).copied().unwrap_or_default()
    }

    /// The labels with their shifts, sorted by label.
    pub fn iter(&self) -> impl Iterator<Item = (&str, LabelShift)> + '_ {
        self.entries.iter().map(|(k, v)| (k.as_str(), *v))
    }

    /// Number of labels.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no labels on either side.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The summed shift, wild-type share and perturbed share of the labels `query` matches.
    pub fn matching(&self, query: &LabelQuery) -> LabelShift {
        let mut out = LabelShift::default();
        for (_, e) in self.iter().filter(|(l, _)| query.matches(l)) {
            out.wild_type += e.wild_type;
            out.perturbed += e.perturbed;
            out.wild_type_attractors += e.wild_type_attractors;
            out.attractors += e.attractors;
            out.wild_type_estimate = add_estimates(out.wild_type_estimate, e.wild_type_estimate);
            out.estimate = add_estimates(out.estimate, e.estimate);
        }
        out.shift = out.perturbed - out.wild_type;
        out
    }

    /// A one-line summary: every label whose share changed ([`LabelShift::is_change`]),
    /// largest change first, as `M2 share 0.00 → 0.50 (+0.50)`, joined with `; `; `no change
    /// in label shares` when none did. Estimated shares are marked `~` and each change carries
    /// its 95 % interval (`M2 share ~0.20 → ~0.50 (+0.30, 95% CI +0.29 to +0.31)`); when none
    /// changed, the verdict says that the intervals include 0 rather than that nothing changed.
    pub fn verdict(&self) -> String {
        let mut changed: Vec<(&str, LabelShift)> =
            self.iter().filter(|(_, e)| e.is_change()).collect();
        if changed.is_empty() {
            if self.iter().any(|(_, e)| e.is_estimated()) {
                return "no significant change in label shares (estimated: every shift's 95% \
                        interval includes 0)"
                    .into();
            }
            return "no change in label shares".into();
        }
        changed.sort_by(|a, b| b.1.shift.abs().total_cmp(&a.1.shift.abs()));
        changed
            .iter()
            .map(|(l, e)| {
                if e.is_estimated() {
                    let (lo, hi) = e.ci95();
                    let mark = |estimated: bool| if estimated { "~" } else { "" };
                    format!(
                        "{l} share {}{:.2} → {}{:.2} ({}, 95% CI {} to {})",
                        mark(e.wild_type_estimate.is_some()),
                        e.wild_type,
                        mark(e.estimate.is_some()),
                        e.perturbed,
                        signed_change(e.shift),
                        signed_change(lo),
                        signed_change(hi)
                    )
                } else {
                    format!(
                        "{l} share {:.2} → {:.2} ({})",
                        e.wild_type,
                        e.perturbed,
                        signed_change(e.shift)
                    )
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// A change of share with its sign, to two decimals, or to its first significant digit when it
/// would round to zero there (`-0.003`, not `-0.00`; `+2e-7` below a millionth).
fn signed_change(x: f64) -> String {
    let a = x.abs();
    if a >= 0.005 {
        format!("{x:+.2}")
    } else if a >= 1e-6 {
        let digits = (-a.log10()).ceil() as usize;
        format!("{x:+.digits$}")
    } else {
        format!("{x:+.0e}")
    }
}

/// A shift from its entries (label, change), e.g. read back from a screen table.
impl FromIterator<(String, LabelShift)> for Shift {
    fn from_iter<I: IntoIterator<Item = (String, LabelShift)>>(iter: I) -> Shift {
        Shift {
            entries: iter.into_iter().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phenotype::PhenotypeSpec;
    use crate::phenotype::test_support::{attractor, exploration, net};

    #[test]
    fn small_changes_keep_a_significant_digit() {
        assert_eq!(signed_change(0.5), "+0.50");
        assert_eq!(signed_change(-0.333), "-0.33");
        assert_eq!(signed_change(-0.0034), "-0.003");
        assert_eq!(signed_change(0.001), "+0.001");
        assert_eq!(signed_change(0.00047), "+0.0005");
        assert_eq!(signed_change(-2.0e-7), "-2e-7");
    }

    #[test]
    fn distribution_sums_basins_per_label() {
        let spec = PhenotypeSpec::from_toml_str("[phenotypes]\nAon = \"A\"\n").unwrap();
        let p = spec.bind(&net()).unwrap();
        let e = exploration(
            vec![
                attractor(&["0000"], 3),
                attractor(&["1100"], 1),
                attractor(&["1110"], 4),
            ],
            8,
        );
        let d = p.distribution(&e);
        assert_eq!(d.share("Aon"), 5.0 / 8.0);
        assert_eq!(d.attractors("Aon"), 2);
        assert_eq!(d.share("none"), 3.0 / 8.0);
        let w = p.distribution(&exploration(vec![attractor(&["0000"], 8)], 8));
        let s = Shift::between(&w, &d);
        assert_eq!(s.get("Aon").shift, 5.0 / 8.0);
        assert_eq!(s.get("none").shift, -5.0 / 8.0);
        assert_eq!(
            s.verdict(),
            "Aon share 0.00 → 0.62 (+0.62); none share 1.00 → 0.38 (-0.62)"
        );
    }
}
