//! The machine a figure was measured on (CPU, cores, memory, load, date, tool versions) and
//! the resident memory of a process: figures from shared, noisy machines mean little without.

use std::process::Command;

use serde_json::{json, Value};

/// The first `model name` of `/proc/cpuinfo`.
pub fn cpu_model(cpuinfo: &str) -> Option<String> {
    cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim().to_owned())
}

/// The three load averages of `/proc/loadavg`.
pub fn load() -> Option<[f64; 3]> {
    parse_load(&std::fs::read_to_string("/proc/loadavg").ok()?)
}

pub fn parse_load(text: &str) -> Option<[f64; 3]> {
    let mut it = text.split_whitespace().map(|v| v.parse::<f64>().ok());
    Some([it.next()??, it.next()??, it.next()??])
}

/// A `kB` line of a `/proc` file (`VmRSS:   12345 kB`, `MemTotal: …`), in KiB.
pub fn kib_field(text: &str, field: &str) -> Option<u64> {
    text.lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
}

/// Resident memory of process `pid`, in KiB.
pub fn rss_kib(pid: u32) -> Option<u64> {
    kib_field(&std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?, "VmRSS")
}

/// The processes whose parent is `pid` (nginx's workers).
pub fn children(pid: u32) -> Vec<u32> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|child| {
            std::fs::read_to_string(format!("/proc/{child}/status"))
                .ok()
                .and_then(|s| {
                    s.lines()
                        .find_map(|l| l.strip_prefix("PPid:")?.trim().parse::<u32>().ok())
                })
                == Some(pid)
        })
        .collect()
}

/// Whatever a command prints of its version, on stdout or stderr, first line.
fn version(program: &str, arg: &str) -> Option<String> {
    let out = Command::new(program).arg(arg).output().ok()?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    text.lines().map(str::trim).find(|l| !l.is_empty()).map(str::to_owned)
}

/// The local date and time, as `date` prints it.
pub fn now() -> String {
    Command::new("date")
        .arg("+%Y-%m-%d %H:%M %Z")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

/// Everything worth noting about this machine, as JSON.
pub fn describe() -> Value {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    json!({
        "date": now(),
        "cpu": cpu_model(&cpuinfo),
        "cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        "memory_gib": kib_field(&meminfo, "MemTotal").map(|k| (k as f64 / 1_048_576.0 * 10.0).round() / 10.0),
        "kernel": version("uname", "-r"),
        "load_at_start": load(),
        "chromium": version("/usr/bin/chromium", "--version"),
        "node": version("node", "--version"),
        "wrk": version("wrk", "-v"),
        "nginx": version("nginx", "-v"),
        "rustc": version("rustc", "--version"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_proc_files() {
        let cpuinfo = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\nprocessor\t: 1\nmodel name\t: AMD EPYC 7B13\n";
        assert_eq!(cpu_model(cpuinfo).as_deref(), Some("AMD EPYC 7B13"));
        assert_eq!(parse_load("3.93 5.11 3.78 1/87 30000\n"), Some([3.93, 5.11, 3.78]));
        assert_eq!(parse_load("3.93"), None);
        let status = "Name:\tagir-server\nVmPeak:\t  90000 kB\nVmRSS:\t   23456 kB\nRssAnon:\t 100 kB\n";
        assert_eq!(kib_field(status, "VmRSS"), Some(23456));
        assert_eq!(kib_field(status, "VmSwap"), None);
    }

    #[test]
    fn our_own_memory_is_readable() {
        assert!(rss_kib(std::process::id()).is_some_and(|k| k > 0));
    }
}
