//! Running commands with visible progress, and finding the workspace.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// The workspace root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// A visible step header, so a long first install or build never looks stuck.
pub fn step(message: &str) {
    eprintln!("\n==> {message}");
}

/// Runs a command inheriting the terminal; `Err` names the command when it fails.
pub fn run(cmd: &mut Command) -> Result<(), String> {
    let shown = describe(cmd);
    let start = Instant::now();
    let status = cmd
        .status()
        .map_err(|e| format!("impossible de lancer « {shown} » : {e}"))?;
    if status.success() {
        eprintln!("    ({shown} : {:.0} s)", start.elapsed().as_secs_f64());
        Ok(())
    } else {
        Err(format!("« {shown} » a échoué ({status})"))
    }
}

/// Runs a command and returns its stdout, or `None` when it cannot run or fails.
pub fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

pub fn describe(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

/// `cargo` as invoked by the user (rustup's proxy or the one running us).
pub fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(root());
    cmd
}

/// PATH with the project's own tool directories first (wasm-opt from npm).
pub fn tool_path() -> String {
    let tools = root().join("xtask/tools/node_modules/.bin");
    let cargo_bin = std::env::var("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cargo"))
        .join("bin");
    let current = std::env::var("PATH").unwrap_or_default();
    format!("{}:{}:{current}", tools.display(), cargo_bin.display())
}
