//! `agir-server`: parses the command line and runs it; everything else lives in the library.

use std::{io::IsTerminal, process::ExitCode};

use agir_server::cli::{Cli, Command};
use clap::Parser;
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The server reports what it does; the one-shot commands only what goes wrong.
    let default = if matches!(cli.command, Command::Serve(_)) {
        "info"
    } else {
        "warn"
    };
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        // A log line that cannot be written (stderr closed) is dropped; by default the
        // subscriber reports it with `eprintln!`, which panics on that same closed stderr.
        .log_internal_errors(false)
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(EnvFilter::try_from_env("AGIR_LOG").unwrap_or_else(|_| EnvFilter::new(default)))
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            agir_server::tell!("Impossible de démarrer le moteur d'exécution : {e}.");
            return ExitCode::from(2);
        }
    };
    runtime.block_on(agir_server::cli::run(cli))
}
