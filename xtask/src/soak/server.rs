//! The release server under test: started on a port of its own over one SQLite file,
//! killed with SIGKILL, started again on the same file and port, and stopped with SIGTERM
//! at the end.

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use crate::util::{load_server, spawn_announcing};

/// The organizers' token of the soak's server.
pub const TOKEN: &str = "jeton-de-l-endurance-0123456789";
/// How long a restart may fail to bind (the killed process's socket going away).
const BIND_RETRY: Duration = Duration::from_secs(10);
/// How long a graceful stop may take before it counts as a failure.
const STOP_BOUND: Duration = Duration::from_secs(10);

pub struct Server {
    child: Option<Child>,
    pub addr: String,
    db: PathBuf,
    dist: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

pub fn binary() -> PathBuf {
    crate::util::target_dir().join("release/agir-server")
}

/// A port nobody listens on now (the kernel's choice), kept for every restart.
fn free_port() -> Result<u16, String> {
    let listener =
        std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| format!("aucun port libre sur 127.0.0.1 : {e}"))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| format!("port inconnu : {e}"))
}

impl Server {
    /// Starts the server over `db` in `dir` (with a stand-in app: the soak needs the API only).
    pub fn start(dir: &Path, db: &Path) -> Result<Self, String> {
        let dist = dir.join("dist");
        std::fs::create_dir_all(&dist).map_err(|e| format!("{} : {e}", dist.display()))?;
        std::fs::write(dist.join("index.html"), "<!DOCTYPE html><title>Agir ensemble</title>")
            .map_err(|e| format!("index.html : {e}"))?;
        let mut server = Self {
            child: None,
            addr: format!("127.0.0.1:{}", free_port()?),
            db: db.to_owned(),
            dist,
        };
        server.restart()?;
        Ok(server)
    }

    /// Starts the process again on the same file and port; a port still held by the killed
    /// process is tried again for a few seconds.
    pub fn restart(&mut self) -> Result<(), String> {
        let started = Instant::now();
        loop {
            match self.spawn() {
                Ok(child) => {
                    self.child = Some(child);
                    return Ok(());
                }
                Err(e) if e.contains("déjà utilisée") && started.elapsed() < BIND_RETRY => {
                    std::thread::sleep(Duration::from_millis(100));
                }
                Err(e) => return Err(e),
            }
        }
    }

    fn spawn(&self) -> Result<Child, String> {
        spawn_announcing(&mut load_server(&binary(), &self.addr, &self.db, &self.dist, TOKEN)).map(|(child, _)| child)
    }

    /// SIGKILL: no chance to finish anything, as when the power goes.
    pub fn kill(&mut self) -> Result<(), String> {
        let mut child = self.child.take().ok_or("le serveur n'est pas lancé")?;
        child.kill().map_err(|e| format!("SIGKILL impossible : {e}"))?;
        child.wait().map_err(|e| e.to_string())?;
        Ok(())
    }

    /// SIGTERM, then waits for a clean exit (status 0) within `STOP_BOUND`.
    pub fn stop(&mut self) -> Result<Duration, String> {
        let mut child = self.child.take().ok_or("le serveur n'est pas lancé")?;
        let started = Instant::now();
        let sent = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .map_err(|e| format!("SIGTERM impossible : {e}"))?;
        if !sent.success() {
            return Err(format!("SIGTERM impossible ({sent})"));
        }
        match crate::util::wait_within(&mut child, STOP_BOUND)? {
            Some(status) if status.success() => Ok(started.elapsed()),
            Some(status) => Err(format!("le serveur s'est arrêté en erreur après SIGTERM ({status})")),
            None => Err(format!(
                "le serveur ne s'est pas arrêté {} s après SIGTERM",
                STOP_BOUND.as_secs()
            )),
        }
    }
}
