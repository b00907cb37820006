//! The `basin` command: parses arguments, runs the library, prints. See `cli` for the commands.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
