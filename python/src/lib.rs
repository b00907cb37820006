//! `basin._basin`: the native half of the Python package. It turns Python arguments into the
//! library's types, runs the work through [`run::interruptible`] (GIL released, Ctrl-C
//! cancels, `jobs` threads) and hands results back as the JSON documents the command line
//! writes (parsed in Python) or as plain tuples. Argument checking that is only about Python
//! types (dicts, defaults, pandas) lives in the pure-Python half, `basin/__init__.py`.

// The library's `ParseError` carries the offending line, path and hint by value (as the library
// itself allows): errors are the cold path.
#![allow(clippy::result_large_err)]

mod errors;
mod run;

use basin::attractor::UpdateScheme;
use basin::cancel::Cancel;
use basin::condition::{Condition, ConditionFile, DefaultConditions, SelectionError};
use basin::control::{Aggregate, Control};
use basin::engine::{Engine, EngineOptions, per_exploration_memory};
use basin::error::{NameKind, Remedy};
use basin::expect::check::{Context, check};
use basin::expect::{ExpectationFile, StatementKind};
use basin::lint::{LintOptions, check as lint};
use basin::network::{Network, VarId};
use basin::parse::{Format, Model, ParseOptions, parse_str, read_model};
use basin::perturb::Perturbation;
use basin::phenotype::{LabelQuery, PhenotypeSpec};
use basin::report::control::{ControlQuestion, ControlReport};
use basin::report::counts::CountsReport;
use basin::report::knockout::KnockoutReport;
use basin::report::test::TestReport;
use basin::report::{AttractorsReport, ReportOptions};
use basin::screen::{
    Screen, Shard, check_screen_size, compare, count_perturbations, generate_perturbations,
    perturbation_name, screen_nodes,
};
use basin::{Error, explore};
use errors::to_py;
use pyo3::prelude::*;
use rayon::prelude::*;
use serde::Serialize;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A model read from a file or text.
#[pyclass(frozen, name = "Network", module = "basin._basin")]
struct PyNetwork {
    model: Model,
}

fn format_of(py: Python<'_>, name: &str) -> PyResult<Format> {
    name.parse::<Format>().map_err(|_| {
        to_py(
            py,
            Error::invalid_value("format", name, "bnet, booleannet, aeon or sbml"),
        )
    })
}

fn update_of(py: Python<'_>, name: &str) -> PyResult<UpdateScheme> {
    match name {
        "sync" | "synchronous" => Ok(UpdateScheme::Synchronous),
        "async" | "asynchronous" => Ok(UpdateScheme::Asynchronous),
        other => Err(to_py(
            py,
            Error::invalid_value("update", other, "\"async\" or \"sync\""),
        )),
    }
}

fn updates_of(py: Python<'_>, names: &[String]) -> PyResult<Vec<UpdateScheme>> {
    let mut out = Vec::new();
    for n in names {
        if n == "both" {
            out.extend([UpdateScheme::Synchronous, UpdateScheme::Asynchronous]);
        } else {
            out.push(update_of(py, n)?);
        }
    }
    out.dedup();
    Ok(out)
}

/// `(name, value)` pairs resolved against the network; `what` names the keyword argument.
fn assignments(
    net: &Network,
    pairs: &[(String, bool)],
    what: &str,
) -> Result<Vec<(VarId, bool)>, Error> {
    let mut out: Vec<(VarId, bool)> = Vec::new();
    for (name, value) in pairs {
        let Some(var) = net.find(name) else {
            return Err(Error::unknown_name(
                NameKind::Node,
                name,
                net.names().iter().map(String::as_str),
            )
            .in_context(what));
        };
        match out.iter().find(|(v, _)| *v == var) {
            Some(&(_, old)) if old != *value => {
                return Err(Error::ConflictingAssignment { name: name.clone() }.in_context(what));
            }
            Some(_) => {}
            None => out.push((var, *value)),
        }
    }
    Ok(out)
}

/// Candidate nodes by name (`nodes=`), repeats dropped, in the order given.
fn node_list(net: &Network, names: Vec<String>) -> Result<Vec<VarId>, Error> {
    let pairs: Vec<(String, bool)> = names.into_iter().map(|n| (n, false)).collect();
    let mut vars: Vec<VarId> = Vec::new();
    for (v, _) in assignments(net, &pairs, "nodes")? {
        if !vars.contains(&v) {
            vars.push(v);
        }
    }
    Ok(vars)
}

/// Input values: as [`assignments`], every variable must be an input.
fn input_values(net: &Network, pairs: &[(String, bool)]) -> Result<Vec<(VarId, bool)>, Error> {
    let values = assignments(net, pairs, "inputs")?;
    for &(v, _) in &values {
        if !net.is_input(v) {
            return Err(Error::NotAnInput {
                name: net.name(v).to_string(),
                context: Some("inputs".into()),
            });
        }
    }
    Ok(values)
}

/// Which conditions to run under, from the keyword arguments.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
struct Selection {
    /// `inputs={...}`: one condition, the inputs not named are 0.
    inputs: Option<Vec<(String, bool)>>,
    /// `condition=...`: named conditions.
    names: Option<Vec<String>>,
    /// `all_conditions=True` (or `"classes"`).
    all: bool,
    /// `all_conditions="classes"`: one condition per input class.
    classes: bool,
}

/// The conditions selected (`None`: no condition, every input free) by the library's one rule
/// ([`basin::condition::Selection::resolve`]): `default` is `FreeInputs` for attractors and
/// `Named` for knockouts and screens. Its refusals are worded as keyword arguments.
fn select(
    net: &Network,
    named: Option<&[Condition]>,
    s: &Selection,
    default: DefaultConditions,
) -> Result<Option<Vec<Condition>>, Error> {
    let selection = basin::condition::Selection {
        names: s.names.clone().unwrap_or_default(),
        all: s.all,
        classes: s.classes,
        inputs: match &s.inputs {
            Some(pairs) => input_values(net, pairs)?,
            None => Vec::new(),
        },
    };
    selection.resolve(net, named, default).map_err(|e| match e {
        Error::Selection(SelectionError::InputsWithConditions) => Error::Invalid(
            "inputs= cannot be combined with condition= or all_conditions=True; a condition \
                 sets every input"
                .into(),
        ),
        Error::Selection(SelectionError::NoConditionFile) => {
            Error::Invalid("condition= needs phenotypes= or conditions= naming it".into())
        }
        other => other,
    })
}

/// How to explore, from the keyword arguments.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
struct Explore {
    engine: String,
    method: String,
    samples: u64,
    seed: u64,
    max_memory: Option<u64>,
    probabilities: bool,
    timeout: Option<f64>,
    jobs: Option<usize>,
}

impl Explore {
    fn options(&self, py: Python<'_>) -> PyResult<EngineOptions> {
        let engine: Engine = self.engine.parse().map_err(|e| to_py(py, e))?;
        let engine = match (engine, self.method.as_str()) {
            (Engine::Auto, "sample") | (Engine::Sample, _) => Engine::Sample,
            (e, "exhaustive" | "sample") => e,
            (_, other) => {
                return Err(to_py(
                    py,
                    Error::invalid_value("method", other, "\"exhaustive\" or \"sample\""),
                ));
            }
        };
        let timeout = match self.timeout {
            Some(t) => Some(Duration::try_from_secs_f64(t).map_err(|_| {
                to_py(
                    py,
                    Error::invalid_value("timeout", t.to_string(), "a number of seconds"),
                )
            })?),
            None => None,
        };
        Ok(EngineOptions {
            engine,
            samples: self.samples,
            seed: self.seed,
            max_memory: self.max_memory,
            probabilities: self.probabilities,
            cancel: Cancel::new().with_timeout(timeout),
            ..EngineOptions::default()
        })
    }
}

/// A refusal whose "fix inputs" remedy names no input, naming the inputs `fixed` leaves free
/// (so the remedy reads `inputs={"LPS": 1}` with a real name).
fn name_free_inputs(e: Error, net: &Network, fixed: &[(VarId, bool)]) -> Error {
    let free: Vec<String> = net
        .inputs()
        .into_iter()
        .filter(|v| !fixed.iter().any(|(x, _)| x == v))
        .map(|v| net.name(v).to_string())
        .collect();
    let fill = |remedies: Vec<Remedy>| -> Vec<Remedy> {
        remedies
            .into_iter()
            .map(|r| match r {
                Remedy::FixInputs { inputs } if inputs.is_empty() && !free.is_empty() => {
                    Remedy::FixInputs {
                        inputs: free.clone(),
                    }
                }
                other => other,
            })
            .collect()
    };
    match e {
        Error::TooLarge {
            what,
            needed_bytes,
            allowed_bytes,
            remedies,
        } => Error::TooLarge {
            what,
            needed_bytes,
            allowed_bytes,
            remedies: fill(remedies),
        },
        Error::Limit { what, remedies } => Error::Limit {
            what,
            remedies: fill(remedies),
        },
        other => other,
    }
}

/// One run of `attractors`: the condition's name (if any) and the values it fixes.
type Run = (Option<String>, Vec<(VarId, bool)>);

/// The runs of the selected conditions (one with nothing fixed without a selection), each with
/// the perturbations applied over the condition's values.
fn runs_of(selected: Option<&[Condition]>, perturb: &[(VarId, bool)]) -> Vec<Run> {
    let runs: Vec<Run> = match selected {
        None => vec![(None, Vec::new())],
        Some(list) => list
            .iter()
            .map(|c| (Some(c.name.clone()), c.fixed().to_vec()))
            .collect(),
    };
    runs.into_iter()
        .map(|(name, mut fixed)| {
            for &(v, b) in perturb {
                fixed.retain(|(x, _)| *x != v);
                fixed.push((v, b));
            }
            (name, fixed)
        })
        .collect()
}

/// Serialises a report (these types always serialise).
fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("reports always serialise")
}

#[pymethods]
impl PyNetwork {
    /// Reads a model file; `format` is chosen by the extension when `None`.
    #[staticmethod]
    #[pyo3(signature = (path, format=None, free_inputs=false))]
    fn read(
        py: Python<'_>,
        path: PathBuf,
        format: Option<&str>,
        free_inputs: bool,
    ) -> PyResult<Self> {
        let format = match format {
            Some(f) => format_of(py, f)?,
            None => Format::from_extension(&path).ok_or_else(|| {
                to_py(
                    py,
                    Error::Limit {
                        what: format!(
                            "{}: cannot tell the model format from the extension",
                            path.display()
                        ),
                        remedies: vec![Remedy::SpecifyFormat { detected: None }],
                    },
                )
            })?,
        };
        let model = py
            .detach(|| read_model(&path, Some(format), free_inputs))
            .map_err(|e| to_py(py, e))?;
        Ok(PyNetwork { model })
    }

    /// Reads a model from text in `format`.
    #[staticmethod]
    #[pyo3(signature = (text, format="bnet", free_inputs=false))]
    fn parse(py: Python<'_>, text: &str, format: &str, free_inputs: bool) -> PyResult<Self> {
        let options = ParseOptions::new(format_of(py, format)?).free_inputs(free_inputs);
        let model = py
            .detach(|| parse_str(text, &options))
            .map_err(|e| to_py(py, e.into()))?;
        Ok(PyNetwork { model })
    }

    /// Variable names in file order.
    #[getter]
    fn variables(&self) -> Vec<String> {
        self.model.network.names().to_vec()
    }

    /// Inputs (rule `X, X`), in file order.
    #[getter]
    fn inputs(&self) -> Vec<String> {
        let net = &self.model.network;
        net.inputs()
            .iter()
            .map(|&v| net.name(v).to_string())
            .collect()
    }

    /// The format the model was read from.
    #[getter]
    fn format(&self) -> String {
        self.model.format.to_string()
    }

    /// Warnings met while reading.
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.model.warnings.iter().map(|w| w.to_string()).collect()
    }

    /// The model written in `format`.
    fn write(&self, py: Python<'_>, format: &str) -> PyResult<String> {
        let format = format_of(py, format)?;
        basin::write::write(&self.model.network, format)
            .map(|w| w.text)
            .map_err(|e| to_py(py, e))
    }

    /// The lint report as the JSON `basin check --format json` writes.
    fn check(&self, py: Python<'_>, source: &str) -> String {
        let model = &self.model;
        let report = py.detach(|| lint(model, &LintOptions::default()));
        json(&basin::report::check::CheckReport::new(
            source, model, &report,
        ))
    }

    /// Attractors under each selected condition: a JSON list of `basin attractors` reports.
    #[allow(clippy::too_many_arguments)]
    fn attractors(
        &self,
        py: Python<'_>,
        source: String,
        update: &str,
        selection: Selection,
        conditions: Option<&PyConditionFile>,
        perturb: Vec<(String, bool)>,
        phenotypes: Option<&PyPhenotypes>,
        explore_with: Explore,
        max_states: usize,
    ) -> PyResult<String> {
        let net = &self.model.network;
        let update = update_of(py, update)?;
        let mut options = explore_with.options(py)?;
        let prepared = (|| {
            let perturb = assignments(net, &perturb, "perturb")?;
            let labels = phenotypes.map(|p| p.spec.bind(net)).transpose()?;
            let named = named_conditions(net, conditions, phenotypes)?;
            let selected = select(
                net,
                named.as_deref(),
                &selection,
                DefaultConditions::FreeInputs,
            )?;
            Ok::<_, Error>((perturb, labels, selected))
        })();
        let (perturb, labels, selected) = prepared.map_err(|e| to_py(py, e))?;
        if labels.is_none() {
            options.max_states = max_states;
        }
        let runs = runs_of(selected.as_deref(), &perturb);
        let mut report_options = ReportOptions::new(source);
        report_options.max_states = max_states;
        let cancel = options.cancel.clone();
        let reports = run::interruptible(py, &cancel, explore_with.jobs, || {
            runs.iter()
                .map(|(name, fixed)| {
                    let exploration = explore(net, fixed, update, &options)
                        .map_err(|e| name_free_inputs(e, net, fixed))?;
                    let mut report = AttractorsReport::new(net, &exploration, &report_options);
                    report.condition = name.clone();
                    if let Some(p) = &labels {
                        let classes = p.classify_all(&exploration);
                        report.add_phenotypes(&classes, &p.distribution(&exploration));
                    }
                    Ok(report)
                })
                .collect::<Result<Vec<_>, Error>>()
        })?;
        Ok(json(&reports))
    }

    /// Attractors counted, not listed, under each selected condition: the JSON
    /// `basin attractors --count-only --format json` writes (always a list here).
    #[allow(clippy::too_many_arguments)]
    fn count_attractors(
        &self,
        py: Python<'_>,
        source: String,
        update: &str,
        selection: Selection,
        conditions: Option<&PyConditionFile>,
        perturb: Vec<(String, bool)>,
        explore_with: Explore,
    ) -> PyResult<String> {
        let net = &self.model.network;
        let update = update_of(py, update)?;
        let options = explore_with.options(py)?;
        let prepared = (|| {
            let perturb = assignments(net, &perturb, "perturb")?;
            let named = named_conditions(net, conditions, None)?;
            let selected = select(
                net,
                named.as_deref(),
                &selection,
                DefaultConditions::FreeInputs,
            )?;
            Ok::<_, Error>((perturb, selected))
        })();
        let (perturb, selected) = prepared.map_err(|e| to_py(py, e))?;
        let runs = runs_of(selected.as_deref(), &perturb);
        let cancel = options.cancel.clone();
        let reports = run::interruptible(py, &cancel, explore_with.jobs, || {
            runs.iter()
                .map(|(name, fixed)| {
                    let counts = basin::engine::count_attractors(net, fixed, update, &options)
                        .map_err(|e| name_free_inputs(e, net, fixed))?;
                    Ok(CountsReport::new(
                        source.clone(),
                        update,
                        name.clone(),
                        &counts,
                    ))
                })
                .collect::<Result<Vec<_>, Error>>()
        })?;
        Ok(json(&reports))
    }

    /// One perturbation against the wild type: the JSON `basin knockout --format json` writes.
    #[allow(clippy::too_many_arguments)]
    fn knockout(
        &self,
        py: Python<'_>,
        source: String,
        perturb: Vec<(String, bool)>,
        phenotypes: &PyPhenotypes,
        selection: Selection,
        conditions: Option<&PyConditionFile>,
        updates: Vec<String>,
        explore_with: Explore,
        max_states: usize,
    ) -> PyResult<String> {
        let net = &self.model.network;
        let updates = updates_of(py, &updates)?;
        let mut options = explore_with.options(py)?;
        let prepared = (|| {
            let perturbation: Vec<Perturbation> = assignments(net, &perturb, "perturb")?
                .into_iter()
                .map(|(var, value)| Perturbation { var, value })
                .collect();
            let labels = phenotypes.spec.bind(net)?;
            let named = named_conditions(net, conditions, Some(phenotypes))?;
            let selected = select(net, named.as_deref(), &selection, DefaultConditions::Named)?
                .expect("knockouts always run under conditions");
            Ok::<_, Error>((perturbation, labels, selected))
        })();
        let (perturbation, labels, selected) = prepared.map_err(|e| to_py(py, e))?;
        let jobs: Vec<(&Condition, UpdateScheme)> = selected
            .iter()
            .flat_map(|c| updates.iter().map(move |&u| (c, u)))
            .collect();
        options.max_memory = Some(per_exploration_memory(
            explore_with.max_memory,
            explore_with.jobs,
            jobs.len(),
        ));
        let cancel = options.cancel.clone();
        let comparisons = run::interruptible(py, &cancel, explore_with.jobs, || {
            jobs.par_iter()
                .map(|&(c, u)| compare(net, &labels, c, &perturbation, u, &options))
                .collect::<Result<Vec<_>, Error>>()
        })?;
        let mut report_options = ReportOptions::new(source);
        report_options.max_states = max_states;
        let name = perturbation_name(net, &perturbation);
        Ok(json(&KnockoutReport::new(
            net,
            &name,
            &comparisons,
            &report_options,
        )))
    }

    /// A screen: the rows of its tidy table (the columns of `basin screen --format csv`).
    /// `plot` is `(path, label queries, title)` for the shift heatmap; `shard` `(I, N)` runs
    /// only the I-th of N round-robin parts of the perturbation sets (`basin screen --shard`).
    #[allow(clippy::too_many_arguments)]
    fn screen(
        &self,
        py: Python<'_>,
        phenotypes: &PyPhenotypes,
        order: usize,
        nodes: Option<Vec<String>>,
        values: Vec<bool>,
        selection: Selection,
        conditions: Option<&PyConditionFile>,
        updates: Vec<String>,
        explore_with: Explore,
        plot: Option<(PathBuf, Vec<String>, String)>,
        shard: Option<(usize, usize)>,
    ) -> PyResult<Vec<Row>> {
        let net = &self.model.network;
        let updates = updates_of(py, &updates)?;
        let mut options = explore_with.options(py)?;
        let prepared = (|| {
            let labels = phenotypes.spec.bind(net)?;
            let named = named_conditions(net, conditions, Some(phenotypes))?;
            let selected = select(net, named.as_deref(), &selection, DefaultConditions::Named)?
                .expect("screens always run under conditions");
            let nodes = match nodes {
                None => screen_nodes(net),
                Some(names) => node_list(net, names)?,
            };
            if !(1..=3).contains(&order) {
                return Err(Error::invalid_value(
                    "order",
                    order.to_string(),
                    "1, 2 or 3",
                ));
            }
            let mut values = values;
            values.dedup();
            let shard = match shard {
                Some((i, n)) => Shard::new(i, n)?,
                None => Shard::whole(),
            };
            check_screen_size(
                nodes.len(),
                order,
                count_perturbations(nodes.len(), values.len(), order)
                    .div_ceil(shard.count() as u128),
                selected.len(),
                updates.len(),
                explore_with
                    .max_memory
                    .unwrap_or_else(basin::engine::default_max_memory),
            )?;
            let all = shard.select(&generate_perturbations(&nodes, &values, order));
            Ok::<_, Error>((labels, selected, all))
        })();
        let (labels, selected, all) = prepared.map_err(|e| to_py(py, e))?;
        let explorations = (all.len() + 1) * selected.len() * updates.len();
        options.max_memory = Some(per_exploration_memory(
            explore_with.max_memory,
            explore_with.jobs,
            explorations,
        ));
        let cancel = options.cancel.clone();
        let result = run::interruptible(py, &cancel, explore_with.jobs, || {
            let result = Screen::new(net, &labels)
                .perturbations(all)
                .conditions(selected)
                .updates(updates)
                .cancel(cancel.clone())
                .run(&options)?;
            if !result.unfinished.is_empty() {
                // Stopped by the token (a timeout: Ctrl-C is reported by the watcher).
                return Err(Error::Cancelled);
            }
            Ok(result)
        })?;
        if let Some((path, queries, title)) = plot {
            let figures: Vec<basin::plot::Figure> = queries
                .iter()
                .map(|q| {
                    let grid =
                        basin::plot::shifts::ShiftGrid::from_screen(&result, &LabelQuery::parse(q));
                    basin::plot::shifts::shift_heatmap(&grid, &format!("{title} — shift of {q}"))
                })
                .collect();
            let figure = match figures.as_slice() {
                [one] => one.clone(),
                many => basin::plot::Figure::stack(many, &title),
            };
            std::fs::write(&path, figure.svg).map_err(|source| {
                to_py(
                    py,
                    Error::Io {
                        path: path.clone(),
                        source,
                    },
                )
            })?;
        }
        Ok(result
            .rows()
            .into_iter()
            .map(|r| {
                (
                    (
                        r.perturbation,
                        r.condition,
                        r.update.as_str().to_string(),
                        r.label,
                        r.fraction,
                        r.wild_type_fraction,
                        r.shift,
                        r.attractors,
                        r.wild_type_attractors,
                    ),
                    (r.hits, r.samples, r.wild_type_hits, r.wild_type_samples),
                )
            })
            .collect())
    }

    /// A control search: the JSON `basin control --format json` writes (its `seconds` the
    /// time of this search). A timeout raises `CancelledError`, as in screens.
    #[allow(clippy::too_many_arguments)]
    fn control(
        &self,
        py: Python<'_>,
        source: String,
        phenotypes: &PyPhenotypes,
        target: String,
        selection: Selection,
        conditions: Option<&PyConditionFile>,
        min_share: f64,
        aggregate: &str,
        max_order: usize,
        nodes: Option<Vec<String>>,
        values: Vec<bool>,
        updates: Vec<String>,
        explore_with: Explore,
        best: usize,
        prune: bool,
    ) -> PyResult<String> {
        let net = &self.model.network;
        let updates = updates_of(py, &updates)?;
        let mut options = explore_with.options(py)?;
        let aggregate = match aggregate {
            "every" => Aggregate::Every,
            "mean" => Aggregate::Mean,
            other => {
                return Err(to_py(
                    py,
                    Error::invalid_value("aggregate", other, "\"every\" or \"mean\""),
                ));
            }
        };
        let target = LabelQuery::parse(&target);
        let prepared = (|| {
            if target.patterns().is_empty() {
                return Err(Error::Invalid("target: the query names no label".into()));
            }
            let labels = phenotypes.spec.bind(net)?;
            let named = named_conditions(net, conditions, Some(phenotypes))?;
            let selected = select(net, named.as_deref(), &selection, DefaultConditions::Named)?
                .expect("control searches always run under conditions");
            let nodes = match nodes {
                None => screen_nodes(net),
                Some(names) => node_list(net, names)?,
            };
            let mut values = values;
            values.dedup();
            Ok::<_, Error>((labels, selected, nodes, values))
        })();
        let (labels, selected, nodes, values) = prepared.map_err(|e| to_py(py, e))?;
        let sets = count_perturbations(nodes.len(), values.len(), max_order);
        options.max_memory = Some(per_exploration_memory(
            explore_with.max_memory,
            explore_with.jobs,
            usize::try_from(sets).unwrap_or(usize::MAX),
        ));
        let attractors_only = basin::control::attractors_first(&options);
        let cancel = options.cancel.clone();
        let started = Instant::now();
        // `jobs` is the pool `interruptible` runs the search on.
        let result = run::interruptible(py, &cancel, explore_with.jobs, || {
            let mut control = Control::new(net, &labels, target.clone())
                .conditions(selected)
                .updates(updates)
                .nodes(nodes.clone())
                .values(values.clone())
                .max_order(max_order)
                .min_share(min_share)
                .aggregate(aggregate)
                .best(best)
                .prune(prune)
                .cancel(cancel.clone());
            if let Some(m) = explore_with.max_memory {
                control = control.max_memory(m);
            }
            if let Some(first) = &attractors_only {
                control = control.attractors_only(first);
            }
            let result = control.run(&options)?;
            if result.cancelled {
                // Stopped by the token (a timeout: Ctrl-C is reported by the watcher).
                return Err(Error::Cancelled);
            }
            Ok(result)
        })?;
        let seconds = started.elapsed().as_secs_f64();
        let question = ControlQuestion {
            target: &target,
            min_share,
            aggregate,
            max_order,
            nodes: &nodes,
            values: &values,
        };
        Ok(json(&ControlReport::new(
            &source, net, &question, &result, seconds,
        )))
    }
}

/// One row of the screen table, in the columns of `basin screen --format csv`.
/// One row of the screen table: the columns of `basin screen --format csv`, as the first nine
/// and the walk counts (`None` for exact shares; PyO3 converts tuples of up to 12 items, so
/// Python joins the two).
type Row = (
    (String, String, String, String, f64, f64, f64, usize, usize),
    (Option<u64>, Option<u64>, Option<u64>, Option<u64>),
);

/// The named conditions: from `conditions`, else from the phenotype file; `None` when neither
/// was given.
fn named_conditions(
    net: &Network,
    conditions: Option<&PyConditionFile>,
    phenotypes: Option<&PyPhenotypes>,
) -> Result<Option<Vec<Condition>>, Error> {
    match (conditions, phenotypes) {
        (Some(c), _) => c.file.bind(net).map(Some),
        (None, Some(p)) => p.conditions.bind(net).map(Some),
        (None, None) => Ok(None),
    }
}

/// A phenotype file: marker groups, labels, flags, and its named conditions.
#[pyclass(frozen, name = "Phenotypes", module = "basin._basin")]
struct PyPhenotypes {
    spec: PhenotypeSpec,
    conditions: ConditionFile,
}

#[pymethods]
impl PyPhenotypes {
    /// Reads a phenotype file; `threshold` overrides its activity threshold.
    #[staticmethod]
    #[pyo3(signature = (path, threshold=None))]
    fn read(py: Python<'_>, path: PathBuf, threshold: Option<f64>) -> PyResult<Self> {
        let read = || {
            let mut spec = PhenotypeSpec::read(&path)?;
            if let Some(t) = threshold {
                spec = spec.with_threshold(t)?;
            }
            Ok::<_, Error>(PyPhenotypes {
                spec,
                conditions: ConditionFile::read(&path)?,
            })
        };
        read().map_err(|e| to_py(py, e))
    }

    /// The activity threshold.
    #[getter]
    fn threshold(&self) -> f64 {
        self.spec.threshold()
    }

    /// The label given when no rule matches.
    #[getter]
    fn default_label(&self) -> String {
        self.spec.default_label().to_string()
    }

    /// The label rules' names, in file order.
    #[getter]
    fn labels(&self) -> Vec<String> {
        self.spec
            .label_names()
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    /// The flags' names.
    #[getter]
    fn flags(&self) -> Vec<String> {
        self.spec
            .flag_names()
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    /// The named conditions of the file.
    #[getter]
    fn condition_names(&self) -> Vec<String> {
        self.conditions
            .names()
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    /// Checks the file against a model (names of markers and conditions).
    fn bind(&self, py: Python<'_>, model: &PyNetwork) -> PyResult<()> {
        let net = &model.model.network;
        self.spec
            .bind(net)
            .and_then(|_| self.conditions.bind(net))
            .map(|_| ())
            .map_err(|e| to_py(py, e))
    }
}

/// A file's named conditions (`[conditions]` of a phenotype or condition file).
#[pyclass(frozen, name = "ConditionFile", module = "basin._basin")]
struct PyConditionFile {
    file: ConditionFile,
}

#[pymethods]
impl PyConditionFile {
    /// Reads the `[conditions]` table of a file.
    #[staticmethod]
    fn read(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        ConditionFile::read(&path)
            .map(|file| PyConditionFile { file })
            .map_err(|e| to_py(py, e))
    }

    /// The names, in file order.
    #[getter]
    fn names(&self) -> Vec<String> {
        self.file.names().iter().map(|s| s.to_string()).collect()
    }

    /// Each condition's inputs set to 1 for `model` (the others are 0).
    fn resolve(&self, py: Python<'_>, model: &PyNetwork) -> PyResult<Vec<(String, Vec<String>)>> {
        let net = &model.model.network;
        let bound = self.file.bind(net).map_err(|e| to_py(py, e))?;
        Ok(bound
            .iter()
            .map(|c| {
                (
                    c.name.clone(),
                    c.on().map(|v| net.name(v).to_string()).collect(),
                )
            })
            .collect())
    }
}

/// Checks a model against an expectations file: the JSON `basin test --format json` writes.
#[pyfunction]
#[pyo3(signature = (path, model=None, phenotypes=None, format=None, free_inputs=false, filter=None, max_memory=None, jobs=None))]
#[allow(clippy::too_many_arguments)]
fn test(
    py: Python<'_>,
    path: PathBuf,
    model: Option<PathBuf>,
    phenotypes: Option<PathBuf>,
    format: Option<&str>,
    free_inputs: bool,
    filter: Option<String>,
    max_memory: Option<u64>,
    jobs: Option<usize>,
) -> PyResult<String> {
    let file = ExpectationFile::read(&path).map_err(|e| to_py(py, e))?;
    let model_path = model.or(file.model.clone()).ok_or_else(|| {
        to_py(
            py,
            Error::Invalid(format!(
                "{}: no model: give `model = \"...\"` in the file or model=",
                path.display()
            )),
        )
    })?;
    let network = PyNetwork::read(py, model_path, format, free_inputs)?;
    let net = &network.model.network;
    let phenotype_path = phenotypes.or(file.phenotypes.clone());
    let prepared = (|| {
        let spec = phenotype_path
            .as_deref()
            .map(PhenotypeSpec::read)
            .transpose()?;
        let labels = spec.as_ref().map(|s| s.bind(net)).transpose()?;
        let named = match &phenotype_path {
            Some(p) => ConditionFile::read(p)?.bind(net)?,
            None => Vec::new(),
        };
        Ok::<_, Error>((spec, labels, named))
    })();
    let (spec, labels, named) = prepared.map_err(|e| to_py(py, e))?;
    let cancel = Cancel::new();
    let options = EngineOptions {
        max_memory,
        cancel: cancel.clone(),
        ..EngineOptions::default()
    };
    let statements: Vec<_> = file
        .statements
        .iter()
        .filter(|s| filter.as_ref().is_none_or(|f| s.name.contains(f.as_str())))
        .collect();
    let outcomes = run::interruptible(py, &cancel, jobs, || {
        let ctx = Context::new(net, spec.as_ref().zip(labels.as_ref()), &named, &options);
        statements
            .par_iter()
            .map(|s| check(s, &ctx))
            .collect::<Result<Vec<_>, Error>>()
    })?;
    let kinds: Vec<StatementKind> = statements.iter().map(|s| s.kind).collect();
    Ok(json(&TestReport::new(&outcomes, &kinds)))
}

/// Whether the extension's module can be imported and its library version.
#[pyfunction]
fn library_version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// The native module.
#[pymodule]
fn _basin(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyNetwork>()?;
    m.add_class::<PyPhenotypes>()?;
    m.add_class::<PyConditionFile>()?;
    m.add_function(wrap_pyfunction!(test, m)?)?;
    m.add_function(wrap_pyfunction!(library_version, m)?)?;
    Ok(())
}
