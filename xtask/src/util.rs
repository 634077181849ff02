//! Running commands with visible progress, and finding the workspace.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The workspace root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// Where cargo builds: `CARGO_TARGET_DIR` when set (a second work tree keeps its own, so
/// two builds do not wait on each other), else `target/` in the workspace.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|dir| if dir.is_absolute() { dir } else { root().join(dir) })
        .unwrap_or_else(|| root().join("target"))
}

/// A temporary directory `NAME-…`, removed with what it holds when dropped (even after a
/// failed run): what the tests and the bench write never stays in /tmp.
pub fn scratch(name: &str) -> Result<tempfile::TempDir, String> {
    tempfile::Builder::new()
        .prefix(&format!("{name}-"))
        .tempdir()
        .map_err(|e| format!("impossible de créer un dossier temporaire {name} : {e}"))
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

/// How long a server may take to print its address. It starts in about a second; the bound
/// leaves room for a loaded two-core machine.
const START_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);
/// Lines of the server's log quoted when it does not start.
const LOG_LINES_KEPT: usize = 30;

/// Spawns a server that prints its address on stdout (`… http://127.0.0.1:PORT/`) and
/// returns it with that URL (without the final `/`). Its stdout keeps being drained, so it
/// never blocks on a full pipe; its log goes on to our stderr. When it does not announce
/// itself within [`START_TIMEOUT`], it is stopped and the error quotes its last log lines.
pub fn spawn_announcing(cmd: &mut Command) -> Result<(Child, String), String> {
    let shown = describe(cmd);
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("impossible de lancer « {shown} » : {e}"))?;
    let log = std::sync::Arc::new(std::sync::Mutex::new(std::collections::VecDeque::new()));
    let stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let kept = log.clone();
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            eprintln!("{line}");
            let mut kept = kept.lock().expect("log");
            kept.push_back(line);
            if kept.len() > LOG_LINES_KEPT {
                kept.pop_front();
            }
        }
    });
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = BufReader::new(child.stdout.take().expect("stdout"));
    std::thread::spawn(move || {
        let mut lines = stdout.lines().map_while(Result::ok);
        let url = lines.by_ref().find_map(|l| {
            l.find("http://")
                .map(|i| l[i..].trim().trim_end_matches('/').to_owned())
        });
        let _ = tx.send(url);
        lines.for_each(drop);
    });
    let why = match rx.recv_timeout(START_TIMEOUT) {
        Ok(Some(url)) => return Ok((child, url)),
        Ok(None) => format!("« {shown} » s'est arrêté sans annoncer son adresse"),
        Err(_) => format!(
            "« {shown} » n'a pas annoncé son adresse en {} s",
            START_TIMEOUT.as_secs()
        ),
    };
    let _ = child.kill();
    let _ = child.wait();
    // Let the log thread read what the server wrote before it stopped.
    std::thread::sleep(std::time::Duration::from_millis(100));
    let tail: Vec<String> = log.lock().expect("log").iter().cloned().collect();
    Err(if tail.is_empty() {
        format!("{why} (il n'a rien écrit)")
    } else {
        format!("{why} ; ses dernières lignes :\n{}", tail.join("\n"))
    })
}

/// `agir-server serve` from `bin` on `addr` over `db`, serving `dist`, seeded from `data/`,
/// for a load: limits per address lifted (every client is 127.0.0.1), warnings only, the
/// organizers' `token`, and none of the developer's own `AGIR_*` settings.
pub fn load_server(bin: &Path, addr: &str, db: &Path, dist: &Path, token: &str) -> Command {
    let mut cmd = Command::new(bin);
    cmd.args(["serve", "--addr", addr, "--feedback-rate", "0"])
        .arg("--db")
        .arg(db)
        .arg("--dist")
        .arg(dist)
        .arg("--seed")
        .arg(root().join("data"))
        .env("AGIR_LOG", "warn")
        .env("AGIR_ADMIN_TOKEN", token);
    for var in [
        "AGIR_ADDR",
        "AGIR_DB",
        "AGIR_CURRENT",
        "AGIR_PUBLIC_URL",
        "AGIR_ADMIN_TOKEN_FILE",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// Waits for `child` to exit, at most `bound`; past it, kills it and returns `None`.
pub fn wait_within(child: &mut Child, bound: Duration) -> Result<Option<std::process::ExitStatus>, String> {
    let deadline = Instant::now() + bound;
    loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            return Ok(Some(status));
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Ok(None);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
