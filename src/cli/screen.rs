//! `basin screen`: every perturbation of chosen nodes (single, double, triple; knockout and/or
//! overexpression) explored independently and in parallel under each condition and update
//! scheme, reported as a tidy table (CSV/JSON: one row per perturbation × condition × update ×
//! label) or as text: a ranking by the largest shift and a verdict per changed condition.

use super::args::{OutputFormat, ScreenArgs};
use super::engine::{self, DefaultConditions};
use super::knockout::{csv_field, signed_percent};
use super::{load_model, write_output};
use basin::Error;
use basin::error::closest;
use basin::network::{Network, VarId};
use basin::perturb::parse_inputs;
use basin::phenotype::LabelQuery;
use basin::report::percent;
use basin::screen::{
    Progress, Screen, ScreenResult, ScreenRow, count_perturbations, generate_perturbations,
    screen_nodes,
};
use basin::synchronous::SyncExplorer;
use serde::Serialize;
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Instant;

/// The most perturbation sets a screen accepts; far beyond order 2 of a 100-node network.
const MAX_PERTURBATIONS: u128 = 10_000_000;

fn nodes(net: &Network, names: &[String]) -> Result<Vec<VarId>, Error> {
    if names.is_empty() {
        return Ok(screen_nodes(net));
    }
    let mut out = Vec::new();
    for name in names.iter().map(|n| n.trim()) {
        let Some(v) = net.find(name) else {
            let hint = closest(name, net.names().iter().map(String::as_str))
                .map(|c| format!("; did you mean '{c}'?"))
                .unwrap_or_default();
            return Err(Error::Invalid(format!(
                "--nodes: unknown node '{name}'{hint}"
            )));
        };
        if !out.contains(&v) {
            out.push(v);
        }
    }
    Ok(out)
}

pub(crate) fn run(args: &ScreenArgs) -> Result<ExitCode, Error> {
    let model = load_model(&args.model)?;
    let net = &model.network;
    let Some(phenotypes) = engine::phenotypes(&args.phenotype, net)? else {
        return Err(Error::Invalid(
            "basin screen needs --phenotypes FILE (the labels to compare)".into(),
        ));
    };
    let inputs = parse_inputs(net, &args.inputs)?;
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
    if count > MAX_PERTURBATIONS {
        return Err(Error::Invalid(format!(
            "the screen has {count} perturbation sets (order {order} over {} nodes); the limit is \
             {MAX_PERTURBATIONS}: choose fewer --nodes or a lower --order",
            nodes.len()
        )));
    }
    let perturbations = generate_perturbations(&nodes, &values, order);
    let updates = engine::updates(args.engine.update);
    let options = args.engine.options();
    let mut screen = Screen::new(net, &phenotypes)
        .perturbations(perturbations)
        .conditions(conditions)
        .updates(updates);
    if let Some(j) = args.engine.jobs {
        screen = screen.jobs(usize::from(j));
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
    let result = screen.run_with(SyncExplorer::new, |sync, n, f, u| {
        engine::explore_with(sync, n, f, u, &options)
    })?;
    let elapsed = started.elapsed().as_secs_f64();
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let query = args.rank_by.as_deref().map(LabelQuery::parse);
    let rendered = match args.format {
        OutputFormat::Csv => render_csv(&result.rows()),
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
                rows: result.rows(),
            };
            serde_json::to_string_pretty(&doc).expect("reports always serialise") + "\n"
        }
        OutputFormat::Text => render_text(net, args, &result, query.as_ref(), total, elapsed),
    };
    write_output(args.output.as_deref(), &rendered)?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct ScreenReport {
    basin_json_version: u32,
    model: String,
    perturbations: Vec<String>,
    conditions: Vec<String>,
    updates: Vec<String>,
    rows: Vec<ScreenRow>,
}

fn render_csv(rows: &[ScreenRow]) -> String {
    let mut out = String::from(
        "perturbation,condition,update,label,fraction,wild_type_fraction,shift,attractors,wild_type_attractors\n",
    );
    for r in rows {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{}",
            csv_field(&r.perturbation),
            csv_field(&r.condition),
            r.update.as_str(),
            csv_field(&r.label),
            r.fraction,
            r.wild_type_fraction,
            r.shift,
            r.attractors,
            r.wild_type_attractors
        );
    }
    out
}

/// A ranking line: perturbation index, name, wild-type share, perturbed share, shift, where.
type RankLine = (usize, String, f64, f64, f64, String);

fn render_text(
    net: &Network,
    args: &ScreenArgs,
    result: &ScreenResult,
    query: Option<&LabelQuery>,
    total: usize,
    elapsed: f64,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "model       {}", args.model.model.display());
    let _ = writeln!(
        out,
        "screen      {} perturbation set(s) × {} condition(s) × {} update scheme(s) = {total} explorations with wild types, {:.2} s",
        result.perturbations.len(),
        result.conditions.len(),
        result.updates.len(),
        elapsed
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
    }
    let _ = writeln!(
        out,
        "\nverdicts (perturbed against wild type; unchanged conditions omitted):"
    );
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
                "    {:<18} {:<12} {} → {}: {verdict}",
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
