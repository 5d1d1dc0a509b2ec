//! The `zhextract` command: parse arguments, run, map the outcome to an exit code.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(status) => status.into(),
        Err(error) => {
            if is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            let mut message = format!("error: {error}");
            for cause in error.chain().skip(1) {
                message.push_str("\n  caused by: ");
                message.push_str(&cause.to_string());
            }
            cli::report_error(&message);
            cli::ExitStatus::Error.into()
        }
    }
}

/// Writing to a closed pipe (`zhextract diff … | head`) is not an error.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
