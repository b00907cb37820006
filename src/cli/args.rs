//! Raw command-line flags (clap derive). Validation into library types happens in the command
//! modules; nothing here is visible to the library.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Exact attractors, basins and knockout screens for Boolean network models.
#[derive(Debug, Parser)]
#[command(name = "basin", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Parse a model, lint it and summarise it.
    Check(CheckArgs),
    /// Write a model in another format.
    Convert(ConvertArgs),
    /// Find every attractor and its basin (synchronous update by default).
    Attractors(AttractorsArgs),
}

/// How to read the model: shared by every command that takes one.
#[derive(Debug, Args)]
pub(crate) struct ModelArgs {
    /// The model file (.bnet, .booleannet, .aeon, .sbml).
    pub(crate) model: PathBuf,
    /// The model format, when the extension does not tell it.
    #[arg(long, value_name = "FORMAT")]
    pub(crate) from: Option<ModelFormat>,
    /// Names used but never defined become inputs (X, X) instead of an error.
    #[arg(long)]
    pub(crate) free_inputs: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum ModelFormat {
    Bnet,
    Booleannet,
    Aeon,
    Sbml,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub(crate) enum OutputFormat {
    #[default]
    Text,
    Json,
    Csv,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub(crate) model: ModelArgs,
    /// Output format (text or json).
    #[arg(long, value_enum, default_value_t)]
    pub(crate) format: OutputFormat,
}

#[derive(Debug, Args)]
pub(crate) struct ConvertArgs {
    #[command(flatten)]
    pub(crate) model: ModelArgs,
    /// The format to write.
    #[arg(long, value_enum)]
    pub(crate) to: ModelFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

/// Update scheme of `basin attractors`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub(crate) enum UpdateArg {
    /// Synchronous: every variable updated at once (the default).
    #[default]
    Sync,
}

/// Search method of `basin attractors`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub(crate) enum MethodArg {
    /// Every state: the complete list of attractors and exact basins.
    #[default]
    Exhaustive,
    /// Random initial states: for spaces too large to enumerate; the list may be incomplete.
    Sample,
}

#[derive(Debug, Args)]
pub(crate) struct AttractorsArgs {
    #[command(flatten)]
    pub(crate) model: ModelArgs,
    /// Update scheme; this command defaults to synchronous update.
    #[arg(long, value_enum, default_value_t)]
    pub(crate) update: UpdateArg,
    /// Fix an input (a node with rule `X, X`) for this condition; repeatable.
    #[arg(long = "input", value_name = "NAME=0|1")]
    pub(crate) inputs: Vec<String>,
    /// Knock out (=0) or overexpress (=1) a node: its rule is replaced by the constant; repeatable.
    #[arg(long = "perturb", value_name = "NAME=0|1")]
    pub(crate) perturb: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub(crate) format: OutputFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// Exhaustive (every state, exact basins) or sample (random initial states).
    #[arg(long, value_enum, default_value_t)]
    pub(crate) method: MethodArg,
    /// Number of random initial states for --method sample.
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    pub(crate) samples: u64,
    /// Seed of the random generator for --method sample.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub(crate) seed: u64,
    /// Most memory an exhaustive search may use, e.g. 8G, 512M, 1000000 (bytes); default: 80%
    /// of physical memory or 90% of what is available, whichever is less.
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub(crate) max_memory: Option<u64>,
    /// Worker threads (default: one per core); results never depend on it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub(crate) jobs: Option<u16>,
}

/// Reads a byte size: a number with an optional binary unit (`K`, `M`, `G`, `T`, optionally
/// followed by `iB` or `B`; case-insensitive).
pub(crate) fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let split = t
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("'{text}' is not a size (try 8G or 512M)"))?;
    let unit = unit.trim().to_ascii_lowercase();
    let unit = unit.trim_end_matches("ib").trim_end_matches('b');
    let scale: u64 = match unit {
        "" => 1,
        "k" => 1 << 10,
        "m" => 1 << 20,
        "g" => 1 << 30,
        "t" => 1 << 40,
        _ => return Err(format!("'{text}': unknown unit (use K, M, G or T)")),
    };
    Ok((number * scale as f64) as u64)
}
