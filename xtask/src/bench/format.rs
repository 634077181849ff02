//! How the bench writes its figures: French number grouping and decimal commas, durations,
//! sizes, and the heading that names the machine.

use std::time::Duration;

use serde_json::Value;

/// `12345` → `12 345`: the app's French grouping, with a plain space for Markdown tables.
pub fn bytes(n: usize) -> String {
    agir_model::french::group_thousands(n as u64).replace('\u{202f}', " ")
}

pub fn number(v: Option<f64>, decimals: usize) -> String {
    match v {
        Some(v) if decimals == 0 => bytes(v.round() as usize),
        Some(v) => format!("{v:.decimals$}").replace('.', ","),
        None => "–".into(),
    }
}

pub fn ms(v: Option<f64>) -> String {
    v.map_or("–".into(), |v| format!("{} ms", bytes(v.round() as usize)))
}

/// Latencies below 10 ms keep two decimals.
pub fn ms_precise(v: f64) -> String {
    if v < 10.0 {
        format!("{v:.2} ms").replace('.', ",")
    } else {
        ms(Some(v))
    }
}

pub fn ratio(r: f64) -> String {
    format!("{r:.2}").replace('.', ",")
}

pub fn mib(kib: Option<u64>) -> String {
    kib.map_or("–".into(), |k| {
        format!("{:.1} Mio", k as f64 / 1024.0).replace('.', ",")
    })
}

pub fn list_ms(values: &[f64]) -> String {
    values.iter().map(|v| format!("{v:.0}")).collect::<Vec<_>>().join(" ")
}

pub fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default()
}

pub fn dedup(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

pub fn minutes(d: Duration) -> String {
    let s = d.as_secs();
    format!("{} min {:02} s", s / 60, s % 60)
}

pub fn load_text(load: Option<[f64; 3]>) -> String {
    load.map_or("–".into(), |l| number(Some(l[0]), 2))
}

/// The line under which every figure is read.
pub fn machine_heading(m: &Value) -> String {
    let load = |k: &str| {
        m[k].as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_f64)
                    .map(|v| number(Some(v), 2))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_else(|| "–".into())
    };
    format!(
        "Mesures du {} sur {} ({} cœurs, {} Gio), charge {} au début, {} à la fin ; {}",
        m["date"].as_str().unwrap_or("?"),
        m["cpu"].as_str().unwrap_or("processeur inconnu"),
        m["cores"],
        number(m["memory_gib"].as_f64(), 1),
        load("load_at_start"),
        load("load_at_end"),
        m["chromium"].as_str().unwrap_or("chromium ?"),
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn french_number_formatting() {
        assert_eq!(bytes(0), "0");
        assert_eq!(bytes(999), "999");
        assert_eq!(bytes(1000), "1 000");
        assert_eq!(bytes(1234567), "1 234 567");
        assert_eq!(ms(Some(1234.4)), "1 234 ms");
        assert_eq!(ms(None), "–");
        assert_eq!(ms_precise(0.564), "0,56 ms");
        assert_eq!(ms_precise(25.2), "25 ms");
        assert_eq!(ratio(0.876), "0,88");
        assert_eq!(mib(Some(23552)), "23,0 Mio");
        assert_eq!(minutes(Duration::from_secs(754)), "12 min 34 s");
    }

    #[test]
    fn machine_heading_names_cpu_cores_load_and_date() {
        let m = json!({
            "date": "2026-11-28 10:00 UTC", "cpu": "AMD EPYC 7B13", "cores": 2, "memory_gib": 23.5,
            "load_at_start": [1.5, 1.0, 0.5], "load_at_end": [2.0, 1.2, 0.6], "chromium": "Chromium 156",
        });
        assert_eq!(
            machine_heading(&m),
            "Mesures du 2026-11-28 10:00 UTC sur AMD EPYC 7B13 (2 cœurs, 23,5 Gio), charge 1,50 1,00 0,50 au début, 2,00 1,20 0,60 à la fin ; Chromium 156"
        );
    }
}
