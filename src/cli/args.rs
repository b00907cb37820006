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
    /// Compare a perturbation (knockout, overexpression) with the wild type, per condition.
    Knockout(KnockoutArgs),
    /// Check a model against an expectations file; exit 1 when a statement fails.
    Test(TestArgs),
    /// Every single (double, triple) perturbation of chosen nodes: phenotype shifts in a table.
    Screen(ScreenArgs),
    /// The smallest knockout/overexpression sets that make a phenotype the outcome.
    Control(super::control::ControlArgs),
    /// Merge the parts of a screen split with `basin screen --shard I/N --out PART` into the
    /// table of the unsplit screen.
    Merge(MergeArgs),
    /// Find every attractor and its basin (asynchronous update by default, like every command).
    Attractors(AttractorsArgs),
    /// Order of exposure: settle under each --step condition in turn; labels after each step.
    Protocol(ProtocolArgs),
    /// Label (and node) probabilities over asynchronous time from a start, exact.
    Timecourse(TimecourseArgs),
    /// Trap spaces: minimal (the default; the most permissive attractors), maximal or all.
    Trapspaces(super::trapspaces::TrapspacesArgs),
    /// Draw a figure: the interaction graph (SVG drawn by basin, DOT, SIF or GraphML).
    Plot(super::plot::PlotArgs),
    /// One self-contained HTML page: model summary, attractors per condition, knockout screen.
    Report(super::report_html::ReportArgs),
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
    /// Synchronous: every variable updated at once.
    Sync,
    /// Fully asynchronous (the default of every command): one variable at a time; attractors
    /// are terminal SCCs.
    #[default]
    Async,
    /// Most permissive: attractors are the minimal trap spaces (no basins).
    Mp,
    /// General asynchronous (PyBoolNet's "mixed"): any non-empty subset of the nodes that can
    /// change updates in one step; explicit state graph, at most 20 free variables.
    General,
}

/// Update scheme(s) of `basin knockout`, `basin screen`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub(crate) enum UpdatesArg {
    /// Synchronous only.
    Sync,
    /// Asynchronous only (the default: the biologically preferred semantics).
    #[default]
    Async,
    /// Both, side by side.
    Both,
}

/// Phenotype labels and the conditions to run under; shared by the commands that use them.
#[derive(Debug, Args)]
pub(crate) struct PhenotypeArgs {
    /// Phenotype file (TOML: marker groups, labels, flags, simple phenotypes, named conditions;
    /// see docs/phenotype-files.md).
    #[arg(long, value_name = "FILE")]
    pub(crate) phenotypes: Option<PathBuf>,
    /// Override the phenotype file's activity threshold θ.
    #[arg(long, value_name = "THETA")]
    pub(crate) threshold: Option<f64>,
    /// Conditions file, when the named conditions are not in the phenotype file.
    #[arg(long, value_name = "FILE")]
    pub(crate) conditions: Option<PathBuf>,
    /// Run under this named condition (inputs it does not name are 0); repeatable.
    #[arg(long = "condition", value_name = "NAME")]
    pub(crate) condition: Vec<String>,
    /// Run under every combination of the inputs.
    #[arg(long, conflicts_with = "condition")]
    pub(crate) all_conditions: bool,
    /// With --all-conditions: one condition per input class (combinations that give every
    /// other node the same rule, so the same results), the first of each; the count is printed
    /// to stderr
    #[arg(long, requires = "all_conditions")]
    pub(crate) input_classes: bool,
}

/// Which engine answers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub(crate) enum EngineArg {
    /// Let basin choose (the default): explicit up to 20 (async) or 24 (sync) reduced core
    /// variables, symbolic beyond.
    #[default]
    Auto,
    /// Every state of the reduced core: the complete list of attractors, exact basins.
    Explicit,
    /// Random initial states or walks: for spaces too large to enumerate; estimates.
    Sample,
    /// BDDs: exact attractors and basins of large networks (reach probabilities estimated by
    /// random walks).
    Symbolic,
}

/// Search method (the older spelling of `--engine explicit|sample`).
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
    /// Update scheme: async (the default of every command), sync, mp (most permissive: the
    /// minimal trap spaces) or general (any non-empty subset of the nodes that can change, at
    /// once; explicit engine, at most 20 free variables).
    #[arg(long, value_enum, default_value_t)]
    pub(crate) update: UpdateArg,
    /// Fix an input (a node with rule `X, X`); repeatable. As in a named condition, the inputs
    /// not named are 0 (without --input, --condition or --all-conditions every input is free).
    #[arg(long = "input", value_name = "NAME=0|1")]
    pub(crate) inputs: Vec<String>,
    /// Knock out (=0) or overexpress (=1) a node: its rule is replaced by the constant; repeatable.
    #[arg(long = "perturb", value_name = "NAME=0|1")]
    pub(crate) perturb: Vec<String>,
    #[command(flatten)]
    pub(crate) phenotype: PhenotypeArgs,
    /// Most states listed per complex (asynchronous) attractor; 0 lists none. The true count is
    /// always reported.
    #[arg(long, value_name = "N", default_value_t = 64)]
    pub(crate) max_states: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub(crate) format: OutputFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// Also draw the attractor heatmap (variables × attractor states) to this SVG file; several
    /// conditions are stacked in one figure.
    #[arg(long, value_name = "FILE.svg")]
    pub(crate) plot: Option<PathBuf>,
    /// Attractors only: skip basins and reach probabilities (the symbolic engine's large
    /// models answer faster; the explicit engine still reports its basin counts).
    #[arg(long)]
    pub(crate) no_basins: bool,
    /// Count the attractors exactly (fixed points, and the sizes of the others) without listing
    /// them or computing basins: for models whose attractors are too many to list. Symbolic,
    /// synchronous or asynchronous update
    #[arg(long, conflicts_with_all = ["plot", "priorities", "start"])]
    pub(crate) count_only: bool,
    #[command(flatten)]
    pub(crate) engine: EngineArgs,
}

/// `basin protocol`.
#[derive(Debug, Args)]
pub(crate) struct ProtocolArgs {
    #[command(flatten)]
    pub(crate) model: ModelArgs,
    /// A named condition of the phenotype (or conditions) file, in order; repeat for each step.
    #[arg(long, value_name = "CONDITION", required = true)]
    pub(crate) step: Vec<String>,
    #[command(flatten)]
    pub(crate) phenotype: PhenotypeArgs,
    /// Update scheme.
    #[arg(long, value_enum, default_value_t)]
    pub(crate) update: UpdateArg,
    /// Perturbations held through every step, e.g. TP53=0.
    #[arg(long, value_name = "NAME=0|1")]
    pub(crate) perturb: Vec<String>,
    /// Output format (csv: one row per step and label).
    #[arg(long, value_enum, default_value_t)]
    pub(crate) format: OutputFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) engine: EngineArgs,
}

/// `basin timecourse`.
#[derive(Debug, Args)]
pub(crate) struct TimecourseArgs {
    #[command(flatten)]
    pub(crate) model: ModelArgs,
    #[command(flatten)]
    pub(crate) phenotype: PhenotypeArgs,
    /// Fix an input; the inputs not named are 0 (as in a named condition).
    #[arg(long = "input", value_name = "NAME=0|1")]
    pub(crate) inputs: Vec<String>,
    /// Knock out (=0) or overexpress (=1) a node; repeatable.
    #[arg(long, value_name = "NAME=0|1")]
    pub(crate) perturb: Vec<String>,
    /// Asynchronous steps (one uniformly chosen variable updated per step).
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub(crate) steps: usize,
    /// Continuous time instead of steps: every variable that can change does so at rate 1
    /// (MaBoSS's convention), solved exactly by uniformization up to this time.
    #[arg(long, value_name = "T")]
    pub(crate) time: Option<f64>,
    /// Time points between 0 and --time.
    #[arg(long, value_name = "K", default_value_t = 100)]
    pub(crate) points: usize,
    /// Output format (csv: one row per time point).
    #[arg(long, value_enum, default_value_t)]
    pub(crate) format: OutputFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// Also draw the label probabilities over time to this SVG file.
    #[arg(long, value_name = "FILE.svg")]
    pub(crate) plot: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) engine: EngineArgs,
}

/// How to explore, shared by every command that explores.
#[derive(Debug, Args)]
pub(crate) struct EngineArgs {
    /// Engine: auto (the default), explicit (every state, exact basins and probabilities),
    /// symbolic (BDDs, exact basins and estimated probabilities, any size) or sample (random
    /// initial states or walks).
    #[arg(long, value_enum, default_value_t)]
    pub(crate) engine: EngineArg,
    /// Exhaustive or sample: the same as --engine explicit|sample.
    #[arg(long, value_enum, default_value_t)]
    pub(crate) method: MethodArg,
    /// Number of random initial states (or walks) for --engine sample, and of the random walks
    /// the symbolic engine estimates reach probabilities with.
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    pub(crate) samples: u64,
    /// Seed of the random generator for --engine sample and the symbolic engine's walks.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub(crate) seed: u64,
    /// Most memory one exploration may use, e.g. 8G or 512M; default: 80% of physical memory
    /// (or 90% of what is available, if less) shared among the explorations running at once.
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub(crate) max_memory: Option<u64>,
    /// Worker threads (default: one per core); results never depend on it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub(crate) jobs: Option<u16>,
    /// Stop after this long (e.g. 30s, 10m, 2h) with exit code 2: a screen keeps and writes
    /// the perturbations finished so far; other commands write nothing.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub(crate) timeout: Option<std::time::Duration>,
    /// Where the cell starts, instead of a uniformly random state: a state (0101…), a pattern
    /// (01*1…), NAME=0|1 assignments (others 0; a lone * leaves them free), LABEL@CONDITION
    /// (the attractors of a phenotype label under a named condition) or a file of states.
    /// Shares are then exact probabilities from there (explicit engine).
    #[arg(long, value_name = "STATE|PATTERN|LABEL@CONDITION|FILE")]
    pub(crate) start: Option<String>,
    /// Priority classes (TOML: [[class]] nodes = [...], update = "async"|"sync"), fastest
    /// first: only the fastest class with an updatable node moves. Asynchronous update,
    /// explicit engine (docs/semantics.md, "Priority classes").
    #[arg(long, value_name = "FILE")]
    pub(crate) priorities: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct KnockoutArgs {
    #[command(flatten)]
    pub(crate) model: ModelArgs,
    /// The perturbation: knock out (=0) or overexpress (=1) a node; repeat to combine several.
    #[arg(long = "perturb", value_name = "NAME=0|1", required = true)]
    pub(crate) perturb: Vec<String>,
    /// An explicit condition: fix an input; repeatable. As in a named condition, the inputs not
    /// named are 0.
    #[arg(long = "input", value_name = "NAME=0|1")]
    pub(crate) inputs: Vec<String>,
    /// Without --condition, --all-conditions or --input: every named condition of the file
    /// (all inputs 0 when it names none).
    #[command(flatten)]
    pub(crate) phenotype: PhenotypeArgs,
    /// Update scheme(s): async (the default of every command), sync, or both side by side.
    #[arg(long, value_enum, default_value_t)]
    pub(crate) update: UpdatesArg,
    #[command(flatten)]
    pub(crate) engine: EngineArgs,
    /// Most states listed per complex (asynchronous) attractor in JSON; 0 lists none.
    #[arg(long, value_name = "N", default_value_t = 64)]
    pub(crate) max_states: usize,
    /// Output format: text (side by side), json (both explorations and the shift), csv (tidy rows).
    #[arg(long, value_enum, default_value_t)]
    pub(crate) format: OutputFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// Also draw the shift heatmap (conditions × updates, coloured by the change of each label
    /// rule, phenotype and flag of the file) to this SVG file.
    #[arg(long, value_name = "FILE.svg")]
    pub(crate) plot: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Merging a split screen: `basin screen --merge PART... [-o TABLE]` (the \
    same as `basin merge PART... [-o TABLE]`) joins the parts written with --shard I/N --out PART \
    into the unsplit table; it takes no model or other screen flags."
)]
pub(crate) struct ScreenArgs {
    #[command(flatten)]
    pub(crate) model: ModelArgs,
    /// Combinations of up to this many perturbed nodes (1, 2 or 3).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=3))]
    pub(crate) order: u8,
    /// Nodes to perturb, comma-separated (default: every non-input node).
    #[arg(long, value_name = "A,B,...", value_delimiter = ',')]
    pub(crate) nodes: Vec<String>,
    /// Values to fix them at: 0 (knockout), 1 (overexpression) or both.
    #[arg(long, value_name = "0,1", value_delimiter = ',', default_values_t = vec![0u8, 1])]
    pub(crate) values: Vec<u8>,
    /// An explicit condition: fix an input; repeatable. As in a named condition, the inputs not
    /// named are 0.
    #[arg(long = "input", value_name = "NAME=0|1")]
    pub(crate) inputs: Vec<String>,
    /// Without --condition, --all-conditions or --input: every named condition of the file
    /// (all inputs 0 when it names none).
    #[command(flatten)]
    pub(crate) phenotype: PhenotypeArgs,
    /// Update scheme(s): async (the default of every command), sync, or both side by side.
    #[arg(long, value_enum, default_value_t)]
    pub(crate) update: UpdatesArg,
    #[command(flatten)]
    pub(crate) engine: EngineArgs,
    /// Rank perturbations by the largest absolute shift of these labels (comma-separated,
    /// `*` wildcard; `M2` also counts `M2+FIB`).
    #[arg(long, value_name = "LABELS")]
    pub(crate) rank_by: Option<String>,
    /// How many perturbations the text summary ranks.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub(crate) top: usize,
    /// Output format: text (ranking and verdicts), json or csv (one row per perturbation ×
    /// condition × update × label).
    #[arg(long, value_enum, default_value_t)]
    pub(crate) format: OutputFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// Stream the table's rows to FILE as each perturbation finishes (CSV, or JSON Lines when
    /// FILE ends in .jsonl); an interrupted run leaves the finished rows; sorted at the end.
    #[arg(long, value_name = "FILE")]
    pub(crate) out: Option<PathBuf>,
    /// Continue the screen streamed to FILE (by --out): keep its finished perturbations, run the
    /// rest, append them; the final table is that of an uninterrupted run.
    #[arg(long, value_name = "FILE")]
    pub(crate) resume: Option<PathBuf>,
    /// Run only the I-th of N parts of the perturbation sets (round robin over the screen's
    /// list, 1 <= I <= N), streamed to --out FILE with its header in FILE.shard.json; `basin
    /// merge` joins the N parts into the unsplit table.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    pub(crate) shard: Option<basin::screen::Shard>,
    /// Also draw the shift heatmap (perturbations × conditions and updates, coloured by the change
    /// of the --rank-by labels, or of every label rule, phenotype and flag of the file) to this
    /// SVG file.
    #[arg(long, value_name = "FILE.svg")]
    pub(crate) plot: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct MergeArgs {
    /// The parts' tables (written by `basin screen --shard I/N --out PART`, each with its
    /// PART.shard.json header), in any order.
    #[arg(required = true, value_name = "PART")]
    pub(crate) parts: Vec<PathBuf>,
    /// Write the table to this file (JSON Lines when it ends in .jsonl, else CSV) instead of
    /// standard output (CSV).
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct TestArgs {
    /// The expectations file (TOML; see docs/expectations.md).
    pub(crate) expectations: PathBuf,
    /// The model, instead of the file's `model`.
    #[arg(long, value_name = "FILE")]
    pub(crate) model: Option<PathBuf>,
    /// The phenotype file, instead of the file's `phenotypes`.
    #[arg(long, value_name = "FILE")]
    pub(crate) phenotypes: Option<PathBuf>,
    /// The model format, when the extension does not tell it.
    #[arg(long, value_name = "FORMAT")]
    pub(crate) from: Option<ModelFormat>,
    /// Names used but never defined become inputs.
    #[arg(long)]
    pub(crate) free_inputs: bool,
    /// Only the statements whose name contains this text.
    #[arg(long, value_name = "TEXT")]
    pub(crate) filter: Option<String>,
    /// Most memory one exploration may use, e.g. 8G or 512M.
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub(crate) max_memory: Option<u64>,
    /// Worker threads (default: one per core); results never depend on it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub(crate) jobs: Option<u16>,
    /// Output format: text (one line per statement) or json; with --variants or --mutants also
    /// csv.
    #[arg(long, value_enum, default_value_t)]
    pub(crate) format: OutputFormat,
    /// Check every statement in each of these model variants too: whole model files, or patch
    /// files (ending in .bnet-patch or .patch) whose lines `NAME, rule` replace rules of the
    /// model; prints a statement × variant table.
    #[arg(long, value_name = "FILE", num_args = 1.., conflicts_with = "mutants")]
    pub(crate) variants: Vec<PathBuf>,
    /// Check every statement in every mutant of this kind (single-edits: each edge deleted, each
    /// & / | swapped, each literal negated; docs/expectations.md); prints per statement the
    /// share of mutants where it holds and the edits that break it.
    #[arg(long, value_enum, value_name = "KIND")]
    pub(crate) mutants: Option<MutantKind>,
}

/// Which mutants `basin test --mutants` generates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum MutantKind {
    /// Every single edit of one rule: an edge deleted, an operator swapped, a literal negated.
    SingleEdits,
}

/// Reads a duration: a number with an optional unit (`ms`, `s`, `m`, `h`, `d`; seconds when
/// none), e.g. `30s`, `10m`, `1.5h`.
pub(crate) fn parse_shard(text: &str) -> Result<basin::screen::Shard, String> {
    text.parse().map_err(|e: basin::Error| e.to_string())
}

pub(crate) fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let t = text.trim();
    let split = t
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("'{text}' is not a duration (try 30s, 10m or 2h)"))?;
    let seconds = match unit.trim().to_ascii_lowercase().as_str() {
        "ms" => 0.001,
        "" | "s" | "sec" => 1.0,
        "m" | "min" => 60.0,
        "h" => 3600.0,
        "d" => 86400.0,
        _ => return Err(format!("'{text}': unknown unit (use ms, s, m, h or d)")),
    };
    std::time::Duration::try_from_secs_f64(number * seconds)
        .map_err(|_| format!("'{text}' is not a duration (try 30s, 10m or 2h)"))
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

/// `basin screen --merge PART… [-o TABLE]`, the spelling of `basin merge PART… [-o
/// TABLE]`, rewritten to it before clap parses: a merge needs none of the screen's required
/// arguments (model, phenotypes), which clap cannot make optional for one flag of a flattened
/// group. Every other command line is returned unchanged; flags a merge does not take are then
/// refused by clap (exit 2) like any unknown flag of `basin merge`.
pub(crate) fn screen_merge_alias(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let is_screen = args.get(1).is_some_and(|a| a == "screen");
    let merge_at = args.iter().position(|a| a == "--merge");
    match (is_screen, merge_at) {
        (true, Some(at)) => {
            let mut out = Vec::with_capacity(args.len() - 1);
            out.push(args[0].clone());
            out.push("merge".into());
            out.extend(
                args.iter()
                    .enumerate()
                    .skip(2)
                    .filter(|&(i, _)| i != at)
                    .map(|(_, a)| a.clone()),
            );
            out
        }
        _ => args,
    }
}

#[cfg(test)]
mod tests {
    use super::screen_merge_alias;
    use std::ffi::OsString;

    fn words(s: &str) -> Vec<OsString> {
        s.split(' ').map(OsString::from).collect()
    }

    #[test]
    fn screen_merge_becomes_merge_and_nothing_else_changes() {
        assert_eq!(
            screen_merge_alias(words("basin screen --merge a.csv b.csv -o t.csv")),
            words("basin merge a.csv b.csv -o t.csv")
        );
        assert_eq!(
            screen_merge_alias(words("basin screen a.csv --merge b.csv")),
            words("basin merge a.csv b.csv")
        );
        for unchanged in [
            "basin screen m.bnet --phenotypes p.toml",
            "basin merge a.csv --merge",
            "basin check --merge",
        ] {
            assert_eq!(screen_merge_alias(words(unchanged)), words(unchanged));
        }
    }
}
