//! `basin report MODEL --phenotypes FILE --out DIR`: one self-contained HTML page (inline SVG
//! and CSS, no script, no external resource) with the model summary, the interaction graph,
//! the attractor table and heatmap per condition and update scheme, and knockout/screen
//! heatmaps; the figures are also written next to it as SVG (and the graph also as DOT). The
//! graph is drawn by basin itself (`basin::plot::graph_draw`): no Graphviz needed. Each
//! condition's section also draws the graph coloured by each of its attractors (the picture of
//! `basin plot graph --attractor N --condition C`), for the first [`MAX_OVERLAYS`] attractors
//! and a line saying how many more there are; these are only in the page.
//!
//! Defaults: the phenotype file's named conditions (all inputs 0 when it names none),
//! asynchronous update, and a screen of the single knockouts and overexpressions of every node
//! that is not an input, one heatmap per label rule, simple phenotype and flag of the file.

use super::args::{EngineArgs, ModelArgs, PhenotypeArgs, UpdatesArg};
use super::engine;
use super::load_model;
use super::plot::{attractor_figure, model_name, perturbed_suffix};
use basin::Error;
use basin::condition::DefaultConditions;
use basin::lint::{LintOptions, check};
use basin::network::{Network, VarId};
use basin::perturb::parse_perturbations;
use basin::phenotype::LabelQuery;
use basin::phenotype::PhenotypeSpec;
use basin::plot::attractors::{HeatmapOptions, Panel, attractor_panels};
use basin::plot::graph::to_dot;
use basin::plot::graph_draw::{GraphOptions, Overlay, graph_figures};
use basin::plot::html::{ConditionSection, ModelReport, ScreenSection, model_report};
use basin::plot::shifts::{ShiftGrid, shift_heatmap};
use basin::screen::{Screen, generate_perturbations};
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// How many perturbations each ranking table lists.
const RANKED: usize = 10;

/// How many attractors of each condition are drawn over the interaction graph.
pub(crate) const MAX_OVERLAYS: usize = 4;

#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    #[command(flatten)]
    pub(crate) model: ModelArgs,
    /// Without --condition or --all-conditions: every named condition of the file (all inputs
    /// 0 when it names none).
    #[command(flatten)]
    pub(crate) phenotype: PhenotypeArgs,
    /// Update scheme(s): async (the default of every command), sync, or both side by side.
    #[arg(long, value_enum, default_value_t)]
    pub(crate) update: UpdatesArg,
    #[command(flatten)]
    pub(crate) engine: EngineArgs,
    /// The directory to write report.html and the figures to (created if missing).
    #[arg(long, value_name = "DIR")]
    pub(crate) out: PathBuf,
    /// Report on the network with this node knocked out (=0) or overexpressed (=1); repeatable.
    #[arg(long = "perturb", value_name = "NAME=0|1")]
    pub(crate) perturb: Vec<String>,
    /// Nodes the screen knocks out and overexpresses, comma-separated (default: every node that
    /// is not an input).
    #[arg(long, value_name = "A,B,...", value_delimiter = ',')]
    pub(crate) screen_nodes: Vec<String>,
    /// Leave the knockout screen out.
    #[arg(long, conflicts_with = "screen_nodes")]
    pub(crate) no_screen: bool,
    /// Label queries to draw screen heatmaps for (comma-separated names, `*` wildcard);
    /// repeatable. Default: every label rule, simple phenotype and flag of the phenotype file.
    #[arg(long = "shift", value_name = "LABELS")]
    pub(crate) shift: Vec<String>,
    /// Attractors with more states than this are drawn as one column shaded by activity.
    #[arg(long, value_name = "N", default_value_t = 16)]
    pub(crate) max_columns: u64,
}

/// A file name piece from free text: letters, digits, `-`, `_`, `+`, `.`; others become `_`.
fn slug(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_+.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn write_file(path: &Path, text: &str) -> Result<(), Error> {
    super::write_output(Some(path), text)
}

fn screen_nodes(net: &Network, names: &[String], skip: &[VarId]) -> Result<Vec<VarId>, Error> {
    if names.is_empty() {
        return Ok(net
            .vars()
            .filter(|&v| !net.is_input(v) && !skip.contains(&v))
            .filter(|&v| net.kind(v) == basin::VarKind::Internal)
            .collect());
    }
    super::named_nodes(net, names, "--screen-nodes")
}

pub(crate) fn run(args: &ReportArgs) -> Result<ExitCode, Error> {
    let started = Instant::now();
    let model = load_model(&args.model)?;
    let original = &model.network;
    let name = model_name(&args.model.model);
    let lint = check(&model, &LintOptions::default());
    let perturbation =
        parse_perturbations(original, &args.perturb).map_err(|e| e.in_context("--perturb"))?;
    let fixed_nodes: Vec<(VarId, bool)> = perturbation.iter().map(|p| (p.var, p.value)).collect();
    // The report is of the perturbed network: perturbed nodes become constants.
    let net = original.with_fixed(&fixed_nodes);
    let phenotypes = engine::phenotypes(&args.phenotype, original)?;
    let mut conditions =
        engine::select_conditions(&args.phenotype, original, &[], DefaultConditions::Named)?
            .expect("named conditions by default");
    for c in &mut conditions {
        c.inputs
            .retain(|(v, _)| !fixed_nodes.iter().any(|(f, _)| f == v));
    }
    engine::no_priorities(&args.engine, "report")?;
    let options = args.engine.options();
    let updates = engine::updates(args.update);
    std::fs::create_dir_all(&args.out).map_err(|source| Error::Io {
        path: args.out.clone(),
        source,
    })?;
    let mut written: Vec<PathBuf> = Vec::new();

    // Interaction graph (of the model as written), drawn by basin; DOT for Graphviz users.
    let dot_path = args.out.join("graph.dot");
    write_file(&dot_path, &to_dot(original, &name))?;
    written.push(dot_path);
    // Attractors per condition and update scheme.
    let runs: Vec<(usize, basin::UpdateScheme)> = (0..conditions.len())
        .flat_map(|c| updates.iter().map(move |&u| (c, u)))
        .collect();
    let explorations = engine::with_jobs(args.engine.jobs, || {
        runs.iter()
            .map(|&(c, u)| basin::explore(&net, conditions[c].fixed(), u, &options))
            .collect::<Result<Vec<_>, Error>>()
    })?;
    let groups = match &args.phenotype.phenotypes {
        Some(path) => Overlay::marker_groups(original, &PhenotypeSpec::read(path)?),
        None => Vec::new(),
    };
    let mut sections = Vec::new();
    let mut overlay_options: Vec<Vec<GraphOptions>> = Vec::new();
    for (k, (&(c, u), exploration)) in runs.iter().zip(&explorations).enumerate() {
        let cond = &conditions[c];
        let title = format!("{} · {}", cond.name, u);
        let figure = attractor_figure(
            &net,
            exploration,
            format!("{name} — {title}{}", perturbed_suffix(&args.perturb)),
            phenotypes.as_ref(),
            args.max_columns,
        );
        let inline = attractor_figure(
            &net,
            exploration,
            String::new(),
            phenotypes.as_ref(),
            args.max_columns,
        );
        let path = args.out.join(format!(
            "attractors-{:02}-{}-{}.svg",
            k + 1,
            slug(&cond.name),
            short_update(u)
        ));
        write_file(&path, &figure.svg)?;
        written.push(path);
        let labels: Vec<String> = phenotypes
            .as_ref()
            .map(|p| {
                p.classify_all(exploration)
                    .into_iter()
                    .map(|c| c.label)
                    .collect()
            })
            .unwrap_or_default();
        // The graph coloured by each attractor, as `basin plot graph --attractor` draws it.
        let shown = exploration.attractors.len().min(MAX_OVERLAYS);
        let options: Vec<GraphOptions> = (0..shown)
            .map(|i| {
                let mut overlay = Overlay::of_attractor(
                    original,
                    exploration,
                    i,
                    &fixed_nodes,
                    labels.get(i).map(String::as_str),
                );
                overlay.groups = groups.clone();
                overlay
                    .caption
                    .push_str(&format!(" · condition {}", cond.name));
                overlay.caption.push_str(&perturbed_suffix(&args.perturb));
                GraphOptions {
                    title: String::new(),
                    id_prefix: format!("overlay-{}-{}-", k + 1, i + 1),
                    overlay: Some(overlay),
                }
            })
            .collect();
        let on: Vec<&str> = cond.on().map(|v| net.name(v)).collect();
        sections.push(ConditionSection {
            title,
            description: if on.is_empty() {
                "all 0".into()
            } else {
                format!("{} = 1, others 0", on.join(", "))
            },
            exploration,
            labels,
            heatmap: inline,
            overlays: Vec::new(),
            overlays_left_out: exploration.attractors.len() - shown,
        });
        overlay_options.push(options);
    }
    // The graph and its overlays from one layout (laying it out is the slow part).
    let mut all_options = vec![GraphOptions {
        title: format!("{name} — interaction graph"),
        id_prefix: "graph-".into(),
        overlay: None,
    }];
    all_options.extend(overlay_options.iter().flatten().cloned());
    let mut figures = graph_figures(original, &all_options).into_iter();
    let graph = figures.next().expect("the graph is drawn");
    let path = args.out.join("graph.svg");
    write_file(&path, &graph.svg)?;
    written.push(path);
    for (section, options) in sections.iter_mut().zip(&overlay_options) {
        section.overlays = figures.by_ref().take(options.len()).collect();
    }
    let overview = (sections.len() > 1).then(|| {
        let labels: Vec<Vec<String>> = sections.iter().map(|c| c.labels.clone()).collect();
        // With one update scheme, the condition's name says it all.
        let titles: Vec<String> = runs
            .iter()
            .map(|&(c, u)| match updates.len() {
                1 => conditions[c].name.clone(),
                _ => format!("{} · {}", conditions[c].name, short_update(u)),
            })
            .collect();
        let panels: Vec<Panel> = sections
            .iter()
            .zip(&labels)
            .zip(&titles)
            .map(|((c, l), t)| Panel {
                title: Some(t.as_str()),
                exploration: c.exploration,
                labels: phenotypes.as_ref().map(|_| l.as_slice()),
            })
            .collect();
        let mut options = HeatmapOptions::new(format!(
            "{name} — attractors under every condition{}",
            perturbed_suffix(&args.perturb)
        ));
        options.max_state_columns = args.max_columns;
        if let Some(p) = &phenotypes {
            options.markers = p.markers().to_vec();
        }
        attractor_panels(&net, &panels, &options)
    });
    if let Some(o) = &overview {
        let path = args.out.join("attractors-all.svg");
        write_file(&path, &o.svg)?;
        written.push(path);
    }

    // The screen.
    let mut screens = Vec::new();
    let screen_note = match &phenotypes {
        None => {
            Some("no screen: it compares phenotype labels, so it needs --phenotypes FILE".into())
        }
        Some(_) if args.no_screen => None,
        Some(phenotypes) => {
            let skip: Vec<VarId> = fixed_nodes.iter().map(|p| p.0).collect();
            let nodes = screen_nodes(&net, &args.screen_nodes, &skip)?;
            let perturbations = generate_perturbations(&nodes, &[false, true], 1);
            let count = perturbations.len();
            let mut screen = Screen::new(&net, phenotypes)
                .perturbations(perturbations)
                .conditions(conditions.clone())
                .updates(updates.clone());
            if let Some(j) = args.engine.jobs {
                screen = screen.jobs(usize::from(j));
            }
            let total = screen.num_explorations();
            let screen_started = Instant::now();
            let result = screen.run(&options)?;
            let seconds = screen_started.elapsed().as_secs_f64();
            let queries: Vec<String> = if args.shift.is_empty() {
                super::plot::label_queries(&args.phenotype)?
            } else {
                args.shift.clone()
            };
            for (k, q) in queries.iter().enumerate() {
                let query = LabelQuery::parse(q);
                let grid = ShiftGrid::from_screen(&result, &query);
                let figure = shift_heatmap(
                    &grid,
                    &format!(
                        "{name} — shift of {}{}",
                        super::plot::shown(q),
                        perturbed_suffix(&args.perturb)
                    ),
                );
                let path = args.out.join(format!(
                    "screen-{:02}-{}.svg",
                    k + 1,
                    slug(super::plot::shown(q))
                ));
                write_file(&path, &figure.svg)?;
                written.push(path);
                let mut ranked = result.rank(&query);
                ranked.retain(|r| r.shift.abs() > 1e-9);
                ranked.truncate(RANKED);
                screens.push(ScreenSection {
                    query: super::plot::shown(q).to_string(),
                    heatmap: figure,
                    ranked,
                });
            }
            Some(format!(
                "{count} single perturbations (knockout X=0 and overexpression X=1 of {} nodes) × \
                 {} condition(s) × {} update scheme(s): {total} explorations with the wild types, \
                 {seconds:.1} s. Tables: the {RANKED} largest shifts.",
                nodes.len(),
                conditions.len(),
                updates.len(),
            ))
        }
    };

    let mut meta = vec![format!(
        "basin {} · {} update · {}",
        env!("CARGO_PKG_VERSION"),
        updates
            .iter()
            .map(|u| u.as_str())
            .collect::<Vec<_>>()
            .join(" and "),
        match options.method() {
            basin::Method::Exhaustive => "exhaustive".to_string(),
            basin::Method::Sampled { samples, seed } =>
                format!("sampled ({samples} samples, seed {seed})"),
        }
    )];
    if let Some(p) = &args.phenotype.phenotypes {
        meta.push(format!("phenotypes: {}", p.display()));
    }
    if !args.perturb.is_empty() {
        meta.push(format!("perturbed: {}", args.perturb.join(" ")));
    }
    let page = model_report(&ModelReport {
        name: args.model.model.display().to_string(),
        model: &model,
        lint: &lint,
        meta,
        graph: Some(graph),
        overview,
        conditions: sections,
        screens,
        screen_note,
    });
    let path = args.out.join("report.html");
    write_file(&path, &page)?;
    let _ = written.len();
    eprintln!(
        "wrote {} and {} figure file(s) in {} ({:.1} s)",
        path.display(),
        written.len(),
        args.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

fn short_update(u: basin::UpdateScheme) -> &'static str {
    match u {
        basin::UpdateScheme::Synchronous => "sync",
        basin::UpdateScheme::Asynchronous => "async",
        basin::UpdateScheme::MostPermissive => "mp",
        basin::UpdateScheme::General => "general",
    }
}
