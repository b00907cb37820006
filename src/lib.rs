//! basin: exact attractors, basins and perturbation screens for Boolean network models of cell
//! signalling.
//!
//! A model is read from text ([`parse`]) into a [`Network`]: variables in file order, each with an
//! update function ([`Expr`]). Analyses take a `Network` and return plain data.
//!
//! ```
//! use basin::parse::{parse_str, Format, ParseOptions};
//! let model = parse_str("targets, factors\nA, !B\nB, A\n", &ParseOptions::new(Format::Bnet))?;
//! let net = &model.network;
//! assert_eq!(net.names(), ["A", "B"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]
// `ParseError` carries the offending line, path and hint by value; errors are the cold path and
// keeping the fields public and plain is worth more than a smaller `Result`.
#![allow(clippy::result_large_err)]
// Bit-sliced code indexes several parallel arrays by the same lane or variable number.
#![allow(clippy::needless_range_loop)]

/// Exact function analysis with BDDs: regulation signs, semantic equality.
pub mod analysis;
/// Exact asynchronous attractors, weak/strong basins and reach probabilities on bit sets.
pub mod asynchronous;
/// Attractors, basins and the result of an exploration.
pub mod attractor;
/// Conditions: named input assignments, and every combination of the inputs.
pub mod condition;
/// Error types with positions and hints.
pub mod error;
/// Model expectations files (`basin test`).
pub mod expect;
/// Boolean expressions over variables, stored as a flat arena.
pub mod expr;
/// The compiled bit-sliced update program shared by the explorers.
pub mod kernel;
/// Lint and summary of a model: counts, regulation signs, warnings (`basin check`).
pub mod lint;
/// The `Network` type: variables, update functions, inputs and constants.
pub mod network;
/// Readers for bnet, BooleanNet and AEON files.
pub mod parse;
/// Perturbations (knockout, overexpression) and `NAME=0|1` assignments.
pub mod perturb;
/// Phenotype files: attractor labels from marker groups and expressions; distributions, shifts.
pub mod phenotype;
/// Pictures: attractor and screen heatmaps (SVG), the interaction graph (DOT), the HTML report.
pub mod plot;
/// Exact reduction: fixed variables and output cascades leave the explored core.
pub mod reduce;
/// Reports of results (the only serde types): JSON, text and CSV renderings.
pub mod report;
/// SBML-qual (SBML Level 3 qualitative models): reader and writer.
pub mod sbml;
/// Knockout comparisons and parallel perturbation screens over conditions and update schemes.
pub mod screen;
/// Bit-packed network states.
pub mod state;
/// Synchronous attractors and exact basins: the bit-sliced exhaustive explorer and the sampler.
pub mod synchronous;
/// Proptest strategies for random networks, expressions, states and perturbations.
#[cfg(any(test, feature = "proptest"))]
pub mod testing;
/// Writers for bnet, BooleanNet and AEON files.
pub mod write;

pub use attractor::{Attractor, AttractorKind, Basin, Exploration, Method, Pattern, UpdateScheme};
pub use error::{Error, ParseError, ParseErrorKind, Span};
pub use expr::Expr;
pub use network::{Network, VarId, VarKind};
pub use perturb::Perturbation;
pub use state::State;
