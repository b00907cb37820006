//! `basin timecourse`: label and node probabilities over asynchronous time from a start
//! (`--start`, default every state equally likely), exact ([`basin::trajectory::time_course`]),
//! as text, CSV or JSON, with an optional SVG line plot.

use super::args::{OutputFormat, TimecourseArgs};
use super::engine;
use super::{load_model, write_output};
use basin::Error;
use basin::attractor::{Pattern, UpdateScheme};
use basin::condition::DefaultConditions;
use basin::network::VarId;
use basin::perturb::{parse_inputs, parse_perturbations};
use basin::trajectory::{Clock, Start, TimeCourse, time_course, time_course_svg};
use serde::Serialize;
use std::fmt::Write as _;
use std::process::ExitCode;

pub(crate) fn run(args: &TimecourseArgs) -> Result<ExitCode, Error> {
    super::timed_out_as_error(args.engine.timeout, || run_course(args))
}

fn run_course(args: &TimecourseArgs) -> Result<ExitCode, Error> {
    if let Some(path) = &args.plot {
        super::plot::check_svg_path(path)?;
    }
    let model = load_model(&args.model)?;
    let net = &model.network;
    let inputs = parse_inputs(net, &args.inputs).map_err(|e| e.in_context("--input"))?;
    let phenotypes = engine::phenotypes(&args.phenotype, net)?;
    let conditions =
        engine::select_conditions(&args.phenotype, net, &inputs, DefaultConditions::FreeInputs)?;
    let (condition, mut fixed): (Option<String>, Vec<(VarId, bool)>) = match conditions {
        None => (None, inputs.clone()),
        Some(list) if list.len() == 1 => (Some(list[0].name.clone()), list[0].fixed().to_vec()),
        Some(_) => {
            return Err(Error::Invalid(
                "basin timecourse runs under one condition: name one with --condition".into(),
            ));
        }
    };
    for p in parse_perturbations(net, &args.perturb).map_err(|e| e.in_context("--perturb"))? {
        fixed.retain(|(x, _)| *x != p.var);
        fixed.push((p.var, p.value));
    }
    engine::no_priorities(&args.engine, "timecourse")?;
    let options = args.engine.options();
    let start = super::start::resolve(
        args.engine.start.as_deref(),
        net,
        &args.phenotype,
        UpdateScheme::Asynchronous,
        &options,
    )?
    .unwrap_or_else(|| Start::Pattern(Pattern(vec![None; net.num_vars()])));
    let clock = match args.time {
        Some(until) => Clock::Continuous {
            until,
            points: args.points,
        },
        None => Clock::Steps(args.steps),
    };
    let course = super::with_spinner("propagating the distribution", || {
        time_course(net, &fixed, &start, phenotypes.as_ref(), clock, &options)
    })?;
    let rendered = match args.format {
        OutputFormat::Csv => csv(&course),
        OutputFormat::Json => {
            let doc = Report {
                basin_json_version: basin::report::JSON_VERSION,
                model: args.model.model.display().to_string(),
                condition: condition.clone(),
                start: &course.start,
                clock: match clock {
                    Clock::Steps(_) => "steps",
                    Clock::Continuous { .. } => "continuous",
                },
                times: &course.times,
                labels: &course.labels,
                label_probabilities: &course.label_probabilities,
                variables: &course.variables,
                activity: &course.activity,
            };
            serde_json::to_string_pretty(&doc).expect("reports always serialise") + "\n"
        }
        OutputFormat::Text => text(&course, condition.as_deref()),
    };
    write_output(args.output.as_deref(), &rendered)?;
    if let Some(path) = &args.plot {
        let title = format!(
            "{}{} — from {}",
            super::plot::model_name(&args.model.model),
            condition.map(|c| format!(" under {c}")).unwrap_or_default(),
            course.start
        );
        std::fs::write(path, time_course_svg(&course, &title)).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct Report<'a> {
    basin_json_version: u32,
    model: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    condition: Option<String>,
    start: &'a str,
    clock: &'static str,
    times: &'a [f64],
    labels: &'a [String],
    label_probabilities: &'a [Vec<f64>],
    variables: &'a [String],
    activity: &'a [Vec<f64>],
}

fn csv(course: &TimeCourse) -> String {
    let mut out = String::from("time");
    for l in &course.labels {
        let _ = write!(out, ",label:{l}");
    }
    for v in &course.variables {
        let _ = write!(out, ",{v}");
    }
    out.push('\n');
    for (t, time) in course.times.iter().enumerate() {
        let _ = write!(out, "{time}");
        for p in &course.label_probabilities[t] {
            let _ = write!(out, ",{p}");
        }
        for a in &course.activity[t] {
            let _ = write!(out, ",{a}");
        }
        out.push('\n');
    }
    out
}

fn text(course: &TimeCourse, condition: Option<&str>) -> String {
    let mut out = String::new();
    if let Some(c) = condition {
        let _ = writeln!(out, "condition   {c}");
    }
    let _ = writeln!(out, "start       {}", course.start);
    let _ = writeln!(
        out,
        "exact       distribution propagated over up to {} states",
        course.max_support
    );
    // Every tenth time point (and the last), labels as columns.
    let stride = (course.times.len() / 10).max(1);
    let mut header = format!("{:>10}", "time");
    for l in &course.labels {
        let _ = write!(header, "  {l:>10}");
    }
    let _ = writeln!(out, "{header}");
    for t in (0..course.times.len()).filter(|&t| t % stride == 0 || t + 1 == course.times.len()) {
        let mut line = format!("{:>10}", (course.times[t] * 1000.0).round() / 1000.0);
        for p in &course.label_probabilities[t] {
            let _ = write!(line, "  {:>9.2}%", 100.0 * p);
        }
        let _ = writeln!(out, "{line}");
    }
    out
}
