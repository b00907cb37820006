//! Screens split into shards that run apart (other processes, other machines, a cluster's job
//! array, Dask workers) and are merged back into the table of the unsplit screen.
//!
//! **The split.** [`Shard`] `I/N` (1-based) takes the perturbation sets at positions
//! `p ≡ I−1 (mod N)` of the screen's canonical list ([`crate::perturb::generate_perturbations`]):
//! round robin. It depends only on the list, so only on the model and the options, and never on
//! timing, threads or the machine. Round robin balances the shards: neighbouring sets of the
//! list share their first nodes and so cost about the same, and every shard takes one of each
//! `N` neighbours (shard sizes differ by at most one set).
//!
//! **Identity.** A shard's table travels with a [`ShardHeader`]: the model's digest, a digest of
//! everything that changes the table's content (model, phenotypes, the perturbation sets,
//! conditions, update schemes, the engine options that change results, basin's version), `I`,
//! `N`, and what the shard holds (its count of sets and a digest of their names in order). The
//! digests are FNV-1a (64 bits): they keep parts of different screens from being mixed by
//! mistake; they are not a guard against forgery.
//!
//! **The merge.** [`merge_shards`] refuses parts of different screens, missing or duplicated
//! shards, shards not run to the end and tables that do not hold what their header says, each
//! with a typed [`ShardError`] naming its [`Remedy`]; otherwise it interleaves the parts' sets
//! back into screen order. A screen's table lists its sets in screen order with each set's rows
//! together, and a shard's table is the subsequence of its sets, so the interleaved rows are
//! exactly the unsplit screen's, and so is the table written from them, byte for byte.

use super::ScreenRow;
use crate::attractor::UpdateScheme;
use crate::condition::Condition;
use crate::engine::EngineOptions;
use crate::error::{Error, Remedy};
use crate::network::Network;
use crate::perturb::{Perturbation, perturbation_name};
use crate::phenotype::Phenotypes;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The version of [`ShardHeader`]'s layout.
pub const SHARD_HEADER_VERSION: u32 = 1;

/// The `I`-th of `N` parts of a screen (1-based: `1/N` … `N/N`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Shard {
    index: usize,
    count: usize,
}

impl Shard {
    /// Shard `index` of `count` (1-based).
    ///
    /// # Errors
    /// [`Error::InvalidValue`] unless `1 <= index <= count`.
    pub fn new(index: usize, count: usize) -> Result<Shard, Error> {
        if count == 0 || index == 0 || index > count {
            return Err(Error::invalid_value(
                "shard",
                format!("{index}/{count}"),
                "I/N with 1 <= I <= N",
            ));
        }
        Ok(Shard { index, count })
    }

    /// The whole screen as one shard (`1/1`).
    pub fn whole() -> Shard {
        Shard { index: 1, count: 1 }
    }

    /// `I`, 1-based.
    pub fn index(self) -> usize {
        self.index
    }

    /// `N`.
    pub fn count(self) -> usize {
        self.count
    }

    /// Whether the set at `position` (0-based) of the screen's list is in this shard.
    pub fn contains(self, position: usize) -> bool {
        position % self.count == self.index - 1
    }

    /// This shard's items of the screen's list `all`, in their order.
    pub fn select<T: Clone>(self, all: &[T]) -> Vec<T> {
        all.iter()
            .skip(self.index - 1)
            .step_by(self.count)
            .cloned()
            .collect()
    }

    /// How many of `total` sets this shard holds.
    pub fn len_of(self, total: usize) -> usize {
        total / self.count + usize::from(total % self.count >= self.index)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = Error;

    /// Reads `I/N`.
    fn from_str(text: &str) -> Result<Shard, Error> {
        let bad = || Error::invalid_value("shard", text, "I/N with 1 <= I <= N (e.g. 2/8)");
        let (i, n) = text.split_once('/').ok_or_else(bad)?;
        let i: usize = i.trim().parse().map_err(|_| bad())?;
        let n: usize = n.trim().parse().map_err(|_| bad())?;
        Shard::new(i, n)
    }
}

/// FNV-1a, 64 bits, as 16 hex digits.
fn digest(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        // Each part is followed by a separator byte no text contains, so ("ab","c") ≠ ("a","bc").
        for &b in p.as_bytes().iter().chain(&[0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// The digest of a network: its variables in order and their functions (so its inputs and
/// constants too).
pub fn network_digest(network: &Network) -> String {
    // Names and expression arenas only: the name index is a hash map, whose Debug order
    // differs from process to process.
    digest(&[
        &format!("{:?}", network.names()),
        &format!("{:?}", network.functions()),
    ])
}

/// Everything that decides a screen's table, from which its [`ShardHeader`]s are made.
#[derive(Clone, Copy, Debug)]
pub struct ScreenIdentity<'a> {
    /// The network (unperturbed).
    pub network: &'a Network,
    /// The phenotypes labelling its attractors.
    pub phenotypes: &'a Phenotypes,
    /// Every perturbation set of the whole screen, in screen order.
    pub perturbations: &'a [Vec<Perturbation>],
    /// The conditions.
    pub conditions: &'a [Condition],
    /// The update schemes.
    pub updates: &'a [UpdateScheme],
    /// The explorer's options; those that change results enter the digest (not the memory
    /// limit, the cancel token or the thread count).
    pub options: &'a EngineOptions,
}

impl ScreenIdentity<'_> {
    /// The digest of everything that changes the screen's table.
    pub fn digest(&self) -> String {
        let o = self.options;
        let names: Vec<String> = self
            .perturbations
            .iter()
            .map(|p| perturbation_name(self.network, p))
            .collect();
        let updates: Vec<&str> = self.updates.iter().map(|u| u.as_str()).collect();
        digest(&[
            env!("CARGO_PKG_VERSION"),
            &network_digest(self.network),
            &format!("{:?}", self.phenotypes),
            &names.join("\n"),
            &format!("{:?}", self.conditions),
            &updates.join(","),
            &format!(
                "{:?} samples={} seed={} max_states={} probabilities={} basins={} start={:?} \
                 priorities={:?}",
                o.engine,
                o.samples,
                o.seed,
                o.max_states,
                o.probabilities,
                o.basins,
                o.start,
                o.priorities
            ),
        ])
    }

    /// The header of `shard`'s table, not yet complete ([`ShardHeader::complete`] is `false`);
    /// `model` names the model file for people reading it.
    pub fn header(&self, model: &str, shard: Shard) -> ShardHeader {
        let names: Vec<String> = shard
            .select(self.perturbations)
            .iter()
            .map(|p| perturbation_name(self.network, p))
            .collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        ShardHeader {
            basin_shard_version: SHARD_HEADER_VERSION,
            basin_version: env!("CARGO_PKG_VERSION").to_string(),
            model: model.to_string(),
            model_digest: network_digest(self.network),
            screen_digest: self.digest(),
            shard: shard.index,
            shards: shard.count,
            perturbation_sets: self.perturbations.len(),
            sets: names.len(),
            sets_digest: digest(&refs),
            conditions: self.conditions.iter().map(|c| c.name.clone()).collect(),
            updates: self
                .updates
                .iter()
                .map(|u| u.as_str().to_string())
                .collect(),
            complete: false,
        }
    }
}

/// What identifies one shard's table: the screen it belongs to and what it holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardHeader {
    /// [`SHARD_HEADER_VERSION`].
    pub basin_shard_version: u32,
    /// The version of basin that ran the shard.
    pub basin_version: String,
    /// The model file, as named when the shard ran (for people; not compared).
    pub model: String,
    /// [`network_digest`] of the model.
    pub model_digest: String,
    /// [`ScreenIdentity::digest`]: equal for every shard of one screen.
    pub screen_digest: String,
    /// `I` (1-based).
    pub shard: usize,
    /// `N`.
    pub shards: usize,
    /// Perturbation sets of the whole screen.
    pub perturbation_sets: usize,
    /// Perturbation sets in this shard.
    pub sets: usize,
    /// Digest of this shard's perturbation set names, in order.
    pub sets_digest: String,
    /// The conditions' names, in screen order.
    pub conditions: Vec<String>,
    /// The update schemes (`synchronous`, `asynchronous`), in screen order.
    pub updates: Vec<String>,
    /// Whether the shard ran to the end (its table is whole and sorted).
    pub complete: bool,
}

impl ShardHeader {
    /// The shard this header describes.
    ///
    /// # Errors
    /// [`Error::InvalidValue`] when `shard`/`shards` are not a valid `I/N`.
    pub fn shard(&self) -> Result<Shard, Error> {
        Shard::new(self.shard, self.shards)
    }
}

/// One shard's table as handed to [`merge_shards`].
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    /// What names the part in messages (its file).
    pub name: String,
    /// Its header.
    pub header: ShardHeader,
    /// Its rows, in table order.
    pub rows: Vec<ScreenRow>,
}

/// Why parts do not merge into one screen's table.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ShardError {
    /// No part was given.
    NoParts,
    /// A part belongs to another screen: another model, other options, or another split.
    OtherScreen {
        /// The part.
        part: String,
        /// The first part, against which it was compared.
        first: String,
        /// What differs, in words.
        differs: String,
        /// Its shard.
        shard: usize,
        /// The first part's `N`.
        shards: usize,
    },
    /// Two parts are the same shard.
    Duplicated {
        /// The shard (1-based).
        shard: usize,
        /// `N`.
        shards: usize,
        /// The two parts.
        parts: (String, String),
    },
    /// Shards with no part.
    Missing {
        /// The missing shards (1-based), in order.
        missing: Vec<usize>,
        /// `N`.
        shards: usize,
    },
    /// A part whose shard did not run to the end.
    Incomplete {
        /// The part.
        part: String,
        /// Its shard.
        shard: usize,
        /// `N`.
        shards: usize,
    },
    /// A part whose rows are not what its header says.
    Mismatch {
        /// The part.
        part: String,
        /// What is wrong, in words.
        what: String,
        /// Its shard.
        shard: usize,
        /// `N`.
        shards: usize,
    },
}

impl ShardError {
    /// The ways out: run (or resume) the shards concerned with the screen's options, or give
    /// each shard once.
    pub fn remedies(&self) -> Vec<Remedy> {
        let run = |shards: Vec<usize>, count: usize| Remedy::RunShards { shards, count };
        match self {
            ShardError::NoParts => Vec::new(),
            ShardError::OtherScreen { shard, shards, .. }
            | ShardError::Incomplete { shard, shards, .. }
            | ShardError::Mismatch { shard, shards, .. } => vec![run(vec![*shard], *shards)],
            ShardError::Missing { missing, shards } => vec![run(missing.clone(), *shards)],
            ShardError::Duplicated { .. } => vec![Remedy::GiveEachShardOnce],
        }
    }
}

impl fmt::Display for ShardError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShardError::NoParts => f.write_str("no parts to merge"),
            ShardError::OtherScreen {
                part,
                first,
                differs,
                ..
            } => write!(
                f,
                "part '{part}' is not from the same screen as '{first}': {differs}"
            ),
            ShardError::Duplicated {
                shard,
                shards,
                parts: (a, b),
            } => write!(f, "shard {shard}/{shards} is given twice ('{a}' and '{b}')"),
            ShardError::Missing { missing, shards } => {
                let list: Vec<String> = missing.iter().map(|i| format!("{i}/{shards}")).collect();
                let s = if missing.len() == 1 { "" } else { "s" };
                write!(f, "shard{s} {} missing", list.join(", "))
            }
            ShardError::Incomplete {
                part,
                shard,
                shards,
            } => write!(
                f,
                "part '{part}' (shard {shard}/{shards}) did not run to the end"
            ),
            ShardError::Mismatch { part, what, .. } => {
                write!(
                    f,
                    "part '{part}' does not hold what its header says: {what}"
                )
            }
        }
    }
}

impl From<ShardError> for Error {
    fn from(e: ShardError) -> Error {
        let remedies = e.remedies();
        Error::Shard { error: e, remedies }
    }
}

/// The rows of `parts`, the shards of one screen, in the unsplit screen's table order.
///
/// # Errors
/// [`Error::Shard`]: parts of different screens (model, options, `N`), a shard missing or
/// given twice, a shard that did not run to the end, rows that are not what the header says.
pub fn merge_shards(parts: Vec<Part>) -> Result<Vec<ScreenRow>, Error> {
    let Some(first) = parts.first() else {
        return Err(ShardError::NoParts.into());
    };
    let reference = first.header.clone();
    let first_name = first.name.clone();
    let n = reference.shards;
    if Shard::new(reference.shard, n).is_err() {
        return Err(ShardError::Mismatch {
            part: first_name,
            what: format!("shard {}/{n} is not a shard", reference.shard),
            shard: reference.shard,
            shards: n,
        }
        .into());
    }
    let mut slots: Vec<Option<&Part>> = vec![None; n];
    for part in &parts {
        let h = &part.header;
        let differs = if h.basin_shard_version != reference.basin_shard_version {
            Some(format!(
                "header version {} against {}",
                h.basin_shard_version, reference.basin_shard_version
            ))
        } else if h.model_digest != reference.model_digest {
            Some(format!(
                "another model (digest {} against {})",
                h.model_digest, reference.model_digest
            ))
        } else if h.shards != n {
            Some(format!("split into {} shards against {n}", h.shards))
        } else if h.screen_digest != reference.screen_digest {
            Some(if h.basin_version != reference.basin_version {
                format!(
                    "run by basin {} against {}",
                    h.basin_version, reference.basin_version
                )
            } else {
                "the same model with other options (phenotypes, conditions, nodes, values, \
                 order, update or engine)"
                    .to_string()
            })
        } else {
            None
        };
        if let Some(differs) = differs {
            return Err(ShardError::OtherScreen {
                part: part.name.clone(),
                first: first_name,
                differs,
                shard: h.shard,
                shards: n,
            }
            .into());
        }
        if h.shard == 0 || h.shard > n {
            return Err(ShardError::Mismatch {
                part: part.name.clone(),
                what: format!("shard {}/{n} is not a shard", h.shard),
                shard: h.shard,
                shards: n,
            }
            .into());
        }
        if let Some(other) = slots[h.shard - 1] {
            return Err(ShardError::Duplicated {
                shard: h.shard,
                shards: n,
                parts: (other.name.clone(), part.name.clone()),
            }
            .into());
        }
        slots[h.shard - 1] = Some(part);
    }
    let missing: Vec<usize> = (1..=n).filter(|i| slots[i - 1].is_none()).collect();
    if !missing.is_empty() {
        return Err(ShardError::Missing { missing, shards: n }.into());
    }
    let slots: Vec<&Part> = slots.into_iter().flatten().collect();
    let mut groups: Vec<Vec<&[ScreenRow]>> = Vec::with_capacity(n);
    for part in &slots {
        let h = &part.header;
        if !h.complete {
            return Err(ShardError::Incomplete {
                part: part.name.clone(),
                shard: h.shard,
                shards: n,
            }
            .into());
        }
        groups.push(sets_of(part, &reference)?);
    }
    let total = reference.perturbation_sets;
    let mut rows = Vec::with_capacity(parts.iter().map(|p| p.rows.len()).sum());
    for k in 0..total {
        rows.extend_from_slice(groups[k % n][k / n]);
    }
    Ok(rows)
}

/// A part's rows cut into its perturbation sets, checked against its header: the count of
/// sets and their names, and for each set a run of rows for every condition × update scheme in
/// screen order.
fn sets_of<'p>(part: &'p Part, reference: &ShardHeader) -> Result<Vec<&'p [ScreenRow]>, Error> {
    let h = &part.header;
    let mismatch = |what: String| ShardError::Mismatch {
        part: part.name.clone(),
        what,
        shard: h.shard,
        shards: h.shards,
    };
    let rows = &part.rows;
    let mut sets: Vec<&[ScreenRow]> = Vec::new();
    let mut start = 0;
    for i in 1..=rows.len() {
        if i == rows.len() || rows[i].perturbation != rows[start].perturbation {
            sets.push(&rows[start..i]);
            start = i;
        }
    }
    let expected = Shard::new(h.shard, h.shards)
        .map(|s| s.len_of(reference.perturbation_sets))
        .unwrap_or(h.sets);
    if sets.len() != h.sets || h.sets != expected {
        return Err(mismatch(format!(
            "{} perturbation sets where the shard has {expected}",
            sets.len()
        ))
        .into());
    }
    let names: Vec<&str> = sets.iter().map(|s| s[0].perturbation.as_str()).collect();
    if digest(&names) != h.sets_digest {
        return Err(mismatch(
            "its perturbation sets are not the shard's, or not in screen order".into(),
        )
        .into());
    }
    let pairs: Vec<(&str, &str)> = reference
        .conditions
        .iter()
        .flat_map(|c| {
            reference
                .updates
                .iter()
                .map(move |u| (c.as_str(), u.as_str()))
        })
        .collect();
    for set in &sets {
        let mut seen: Vec<(&str, &str)> = Vec::with_capacity(pairs.len());
        for r in *set {
            let pair = (r.condition.as_str(), r.update.as_str());
            if seen.last() != Some(&pair) {
                seen.push(pair);
            }
        }
        if seen != pairs {
            return Err(mismatch(format!(
                "perturbation '{}' does not have its rows for every condition and update scheme \
                 in screen order",
                set[0].perturbation
            ))
            .into());
        }
    }
    Ok(sets)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{explore, fixture};
    use super::*;
    use crate::screen::Screen;

    #[test]
    fn shards_partition_the_list_in_round_robin_and_differ_by_one_at_most() {
        let all: Vec<usize> = (0..23).collect();
        for n in 1..=9 {
            let mut seen = Vec::new();
            for i in 1..=n {
                let s = Shard::new(i, n).unwrap();
                let part = s.select(&all);
                assert_eq!(part.len(), s.len_of(all.len()));
                assert!(part.iter().all(|&p| s.contains(p)));
                assert!(part.len().abs_diff(all.len() / n) <= 1);
                seen.extend(part);
            }
            seen.sort_unstable();
            assert_eq!(seen, all);
        }
        assert_eq!("2/7".parse::<Shard>().unwrap(), Shard::new(2, 7).unwrap());
        for bad in ["0/3", "4/3", "1/0", "3", "a/b", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    /// The fixture's screen split in `n`, each shard run on its own, as merge parts.
    fn parts(n: usize) -> (Vec<ScreenRow>, Vec<Part>) {
        let (net, phenotypes, perturbations, conditions) = fixture();
        let updates = [UpdateScheme::Asynchronous];
        let options = EngineOptions::default();
        let identity = ScreenIdentity {
            network: &net,
            phenotypes: &phenotypes,
            perturbations: &perturbations,
            conditions: &conditions,
            updates: &updates,
            options: &options,
        };
        let run = |sets: Vec<Vec<Perturbation>>| {
            Screen::new(&net, &phenotypes)
                .perturbations(sets)
                .conditions(conditions.clone())
                .run(&explore)
                .unwrap()
                .rows()
        };
        let whole = run(perturbations.clone());
        let parts = (1..=n)
            .map(|i| {
                let shard = Shard::new(i, n).unwrap();
                let mut header = identity.header("fixture.bnet", shard);
                header.complete = true;
                Part {
                    name: format!("part-{i}"),
                    header,
                    rows: run(shard.select(&perturbations)),
                }
            })
            .collect();
        (whole, parts)
    }

    #[test]
    fn merged_shards_give_the_rows_of_the_whole_screen_in_any_order() {
        for n in [1, 2, 3, 7] {
            let (whole, mut parts) = parts(n);
            parts.reverse();
            assert_eq!(merge_shards(parts).unwrap(), whole, "{n} shards");
        }
    }

    #[test]
    fn parts_that_do_not_make_one_screen_are_refused_with_their_remedy() {
        let (_, parts) = parts(3);
        let error = |parts: Vec<Part>| match merge_shards(parts) {
            Err(Error::Shard { error, .. }) => error,
            other => panic!("{other:?}"),
        };
        let e = error(vec![parts[0].clone(), parts[2].clone()]);
        assert_eq!(
            e,
            ShardError::Missing {
                missing: vec![2],
                shards: 3
            }
        );
        assert_eq!(
            e.remedies(),
            vec![Remedy::RunShards {
                shards: vec![2],
                count: 3
            }]
        );
        let e = error(vec![parts[0].clone(), parts[1].clone(), parts[1].clone()]);
        assert!(matches!(e, ShardError::Duplicated { shard: 2, .. }), "{e}");
        let mut other = parts.clone();
        other[1].header.screen_digest = "0".repeat(16);
        let e = error(other);
        assert!(e.to_string().contains("other options"), "{e}");
        let mut other = parts.clone();
        other[2].header.model_digest = "0".repeat(16);
        assert!(error(other).to_string().contains("another model"));
        let mut cut = parts.clone();
        cut[1].rows.pop();
        let e = error(cut);
        assert!(e.to_string().contains("every condition"), "{e}");
        let mut short = parts.clone();
        let last = short[0].rows.last().unwrap().perturbation.clone();
        short[0].rows.retain(|r| r.perturbation != last);
        assert!(matches!(
            error(short),
            ShardError::Mismatch { shard: 1, .. }
        ));
        let mut unfinished = parts;
        unfinished[0].header.complete = false;
        assert!(matches!(
            error(unfinished),
            ShardError::Incomplete { shard: 1, .. }
        ));
        assert_eq!(error(Vec::new()), ShardError::NoParts);
    }
}
