//! `basin test`: checks a model against an expectations file, one line per statement (pass or
//! FAIL, cases, time), the counterexamples of each failure, and exit code 0 (all hold), 1 (some
//! fail) or 2 (the file, model or a statement is malformed).
//!
//! With `--variants` or `--mutants` it checks the statements in model variants as well
//! (`basin::expect::variants`) and prints the statement × variant table instead; the exit code
//! is still that of the model itself.

use super::args::{ModelArgs, MutantKind, OutputFormat, TestArgs};
use super::engine;
use super::{csv_field, load_model, print_stdout};
use basin::Error;
use basin::condition::ConditionFile;
use basin::engine::EngineOptions;
use basin::expect::check::{Context, Outcome, check};
use basin::expect::variants::{Cell, Suite, Table, Variant, check_variants, single_edit_mutants};
use basin::expect::{ExpectationFile, StatementKind};
use basin::phenotype::PhenotypeSpec;
use basin::report::test::TestReport;
use rayon::prelude::*;
use serde::Serialize;
use std::fmt::Write as _;
use std::process::ExitCode;

pub(crate) fn run(args: &TestArgs) -> Result<ExitCode, Error> {
    let file = ExpectationFile::read(&args.expectations)?;
    let model_path = args.model.clone().or(file.model.clone()).ok_or_else(|| {
        Error::Invalid(format!(
            "{}: no model: give `model = \"...\"` in the file or --model",
            args.expectations.display()
        ))
    })?;
    let model = load_model(&ModelArgs {
        model: model_path,
        from: args.from,
        free_inputs: args.free_inputs,
    })?;
    let net = &model.network;
    let phenotype_path = args.phenotypes.clone().or(file.phenotypes.clone());
    let spec = phenotype_path
        .as_deref()
        .map(PhenotypeSpec::read)
        .transpose()?;
    let phenotypes = spec.as_ref().map(|s| s.bind(net)).transpose()?;
    let named = match &phenotype_path {
        Some(p) => ConditionFile::read(p)?.bind(net)?,
        None => Vec::new(),
    };
    // The limit is read once (every exploration reading `/proc/meminfo` again cost the mutant
    // table 7% of its time), as `screen` and `knockout` do.
    let options = EngineOptions {
        max_memory: Some(
            args.max_memory
                .unwrap_or_else(basin::engine::default_max_memory),
        ),
        ..EngineOptions::default()
    };
    let ctx = Context::new(
        net,
        spec.as_ref().zip(phenotypes.as_ref()),
        &named,
        &options,
    );
    let statements: Vec<_> = file
        .statements
        .iter()
        .filter(|s| {
            args.filter
                .as_ref()
                .is_none_or(|f| s.name.contains(f.as_str()))
        })
        .collect();
    if !args.variants.is_empty() || args.mutants.is_some() {
        let owned: Vec<_> = statements.iter().map(|s| (*s).clone()).collect();
        let conditions = phenotype_path
            .as_deref()
            .map(ConditionFile::read)
            .transpose()?;
        let suite = Suite {
            statements: &owned,
            phenotypes: spec.as_ref(),
            conditions: conditions.as_ref(),
            explorer: &options,
        };
        return run_variants(args, net, &suite);
    }
    let outcomes: Vec<Outcome> = engine::with_jobs(args.jobs, || {
        statements
            .par_iter()
            .map(|s| check(s, &ctx))
            .collect::<Result<Vec<_>, Error>>()
    })?;
    let failed = outcomes.iter().filter(|o| !o.passed).count();
    let kinds: Vec<StatementKind> = statements.iter().map(|s| s.kind).collect();
    let text = match args.format {
        OutputFormat::Json => {
            serde_json::to_string_pretty(&TestReport::new(&outcomes, &kinds))
                .expect("reports always serialise")
                + "\n"
        }
        _ => render_text(&outcomes, failed) + &kind_summary(&outcomes, &kinds),
    };
    print_stdout(&text)?;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn render_text(outcomes: &[Outcome], failed: usize) -> String {
    let mut out = String::new();
    for o in outcomes {
        let _ = writeln!(
            out,
            "{}  {}  ({} case{}, {:.2} s)",
            if o.passed { "pass" } else { "FAIL" },
            o.name,
            o.cases,
            if o.cases == 1 { "" } else { "s" },
            o.seconds
        );
        for c in &o.counterexamples {
            let _ = writeln!(
                out,
                "      condition {}, {}, perturbation {}: {}",
                c.condition, c.update, c.perturbation, c.detail
            );
        }
        if o.num_counterexamples > o.counterexamples.len() {
            let _ = writeln!(
                out,
                "      … and {} more",
                o.num_counterexamples - o.counterexamples.len()
            );
        }
    }
    let _ = writeln!(
        out,
        "\n{} statement{}: {} passed, {failed} failed",
        outcomes.len(),
        if outcomes.len() == 1 { "" } else { "s" },
        outcomes.len() - failed
    );
    out
}

/// Passed / total per statement kind, when the file gives kinds: a passing suite of constraints
/// is not validation, and the summary says which kind passed.
fn kind_summary(outcomes: &[Outcome], kinds: &[StatementKind]) -> String {
    if kinds.iter().all(|k| *k == StatementKind::Unspecified) {
        return String::new();
    }
    let mut counts: std::collections::BTreeMap<StatementKind, (usize, usize)> = Default::default();
    for (o, k) in outcomes.iter().zip(kinds) {
        let c = counts.entry(*k).or_default();
        c.0 += usize::from(o.passed);
        c.1 += 1;
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|(k, (p, n))| format!("{} {p}/{n}", k.as_str()))
        .collect();
    format!("by kind: {}\n", parts.join(", "))
}

/// The variants of `--variants` (in the order given) or `--mutants`, after the model itself.
fn variants(args: &TestArgs, net: &basin::Network) -> Result<Vec<Variant>, Error> {
    let mut out = vec![Variant::whole("model", net.clone())];
    if let Some(MutantKind::SingleEdits) = args.mutants {
        out.extend(single_edit_mutants(net));
        return Ok(out);
    }
    for path in &args.variants {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let stem = name
            .strip_suffix(".bnet-patch")
            .or_else(|| name.strip_suffix(".patch"))
            .map(str::to_string);
        let variant = match stem {
            Some(stem) => {
                let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
                    path: path.clone(),
                    source,
                })?;
                Variant::from_patch(net, &stem, &text).map_err(|e| e.with_path(path))?
            }
            None => {
                let model = load_model(&ModelArgs {
                    model: path.clone(),
                    from: args.from,
                    free_inputs: args.free_inputs,
                })?;
                let stem = path
                    .file_stem()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default();
                Variant::whole(&stem, model.network)
            }
        };
        out.push(variant);
    }
    Ok(out)
}

fn run_variants(
    args: &TestArgs,
    net: &basin::Network,
    suite: &Suite<'_>,
) -> Result<ExitCode, Error> {
    use std::io::IsTerminal;
    let variants = variants(args, net)?;
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(variants.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} test {pos}/{len} variants [{elapsed_precise}] eta {eta}",
            )
            .expect("valid template"),
        );
        bar
    });
    let progress = |done: usize| {
        if let Some(bar) = &bar {
            bar.set_position(done as u64);
        }
    };
    let table = engine::with_jobs(args.jobs, || {
        Ok(check_variants(suite, &variants, &progress))
    })?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let mutants = args.mutants.is_some();
    let text = match (args.format, mutants) {
        (OutputFormat::Json, _) => {
            serde_json::to_string_pretty(&VariantReport::new(&table, mutants))
                .expect("reports always serialise")
                + "\n"
        }
        (OutputFormat::Csv, false) => variants_csv(&table),
        (OutputFormat::Csv, true) => mutants_csv(&table),
        (OutputFormat::Text, false) => variants_text(&table),
        (OutputFormat::Text, true) => mutants_text(&table),
    };
    print_stdout(&text)?;
    let model_fails = (0..table.statements.len()).any(|s| !table.cell(s, 0).passed());
    Ok(if model_fails {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn cell_word(c: &Cell) -> &'static str {
    match c {
        Cell::Pass => "pass",
        Cell::Fail(_) => "FAIL",
        Cell::Error(_) => "error",
    }
}

fn variants_text(table: &Table) -> String {
    let n = table.variants.len();
    let width = table
        .statements
        .iter()
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(9)
        .max(9);
    let widths: Vec<usize> = table
        .variants
        .iter()
        .map(|(name, _)| name.chars().count().max(5))
        .collect();
    let mut out = String::new();
    let _ = write!(out, "{:width$}", "statement");
    for ((name, _), w) in table.variants.iter().zip(&widths) {
        let _ = write!(out, "  {name:>w$}");
    }
    let _ = writeln!(out, "  variants");
    for (s, name) in table.statements.iter().enumerate() {
        let _ = write!(out, "{name:width$}");
        for (v, w) in widths.iter().enumerate() {
            let _ = write!(out, "  {:>w$}", cell_word(table.cell(s, v)));
        }
        let _ = writeln!(out, "  {}/{}", table.holds_in(s, 1..n), n - 1);
    }
    let all = (0..table.statements.len())
        .filter(|&s| table.holds_in(s, 0..n) == n)
        .count();
    let _ = writeln!(
        out,
        "\n{all} of {} statements hold in the model and in all {} variants",
        table.statements.len(),
        n - 1
    );
    for (name, description) in &table.variants[1..] {
        let _ = writeln!(out, "  {name}: {description}");
    }
    out
}

fn variants_csv(table: &Table) -> String {
    let mut out = String::from("statement");
    for (name, _) in &table.variants {
        let _ = write!(out, ",{}", csv_field(name));
    }
    out.push('\n');
    for (s, name) in table.statements.iter().enumerate() {
        out.push_str(&csv_field(name));
        for v in 0..table.variants.len() {
            let _ = write!(out, ",{}", cell_word(table.cell(s, v)).to_ascii_lowercase());
        }
        out.push('\n');
    }
    out
}

/// The most breaking mutants the text lists per statement.
const MAX_LISTED: usize = 8;

fn mutants_text(table: &Table) -> String {
    let n = table.variants.len();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} single-edit mutants; per statement: the share of mutants where it holds, and the edits that break it",
        n - 1
    );
    for (s, name) in table.statements.iter().enumerate() {
        let holds = table.holds_in(s, 1..n);
        let broken = table.broken_by(s, 1..n);
        let base = if table.cell(s, 0).passed() {
            ""
        } else {
            " (FAILS in the model itself)"
        };
        let _ = writeln!(
            out,
            "{:>6.1}%  {holds:>4}/{}  {name}{base}",
            100.0 * holds as f64 / (n - 1).max(1) as f64,
            n - 1
        );
        if !broken.is_empty() {
            let names: Vec<&str> = broken
                .iter()
                .take(MAX_LISTED)
                .map(|&v| table.variants[v].0.as_str())
                .collect();
            let more = if broken.len() > MAX_LISTED {
                format!(" … and {} more", broken.len() - MAX_LISTED)
            } else {
                String::new()
            };
            let _ = writeln!(out, "                 broken by {}{more}", names.join(", "));
        }
    }
    let robust = (0..table.statements.len())
        .filter(|&s| table.holds_in(s, 1..n) == n - 1)
        .count();
    let _ = writeln!(
        out,
        "\n{robust} of {} statements hold in every mutant",
        table.statements.len()
    );
    out
}

fn mutants_csv(table: &Table) -> String {
    let n = table.variants.len();
    let mut out = String::from("statement,model,mutants,holds,fraction,broken_by\n");
    for (s, name) in table.statements.iter().enumerate() {
        let holds = table.holds_in(s, 1..n);
        let broken: Vec<&str> = table
            .broken_by(s, 1..n)
            .into_iter()
            .map(|v| table.variants[v].0.as_str())
            .collect();
        let _ = writeln!(
            out,
            "{},{},{},{holds},{:.6},{}",
            csv_field(name),
            cell_word(table.cell(s, 0)).to_ascii_lowercase(),
            n - 1,
            holds as f64 / (n - 1).max(1) as f64,
            csv_field(&broken.join(";"))
        );
    }
    out
}

#[derive(Serialize)]
struct VariantReport {
    basin_json_version: u32,
    variants: Vec<VariantEntry>,
    statements: Vec<VariantStatement>,
}

#[derive(Serialize)]
struct VariantEntry {
    name: String,
    description: String,
}

#[derive(Serialize)]
struct VariantStatement {
    name: String,
    /// The model itself: pass, fail or error.
    model: &'static str,
    /// Variants (the model excluded) in which it holds.
    holds: usize,
    /// `holds` over the number of variants.
    fraction: f64,
    /// Per variant, in the order of `variants` (the model first).
    results: Vec<VariantResult>,
}

#[derive(Serialize)]
struct VariantResult {
    variant: String,
    result: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
}

impl VariantReport {
    fn new(table: &Table, mutants: bool) -> VariantReport {
        let n = table.variants.len();
        let word = |c: &Cell| match c {
            Cell::Pass => "pass",
            Cell::Fail(_) => "fail",
            Cell::Error(_) => "error",
        };
        VariantReport {
            basin_json_version: basin::report::JSON_VERSION,
            variants: table
                .variants
                .iter()
                .map(|(name, description)| VariantEntry {
                    name: name.clone(),
                    description: description.clone(),
                })
                .collect(),
            statements: (0..table.statements.len())
                .map(|s| {
                    let holds = table.holds_in(s, 1..n);
                    VariantStatement {
                        name: table.statements[s].clone(),
                        model: word(table.cell(s, 0)),
                        holds,
                        fraction: holds as f64 / (n - 1).max(1) as f64,
                        results: (0..n)
                            // Mutant tables are long: only the cells that differ from a pass.
                            .filter(|&v| !mutants || !table.cell(s, v).passed())
                            .map(|v| {
                                let c = table.cell(s, v);
                                VariantResult {
                                    variant: table.variants[v].0.clone(),
                                    result: word(c),
                                    detail: match c {
                                        Cell::Pass => None,
                                        Cell::Fail(d) | Cell::Error(d) => Some(d.clone()),
                                    },
                                }
                            })
                            .collect(),
                    }
                })
                .collect(),
        }
    }
}
