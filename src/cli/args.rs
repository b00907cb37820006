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
