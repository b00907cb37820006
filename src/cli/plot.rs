//! `basin plot graph`: the interaction graph as Graphviz DOT, or as SVG through `dot` when it is
//! installed; and the figure helpers `basin attractors --plot` and `basin report` share.

use super::args::{ModelArgs, PhenotypeArgs};
use super::{load_model, write_output};
use basin::Error;
use basin::attractor::Exploration;
use basin::network::Network;
use basin::phenotype::{LabelQuery, PhenotypeSpec, Phenotypes};
use basin::plot::Figure;
use basin::plot::attractors::{HeatmapOptions, attractor_heatmap};
use basin::plot::graph::{render_svg, to_dot};
use basin::plot::shifts::{ShiftGrid, shift_heatmap};
use clap::{Args, Subcommand};
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
    /// The interaction graph with signed edges: DOT, or SVG when Graphviz `dot` is installed.
    Graph(GraphArgs),
}

#[derive(Debug, Args)]
pub(crate) struct GraphArgs {
    #[command(flatten)]
    pub(crate) model: ModelArgs,
    /// Write to this file: `.svg` lays the graph out with Graphviz `dot` (DOT is written next
    /// to it instead when `dot` is missing), anything else gets DOT. Default: DOT to stdout.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

pub(crate) fn run(args: &PlotArgs) -> Result<ExitCode, Error> {
    match &args.what {
        PlotCommand::Graph(a) => graph(a),
    }
}

fn graph(args: &GraphArgs) -> Result<ExitCode, Error> {
    let model = load_model(&args.model)?;
    let name = model_name(&args.model.model);
    let dot = to_dot(&model.network, &name);
    let Some(path) = &args.output else {
        write_output(None, &dot)?;
        return Ok(ExitCode::SUCCESS);
    };
    if !has_extension(path, "svg") {
        write_output(Some(path), &dot)?;
        return Ok(ExitCode::SUCCESS);
    }
    match render_svg(&dot) {
        Ok(svg) => write_output(Some(path), &svg)?,
        Err(e) => {
            let fallback = path.with_extension("dot");
            write_output(Some(&fallback), &dot)?;
            note(&format!(
                "{e}; wrote the DOT source to {} instead (render it with `dot -Tsvg {} -o {}`)",
                fallback.display(),
                fallback.display(),
                path.display()
            ));
        }
    }
    Ok(ExitCode::SUCCESS)
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
