//! `basin plot graph`: the interaction graph drawn by basin (SVG, optionally coloured by an
//! attractor), or written as DOT, SIF or GraphML; and the figure helpers `basin attractors
//! --plot` and `basin report` share.

use super::args::{ModelArgs, PhenotypeArgs, UpdateArg};
use super::engine;
use super::{load_model, write_output};
use basin::Error;
use basin::attractor::{Exploration, UpdateScheme};
use basin::condition::DefaultConditions;
use basin::network::{Network, VarId};
use basin::perturb::{parse_inputs, parse_perturbations};
use basin::phenotype::{LabelQuery, PhenotypeSpec, Phenotypes};
use basin::plot::Figure;
use basin::plot::attractors::{HeatmapOptions, attractor_heatmap};
use basin::plot::graph::to_dot;
use basin::plot::graph_draw::{GraphOptions, Overlay, graph_figure};
use basin::plot::graph_export::{to_graphml, to_sif};
use basin::plot::shifts::{ShiftGrid, shift_heatmap};
use clap::{Args, Subcommand, ValueEnum};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub(crate) struct PlotArgs {
    #[command(subcommand)]
    pub(crate) what: PlotCommand,
}

#[derive(Debug, Subcommand)]
pub(crate) enum PlotCommand {
    /// The interaction graph with signed edges, drawn by basin (SVG), or as DOT, SIF or
    /// GraphML; coloured by an attractor with --attractor.
    Graph(GraphArgs),
}

/// The file formats of `basin plot graph`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum GraphFormat {
    /// The picture, laid out by basin.
    Svg,
    /// Graphviz DOT source.
    Dot,
    /// Cytoscape's simple interaction format (activates, inhibits, dual, no-effect, unknown).
    Sif,
    /// GraphML (node kind, edge sign, overlay attributes).
    Graphml,
}

#[derive(Debug, Args)]
pub(crate) struct GraphArgs {
    #[command(flatten)]
    pub(crate) model: ModelArgs,
    /// Write to this file; its extension picks the format (.svg, .dot or .gv, .sif, .graphml)
    /// unless --format is given. Default: SVG to standard output.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// The format to write, whatever the file name.
    #[arg(long, value_enum)]
    pub(crate) format: Option<GraphFormat>,
    /// Colour the nodes by an attractor: its number N as `basin attractors` lists them (from 1),
    /// or its pattern (0, 1 or * per variable in file order).
    #[arg(long, value_name = "N|PATTERN")]
    pub(crate) attractor: Option<String>,
    /// Update scheme of the attractors for --attractor.
    #[arg(long, value_enum, default_value_t = UpdateArg::Async)]
    pub(crate) update: UpdateArg,
    /// Fix an input for --attractor; repeatable.
    #[arg(long = "input", value_name = "NAME=0|1")]
    pub(crate) inputs: Vec<String>,
    /// Knock out (=0) or overexpress (=1) a node for --attractor (marked in the picture);
    /// repeatable.
    #[arg(long = "perturb", value_name = "NAME=0|1")]
    pub(crate) perturb: Vec<String>,
    /// --phenotypes highlights the file's marker groups; --condition fixes the inputs.
    #[command(flatten)]
    pub(crate) phenotype: PhenotypeArgs,
}

pub(crate) fn run(args: &PlotArgs) -> Result<ExitCode, Error> {
    match &args.what {
        PlotCommand::Graph(a) => graph(a),
    }
}

/// The format of `basin plot graph`: `--format`, else the output's extension, else SVG.
fn graph_format(args: &GraphArgs) -> Result<GraphFormat, Error> {
    if let Some(f) = args.format {
        return Ok(f);
    }
    let Some(path) = &args.output else {
        return Ok(GraphFormat::Svg);
    };
    for (ext, format) in [
        ("svg", GraphFormat::Svg),
        ("dot", GraphFormat::Dot),
        ("gv", GraphFormat::Dot),
        ("sif", GraphFormat::Sif),
        ("graphml", GraphFormat::Graphml),
    ] {
        if has_extension(path, ext) {
            return Ok(format);
        }
    }
    Err(Error::Invalid(format!(
        "-o {}: cannot tell the format from the file name; name it .svg, .dot, .sif or .graphml, or give --format",
        path.display()
    )))
}

fn graph(args: &GraphArgs) -> Result<ExitCode, Error> {
    let format = graph_format(args)?;
    let model = load_model(&args.model)?;
    let net = &model.network;
    let name = model_name(&args.model.model);
    let overlay = match &args.attractor {
        Some(which) => Some(attractor_overlay(args, net, which)?),
        None => {
            let uses = !args.inputs.is_empty()
                || !args.perturb.is_empty()
                || !args.phenotype.condition.is_empty()
                || args.phenotype.phenotypes.is_some();
            if uses {
                return Err(Error::Invalid(
                    "--input, --perturb, --condition and --phenotypes colour the graph by an attractor: give --attractor N or PATTERN".into(),
                ));
            }
            None
        }
    };
    if overlay.is_some() && matches!(format, GraphFormat::Dot | GraphFormat::Sif) {
        note(
            "DOT and SIF have no node attributes: the attractor is not in this file (use .svg or .graphml)",
        );
    }
    let text = match format {
        GraphFormat::Svg => {
            graph_figure(
                net,
                &GraphOptions {
                    title: name,
                    id_prefix: "graph-".into(),
                    overlay,
                },
            )
            .svg
        }
        GraphFormat::Dot => to_dot(net, &name),
        GraphFormat::Sif => to_sif(net),
        GraphFormat::Graphml => to_graphml(net, overlay.as_ref()),
    };
    write_output(args.output.as_deref(), &text)?;
    Ok(ExitCode::SUCCESS)
}

/// Explores `network` with `fixed` held: the one place `basin plot graph` finds attractors,
/// through the library's front door like every other command.
fn explore_attractors(
    network: &Network,
    fixed: &[(VarId, bool)],
    update: UpdateScheme,
) -> Result<Exploration, Error> {
    basin::explore(
        network,
        fixed,
        update,
        &basin::engine::EngineOptions::default(),
    )
}

/// `--attractor N|PATTERN` with its condition, perturbation and marker groups.
fn attractor_overlay(args: &GraphArgs, net: &Network, which: &str) -> Result<Overlay, Error> {
    if args.phenotype.all_conditions || args.phenotype.condition.len() > 1 {
        return Err(Error::Invalid(
            "--attractor draws one attractor: give at most one --condition".into(),
        ));
    }
    let inputs = parse_inputs(net, &args.inputs)?;
    let perturbed: Vec<(VarId, bool)> = parse_perturbations(net, &args.perturb)?
        .into_iter()
        .map(|p| (p.var, p.value))
        .collect();
    let conditions =
        engine::select_conditions(&args.phenotype, net, &inputs, DefaultConditions::FreeInputs)?;
    let (condition, mut fixed) = match conditions.as_deref() {
        Some([c]) => (Some(c.name.clone()), c.fixed().to_vec()),
        _ => (None, inputs.clone()),
    };
    for &(v, b) in &perturbed {
        fixed.retain(|(x, _)| *x != v);
        fixed.push((v, b));
    }
    let update = UpdateScheme::from(args.update);
    let exploration = explore_attractors(net, &fixed, update)?;
    let index = pick_attractor(&exploration, which)?;
    let phenotypes = engine::phenotypes(&args.phenotype, net)?;
    let label = phenotypes
        .as_ref()
        .map(|p| p.classify(&exploration.attractors[index]).label);
    let mut overlay = Overlay::of_attractor(net, &exploration, index, &perturbed, label.as_deref());
    if let Some(path) = &args.phenotype.phenotypes {
        overlay.groups = Overlay::marker_groups(net, &PhenotypeSpec::read(path)?);
    }
    if let Some(c) = &condition {
        overlay.caption.push_str(&format!(" · condition {c}"));
    }
    overlay.caption.push_str(&perturbed_suffix(&args.perturb));
    Ok(overlay)
}

/// The index of the attractor `which` names: a number from 1, or a pattern (0, 1, `*` per
/// variable; `-` is read as `*`) equal to one attractor's, or matching exactly one.
fn pick_attractor(exploration: &Exploration, which: &str) -> Result<usize, Error> {
    let count = exploration.attractors.len();
    let which = which.trim();
    if let Ok(k) = which.parse::<usize>()
        && which.len() != exploration.variables.len()
    {
        if k == 0 || k > count {
            return Err(Error::Invalid(format!(
                "--attractor {k}: there are {count} attractors (numbered from 1)"
            )));
        }
        return Ok(k - 1);
    }
    let wanted = which.replace('-', "*");
    if wanted.len() != exploration.variables.len() || !wanted.chars().all(|c| "01*".contains(c)) {
        return Err(Error::Invalid(format!(
            "--attractor '{which}': give a number from 1 to {count} or a pattern of 0, 1 and * with one character per variable ({})",
            exploration.variables.len()
        )));
    }
    let patterns: Vec<String> = exploration
        .attractors
        .iter()
        .map(|a| a.pattern.to_string())
        .collect();
    if let Some(i) = patterns.iter().position(|p| *p == wanted) {
        return Ok(i);
    }
    let matching: Vec<usize> = (0..count)
        .filter(|&i| {
            wanted
                .chars()
                .zip(patterns[i].chars())
                .all(|(w, p)| w == '*' || w == p)
        })
        .collect();
    match matching.as_slice() {
        [i] => Ok(*i),
        [] => Err(Error::Invalid(format!(
            "--attractor '{which}': no attractor has this pattern; they are: {}",
            patterns.join(" ")
        ))),
        many => Err(Error::Invalid(format!(
            "--attractor '{which}': {} attractors match (numbers {}); give more of the pattern or the number",
            many.len(),
            many.iter()
                .map(|i| (i + 1).to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// Prints `note: …` on stderr.
pub(crate) fn note(text: &str) {
    let _ = writeln!(std::io::stderr(), "note: {text}");
}

/// Whether `path` ends in `.ext` (any case).
pub(crate) fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case(ext))
}

/// The file name of a model path, for titles.
pub(crate) fn model_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// ` · perturbed X=0 Y=1`, or nothing.
pub(crate) fn perturbed_suffix(perturb: &[String]) -> String {
    if perturb.is_empty() {
        String::new()
    } else {
        format!(" · perturbed {}", perturb.join(" "))
    }
}

/// The attractor heatmap of one run, labelled when phenotypes are given.
pub(crate) fn attractor_figure(
    net: &Network,
    exploration: &Exploration,
    title: String,
    phenotypes: Option<&Phenotypes>,
    max_state_columns: u64,
) -> Figure {
    let mut options = HeatmapOptions::new(title);
    options.max_state_columns = max_state_columns;
    let labels: Option<Vec<String>> = phenotypes.map(|p| {
        options.markers = p.markers().to_vec();
        p.classify_all(exploration)
            .into_iter()
            .map(|c| c.label)
            .collect()
    });
    attractor_heatmap(net, exploration, labels.as_deref(), &options)
}

/// Refuses a `--plot` file that is not `*.svg` (before any work is done).
pub(crate) fn check_svg_path(path: &Path) -> Result<(), Error> {
    if has_extension(path, "svg") {
        Ok(())
    } else {
        Err(Error::Invalid(format!(
            "--plot {}: the plot is written as SVG; name the file *.svg",
            path.display()
        )))
    }
}

/// `--plot FILE`: the figures stacked in one SVG (a single figure as it is).
pub(crate) fn write_figures(path: &Path, figures: &[Figure], title: &str) -> Result<(), Error> {
    let figure = match figures {
        [one] => one.clone(),
        many => Figure::stack(many, title),
    };
    write_output(Some(path), &figure.svg)
}

/// The label queries shift heatmaps draw by default: every label rule, simple phenotype and flag
/// of the phenotype file, in file order, each once.
pub(crate) fn label_queries(args: &PhenotypeArgs) -> Result<Vec<String>, Error> {
    let Some(path) = &args.phenotypes else {
        return Ok(Vec::new());
    };
    let spec = PhenotypeSpec::read(path)?;
    let mut out: Vec<String> = Vec::new();
    for q in spec
        .label_names()
        .into_iter()
        .chain(spec.phenotype_names())
        .chain(spec.flag_names())
    {
        // Every label that has the name as a part: `part:M2` selects M2, M2+FIB and
        // Apoptosis/M2; `part:FIB` every label with the flag.
        let q = format!("part:{q}");
        if !out.contains(&q) {
            out.push(q);
        }
    }
    Ok(out)
}

/// A query as figures name it: the label, flag or phenotype a generated `part:` query is about.
pub(crate) fn shown(query: &str) -> &str {
    query.strip_prefix("part:").unwrap_or(query)
}

/// `basin screen --plot` and `basin knockout --plot`: one shift heatmap (perturbations ×
/// conditions and updates) per label query, stacked in one SVG.
pub(crate) fn write_shift_plot(
    path: &Path,
    queries: &[String],
    title: &str,
    grid: impl Fn(&LabelQuery) -> ShiftGrid,
) -> Result<(), Error> {
    let figures: Vec<Figure> = queries
        .iter()
        .map(|q| {
            shift_heatmap(
                &grid(&LabelQuery::parse(q)),
                &format!("{title} — shift of {}", shown(q)),
            )
        })
        .collect();
    write_figures(path, &figures, title)
}
