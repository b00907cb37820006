//! `basin protocol`: order of exposure. The cell settles under each `--step` condition in
//! turn, carrying the attractors it reached (weighted by their probabilities) into the next;
//! after each step, the label distribution and the attractors reached
//! ([`basin::trajectory::protocol`], exact, explicit engine).

use super::args::{OutputFormat, ProtocolArgs};
use super::engine;
use super::{csv_field, load_model, write_output};
use basin::Error;
use basin::attractor::UpdateScheme;
use basin::condition::find;
use basin::network::VarId;
use basin::perturb::parse_perturbations;
use basin::phenotype::Phenotypes;
use basin::trajectory::{ProtocolStep, protocol};
use serde::Serialize;
use std::fmt::Write as _;
use std::process::ExitCode;

pub(crate) fn run(args: &ProtocolArgs) -> Result<ExitCode, Error> {
    super::timed_out_as_error(args.engine.timeout, || run_protocol(args))
}

fn run_protocol(args: &ProtocolArgs) -> Result<ExitCode, Error> {
    let model = load_model(&args.model)?;
    let net = &model.network;
    let Some(phenotypes) = engine::phenotypes(&args.phenotype, net)? else {
        return Err(Error::Invalid(
            "basin protocol needs --phenotypes FILE (the labels and the conditions)".into(),
        ));
    };
    let perturbations: Vec<(VarId, bool)> = parse_perturbations(net, &args.perturb)
        .map_err(|e| e.in_context("--perturb"))?
        .into_iter()
        .map(|p| (p.var, p.value))
        .collect();
    let named = engine::named_conditions(&args.phenotype, net)?;
    let steps: Vec<(String, Vec<(VarId, bool)>)> = args
        .step
        .iter()
        .map(|name| {
            let c = find(&named, name)?;
            let mut fixed = c.fixed().to_vec();
            for &(v, b) in &perturbations {
                fixed.retain(|(x, _)| *x != v);
                fixed.push((v, b));
            }
            Ok((c.name.clone(), fixed))
        })
        .collect::<Result<_, Error>>()?;
    let update = UpdateScheme::from(args.update);
    let mut options = args.engine.options();
    options.priorities = engine::priorities(&args.engine, net)?;
    options.start = super::start::resolve(
        args.engine.start.as_deref(),
        net,
        &args.phenotype,
        update,
        &options,
    )?;
    let start = options.start.take();
    let run = engine::with_jobs(args.engine.jobs, || {
        super::with_spinner("running the protocol", || {
            protocol(net, &steps, start.as_ref(), update, &options)
        })
    })?;
    let report = ProtocolReport::new(args, update, &phenotypes, &run);
    let rendered = match args.format {
        OutputFormat::Json => {
            serde_json::to_string_pretty(&report).expect("reports always serialise") + "\n"
        }
        OutputFormat::Csv => report.csv(),
        OutputFormat::Text => report.text(),
    };
    write_output(args.output.as_deref(), &rendered)?;
    Ok(ExitCode::SUCCESS)
}

/// The JSON document of `basin protocol`.
#[derive(Serialize)]
struct ProtocolReport {
    basin_json_version: u32,
    model: String,
    update: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    perturbations: Vec<String>,
    steps: Vec<StepReport>,
}

#[derive(Serialize)]
struct StepReport {
    condition: String,
    /// Where this step started, in words.
    start: String,
    /// Label → probability after the step.
    distribution: Vec<LabelProbability>,
    /// The attractors reached with positive probability.
    attractors: Vec<Reached>,
}

#[derive(Serialize)]
struct LabelProbability {
    label: String,
    probability: f64,
}

#[derive(Serialize)]
struct Reached {
    kind: String,
    pattern: String,
    num_states: basin::Count,
    label: String,
    probability: f64,
}

impl ProtocolReport {
    fn new(
        args: &ProtocolArgs,
        update: UpdateScheme,
        phenotypes: &Phenotypes,
        run: &[ProtocolStep],
    ) -> ProtocolReport {
        let steps = run
            .iter()
            .map(|s| {
                let e = &s.exploration;
                let labels = phenotypes.classify_all(e);
                let distribution = phenotypes
                    .distribution(e)
                    .iter()
                    .filter(|(_, share)| share.share > 0.0)
                    .map(|(label, share)| LabelProbability {
                        label: label.to_string(),
                        probability: share.share,
                    })
                    .collect();
                let attractors = e
                    .attractors
                    .iter()
                    .zip(&labels)
                    .filter_map(|(a, c)| {
                        let p = a.basin.share(&e.explored_states).unwrap_or(0.0);
                        (p > 0.0).then(|| Reached {
                            kind: a.kind.as_str().to_string(),
                            pattern: a.pattern.to_string(),
                            num_states: a.num_states.clone(),
                            label: c.label.clone(),
                            probability: p,
                        })
                    })
                    .collect();
                StepReport {
                    condition: s.condition.clone(),
                    start: s.start.clone(),
                    distribution,
                    attractors,
                }
            })
            .collect();
        ProtocolReport {
            basin_json_version: basin::report::JSON_VERSION,
            model: args.model.model.display().to_string(),
            update: update.as_str().to_string(),
            perturbations: args.perturb.clone(),
            steps,
        }
    }

    fn text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "model       {}", self.model);
        let names: Vec<&str> = self.steps.iter().map(|s| s.condition.as_str()).collect();
        let _ = writeln!(
            out,
            "protocol    {} ({} update{})",
            names.join(" → "),
            self.update,
            if self.perturbations.is_empty() {
                String::new()
            } else {
                format!(", perturbed {}", self.perturbations.join(" "))
            }
        );
        for (i, s) in self.steps.iter().enumerate() {
            let _ = writeln!(out, "\nstep {}: {}", i + 1, s.condition);
            let _ = writeln!(out, "  from        {}", s.start);
            let shares: Vec<String> = s
                .distribution
                .iter()
                .map(|d| format!("{} {:.2}%", d.label, 100.0 * d.probability))
                .collect();
            let _ = writeln!(out, "  labels      {}", shares.join(", "));
            let _ = writeln!(out, "  attractors reached:");
            for a in &s.attractors {
                let _ = writeln!(
                    out,
                    "    {:>7.2}%  {:<10} {} ({}, {} states)",
                    100.0 * a.probability,
                    a.label,
                    a.pattern,
                    a.kind,
                    a.num_states
                );
            }
        }
        out
    }

    fn csv(&self) -> String {
        let mut out = String::from("step,condition,label,probability\n");
        for (i, s) in self.steps.iter().enumerate() {
            for d in &s.distribution {
                let _ = writeln!(
                    out,
                    "{},{},{},{}",
                    i + 1,
                    csv_field(&s.condition),
                    csv_field(&d.label),
                    d.probability
                );
            }
        }
        out
    }
}
