//! The load of `cargo xtask bench --only questions`, against a running server: opens many
//! question streams on one session, sends supports at a steady rate and accepts a question
//! every few seconds as a moderator, and measures how long each event takes from its commit
//! (`enregistre_le`) to each stream, the server's memory per stream (VmRSS before and after
//! connecting) and its CPU while the load runs. Writes the figures as JSON.
//!
//! `questions_load BASE_URL TOKEN SERVER_PID OUT.json [STREAMS] [SECONDS] [SUPPORTS_PER_S] [ACCEPT_EVERY_S]`

use std::{
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

use serde_json::{json, Value};

const SESSION: &str = "debat-seniors-benevolat";

type Shared<T> = Arc<std::sync::Mutex<T>>;

#[tokio::main]
async fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [base, token, pid, out, ..] = args.as_slice() else {
        return Err("usage: questions_load BASE_URL TOKEN SERVER_PID OUT.json [STREAMS] [SECONDS] [SUPPORTS_PER_S] [ACCEPT_EVERY_S]".into());
    };
    let number = |i: usize, default: u64| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    let (streams, seconds, rate, accept_every) = (number(4, 1000), number(5, 20), number(6, 50), number(7, 2));
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .build()
        .map_err(|e| e.to_string())?;
    let pid: u32 = pid.parse().map_err(|_| "SERVER_PID".to_owned())?;

    // Questions waiting for the moderator: one accepted now, one more every `accept_every`.
    let pending = seconds / accept_every + 2;
    let mut questions = Vec::new();
    for n in 0..pending {
        questions.push(ask(&client, base, n).await?);
    }
    moderate(&client, base, token, questions[0]).await?;

    let rss_before = rss_kib(pid)?;
    let latencies: Shared<Vec<f64>> = Arc::default();
    let counts: Shared<Vec<usize>> = Arc::default();
    let stop = Arc::new(tokio::sync::Notify::new());
    let opened = Instant::now();
    let tasks = open_streams(&client, base, streams, &latencies, &counts, &stop).await?;
    let connect_s = opened.elapsed().as_secs_f64();
    let rss_connected = rss_kib(pid)?;

    let cpu_before = cpu_ticks(pid)?;
    let started = Instant::now();
    let (supports, refused, accepted) = load(&client, base, token, &questions, seconds, rate, accept_every).await?;
    let load_s = started.elapsed().as_secs_f64();
    let cpu_after = cpu_ticks(pid)?;
    // Let the last events arrive.
    tokio::time::sleep(Duration::from_secs(2)).await;
    stop.notify_waiters();
    for task in tasks {
        let _ = task.await;
    }

    let mut latencies = latencies.lock().unwrap().clone();
    latencies.sort_by(f64::total_cmp);
    let counts = counts.lock().unwrap().clone();
    let expected = supports - refused + (accepted as u64 - 1);
    let report = json!({
        "streams": streams,
        "seconds": load_s,
        "connect_s": connect_s,
        "supports_sent": supports,
        "supports_refused": refused,
        "accepts": accepted - 1,
        "events_expected_per_stream": expected,
        "events_min_per_stream": counts.iter().min(),
        "events_max_per_stream": counts.iter().max(),
        "deliveries": latencies.len(),
        "latency_ms": {
            "p50": percentile(&latencies, 0.50),
            "p99": percentile(&latencies, 0.99),
            "max": latencies.last(),
        },
        "rss_kib": { "before": rss_before, "connected": rss_connected },
        "rss_per_stream_kib": (rss_connected as f64 - rss_before as f64) / streams as f64,
        "cpu_percent_of_one_core": (cpu_after - cpu_before) as f64 / ticks_per_second() / load_s * 100.0,
    });
    std::fs::write(out, serde_json::to_string_pretty(&report).unwrap()).map_err(|e| format!("{out} : {e}"))?;
    println!("{report}");
    Ok(())
}

/// Opens `streams` streams on the session and waits until each has its reset.
async fn open_streams(
    client: &reqwest::Client,
    base: &str,
    streams: u64,
    latencies: &Shared<Vec<f64>>,
    counts: &Shared<Vec<usize>>,
    stop: &Arc<tokio::sync::Notify>,
) -> Result<Vec<tokio::task::JoinHandle<()>>, String> {
    let ready = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..streams {
        let (client, url) = (client.clone(), format!("{base}/api/sessions/{SESSION}/questions/flux"));
        let (latencies, counts, ready, stop) = (latencies.clone(), counts.clone(), ready.clone(), stop.clone());
        tasks.push(tokio::spawn(async move {
            if let Err(e) = listen(&client, &url, &latencies, &counts, &ready, &stop).await {
                eprintln!("flux : {e}");
            }
        }));
    }
    let opened = Instant::now();
    while ready.load(Ordering::Relaxed) < streams as usize {
        if opened.elapsed() > Duration::from_secs(120) {
            return Err(format!(
                "{} flux ouverts sur {streams} en 2 min",
                ready.load(Ordering::Relaxed)
            ));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(tasks)
}

/// The load: supports at `rate` per second, each from a new device and sent without
/// waiting for the previous answer (people do not wait for each other), and an accept
/// every `accept_every` seconds. Returns the supports sent, those refused, and the
/// questions accepted so far (the first one before the load included).
async fn load(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    questions: &[i64],
    seconds: u64,
    rate: u64,
    accept_every: u64,
) -> Result<(u64, u64, usize), String> {
    let started = Instant::now();
    let mut tick = tokio::time::interval(Duration::from_secs_f64(1.0 / rate as f64));
    let (mut sent, mut accepted) = (Vec::new(), 1usize);
    while started.elapsed() < Duration::from_secs(seconds) {
        tick.tick().await;
        if started.elapsed().as_secs() / accept_every >= accepted as u64 && accepted < questions.len() {
            let (client, base, token, id) = (client.clone(), base.to_owned(), token.to_owned(), questions[accepted]);
            tokio::spawn(async move { moderate(&client, &base, &token, id).await });
            accepted += 1;
        }
        // Not the question whose accept may still be on its way.
        let target = questions[sent.len() % (accepted - 1).max(1)];
        let url = format!("{base}/api/questions/{target}/soutiens/banc-appareil-{:06}", sent.len());
        let client = client.clone();
        sent.push(tokio::spawn(async move {
            client.put(url).send().await.is_ok_and(|r| r.status().is_success())
        }));
    }
    let supports = sent.len() as u64;
    let mut refused = 0;
    for support in sent {
        if !support.await.unwrap_or(false) {
            refused += 1;
        }
    }
    Ok((supports, refused, accepted))
}

/// Asks question number `n` from its own device; returns its id.
async fn ask(client: &reqwest::Client, base: &str, n: u64) -> Result<i64, String> {
    let body = json!({
        "cle": uuid::Uuid::new_v4().to_string(),
        "appareil": format!("banc-auteur-{n:08}"),
        "texte": format!("Question numéro {n} du banc d'essai ?"),
    });
    let response = client
        .post(format!("{base}/api/sessions/{SESSION}/questions"))
        .json(&body)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let value: Value = response.json().await.map_err(|e| e.to_string())?;
    value["question"]["id"]
        .as_i64()
        .ok_or_else(|| format!("question refusée : {value}"))
}

async fn moderate(client: &reqwest::Client, base: &str, token: &str, id: i64) -> Result<(), String> {
    let response = client
        .post(format!("{base}/api/admin/questions/{id}/accepter"))
        .bearer_auth(token)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if response.status().is_success() {
        Ok(())
    } else {
        Err(format!("acceptation refusée : {}", response.status()))
    }
}

/// Reads one stream until `stop`: the reset marks it ready; each later event's delay since
/// its commit is recorded.
async fn listen(
    client: &reqwest::Client,
    url: &str,
    latencies: &Shared<Vec<f64>>,
    counts: &Shared<Vec<usize>>,
    ready: &AtomicUsize,
    stop: &tokio::sync::Notify,
) -> Result<(), String> {
    let mut response = client.get(url).send().await.map_err(|e| e.to_string())?;
    let (mut buffer, mut mine, mut count) = (String::new(), Vec::new(), 0usize);
    let stopped = stop.notified();
    tokio::pin!(stopped);
    loop {
        let chunk = tokio::select! {
            _ = &mut stopped => break,
            chunk = response.chunk() => chunk.map_err(|e| e.to_string())?,
        };
        let Some(chunk) = chunk else { break };
        let now = chrono::Utc::now();
        buffer.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            if block.contains("event: reset") {
                ready.fetch_add(1, Ordering::Relaxed);
                continue;
            }
            let Some(at) = block
                .split("\"enregistre_le\":\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
            else {
                continue;
            };
            if let Ok(at) = chrono::DateTime::parse_from_rfc3339(at) {
                mine.push((now - at.with_timezone(&chrono::Utc)).num_microseconds().unwrap_or(0) as f64 / 1000.0);
                count += 1;
            }
        }
    }
    latencies.lock().unwrap().extend(mine);
    counts.lock().unwrap().push(count);
    Ok(())
}

fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    (!sorted.is_empty()).then(|| sorted[((sorted.len() - 1) as f64 * p).round() as usize])
}

/// The resident memory of a process, in KiB.
fn rss_kib(pid: u32) -> Result<u64, String> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).map_err(|e| e.to_string())?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .ok_or_else(|| "VmRSS illisible".into())
}

/// User and system CPU time of a process, in clock ticks.
fn cpu_ticks(pid: u32) -> Result<u64, String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).map_err(|e| e.to_string())?;
    // The name may hold spaces: fields are counted after its closing parenthesis.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, r)| r)
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let field = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<u64>().ok())
            .ok_or("stat illisible")
    };
    Ok(field(11)? + field(12)?)
}

/// Clock ticks per second (`getconf CLK_TCK`); 100 on Linux.
fn ticks_per_second() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok()?.trim().parse().ok())
        .unwrap_or(100.0)
}
