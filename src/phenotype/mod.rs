//! Phenotypes: how attractors get labels, and how a perturbation shifts the share of each label.
//!
//! A phenotype file (TOML, documented in `docs/phenotype-files.md`) says how to name an
//! attractor, without code. Two ways combine:
//!
//! * **Marker groups and label rules** (activity based). A group is a list of nodes; it is
//!   *active* in an attractor when the largest activity of its members (the share of the
//!   attractor's states in which the member is 1) is at least the threshold θ (default 0.5).
//!   Label rules and flags are bnet expressions over group names (and node names, a node being
//!   active when its own activity is at least θ): `MIXED = "M1 & M2"`, flag `FIB = "FIB"`.
//! * **Simple phenotypes** (state based, docs/semantics.md): `Apoptosis = "CASP3 & !BCL2"`. An
//!   attractor *has* the phenotype when the expression holds in every one of its states and
//!   *oscillates in* it when it holds in some but not all.
//!
//! The label of an attractor is built in three steps, always giving one label, never dropping an
//! attractor:
//! 1. the base parts, in file order: every label rule that holds, then every simple phenotype the
//!    attractor has, then `osc(P)` for every simple phenotype it oscillates in;
//! 2. the parts joined with `/`, or the file's `default` label (`"none"` unless set) when there
//!    are none;
//! 3. `+FLAG` appended for every flag that holds, in file order (`M2+FIB`).
//!
//! Alongside the label, a [`Classification`] keeps the activity of every group and the
//! *oscillating* markers: members of any group whose activity is strictly between 0 and 1.
//!
//! The *distribution* of an exploration is, per label, the share of the explored space its
//! attractors stand for ([`Basin::share`](crate::attractor::Basin::share): basin fraction when synchronous, reach probability
//! when asynchronous, hit fraction when sampled). The *shift* of a perturbation is its
//! distribution minus the wild type's, over the labels present on either side.
//!
//! Reading is in two phases, like models: [`PhenotypeSpec`] is the file as written (syntax,
//! names, threshold checked), [`PhenotypeSpec::bind`] resolves names against a [`Network`](crate::network::Network) and
//! gives [`Phenotypes`], which classify. Every error is a [`ParseError`](crate::error::ParseError) with the line and column
//! in the phenotype file.

mod classify;
mod file;
mod query;
mod shift;
mod spec;

pub use classify::{Classification, Phenotypes};
pub(crate) use file::{Pos, Source, read_raw, read_text, with_path};
pub use query::{LabelPattern, LabelQuery};
pub use shift::{Distribution, LabelShare, LabelShift, Shift};
pub use spec::{CycleLabels, PhenotypeSpec};

/// The threshold θ when the file sets none: a group is active at activity ≥ 0.5.
pub const DEFAULT_THRESHOLD: f64 = 0.5;

/// The label of an attractor that matches no rule and has no phenotype, unless the file sets
/// `default`.
pub const DEFAULT_LABEL: &str = "none";

/// Small networks and explorations shared by the unit tests of this module and of the screen.
#[cfg(test)]
pub(crate) mod test_support {
    use crate::attractor::{Attractor, AttractorKind, Basin, Exploration, Method, UpdateScheme};
    use crate::count::Count;
    use crate::network::Network;
    use crate::parse::{Format, ParseOptions, parse_str};
    use crate::state::State;

    pub(crate) fn net() -> Network {
        parse_str(
            "A, A\nB, A\nC, !C\nD, B & C\n",
            &ParseOptions::new(Format::Bnet),
        )
        .unwrap()
        .network
    }

    pub(crate) fn attractor(states: &[&str], size: u128) -> Attractor {
        let states: Vec<State> = states
            .iter()
            .map(|s| State::from_bools(&s.chars().map(|c| c == '1').collect::<Vec<_>>()))
            .collect();
        let kind = if states.len() == 1 {
            AttractorKind::FixedPoint
        } else {
            AttractorKind::Cycle
        };
        Attractor::from_states(
            kind,
            states,
            Basin::Partition {
                size: Count::from(size),
            },
        )
    }

    pub(crate) fn exploration(attractors: Vec<Attractor>, explored: u128) -> Exploration {
        Exploration {
            update: UpdateScheme::Synchronous,
            variables: net().names().to_vec(),
            fixed: vec![],
            explored_states: Count::from(explored),
            attractors,
            method: Method::Exhaustive,
            engine: crate::attractor::EngineInfo {
                name: "test",
                core_size: 4,
            },
        }
    }
}
