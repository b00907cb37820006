//! `basin check`: parse, lint and summarise a model.

use super::args::{CheckArgs, OutputFormat};
use super::{load_model, print_stdout};
use basin::Error;
use std::fmt::Write as _;
use std::process::ExitCode;

pub(crate) fn run(args: &CheckArgs) -> Result<ExitCode, Error> {
    let model = load_model(&args.model)?;
    let net = &model.network;
    let mut text = String::new();
    match args.format {
        OutputFormat::Json => {
            let v = serde_json::json!({
                "model": args.model.model.display().to_string(),
                "variables": net.names(),
                "inputs": net.inputs().iter().map(|&v| net.name(v)).collect::<Vec<_>>(),
            });
            text = serde_json::to_string_pretty(&v).expect("json") + "\n";
        }
        _ => {
            let _ = writeln!(
                text,
                "{}: {} variables, {} inputs",
                args.model.model.display(),
                net.num_vars(),
                net.inputs().len()
            );
        }
    }
    print_stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}
