//! `--start STATE|PATTERN|LABEL@CONDITION|FILE`: the library's [`Start`] from the command line.
//!
//! * a state `0101…`, a pattern `01*1…`, or `NAME=0|1` assignments (the other variables 0, or
//!   free with a lone `*`): [`Start::parse`];
//! * `LABEL@CONDITION`: the attractors labelled LABEL (by `--phenotypes`) when the unperturbed
//!   model settles under CONDITION from a uniformly random state, weighted by their shares
//!   ([`Start::of_label`]);
//! * a file: one state (or assignment list) per line, `#` comments; the states equally likely
//!   (a single line may be a pattern).

use super::args::PhenotypeArgs;
use super::engine;
use basin::Error;
use basin::attractor::UpdateScheme;
use basin::condition::find;
use basin::engine::EngineOptions;
use basin::network::Network;
use basin::trajectory::Start;
use std::path::Path;

/// The start `text` names, if one was given. `update` is the scheme a `LABEL@CONDITION`
/// start's attractors are found under.
pub(crate) fn resolve(
    text: Option<&str>,
    network: &Network,
    phenotype: &PhenotypeArgs,
    update: UpdateScheme,
    options: &EngineOptions,
) -> Result<Option<Start>, Error> {
    let Some(text) = text else {
        return Ok(None);
    };
    let path = Path::new(text);
    if path.is_file() {
        return from_file(network, path).map(Some);
    }
    if let Ok(start) = Start::parse(network, text) {
        return Ok(Some(start));
    }
    let Some((label, condition)) = text.rsplit_once('@') else {
        // Report the parse error of the state or assignment form.
        return Start::parse(network, text)
            .map(Some)
            .map_err(|e| e.in_context("--start"));
    };
    let Some(phenotypes) = engine::phenotypes(phenotype, network)? else {
        return Err(Error::Invalid(format!(
            "--start {text} names a label: it needs --phenotypes FILE"
        )));
    };
    let named = engine::named_conditions(phenotype, network)?;
    let condition = find(&named, condition)?;
    Start::of_label(
        network,
        &phenotypes,
        label,
        &condition.name,
        condition.fixed(),
        update,
        options,
    )
    .map(Some)
}

fn from_file(network: &Network, path: &Path) -> Result<Start, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .collect();
    let context = || format!("--start {}", path.display());
    if lines.len() == 1 {
        return Start::parse(network, lines[0]).map_err(|e| e.in_context(context()));
    }
    let mut states = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        match Start::parse(network, line).map_err(|e| e.in_context(context()))? {
            Start::State(s) => states.push((s, 1.0 / lines.len() as f64)),
            _ => {
                return Err(Error::Invalid(format!(
                    "{}: line {} is a pattern; a file of several lines lists states",
                    path.display(),
                    i + 1
                )));
            }
        }
    }
    if states.is_empty() {
        return Err(Error::Invalid(format!("{}: no state", path.display())));
    }
    Ok(Start::Distribution {
        name: format!("the {} states of {}", states.len(), path.display()),
        states,
    })
}
