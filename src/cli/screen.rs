//! `basin screen`: every perturbation of chosen nodes (single, double, triple; knockout and/or
//! overexpression) explored independently and in parallel under each condition and update
//! scheme, reported as a tidy table (CSV/JSON: one row per perturbation × condition × update ×
//! label) or as text: a ranking by the largest shift and a verdict per changed condition.
//!
//! Long screens lose nothing: `--out FILE` streams the table as perturbation sets finish (see
//! `table`), `--resume FILE` skips the sets already complete in it, and `--timeout` (exit 2) or
//! Ctrl-C (exit 130; a second one exits at once) stops the screen, running explorations
//! included, and reports and keeps what finished. A run that ends normally
//! rewrites the file sorted into screen order (temporary file, rename), so the final table is
//! the same however often the screen was interrupted, and whatever `--jobs` is.

mod table;

use super::args::{MergeArgs, OutputFormat, ScreenArgs};
use super::engine;
use super::knockout::signed_percent;
use super::{load_model, write_output};
use basin::Error;
use basin::attractor::UpdateScheme;
use basin::condition::Condition;
use basin::condition::DefaultConditions;
use basin::engine::per_exploration_memory;
use basin::network::{Network, VarId};
use basin::perturb::{Perturbation, parse_inputs};
use basin::phenotype::{LabelQuery, LabelShift};
use basin::plot::shifts::ShiftGrid;
use basin::report::percent;
use basin::screen::{
    Finished, Part, Progress, Screen, ScreenIdentity, ScreenResult, ScreenRow, Shard, ShardError,
    ShardHeader, check_screen_size, count_perturbations, generate_perturbations, merge_shards,
    perturbation_name, screen_nodes,
};
use basin::trajectory::Start;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::io::{IsTerminal, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};
use table::Stream;
pub(crate) use table::{CSV_HEADER, TableFormat};

fn nodes(net: &Network, names: &[String]) -> Result<Vec<VarId>, Error> {
    if names.is_empty() {
        return Ok(screen_nodes(net));
    }
    super::named_nodes(net, names, "--nodes")
}

pub(crate) fn run(args: &ScreenArgs) -> Result<ExitCode, Error> {
    if let Some(path) = &args.plot {
        super::plot::check_svg_path(path)?;
    }
    let model = load_model(&args.model)?;
    let net = &model.network;
    let Some(phenotypes) = engine::phenotypes(&args.phenotype, net)? else {
        return Err(Error::Invalid(
            "basin screen needs --phenotypes FILE (the labels to compare)".into(),
        ));
    };
    let inputs = parse_inputs(net, &args.inputs).map_err(|e| e.in_context("--input"))?;
    let conditions =
        engine::select_conditions(&args.phenotype, net, &inputs, DefaultConditions::Named)?
            .expect("screens always run under conditions");
    let nodes = nodes(net, &args.nodes)?;
    let mut values = Vec::new();
    for &v in &args.values {
        match v {
            0 => values.push(false),
            1 => values.push(true),
            other => return Err(Error::Invalid(format!("--values: '{other}' is not 0 or 1"))),
        }
    }
    values.dedup();
    let order = usize::from(args.order);
    let count = count_perturbations(nodes.len(), values.len(), order);
    let shard = args.shard.unwrap_or_else(Shard::whole);
    check_screen_size(
        nodes.len(),
        order,
        // A shard holds its own part of the table only.
        count.div_ceil(shard.count() as u128),
        conditions.len(),
        engine::updates(args.update).len(),
        args.engine
            .max_memory
            .unwrap_or_else(basin::engine::default_max_memory),
    )?;
    let every = generate_perturbations(&nodes, &values, order);
    let updates = engine::updates(args.update);
    // The options' token carries the --timeout deadline; Ctrl-C and a failed write raise it.
    let mut options = args.engine.options();
    options.priorities = engine::priorities(&args.engine, net)?;
    options.start = super::start::resolve(
        args.engine.start.as_deref(),
        net,
        &args.phenotype,
        *updates.last().expect("at least one update scheme"),
        &options,
    )?;
    let start_words = options.start.as_ref().map(ToString::to_string);
    let out = out_file(args)?;
    // A shard: its part of the sets, and the header that identifies it (written next to the
    // table before any row, marked complete once the table is).
    let header = match (&args.shard, &out) {
        (None, _) => None,
        (Some(_), None) => {
            return Err(Error::Invalid(
                "--shard needs --out FILE: the part's table, which basin merge joins with the \
                 others (its header goes to FILE.shard.json)"
                    .into(),
            ));
        }
        (Some(shard), Some((path, _))) => {
            let identity = ScreenIdentity {
                network: net,
                phenotypes: &phenotypes,
                perturbations: &every,
                conditions: &conditions,
                updates: &updates,
                options: &options,
            };
            let header = identity.header(&args.model.model.display().to_string(), *shard);
            if args.resume.is_some() {
                check_resumed_header(path, &header)?;
            }
            write_header(path, &header)?;
            Some(header)
        }
    };
    let all = shard.select(&every);
    // Resuming: the finished perturbation sets of the file, which this run skips.
    let kept: Vec<ScreenRow> = match (&args.resume, &out) {
        (Some(_), Some((path, format))) => {
            check_start_record(path, options.start.as_ref())?;
            resume_rows(net, &all, &conditions, &updates, path, *format)?
        }
        _ => Vec::new(),
    };
    if let Some((path, _)) = &out {
        write_start_record(path, options.start.as_ref())?;
    }
    let finished: HashSet<&str> = kept.iter().map(|r| r.perturbation.as_str()).collect();
    let todo: Vec<Vec<Perturbation>> = all
        .iter()
        .filter(|p| !finished.contains(perturbation_name(net, p).as_str()))
        .cloned()
        .collect();
    let stream = match &out {
        Some((path, format)) if args.resume.is_some() => {
            table::replace(path, &format.render(&kept))?;
            Some(Stream::append_to(path, *format)?)
        }
        Some((path, format)) => Some(Stream::create(path, *format)?),
        None => None,
    };
    let explorations = (todo.len() + 1) * conditions.len() * updates.len();
    options.max_memory = Some(per_exploration_memory(
        args.engine.max_memory,
        args.engine.jobs.map(usize::from),
        explorations,
    ));
    let cancel = options.cancel.clone();
    let interrupted = super::stop_on_ctrl_c(&cancel);
    let mut screen = Screen::new(net, &phenotypes)
        .perturbations(todo)
        .conditions(conditions)
        .updates(updates)
        .cancel(cancel.clone());
    if let Some(j) = args.engine.jobs {
        screen = screen.jobs(usize::from(j));
    }
    if let Some(stream) = &stream {
        let cancel = cancel.clone();
        screen = screen.on_perturbation(move |f: Finished<'_>| {
            if !stream.write(f.rows) {
                // The table can no longer be kept: stop, and report the write error.
                cancel.cancel();
            }
        });
    }
    let total = screen.num_explorations();
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(total as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} screen {pos}/{len} explorations [{elapsed_precise}] {per_sec}, eta {eta}",
            )
            .expect("valid template"),
        );
        bar
    });
    if let Some(bar) = &bar {
        let bar = bar.clone();
        screen = screen.progress(move |p: Progress| bar.set_position(p.done as u64));
    }
    let started = Instant::now();
    let result = screen.run(&options);
    let timed_out = cancel.deadline_passed();
    let elapsed = started.elapsed().as_secs_f64();
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if let Some(stream) = stream {
        stream.finish()?;
    }
    let result = result?.add_rows(net, all, &kept)?;
    let unfinished = result.unfinished.len();
    let complete = unfinished == 0;
    if let (Some((path, format)), true) = (&out, complete) {
        table::replace(path, &format.render(&result.rows()))?;
        if let Some(mut header) = header {
            header.complete = true;
            write_header(path, &header)?;
        }
    }
    let query = args.rank_by.as_deref().map(LabelQuery::parse);
    let rendered = match args.format {
        OutputFormat::Csv => TableFormat::Csv.render(&result.rows()),
        OutputFormat::Json => {
            let doc = ScreenReport {
                basin_json_version: basin::report::JSON_VERSION,
                model: args.model.model.display().to_string(),
                perturbations: result.perturbation_names.clone(),
                conditions: result.conditions.iter().map(|c| c.name.clone()).collect(),
                updates: result
                    .updates
                    .iter()
                    .map(|u| u.as_str().to_string())
                    .collect(),
                start: start_words.clone(),
                rows: result.rows(),
            };
            serde_json::to_string_pretty(&doc).expect("reports always serialise") + "\n"
        }
        OutputFormat::Text => {
            let read_back = finished.len();
            start_words
                .as_ref()
                .map(|s| format!("start       {s} (shares are probabilities from it)\n"))
                .unwrap_or_default()
                + &render_text(net, args, &result, query.as_ref(), elapsed, read_back)
        }
    };
    write_output(args.output.as_deref(), &rendered)?;
    if let Some(path) = &args.plot {
        // An unfinished screen is drawn too: its missing perturbations are empty cells.
        let queries = match &args.rank_by {
            Some(q) => vec![q.clone()],
            None => super::plot::label_queries(&args.phenotype)?,
        };
        let title = format!("{} · screen", super::plot::model_name(&args.model.model));
        super::plot::write_shift_plot(path, &queries, &title, |q| {
            ShiftGrid::from_screen(&result, q)
        })?;
    }
    if complete {
        return Ok(ExitCode::SUCCESS);
    }
    let sets = result.perturbations.len();
    let why = match args.engine.timeout {
        _ if interrupted.load(Ordering::Relaxed) => "interrupted (Ctrl-C)".to_string(),
        Some(limit) if timed_out => {
            format!("timed out after {}", humanize(limit))
        }
        _ => "stopped".to_string(),
    };
    let next = match &out {
        Some((path, _)) => format!(
            "the finished rows are in {}; continue with --resume {}",
            path.display(),
            path.display()
        ),
        None => "stream the rows with --out FILE to be able to continue with --resume FILE".into(),
    };
    let _ = writeln!(
        std::io::stderr(),
        "error: {why}: {} of {sets} perturbation sets done, {unfinished} not run; {next}",
        sets - unfinished
    );
    if interrupted.load(Ordering::Relaxed) {
        return Ok(ExitCode::from(super::EXIT_INTERRUPTED as u8));
    }
    Ok(ExitCode::from(super::EXIT_BAD_INPUT))
}

/// The table file to stream to (`--out`, or the file `--resume` continues) and its format.
fn out_file(args: &ScreenArgs) -> Result<Option<(PathBuf, TableFormat)>, Error> {
    let path = match (&args.out, &args.resume) {
        (Some(o), Some(r)) if o != r => {
            return Err(Error::Invalid(format!(
                "--resume {} continues the table it names; --out {} names another (give one, or the same file)",
                r.display(),
                o.display()
            )));
        }
        (Some(p), _) | (None, Some(p)) => p.clone(),
        (None, None) => return Ok(None),
    };
    let format = TableFormat::of(&path);
    Ok(Some((path, format)))
}

/// The file next to a streamed table that records the start its rows are probabilities from
/// (`TABLE.start`; absent for a uniformly random start), so that `--resume` cannot mix rows of
/// two starts: the rows themselves do not say.
fn start_record_path(table: &Path) -> PathBuf {
    let mut name = table.as_os_str().to_owned();
    name.push(".start");
    PathBuf::from(name)
}

/// The record of a start: its description and a fingerprint of its states and weights (FNV-1a,
/// stable across builds), so that two starts with the same words but other states differ.
fn start_record(start: Option<&Start>) -> Option<String> {
    let start = start?;
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for b in bytes {
            hash = (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    match start {
        Start::State(s) => eat(format!("state {s}").as_bytes()),
        Start::Pattern(p) => eat(format!("pattern {p}").as_bytes()),
        Start::Distribution { states, .. } => {
            for (s, w) in states {
                eat(s.to_string().as_bytes());
                eat(&w.to_bits().to_le_bytes());
            }
        }
    }
    Some(format!("{start}\nfingerprint {hash:016x}\n"))
}

/// Writes (or, for a uniformly random start, removes) the table's start record.
fn write_start_record(table: &Path, start: Option<&Start>) -> Result<(), Error> {
    let path = start_record_path(table);
    match start_record(start) {
        Some(text) => table::replace(&path, &text),
        None => match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(Error::Io { path, source: e })
            }
            _ => Ok(()),
        },
    }
}

/// Refuses to resume a table whose rows were computed from another start than this run's.
fn check_start_record(table: &Path, start: Option<&Start>) -> Result<(), Error> {
    if !table.exists() {
        return Ok(());
    }
    let found = std::fs::read_to_string(start_record_path(table)).ok();
    let expected = start_record(start);
    if found == expected {
        return Ok(());
    }
    let words = |record: &Option<String>| match record {
        Some(r) => r.lines().next().unwrap_or_default().to_string(),
        None => "a uniformly random state (no --start)".to_string(),
    };
    Err(Error::Invalid(format!(
        "{} was not written by this screen: its rows start from {}, this run from {} (resume \
         with the same --start)",
        table.display(),
        words(&found),
        words(&expected)
    )))
}

/// The rows of the perturbation sets that `path` holds completely (a row for every condition ×
/// update scheme of this screen, and not the last set of the file, which a kill may have cut
/// between two rows); the others are run again. A missing file starts afresh.
fn resume_rows(
    net: &Network,
    all: &[Vec<Perturbation>],
    conditions: &[Condition],
    updates: &[UpdateScheme],
    path: &Path,
    format: TableFormat,
) -> Result<Vec<ScreenRow>, Error> {
    if !path.exists() {
        let _ = writeln!(
            std::io::stderr(),
            "note: {} does not exist yet; the screen starts from the beginning",
            path.display()
        );
        return Ok(Vec::new());
    }
    let rows = table::read_rows(path, format)?;
    let names: HashSet<String> = all.iter().map(|p| perturbation_name(net, p)).collect();
    let mut seen: HashMap<&str, HashSet<(usize, usize)>> = HashMap::new();
    for r in &rows {
        let foreign = |what: String| {
            Error::Invalid(format!(
                "{} was not written by this screen: {what} (resume with the same model, \
                 phenotypes, conditions, nodes, values, order and update)",
                path.display()
            ))
        };
        if !names.contains(&r.perturbation) {
            return Err(foreign(format!(
                "perturbation '{}' is not in it",
                r.perturbation
            )));
        }
        let Some(c) = conditions.iter().position(|c| c.name == r.condition) else {
            return Err(foreign(format!("condition '{}' is not in it", r.condition)));
        };
        let Some(u) = updates.iter().position(|&u| u == r.update) else {
            return Err(foreign(format!("it has no {} update", r.update)));
        };
        seen.entry(&r.perturbation).or_default().insert((c, u));
    }
    let whole = conditions.len() * updates.len();
    let mut complete: HashSet<&str> = seen
        .iter()
        .filter(|(_, s)| s.len() == whole)
        .map(|(p, _)| *p)
        .collect();
    // A set's rows are written in one write, so only the last set of the file can have been
    // cut short, and a cut at a line end would go unnoticed: run that set again.
    if let Some(last) = rows.last() {
        complete.remove(last.perturbation.as_str());
    }
    let kept: Vec<ScreenRow> = rows
        .iter()
        .filter(|r| complete.contains(r.perturbation.as_str()))
        .cloned()
        .collect();
    let _ = writeln!(
        std::io::stderr(),
        "resuming {}: {} of {} perturbation sets already done",
        path.display(),
        complete.len(),
        all.len()
    );
    Ok(kept)
}

/// Where the header of the shard table `path` lives: `path` with `.shard.json` appended.
fn header_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".shard.json");
    PathBuf::from(name)
}

fn write_header(path: &Path, header: &ShardHeader) -> Result<(), Error> {
    let text = serde_json::to_string_pretty(header).expect("headers always serialise") + "\n";
    table::replace(&header_path(path), &text)
}

/// Reads the header next to the shard table `path`.
fn read_header(path: &Path) -> Result<ShardHeader, Error> {
    let at = header_path(path);
    let text = match std::fs::read_to_string(&at) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::Invalid(format!(
                "{} has no shard header ({} is missing): is it a part written by basin screen \
                 --shard I/N --out {}?",
                path.display(),
                at.display(),
                path.display()
            )));
        }
        Err(source) => return Err(Error::Io { path: at, source }),
    };
    serde_json::from_str(&text).map_err(|e| {
        Error::Invalid(format!(
            "{}: {e}; is it the header basin screen --shard writes next to its table?",
            at.display()
        ))
    })
}

/// Refuses to resume a shard table whose header (when there is one) is another screen's or
/// another shard's.
fn check_resumed_header(path: &Path, header: &ShardHeader) -> Result<(), Error> {
    if !header_path(path).exists() {
        return Ok(());
    }
    let old = read_header(path)?;
    if old.screen_digest != header.screen_digest
        || old.shard != header.shard
        || old.shards != header.shards
    {
        return Err(ShardError::OtherScreen {
            part: path.display().to_string(),
            first: "this run".into(),
            differs: format!(
                "it is shard {}/{} of screen {}, this run shard {}/{} of screen {}",
                old.shard,
                old.shards,
                old.screen_digest,
                header.shard,
                header.shards,
                header.screen_digest
            ),
            shard: header.shard,
            shards: header.shards,
        }
        .into());
    }
    Ok(())
}

/// `basin merge`: the parts of a split screen joined into the unsplit table.
pub(crate) fn merge(args: &MergeArgs) -> Result<ExitCode, Error> {
    let mut parts = Vec::with_capacity(args.parts.len());
    for path in &args.parts {
        let header = read_header(path)?;
        let rows = table::read_rows(path, TableFormat::of(path))?;
        parts.push(Part {
            name: path.display().to_string(),
            header,
            rows,
        });
    }
    let rows = merge_shards(parts)?;
    let format = args
        .output
        .as_deref()
        .map_or(TableFormat::Csv, TableFormat::of);
    write_output(args.output.as_deref(), &format.render(&rows))?;
    Ok(ExitCode::SUCCESS)
}

/// A duration as the user would write it (`90s`, `10m`, `1.5s`).
fn humanize(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 60.0 && s % 60.0 == 0.0 {
        format!("{}m", s / 60.0)
    } else {
        format!("{s}s")
    }
}

#[derive(Serialize)]
struct ScreenReport {
    basin_json_version: u32,
    model: String,
    perturbations: Vec<String>,
    conditions: Vec<String>,
    updates: Vec<String>,
    /// Where the cell started (`--start`), when not from a uniformly random state.
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<String>,
    rows: Vec<ScreenRow>,
}

/// A ranking line: perturbation index, name, wild-type share, perturbed share, shift, where,
/// and the shift with its estimates when either share is estimated.
type RankLine = (usize, String, f64, f64, f64, String, Option<LabelShift>);

fn render_text(
    net: &Network,
    args: &ScreenArgs,
    result: &ScreenResult,
    query: Option<&LabelQuery>,
    elapsed: f64,
    read_back: usize,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "model       {}", args.model.model.display());
    let total = (result.perturbations.len() + 1) * result.conditions.len() * result.updates.len();
    let _ = writeln!(
        out,
        "screen      {} perturbation set(s) × {} condition(s) × {} update scheme(s) = {total} explorations with wild types, {:.2} s",
        result.perturbations.len(),
        result.conditions.len(),
        result.updates.len(),
        elapsed
    );
    if read_back > 0 {
        let _ = writeln!(
            out,
            "resumed     {read_back} perturbation set(s) read back from the table (their verdicts \
             cannot name attractors that appeared or vanished: the table holds label shares)"
        );
    }
    if !result.unfinished.is_empty() {
        let _ = writeln!(
            out,
            "unfinished  {} perturbation set(s) not run (stopped early); the rest below",
            result.unfinished.len()
        );
    }
    let _ = writeln!(
        out,
        "conditions  {}",
        super::conditions_line(net, &result.conditions)
    );
    if result
        .entries
        .iter()
        .any(|e| e.shift.iter().any(|(_, s)| s.is_estimated()))
    {
        let _ = writeln!(
            out,
            "estimated   some shares are estimates (random walks or samples): the ranking uses \
             the estimates; verdicts name a change only when its 95% interval excludes 0"
        );
    }
    // Ranking: by the chosen labels, or by the largest shift of any label.
    let mut ranked: Vec<RankLine> = match query {
        Some(q) => result
            .rank(q)
            .into_iter()
            .map(|r| {
                (
                    r.perturbation,
                    r.name,
                    r.wild_type,
                    r.perturbed,
                    r.shift,
                    format!("{} {}", r.condition, r.update),
                    r.estimated,
                )
            })
            .collect(),
        None => {
            let mut best: Vec<Option<RankLine>> = vec![None; result.perturbations.len()];
            for e in &result.entries {
                for (label, s) in e.shift.iter() {
                    let slot = &mut best[e.perturbation];
                    if slot.as_ref().is_none_or(|b| s.shift.abs() > b.4.abs()) {
                        *slot = Some((
                            e.perturbation,
                            result.perturbation_names[e.perturbation].clone(),
                            s.wild_type,
                            s.perturbed,
                            s.shift,
                            format!(
                                "{label} in {} {}",
                                result.conditions[e.condition].name, e.update
                            ),
                            s.is_estimated().then_some(s),
                        ));
                    }
                }
            }
            best.into_iter().flatten().collect()
        }
    };
    ranked.sort_by(|a, b| b.4.abs().total_cmp(&a.4.abs()).then(a.0.cmp(&b.0)));
    let what = match query {
        Some(q) => format!("share of {q}"),
        None => "share of any label".to_string(),
    };
    let _ = writeln!(
        out,
        "\nranking by the largest absolute shift of the {what} (top {}):",
        args.top.min(ranked.len())
    );
    let width = ranked
        .iter()
        .map(|r| r.1.chars().count())
        .max()
        .unwrap_or(0);
    for (i, r) in ranked.iter().take(args.top).enumerate() {
        let Some(s) = &r.6 else {
            let _ = writeln!(
                out,
                "  {:>3}. {:<width$}  {:>9} → {:>9}  ({:>9})  {}",
                i + 1,
                r.1,
                percent(r.2),
                percent(r.3),
                signed_percent(r.4),
                r.5
            );
            continue;
        };
        // Estimated shares marked `~`, the shift with its 95% interval.
        let mark =
            |estimated: bool, x: f64| format!("{}{}", if estimated { "~" } else { "" }, percent(x));
        let (lo, hi) = s.ci95();
        let _ = writeln!(
            out,
            "  {:>3}. {:<width$}  {:>9} → {:>9}  ({:>9}, 95% CI {} to {})  {}",
            i + 1,
            r.1,
            mark(s.wild_type_estimate.is_some(), r.2),
            mark(s.estimate.is_some(), r.3),
            signed_percent(r.4),
            signed_percent(lo),
            signed_percent(hi),
            r.5
        );
    }
    let _ = writeln!(
        out,
        "\nverdicts (perturbed against wild type; unchanged conditions omitted):"
    );
    // Condition names as wide as the longest (at least 18), so the columns line up.
    let width = result
        .conditions
        .iter()
        .map(|c| c.name.chars().count())
        .max()
        .unwrap_or(0)
        .max(18);
    for (p, name) in result.perturbation_names.iter().enumerate() {
        if !ranked.iter().take(args.top).any(|r| r.0 == p) {
            continue;
        }
        let _ = writeln!(out, "  {name}");
        let mut any = false;
        for e in result.entries.iter().filter(|e| e.perturbation == p) {
            if e.shift.iter().all(|(_, s)| s.shift.abs() < 1e-12)
                && e.appeared.is_empty()
                && e.vanished.is_empty()
            {
                continue;
            }
            any = true;
            let wt = &result.wild_type(e.condition, e.update).distribution;
            let labels =
                |d: &basin::phenotype::Distribution| d.labels().collect::<Vec<_>>().join(" ");
            let verdict = if e.shift.iter().all(|(_, s)| s.shift.abs() < 1e-12) {
                format!(
                    "label shares unchanged; {} attractor(s) appeared, {} vanished",
                    e.appeared.len(),
                    e.vanished.len()
                )
            } else {
                e.shift.verdict()
            };
            let _ = writeln!(
                out,
                "    {:<width$} {:<12} {} → {}: {verdict}",
                result.conditions[e.condition].name,
                e.update.as_str(),
                labels(wt),
                labels(&e.distribution),
            );
        }
        if !any {
            let _ = writeln!(out, "    no change in any condition");
        }
    }
    out
}
