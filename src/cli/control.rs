//! `basin control`: the smallest knockout/overexpression sets (order ≤ K) that make the labels
//! of a query the outcome with at least a given share, under the chosen conditions and update
//! schemes ([`basin::control`]). Text for reading, CSV (one row per set × condition × update)
//! and JSON (with the engine that answered and the search's counts).
//!
//! `--timeout` and Ctrl-C stop the search and report the orders completed (exit 2 and 130).
//! Not resumable: there is no `--out`/`--resume` yet.

use super::args::{ModelArgs, OutputFormat, PhenotypeArgs, UpdatesArg};
use super::engine;
use super::{load_model, write_output};
use basin::Error;
use basin::condition::DefaultConditions;
use basin::control::{Aggregate, Candidate, Control, ControlProgress, ControlResult, OrderStats};
use basin::engine::per_exploration_memory;
use basin::network::{Network, VarId};
use basin::perturb::count_perturbations;
use basin::phenotype::LabelQuery;
use basin::report::control::{ControlQuestion, ControlReport};
use basin::report::percent;
use basin::screen::screen_nodes;
use clap::{Args, ValueEnum};
use std::fmt::Write as _;
use std::io::{IsTerminal, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// `basin control`.
#[derive(Debug, Args)]
pub(crate) struct ControlArgs {
    #[command(flatten)]
    pub(crate) model: ModelArgs,
    /// The labels to make the outcome: a label query as in --rank-by (comma-separated patterns;
    /// `M2` is exactly M2, so not M2+FIB; `M2+any` any flags; `part:FIB`; `*` wildcard).
    #[arg(long, value_name = "QUERY")]
    pub(crate) target: String,
    /// Without --condition or --all-conditions: every named condition of the file (all inputs
    /// 0 when it names none).
    #[command(flatten)]
    pub(crate) phenotype: PhenotypeArgs,
    /// The share the target must reach (basin fraction or reach probability), 0 < P ≤ 1.
    #[arg(long, value_name = "P", default_value_t = 1.0)]
    pub(crate) min_share: f64,
    /// every: in every condition and update scheme; mean: on average over them.
    #[arg(long, value_enum, default_value_t)]
    pub(crate) aggregate: AggregateArg,
    /// Largest number of perturbed nodes in a set.
    #[arg(long, value_name = "K", default_value_t = 2)]
    pub(crate) max_order: usize,
    /// Candidate nodes, comma-separated (default: every non-input node).
    #[arg(long, value_name = "A,B,...", value_delimiter = ',')]
    pub(crate) nodes: Vec<String>,
    /// Values to fix them at: 0 (knockout), 1 (overexpression) or both.
    #[arg(long, value_name = "0,1", value_delimiter = ',', default_values_t = vec![0u8, 1])]
    pub(crate) values: Vec<u8>,
    /// Update scheme(s): async (the default of every command), sync, or both.
    #[arg(long, value_enum, default_value_t)]
    pub(crate) update: UpdatesArg,
    #[command(flatten)]
    pub(crate) engine: super::args::EngineArgs,
    /// How many best sets per order to show when no set reaches the target.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub(crate) best: usize,
    /// Explore every set that is not a superset of a solution (no percolation, no reuse of
    /// lower orders, no attractors-first pass): for measuring what the pruning saves; the
    /// answer is the same.
    #[arg(long)]
    pub(crate) no_prune: bool,
    /// Output format: text, csv (one row per set × condition × update) or json.
    #[arg(long, value_enum, default_value_t)]
    pub(crate) format: OutputFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

/// `--aggregate`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub(crate) enum AggregateArg {
    /// The target reaches the share in every condition and update scheme.
    #[default]
    Every,
    /// The mean share over conditions and update schemes reaches it.
    Mean,
}

/// Exit code after Ctrl-C: 128 + SIGINT.
const EXIT_INTERRUPTED: i32 = 130;

pub(crate) fn run(args: &ControlArgs) -> Result<ExitCode, Error> {
    let model = load_model(&args.model)?;
    let net = &model.network;
    let Some(phenotypes) = engine::phenotypes(&args.phenotype, net)? else {
        return Err(Error::Invalid(
            "basin control needs --phenotypes FILE (the labels of the target)".into(),
        ));
    };
    if args.engine.start.is_some() {
        return Err(Error::Invalid(
            "basin control takes shares from a uniformly random state; --start is not supported"
                .into(),
        ));
    }
    let target = LabelQuery::parse(&args.target);
    if target.patterns().is_empty() {
        return Err(Error::Invalid("--target: the query names no label".into()));
    }
    let conditions =
        engine::select_conditions(&args.phenotype, net, &[], DefaultConditions::Named)?
            .expect("named conditions by default");
    let nodes: Vec<VarId> = if args.nodes.is_empty() {
        screen_nodes(net)
    } else {
        super::named_nodes(net, &args.nodes, "--nodes")?
    };
    let mut values = Vec::new();
    for &v in &args.values {
        match v {
            0 => values.push(false),
            1 => values.push(true),
            other => return Err(Error::Invalid(format!("--values: '{other}' is not 0 or 1"))),
        }
    }
    values.dedup();
    let updates = engine::updates(args.update);
    let aggregate = match args.aggregate {
        AggregateArg::Every => Aggregate::Every,
        AggregateArg::Mean => Aggregate::Mean,
    };
    let sets = count_perturbations(nodes.len(), values.len(), args.max_order);
    let units = conditions.len() * updates.len();
    let mut options = args.engine.options();
    options.max_memory = Some(per_exploration_memory(
        args.engine.max_memory,
        args.engine.jobs.map(usize::from),
        usize::try_from(sets).unwrap_or(usize::MAX),
    ));
    // Attractors first, shares only where they are mixed (the library says where it applies).
    let attractors_only = basin::control::attractors_first(&options);
    let cancel = options.cancel.clone();
    let interrupted = Arc::new(AtomicBool::new(false));
    {
        let (cancel, interrupted) = (cancel.clone(), interrupted.clone());
        let _ = ctrlc::set_handler(move || {
            if interrupted.swap(true, Ordering::Relaxed) {
                std::process::exit(EXIT_INTERRUPTED);
            }
            cancel.cancel();
        });
    }
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} control, order {msg}: {pos}/{len} sets [{elapsed_precise}], eta {eta}",
            )
            .expect("valid template"),
        );
        bar
    });
    let mut control = Control::new(net, &phenotypes, target.clone())
        .conditions(conditions.clone())
        .updates(updates.clone())
        .nodes(nodes.clone())
        .values(values.clone())
        .max_order(args.max_order)
        .min_share(args.min_share)
        .aggregate(aggregate)
        .best(args.best)
        .prune(!args.no_prune)
        .cancel(cancel.clone());
    if let Some(m) = args.engine.max_memory {
        control = control.max_memory(m);
    }
    if let Some(first) = &attractors_only {
        control = control.attractors_only(first);
    }
    if let Some(j) = args.engine.jobs {
        control = control.jobs(usize::from(j));
    }
    if let Some(bar) = &bar {
        let bar = bar.clone();
        control = control.progress(move |p: ControlProgress| {
            bar.set_message(p.order.to_string());
            bar.set_length(p.total as u64);
            bar.set_position(p.done as u64);
        });
    }
    let started = Instant::now();
    let result = control.run(&options);
    let elapsed = started.elapsed().as_secs_f64();
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let result = result?;
    let screen_explorations = (sets + 1) * units as u128;
    let rendered = match args.format {
        OutputFormat::Text => render_text(
            net,
            args,
            &target,
            &result,
            &nodes,
            &values,
            sets,
            screen_explorations,
            elapsed,
        ),
        OutputFormat::Csv => render_csv(&result),
        OutputFormat::Json => {
            let question = ControlQuestion {
                target: &target,
                min_share: args.min_share,
                aggregate,
                max_order: args.max_order,
                nodes: &nodes,
                values: &values,
            };
            let model = args.model.model.display().to_string();
            let doc = ControlReport::new(&model, net, &question, &result, elapsed);
            serde_json::to_string_pretty(&doc).expect("reports always serialise") + "\n"
        }
    };
    write_output(args.output.as_deref(), &rendered)?;
    if !result.cancelled {
        return Ok(ExitCode::SUCCESS);
    }
    let why = if interrupted.load(Ordering::Relaxed) {
        "interrupted (Ctrl-C)"
    } else if cancel.deadline_passed() {
        "timed out"
    } else {
        "stopped"
    };
    let _ = writeln!(
        std::io::stderr(),
        "error: {why}: orders up to {} searched completely (of {}); the solutions above are \
         minimal, but higher orders were not searched",
        result.completed_order,
        args.max_order
    );
    if interrupted.load(Ordering::Relaxed) {
        return Ok(ExitCode::from(EXIT_INTERRUPTED as u8));
    }
    Ok(ExitCode::from(super::EXIT_BAD_INPUT))
}

/// `condition update` for a share's column.
fn unit_name(result: &ControlResult, condition: usize, update: basin::UpdateScheme) -> String {
    let short = match update {
        basin::UpdateScheme::Synchronous => "sync",
        basin::UpdateScheme::Asynchronous => "async",
        basin::UpdateScheme::MostPermissive => "mp",
        basin::UpdateScheme::General => "general",
    };
    format!("{} {short}", result.conditions[condition].name)
}

#[allow(clippy::too_many_arguments)]
fn render_text(
    net: &Network,
    args: &ControlArgs,
    target: &LabelQuery,
    result: &ControlResult,
    nodes: &[VarId],
    values: &[bool],
    sets: u128,
    screen_explorations: u128,
    elapsed: f64,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "model       {}", args.model.model.display());
    let needed = match args.aggregate {
        AggregateArg::Every => "in every condition and update",
        AggregateArg::Mean => "on average over the conditions and updates",
    };
    let _ = writeln!(
        out,
        "target      {target}: share at least {} {needed}",
        percent(args.min_share)
    );
    let _ = writeln!(
        out,
        "conditions  {}",
        result
            .conditions
            .iter()
            .map(|c| match c.describe(net) {
                d if d == c.name => d,
                d => format!("{} ({d})", c.name),
            })
            .collect::<Vec<_>>()
            .join(", ")
    );
    let kinds = match values {
        [false] => "knockouts",
        [true] => "overexpressions",
        _ => "knockouts and overexpressions",
    };
    let _ = writeln!(
        out,
        "candidates  {kinds} of {} node(s), up to {} at once: {sets} set(s)",
        nodes.len(),
        args.max_order
    );
    let s = &result.stats;
    let explored = s.explorations();
    let _ = writeln!(
        out,
        "search      {explored} exploration(s) against {screen_explorations} for the full screen \
         ({}), {:.2} s; engine {}",
        ratio(screen_explorations, explored),
        elapsed,
        if result.engines.is_empty() {
            "none (every share decided without exploring)".to_string()
        } else {
            result.engines.join(", ")
        }
    );
    let _ = writeln!(
        out,
        "            {} set(s) skipped as supersets of solutions; {} share(s) decided by \
         percolation, {} from the order below, {} from the attractors alone (no reach \
         probabilities needed)",
        s.skipped_supersets(),
        s.by_percolation(),
        s.by_lower_order(),
        s.by_attractors()
    );
    let units: Vec<String> = result
        .wild_type
        .shares
        .iter()
        .map(|u| unit_name(result, u.condition, u.update))
        .collect();
    let _ = writeln!(out, "shares in   {}", units.join(" | "));
    let _ = writeln!(out, "wild type   {}", shares_line(&result.wild_type));
    if result.cancelled {
        let _ = writeln!(
            out,
            "unfinished  stopped during order {}: orders up to {} searched completely",
            result.completed_order + 1,
            result.completed_order
        );
    }
    if result.solutions.first().is_some_and(|c| c.order() == 0) {
        let _ = writeln!(
            out,
            "\nthe wild type already reaches the target: no perturbation is needed"
        );
        return out;
    }
    if result.solutions.is_empty() {
        let _ = writeln!(
            out,
            "\nno set of up to {} perturbation(s) reaches the target; the best per order \
             (score: {}):",
            result.completed_order,
            score_words(args.aggregate)
        );
        for (i, best) in result.best.iter().enumerate() {
            let _ = writeln!(out, "  order {}", i + 1);
            list(&mut out, best);
        }
        return out;
    }
    let _ = writeln!(
        out,
        "\n{} minimal solution(s) (no smaller set among them reaches the target; score: {}):",
        result.solutions.len(),
        score_words(args.aggregate)
    );
    list(&mut out, &result.solutions);
    let _ = per_order(&mut out, &s.per_order);
    out
}

fn score_words(a: AggregateArg) -> &'static str {
    match a {
        AggregateArg::Every => "the smallest share",
        AggregateArg::Mean => "the mean share",
    }
}

fn list(out: &mut String, candidates: &[Candidate]) {
    let width = candidates
        .iter()
        .map(|c| c.name.chars().count())
        .max()
        .unwrap_or(0);
    for (i, c) in candidates.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {:>3}. {:<width$}  score {:>8}   {}",
            i + 1,
            c.name,
            percent(c.score),
            shares_line(c)
        );
    }
}

fn shares_line(c: &Candidate) -> String {
    c.shares
        .iter()
        .map(|s| format!("{:>8}", percent(s.share)))
        .collect::<Vec<_>>()
        .join(" | ")
}

fn per_order(out: &mut String, orders: &[OrderStats]) -> std::fmt::Result {
    writeln!(
        out,
        "\nper order: sets, skipped (supersets), explorations, shares decided by percolation, \
         from the order below, from attractors alone; solutions"
    )?;
    for o in orders.iter().skip(1) {
        writeln!(
            out,
            "  {}  {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>4}",
            o.order,
            o.sets,
            o.skipped_supersets,
            o.explored,
            o.by_percolation,
            o.by_lower_order,
            o.by_attractors,
            o.solutions
        )?;
    }
    Ok(())
}

fn ratio(screen: u128, explored: usize) -> String {
    if explored == 0 {
        return "none needed".into();
    }
    format!("{:.1}× fewer", screen as f64 / explored as f64)
}

fn render_csv(result: &ControlResult) -> String {
    let mut out =
        String::from("kind,rank,perturbation,order,score,condition,update,share,source\n");
    let mut rows = |kind: &str, rank: usize, c: &Candidate| {
        for s in &c.shares {
            let _ = writeln!(
                out,
                "{kind},{rank},{},{},{},{},{},{},{}",
                c.name,
                c.order(),
                c.score,
                result.conditions[s.condition].name,
                s.update.as_str(),
                s.share,
                s.source.as_str()
            );
        }
    };
    rows("wild_type", 0, &result.wild_type);
    for (i, c) in result.solutions.iter().enumerate() {
        if c.order() > 0 {
            rows("solution", i + 1, c);
        }
    }
    if result.solutions.is_empty() {
        for best in &result.best {
            for (i, c) in best.iter().enumerate() {
                rows("best", i + 1, c);
            }
        }
    }
    out
}
