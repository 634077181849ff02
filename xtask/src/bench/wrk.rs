//! Running Debian's `wrk` on loopback and reading its `--latency` report.

use std::process::Command;

/// What one wrk run measured.
#[derive(Debug, Clone, PartialEq)]
pub struct WrkResult {
    pub requests_per_sec: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub requests: u64,
    /// Connect, read, write errors and timeouts.
    pub socket_errors: u64,
    /// Answers that were neither 2xx nor 3xx.
    pub bad_status: u64,
}

/// `wrk -tTHREADS -cCONNECTIONS -dSECONDSs --latency -H … URL`.
pub fn run(
    url: &str,
    threads: u32,
    connections: u32,
    seconds: u32,
    headers: &[(&str, &str)],
) -> Result<WrkResult, String> {
    let mut cmd = Command::new("wrk");
    cmd.args([
        format!("-t{threads}"),
        format!("-c{connections}"),
        format!("-d{seconds}s"),
        "--latency".to_owned(),
    ]);
    for (name, value) in headers {
        cmd.args(["-H".to_owned(), format!("{name}: {value}")]);
    }
    cmd.arg(url);
    let shown = crate::util::describe(&cmd);
    let out = cmd
        .output()
        .map_err(|e| format!("impossible de lancer « {shown} » : {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!(
            "« {shown} » a échoué ({}) : {}{}",
            out.status,
            text,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    parse(&text).map_err(|e| format!("« {shown} » : {e}\n{text}"))
}

/// Reads wrk's report (wrk 4.x with `--latency`).
pub fn parse(output: &str) -> Result<WrkResult, String> {
    let mut requests_per_sec = None;
    let (mut p50, mut p99, mut requests) = (None, None, None);
    let (mut socket_errors, mut bad_status) = (0, 0);
    for line in output.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("Requests/sec:") {
            requests_per_sec = rest.trim().parse().ok();
        } else if let Some(rest) = line.strip_prefix("50%") {
            p50 = duration_ms(rest.trim());
        } else if let Some(rest) = line.strip_prefix("99%") {
            p99 = duration_ms(rest.trim());
        } else if line.contains(" requests in ") {
            requests = line.split_whitespace().next().and_then(|n| n.parse().ok());
        } else if let Some(rest) = line.strip_prefix("Socket errors:") {
            socket_errors = rest
                .split(',')
                .filter_map(|part| part.split_whitespace().last()?.parse::<u64>().ok())
                .sum();
        } else if let Some(rest) = line.strip_prefix("Non-2xx or 3xx responses:") {
            bad_status = rest.trim().parse().unwrap_or(0);
        }
    }
    Ok(WrkResult {
        requests_per_sec: requests_per_sec.ok_or("pas de ligne « Requests/sec »")?,
        p50_ms: p50.ok_or("pas de latence à 50 % (--latency manque ?)")?,
        p99_ms: p99.ok_or("pas de latence à 99 % (--latency manque ?)")?,
        requests: requests.ok_or("pas de nombre de requêtes")?,
        socket_errors,
        bad_status,
    })
}

/// wrk's durations: `560.00us`, `1.02ms`, `1.20s`, `2.00m`, in milliseconds.
fn duration_ms(text: &str) -> Option<f64> {
    let split = text.find(|c: char| c.is_ascii_alphabetic())?;
    let (number, unit) = text.split_at(split);
    let value: f64 = number.parse().ok()?;
    let factor = match unit {
        "us" => 0.001,
        "ms" => 1.0,
        "s" => 1_000.0,
        "m" => 60_000.0,
        "h" => 3_600_000.0,
        _ => return None,
    };
    Some(value * factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "Running 10s test @ http://127.0.0.1:8080/api/edition
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   636.47us  347.57us  10.55ms   82.25%
    Req/Sec    50.84k     3.60k   60.18k    70.50%
  Latency Distribution
     50%  560.00us
     75%  772.00us
     90%    1.02ms
     99%    1.90s
  1011834 requests in 10.00s, 235.67MB read
  Socket errors: connect 1, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 12
Requests/sec: 101169.52
Transfer/sec:     23.56MB
";

    #[test]
    fn reads_throughput_latency_and_errors() {
        let r = parse(SAMPLE).unwrap();
        assert_eq!(r.requests_per_sec, 101169.52);
        assert!((r.p50_ms - 0.56).abs() < 1e-9);
        assert_eq!(r.p99_ms, 1900.0);
        assert_eq!(r.requests, 1_011_834);
        assert_eq!(r.socket_errors, 6);
        assert_eq!(r.bad_status, 12);
    }

    #[test]
    fn clean_run_has_no_errors_and_missing_latency_is_refused() {
        let clean: String = SAMPLE
            .lines()
            .filter(|l| !l.contains("errors") && !l.contains("Non-2xx"))
            .map(|l| format!("{l}\n"))
            .collect();
        let r = parse(&clean).unwrap();
        assert_eq!((r.socket_errors, r.bad_status), (0, 0));
        let no_latency: String = SAMPLE
            .lines()
            .filter(|l| !l.contains('%') || l.contains("Stdev") || l.contains("Latency "))
            .map(|l| format!("{l}\n"))
            .collect();
        assert!(parse(&no_latency).is_err());
    }

    #[test]
    fn durations_in_every_unit() {
        assert_eq!(duration_ms("1.02ms"), Some(1.02));
        assert_eq!(duration_ms("2.00m"), Some(120_000.0));
        assert_eq!(duration_ms("12"), None);
        assert_eq!(duration_ms("3.0d"), None);
    }
}
