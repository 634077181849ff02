//! Backend under load: wrk against `GET /api/edition` (brotli, and its 304) on our release
//! server and on nginx serving the same bytes, each run of ours right next to its nginx run.

use std::time::{Duration, Instant};

use serde_json::json;

use super::format::{bytes, mib, ms_precise, number, ratio};
use super::stats::median;
use super::{http, machine, nginx, wrk, Backend, Options, Section, Table, Work};

/// The load: wrk connections, each run against both servers.
const CONNECTIONS: [u32; 2] = [64, 256];

pub fn backend(work: &Work, options: &Options) -> Result<Section, String> {
    let server = Backend::start(&work.dir.path().join("backend.db"), None)?;
    let (br, etag) = ours(&server)?;
    let revalidate = [("Accept-Encoding", "br"), ("If-None-Match", etag.as_str())];
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let (reference, nginx_addr, nginx_br) = beside_nginx(work, &br, &etag, &revalidate, cores)?;
    let (extra, missing) = header_difference(&br, &nginx_br);

    let rss_idle = machine::rss_kib(server.pid());
    let ours_url = format!("{}/api/edition", server.url);
    let nginx_url = format!("http://{nginx_addr}/api/edition");
    let mut t = Table::new(
        format!(
            "GET /api/edition sur la boucle locale : wrk -t2 --latency, médiane de {} passages de {} s, nginx en référence",
            options.wrk_rounds, options.wrk_seconds
        ),
        &["réponse", "conn.", "serveur", "req/s", "p50", "p99", "÷ nginx"],
    )
    .text_column(2);
    let runs = load(options, &ours_url, &nginx_url, &revalidate)?;
    for s in summarize(&runs) {
        t.row(vec![
            s.case.into(),
            s.connections.to_string(),
            s.server.into(),
            number(Some(s.requests_per_sec), 0),
            ms_precise(s.p50_ms),
            ms_precise(s.p99_ms),
            ratio(s.ratio_to_nginx),
        ]);
    }
    for r in runs.iter().filter(|r| r.result.socket_errors + r.result.bad_status > 0) {
        t.note(format!(
            "{}, {}, {} conn., passage {} : {} erreurs de connexion, {} réponses hors 2xx/3xx",
            r.server, r.case, r.connections, r.round, r.result.socket_errors, r.result.bad_status
        ));
    }
    let rss_after = machine::rss_kib(server.pid());
    let nginx_rss: Option<u64> = std::iter::once(reference.pid())
        .chain(machine::children(reference.pid()))
        .map(machine::rss_kib)
        .sum();
    t.note(format!(
        "Mémoire résidente (VmRSS) d'agir-server : {} au repos, {} après la charge ; nginx (maître et {cores} workers) : {}.",
        mib(rss_idle),
        mib(rss_after),
        mib(nginx_rss)
    ));
    t.note(format!(
        "Corps identiques ({} octets brotli), même ETag, 304 des deux côtés ; en-têtes en plus chez nginx : {} ; en moins : {}.",
        bytes(br.body.len()),
        if extra.is_empty() { "aucun".into() } else { extra.join(", ") },
        if missing.is_empty() { "aucun".into() } else { missing.join(", ") },
    ));
    let json = json!({
        "body_bytes": br.body.len(),
        "etag": etag,
        "threads": 2,
        "seconds": options.wrk_seconds,
        "rounds": options.wrk_rounds,
        "summary": summarize(&runs).iter().map(|s| json!({
            "case": s.case, "connections": s.connections, "server": s.server,
            "requests_per_sec": s.requests_per_sec, "p50_ms": s.p50_ms, "p99_ms": s.p99_ms,
            "ratio_to_nginx": s.ratio_to_nginx,
        })).collect::<Vec<_>>(),
        "runs": runs.iter().map(|r| json!({
            "round": r.round, "case": r.case, "connections": r.connections, "server": r.server,
            "requests_per_sec": r.result.requests_per_sec, "p50_ms": r.result.p50_ms,
            "p99_ms": r.result.p99_ms, "requests": r.result.requests,
            "socket_errors": r.result.socket_errors, "bad_status": r.result.bad_status,
        })).collect::<Vec<_>>(),
        "rss_kib": { "idle": rss_idle, "after_load": rss_after, "nginx_after_load": nginx_rss },
        "nginx_workers": cores,
        "headers_only_nginx": extra,
        "headers_only_ours": missing,
    });
    Ok(Section { json, tables: vec![t] })
}

/// Our brotli answer and its ETag, checked to revalidate with a 304.
fn ours(server: &Backend) -> Result<(http::Response, String), String> {
    let br = http::get(server.addr(), "/api/edition", &[("Accept-Encoding", "br")])?;
    let etag = br.header("etag").ok_or("/api/edition sans ETag")?.to_owned();
    if br.status != 200 || br.header("content-encoding") != Some("br") {
        return Err(format!("/api/edition : statut {} sans brotli", br.status));
    }
    let revalidate = [("Accept-Encoding", "br"), ("If-None-Match", etag.as_str())];
    let ours_304 = http::get(server.addr(), "/api/edition", &revalidate)?;
    if ours_304.status != 304 {
        return Err(format!("/api/edition avec If-None-Match : statut {}", ours_304.status));
    }
    Ok((br, etag))
}

/// nginx serving our answer `br` (same bytes, same ETag, same headers) with one worker per
/// core, checked to send the same bytes and its 304; with its address and its answer.
fn beside_nginx(
    work: &Work,
    br: &http::Response,
    etag: &str,
    revalidate: &[(&str, &str)],
    cores: usize,
) -> Result<(nginx::Nginx, String, http::Response), String> {
    let port = free_port()?;
    let site = nginx::Site {
        port,
        dir: work.dir.path().join("nginx"),
        path: "/api/edition".into(),
        body_file: "edition.json.br".into(),
        content_type: br.header("content-type").unwrap_or("application/json").to_owned(),
        content_encoding: br.header("content-encoding").map(str::to_owned),
        etag: etag.to_owned(),
        headers: br.headers.clone(),
        workers: cores,
    };
    let mut reference = nginx::Nginx::start(&site, &br.body)?;
    let nginx_addr = format!("127.0.0.1:{port}");
    let nginx_br = wait_for(&nginx_addr, &mut reference)?;
    if nginx_br.status != 200 || nginx_br.body != br.body {
        return Err(format!(
            "nginx ne sert pas les mêmes octets (statut {}, {} octets pour {})",
            nginx_br.status,
            nginx_br.body.len(),
            br.body.len()
        ));
    }
    let nginx_304 = http::get(&nginx_addr, "/api/edition", revalidate)?;
    if nginx_304.status != 304 {
        return Err(format!(
            "nginx ne répond pas 304 à l'ETag (statut {})",
            nginx_304.status
        ));
    }
    Ok((reference, nginx_addr, nginx_br))
}

/// The headers only nginx sends, and those only we send (besides date, server, connection
/// and content-length).
fn header_difference(ours: &http::Response, nginx: &http::Response) -> (Vec<String>, Vec<String>) {
    let header_names = |r: &http::Response| -> Vec<String> {
        let mut names: Vec<String> = r
            .headers
            .iter()
            .map(|(n, _)| n.to_ascii_lowercase())
            .filter(|n| !["date", "server", "connection", "content-length"].contains(&n.as_str()))
            .collect();
        names.sort();
        names
    };
    let extra: Vec<String> = header_names(nginx)
        .into_iter()
        .filter(|n| !header_names(ours).contains(n))
        .collect();
    let missing: Vec<String> = header_names(ours)
        .into_iter()
        .filter(|n| !header_names(nginx).contains(n))
        .collect();
    (extra, missing)
}

/// Every wrk run. Rounds outermost: each configuration is measured at several moments of a
/// noisy machine, and each agir-server run right next to its nginx run.
fn load(
    options: &Options,
    ours_url: &str,
    nginx_url: &str,
    revalidate: &[(&str, &str)],
) -> Result<Vec<LoadRun>, String> {
    let mut runs = Vec::new();
    for round in 1..=options.wrk_rounds {
        for connections in CONNECTIONS {
            for (case, headers) in [(CASES[0], &revalidate[..1]), (CASES[1], revalidate)] {
                for (server_name, url) in [(SERVERS[0], ours_url), (SERVERS[1], nginx_url)] {
                    eprintln!(
                        "    wrk {round}/{} : {case}, {connections} connexions, {server_name}",
                        options.wrk_rounds
                    );
                    let result = wrk::run(url, 2, connections, options.wrk_seconds, headers)?;
                    runs.push(LoadRun {
                        round,
                        connections,
                        case,
                        server: server_name,
                        result,
                    });
                }
            }
        }
    }
    Ok(runs)
}

const CASES: [&str; 2] = ["200 brotli", "304 (If-None-Match)"];
const SERVERS: [&str; 2] = ["agir-server", "nginx"];

/// One wrk run of the backend section.
struct LoadRun {
    round: usize,
    connections: u32,
    case: &'static str,
    server: &'static str,
    result: wrk::WrkResult,
}

/// Medians over the rounds of one server, one case, one number of connections.
#[derive(Debug, PartialEq)]
struct LoadSummary {
    connections: u32,
    case: &'static str,
    server: &'static str,
    requests_per_sec: f64,
    p50_ms: f64,
    p99_ms: f64,
    /// The median of each round's ratio to the nginx run next to it.
    ratio_to_nginx: f64,
}

fn summarize(runs: &[LoadRun]) -> Vec<LoadSummary> {
    let mut out = Vec::new();
    for connections in CONNECTIONS {
        for case in CASES {
            let of = |server: &str| -> Vec<&LoadRun> {
                runs.iter()
                    .filter(|r| r.connections == connections && r.case == case && r.server == server)
                    .collect()
            };
            let reference = of(SERVERS[1]);
            for server in SERVERS {
                let mine = of(server);
                if mine.is_empty() {
                    continue;
                }
                let pick =
                    |g: fn(&wrk::WrkResult) -> f64| median(&mine.iter().map(|r| g(&r.result)).collect::<Vec<_>>());
                let ratios: Vec<f64> = mine
                    .iter()
                    .filter_map(|r| {
                        let n = reference.iter().find(|n| n.round == r.round)?;
                        Some(r.result.requests_per_sec / n.result.requests_per_sec)
                    })
                    .collect();
                out.push(LoadSummary {
                    connections,
                    case,
                    server,
                    requests_per_sec: pick(|r| r.requests_per_sec).unwrap_or(f64::NAN),
                    p50_ms: pick(|r| r.p50_ms).unwrap_or(f64::NAN),
                    p99_ms: pick(|r| r.p99_ms).unwrap_or(f64::NAN),
                    ratio_to_nginx: median(&ratios).unwrap_or(f64::NAN),
                });
            }
        }
    }
    out
}

/// A port free right now (nginx binds it a moment later).
fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| format!("pas de port libre : {e}"))?;
    listener.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

/// Waits until nginx answers (it exits at once on a bad configuration).
fn wait_for(addr: &str, nginx: &mut nginx::Nginx) -> Result<http::Response, String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match http::get(addr, "/api/edition", &[("Accept-Encoding", "br")]) {
            Ok(r) => return Ok(r),
            Err(e) if Instant::now() > deadline || !nginx.running() => {
                return Err(format!("nginx ne répond pas ({e}) : voir son error.log"));
            }
            Err(_) => std::thread::sleep(Duration::from_millis(100)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn load_summary_takes_medians_and_ratios_round_by_round() {
        let run = |round, server, rps: f64, p99| LoadRun {
            round,
            connections: 64,
            case: CASES[0],
            server,
            result: wrk::WrkResult {
                requests_per_sec: rps,
                p50_ms: rps / 1000.0,
                p99_ms: p99,
                requests: 0,
                socket_errors: 0,
                bad_status: 0,
            },
        };
        // Round 2 is slow for both servers: the ratio stays sound.
        let runs = vec![
            run(1, SERVERS[0], 90.0, 5.0),
            run(1, SERVERS[1], 100.0, 4.0),
            run(2, SERVERS[0], 40.0, 50.0),
            run(2, SERVERS[1], 50.0, 40.0),
            run(3, SERVERS[0], 100.0, 6.0),
            run(3, SERVERS[1], 110.0, 3.0),
        ];
        let s = summarize(&runs);
        assert_eq!(s.len(), 2);
        assert_eq!(
            (s[0].server, s[0].requests_per_sec, s[0].p99_ms),
            (SERVERS[0], 90.0, 6.0)
        );
        assert!((s[0].ratio_to_nginx - 0.9).abs() < 1e-9);
        assert_eq!(
            (s[1].server, s[1].requests_per_sec, s[1].ratio_to_nginx),
            (SERVERS[1], 100.0, 1.0)
        );
    }
}
