//! `basin convert`: read a model and write it in another format, reporting renamed variables.

use super::args::ConvertArgs;
use super::{load_model, print_stdout};
use basin::Error;
use basin::parse::Format;
use basin::write::write;
use std::io::Write as _;
use std::process::ExitCode;

impl ConvertArgs {
    fn to_format(&self) -> Format {
        Format::from(self.to)
    }
}

pub(crate) fn run(args: &ConvertArgs) -> Result<ExitCode, Error> {
    let model = load_model(&args.model)?;
    let written = match args.to_format() {
        // SBML keeps the display labels (species names) the model was read with.
        Format::Sbml => basin::sbml::write(&model.network, &model.labels),
        format => write(&model.network, format)?,
    };
    let mut err = std::io::stderr().lock();
    for (from, to) in &written.renamed {
        let _ = writeln!(
            err,
            "note: '{from}' is written as '{to}' ({} cannot spell it)",
            args.to_format()
        );
    }
    if !model.initial_values.is_empty() {
        let _ = writeln!(
            err,
            "note: {} BooleanNet initial value(s) not written: analyses explore every state",
            model.initial_values.len()
        );
    }
    drop(err);
    match &args.output {
        Some(path) => std::fs::write(path, &written.text).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?,
        None => print_stdout(&written.text)?,
    }
    Ok(ExitCode::SUCCESS)
}
