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

pub mod analysis;
pub mod asynchronous;
pub mod attractor;
pub mod cancel;
pub mod condition;
pub mod control;
pub mod count;
pub mod engine;
pub mod error;
pub mod expect;
pub mod expr;
pub mod general;
pub mod kernel;
pub mod lint;
pub mod network;
pub mod parse;
pub mod perturb;
pub mod phenotype;
pub mod plot;
pub mod priority;
pub mod reduce;
pub mod report;
pub mod sbml;
pub mod screen;
pub mod state;
/// The symbolic (BDD) engine: attractors and exact basin counts of networks of any size.
pub mod symbolic;
pub mod synchronous;
#[cfg(any(test, feature = "proptest"))]
pub mod testing;
pub mod trajectory;
pub mod trapspace;
pub mod write;

pub use attractor::{
    Attractor, AttractorKind, Basin, EngineInfo, Estimate, Exploration, Method, Pattern,
    UpdateScheme,
};
pub use count::Count;
pub use engine::{Engine, EngineOptions, Explorer, explore};
pub use error::{Error, ParseError, ParseErrorKind, Span};
pub use expr::Expr;
pub use network::{Network, VarId, VarKind};
pub use perturb::Perturbation;
pub use state::State;
