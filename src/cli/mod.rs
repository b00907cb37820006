//! The command-line layer: argument parsing (clap, `args`), one module per subcommand, and the
//! mapping from errors to exit codes (0 success, 1 a failed expectation, 2 bad input or refused
//! work). Diagnostics go to stderr, results to stdout; a closed stdout pipe counts as success.

mod args;
mod attractors;
mod check;
mod control;
mod convert;
mod engine;
mod knockout;
mod plot;
mod protocol;
mod report_html;
mod screen;
mod start;
mod test;
mod timecourse;
mod trapspaces;

use args::{Cli, Command, ModelArgs, ModelFormat};
use basin::Error;
use basin::error::Remedy;
use basin::parse::{Format, Model, read_model};
use clap::Parser;
use std::io::{self, Write};
use std::process::ExitCode;

/// Exit code for bad input or refused work.
const EXIT_BAD_INPUT: u8 = 2;

/// Runs the command line and returns the process exit code.
pub(crate) fn main() -> ExitCode {
    let cli = Cli::parse_from(args::screen_merge_alias(std::env::args_os().collect()));
    let result = match cli.command {
        Command::Check(a) => check::run(&a),
        Command::Convert(a) => convert::run(&a),
        Command::Attractors(a) => attractors::run(&a),
        Command::Protocol(a) => protocol::run(&a),
        Command::Timecourse(a) => timecourse::run(&a),
        Command::Knockout(a) => knockout::run(&a),
        Command::Screen(a) => screen::run(&a),
        Command::Control(a) => control::run(&a),
        Command::Merge(a) => screen::merge(&a),
        Command::Plot(a) => plot::run(&a),
        Command::Report(a) => report_html::run(&a),
        Command::Test(a) => test::run(&a),
        Command::Trapspaces(a) => trapspaces::run(&a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if let Error::Io { source, .. } = &e
                && source.kind() == io::ErrorKind::BrokenPipe
            {
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(io::stderr(), "error: {}", e.render(&remedy_flags));
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}

/// A remedy in the command line's words: the flags that apply it.
pub(crate) fn remedy_flags(remedy: &Remedy) -> String {
    match remedy {
        Remedy::FixInputs { inputs } if inputs.is_empty() => {
            "fix inputs with --input NAME=0|1".to_string()
        }
        Remedy::FixInputs { inputs } => format!(
            "fix some of the {} free inputs ({}) with --input NAME=0|1",
            inputs.len(),
            inputs.join(", ")
        ),
        Remedy::PerturbNodes => "perturb nodes (--perturb NAME=0|1) to shrink the core".into(),
        Remedy::UseSampling => "use --engine sample (--samples N --seed S)".into(),
        Remedy::SkipProbabilities => {
            "list attractors and weak/strong basins without probabilities".into()
        }
        Remedy::RaiseMemoryLimit => "raise --max-memory".into(),
        Remedy::CountOnly => "count them without listing: basin attractors --count-only".into(),
        Remedy::SpecifyFormat { detected: Some(d) } => format!("use --from {d}"),
        Remedy::SpecifyFormat { detected: None } => "use --from bnet|booleannet|aeon|sbml".into(),
        Remedy::AllowFreeInputs => "pass --free-inputs".into(),
        Remedy::PerturbInstead => "use --perturb to fix it".into(),
        Remedy::FewerPerturbations => "choose fewer --nodes or a lower --order".into(),
        Remedy::FewerConditions => "fewer conditions".into(),
        Remedy::RunShards { shards, count } => {
            let which = match shards.as_slice() {
                [one] => format!("--shard {one}/{count} --out PART"),
                many => format!(
                    "--shard I/{count} --out PART for I = {}",
                    many.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            format!(
                "run basin screen with the other parts' options and {which} (--resume PART \
                 finishes a part cut short)"
            )
        }
        Remedy::GiveEachShardOnce => "give each shard's part once".into(),
        other => other.to_string(),
    }
}

impl From<ModelFormat> for Format {
    fn from(f: ModelFormat) -> Format {
        match f {
            ModelFormat::Bnet => Format::Bnet,
            ModelFormat::Booleannet => Format::BooleanNet,
            ModelFormat::Aeon => Format::Aeon,
            ModelFormat::Sbml => Format::Sbml,
        }
    }
}

/// Reads the model named by the arguments and prints its warnings to stderr.
pub(crate) fn load_model(args: &ModelArgs) -> Result<Model, Error> {
    let model = read_model(&args.model, args.from.map(Format::from), args.free_inputs)?;
    let mut err = io::stderr().lock();
    for w in &model.warnings {
        let _ = writeln!(err, "warning: {}: {w}", args.model.display());
    }
    Ok(model)
}

/// Writes `text` to stdout, mapping failures to `Error::Io`.
pub(crate) fn print_stdout(text: &str) -> Result<(), Error> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|source| Error::Io {
            path: "<stdout>".into(),
            source,
        })
}

/// Runs `work`, showing a spinner with `message` and the elapsed time on stderr when it is a
/// terminal and the work takes more than a second (one exploration of a large space, sampled
/// or exact, can take minutes; a screen has its own bar).
pub(crate) fn with_spinner<T: Send>(message: &str, work: impl FnOnce() -> T + Send) -> T {
    use std::io::IsTerminal;
    if !io::stderr().is_terminal() {
        return work();
    }
    let done = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let start = std::time::Instant::now();
            while start.elapsed() < std::time::Duration::from_secs(1) {
                if done.load(std::sync::atomic::Ordering::Relaxed) {
                    return;
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            let bar = indicatif::ProgressBar::new_spinner();
            bar.set_style(
                indicatif::ProgressStyle::with_template("{spinner} {msg} [{elapsed_precise}]")
                    .expect("valid template"),
            );
            bar.set_message(message.to_string());
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                bar.tick();
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            bar.finish_and_clear();
        });
        let out = work();
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        out
    })
}

/// Runs a command whose explorations poll a `--timeout` deadline (through the library's
/// cancellation token), turning the cancellation into the timeout message. The command writes
/// its result only after every exploration finished, so a timed-out run writes nothing.
pub(crate) fn timed_out_as_error(
    limit: Option<std::time::Duration>,
    command: impl FnOnce() -> Result<ExitCode, Error>,
) -> Result<ExitCode, Error> {
    match (command(), limit) {
        (Err(Error::Cancelled), Some(limit)) => Err(Error::Invalid(format!(
            "timed out after {limit:?} (--timeout); nothing was written"
        ))),
        (result, _) => result,
    }
}

/// Writes `text` to `path` (through a temporary file renamed into place, so a report file is
/// never left half-written) or, without a path, to stdout.
///
/// Only a regular file (or a path that does not exist yet) is replaced by renaming: a device,
/// FIFO or symbolic link is written through in place. Renaming over `/dev/null` as root would
/// otherwise turn the device into a regular file that every later process writes into.
pub(crate) fn write_output(path: Option<&std::path::Path>, text: &str) -> Result<(), Error> {
    let Some(path) = path else {
        return print_stdout(text);
    };
    let io_error = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let replace_by_rename = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta.file_type().is_file(),
        Err(_) => true,
    };
    if !replace_by_rename {
        return std::fs::write(path, text).map_err(io_error);
    }
    let mut tmp_name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    tmp_name.push(format!(".tmp{}", std::process::id()));
    let tmp = path.with_file_name(tmp_name);
    std::fs::write(&tmp, text).map_err(io_error)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io_error(e)
    })
}

/// The nodes named on the command line (`flag` names the option in errors), each once, in the
/// order given; blank names are skipped and an unknown one is refused with the closest name.
pub(crate) fn named_nodes(
    net: &basin::Network,
    names: &[String],
    flag: &str,
) -> Result<Vec<basin::VarId>, Error> {
    let mut out = Vec::new();
    for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        let Some(v) = net.find(name) else {
            let hint = basin::error::closest(name, net.names().iter().map(String::as_str))
                .map(|c| format!("; did you mean '{c}'?"))
                .unwrap_or_default();
            return Err(Error::Invalid(format!(
                "{flag}: unknown node '{name}'{hint}"
            )));
        };
        if !out.contains(&v) {
            out.push(v);
        }
    }
    Ok(out)
}

/// The exit code of a run stopped by Ctrl-C (128 + SIGINT).
pub(crate) const EXIT_INTERRUPTED: i32 = 130;

/// Ctrl-C raises `cancel` (the run stops as on `--timeout`: what finished is reported and kept);
/// a second Ctrl-C exits at once. The returned flag says whether Ctrl-C was pressed. Without a
/// handler (one is already set) Ctrl-C keeps its default.
pub(crate) fn stop_on_ctrl_c(
    cancel: &basin::cancel::Cancel,
) -> std::sync::Arc<std::sync::atomic::AtomicBool> {
    use std::sync::atomic::{AtomicBool, Ordering};
    let interrupted = std::sync::Arc::new(AtomicBool::new(false));
    let (cancel, flag) = (cancel.clone(), interrupted.clone());
    let _ = ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::Relaxed) {
            std::process::exit(EXIT_INTERRUPTED);
        }
        cancel.cancel();
    });
    interrupted
}

/// `name (inputs on), …` for a report's `conditions` line.
pub(crate) fn conditions_line(
    net: &basin::Network,
    conditions: &[basin::condition::Condition],
) -> String {
    conditions
        .iter()
        .map(|c| match c.describe(net) {
            d if d == c.name => d,
            d => format!("{} ({d})", c.name),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A CSV field (RFC 4180), quoted when it holds a comma, a quote or a line end: one rule for
/// every table the command line writes.
pub(crate) fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}
