//! `basin control`: the smallest knockout/overexpression sets (order ≤ K) that make the labels
//! of a query the outcome with at least a given share, under the chosen conditions and update
//! schemes ([`basin::control`]). Text for reading, CSV (one row per set × condition × update)
//! and JSON (with the engine that answered and the search's counts).
//!
//! `--timeout` and Ctrl-C stop the search and report the orders completed (exit 2 and 130).
//! `--out FILE` writes each finished order to FILE as it ends (JSON Lines: a header naming the
//! search, then one line per order with its sets' shares; [`basin::control::OrderRecord`]) and
//! `--resume FILE` takes the orders in FILE back instead of evaluating them again, then
//! continues (appending to FILE); the answer and the counts are those of an uninterrupted run.

use super::args::{ModelArgs, OutputFormat, PhenotypeArgs, UpdatesArg};
use super::engine;
use super::{load_model, write_output};
use basin::Error;
use basin::condition::DefaultConditions;
use basin::control::{
    Aggregate, Candidate, Control, ControlProgress, ControlResult, OrderRecord, OrderStats,
    SetRecord, ShareSource, UnitShare,
};
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
use std::sync::atomic::Ordering;
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
    /// Write each finished order to this file as it ends (a checkpoint for --resume).
    #[arg(long, value_name = "FILE")]
    pub(crate) out: Option<PathBuf>,
    /// Continue the search whose finished orders --out wrote to FILE (same model, target,
    /// conditions, updates, nodes, values and options; --max-order may be higher), appending
    /// the orders it finishes to FILE.
    #[arg(long, value_name = "FILE")]
    pub(crate) resume: Option<PathBuf>,
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
    let interrupted = super::stop_on_ctrl_c(&cancel);
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
    let checkpoint = match (&args.out, &args.resume) {
        (Some(out), Some(resume)) if out != resume => {
            return Err(Error::Invalid(format!(
                "--resume {} continues the file it names; --out {} names another (give one, or \
                 the same file)",
                resume.display(),
                out.display()
            )));
        }
        (_, Some(path)) | (Some(path), None) => Some(path.clone()),
        (None, None) => None,
    };
    let header = checkpoint_header(
        net,
        &target,
        &result_conditions(&conditions),
        &updates,
        &nodes,
        &values,
        args,
        &options,
    );
    let mut resumed_orders = 0;
    let file = match &checkpoint {
        None => None,
        Some(path) => {
            let records = match &args.resume {
                Some(_) => read_checkpoint(path, net, &header)?,
                None => Vec::new(),
            };
            resumed_orders = records.len();
            let io = |source| Error::Io {
                path: path.clone(),
                source,
            };
            // Rewritten beside it and renamed over it (a kill meanwhile leaves the old file),
            // without a last line cut short; then appended to.
            let mut text = format!("{header}\n");
            for r in &records {
                text += &format!("{}\n", record_json(net, r));
            }
            let mut partial = path.clone().into_os_string();
            partial.push(".partial");
            let partial = PathBuf::from(partial);
            std::fs::write(&partial, text).map_err(|source| Error::Io {
                path: partial.clone(),
                source,
            })?;
            std::fs::rename(&partial, path).map_err(io)?;
            let f = std::fs::OpenOptions::new()
                .append(true)
                .open(path)
                .map_err(io)?;
            control = control.resume(records);
            Some((std::sync::Mutex::new(f), path.clone()))
        }
    };
    if let Some((f, path)) = file {
        control = control.checkpoint(move |r| {
            let mut f = f.lock().expect("one writer at a time");
            writeln!(f, "{}", record_json(net, r))
                .and_then(|()| f.flush())
                .map_err(|source| Error::Io {
                    path: path.clone(),
                    source,
                })
        });
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
    if resumed_orders > 0 {
        let _ = writeln!(
            std::io::stderr(),
            "resumed: orders 0 to {} read back from {}",
            resumed_orders - 1,
            args.resume
                .as_deref()
                .unwrap_or_else(|| std::path::Path::new(""))
                .display()
        );
    }
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
    let how = match &checkpoint {
        Some(path) => format!(
            "the finished orders are in {}; continue with --resume {}",
            path.display(),
            path.display()
        ),
        None => "write the finished orders with --out FILE to continue with --resume FILE".into(),
    };
    let _ = writeln!(
        std::io::stderr(),
        "error: {why}: orders up to {} searched completely (of {}); the solutions above are \
         minimal, but higher orders were not searched; {how}",
        result.completed_order,
        args.max_order
    );
    if interrupted.load(Ordering::Relaxed) {
        return Ok(ExitCode::from(super::EXIT_INTERRUPTED as u8));
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
        super::conditions_line(net, &result.conditions)
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

/// The conditions' descriptions for the checkpoint header.
fn result_conditions(
    conditions: &[basin::condition::Condition],
) -> Vec<(String, Vec<(VarId, bool)>)> {
    conditions
        .iter()
        .map(|c| (c.name.clone(), c.fixed().to_vec()))
        .collect()
}

/// The first line of a checkpoint: what must be equal for its orders to be this search's.
#[allow(clippy::too_many_arguments)]
fn checkpoint_header(
    net: &Network,
    target: &LabelQuery,
    conditions: &[(String, Vec<(VarId, bool)>)],
    updates: &[basin::UpdateScheme],
    nodes: &[VarId],
    values: &[bool],
    args: &ControlArgs,
    options: &basin::EngineOptions,
) -> serde_json::Value {
    serde_json::json!({
        "basin_control_checkpoint": 1,
        "network": basin::screen::network_digest(net),
        "target": target.to_string(),
        "min_share": args.min_share,
        "aggregate": format!("{:?}", args.aggregate),
        "prune": !args.no_prune,
        "conditions": conditions
            .iter()
            .map(|(name, fixed)| {
                let fixed: Vec<String> = fixed
                    .iter()
                    .map(|&(v, b)| format!("{}={}", net.name(v), u8::from(b)))
                    .collect();
                serde_json::json!([name, fixed])
            })
            .collect::<Vec<_>>(),
        "updates": updates.iter().map(|u| u.as_str()).collect::<Vec<_>>(),
        "nodes": nodes.iter().map(|&v| net.name(v)).collect::<Vec<_>>(),
        "values": values.iter().map(|&b| u8::from(b)).collect::<Vec<_>>(),
        "engine": format!("{:?}", options.engine),
        "samples": options.samples,
        "seed": options.seed,
    })
}

/// One order of a checkpoint, as a JSON line.
fn record_json(net: &Network, r: &OrderRecord) -> serde_json::Value {
    let o = &r.stats;
    serde_json::json!({
        "order": o.order,
        "stats": [o.sets, o.skipped_supersets, o.evaluated, o.explored, o.by_shares,
                  o.by_attractors, o.by_percolation, o.by_lower_order, o.solutions],
        "sets": r.sets.iter().map(|s| serde_json::json!({
            "perturbation": s.perturbation.iter()
                .map(|p| serde_json::json!([net.name(p.var), u8::from(p.value)]))
                .collect::<Vec<_>>(),
            "shares": s.shares.iter()
                .map(|u| serde_json::json!([u.condition, u.update.as_str(), u.share, u.source.as_str()]))
                .collect::<Vec<_>>(),
            "outcomes": s.outcomes.iter()
                .map(|o| match o { Some(false) => '0', Some(true) => '1', None => '*' })
                .collect::<String>(),
            "engines": s.engines,
        })).collect::<Vec<_>>(),
    })
}

/// The orders of the checkpoint at `path`, refused when its header is not `header`. A last line
/// cut short (the run was killed while writing it) is dropped.
fn read_checkpoint(
    path: &std::path::Path,
    net: &Network,
    header: &serde_json::Value,
) -> Result<Vec<OrderRecord>, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let bad = |what: &str| {
        Error::Invalid(format!(
            "{}: not a checkpoint of this search: {what} (resume with the same model, target, \
             conditions, updates, nodes, values, options and --no-prune)",
            path.display()
        ))
    };
    let mut lines = text.lines();
    let first: serde_json::Value = lines
        .next()
        .and_then(|l| serde_json::from_str(l).ok())
        .ok_or_else(|| bad("no header"))?;
    if first != *header {
        return Err(bad("its header differs"));
    }
    let mut out = Vec::new();
    for line in lines {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            break;
        };
        out.push(parse_record(net, &v).ok_or_else(|| bad("an order cannot be read"))?);
    }
    Ok(out)
}

fn parse_record(net: &Network, v: &serde_json::Value) -> Option<OrderRecord> {
    let n = |v: &serde_json::Value| v.as_u64().and_then(|x| usize::try_from(x).ok());
    let st: Vec<usize> = v["stats"]
        .as_array()?
        .iter()
        .map(n)
        .collect::<Option<_>>()?;
    let [
        sets,
        skipped_supersets,
        evaluated,
        explored,
        by_shares,
        by_attractors,
        by_percolation,
        by_lower_order,
        solutions,
    ] = st[..]
    else {
        return None;
    };
    let stats = OrderStats {
        order: n(&v["order"])?,
        sets,
        skipped_supersets,
        evaluated,
        explored,
        by_shares,
        by_attractors,
        by_percolation,
        by_lower_order,
        solutions,
    };
    let mut out = Vec::new();
    for s in v["sets"].as_array()? {
        let mut perturbation = Vec::new();
        for p in s["perturbation"].as_array()? {
            let var = net.find(p[0].as_str()?)?;
            perturbation.push(basin::Perturbation {
                var,
                value: p[1].as_u64()? == 1,
            });
        }
        let mut shares = Vec::new();
        for u in s["shares"].as_array()? {
            shares.push(UnitShare {
                condition: n(&u[0])?,
                update: u[1].as_str()?.parse().ok()?,
                share: u[2].as_f64()?,
                source: ShareSource::parse(u[3].as_str()?)?,
            });
        }
        let outcomes = s["outcomes"]
            .as_str()?
            .chars()
            .map(|c| match c {
                '0' => Some(Some(false)),
                '1' => Some(Some(true)),
                '*' => Some(None),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()?;
        let engines = s["engines"]
            .as_array()?
            .iter()
            .map(|e| e.as_str().map(String::from))
            .collect::<Option<Vec<_>>>()?;
        out.push(SetRecord {
            perturbation,
            shares,
            outcomes,
            engines,
        });
    }
    Some(OrderRecord { stats, sets: out })
}
