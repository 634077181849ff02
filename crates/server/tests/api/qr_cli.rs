//! `agir-server qr`: the modules drawn in the files it writes are read back by an independent
//! decoder (rqrr, not the encoder the app uses). The end-to-end tests (village.spec.ts) go
//! further: Chromium draws each file, jsQR reads it, and the address opens its stand.

use std::path::{Path, PathBuf};

use agir_model::Edition;

use crate::helpers::{cli, demo_path, import, run};

/// A database holding the demo edition.
async fn demo_db(dir: &Path) -> PathBuf {
    let db = dir.join("agir.db");
    let out = import(&demo_path(), "2013", &db).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    db
}

/// Draws the dark modules of the file's QR path (`M{x} {y}h{n}v1h-{n}z`, in module units)
/// at 4 pixels per module, white elsewhere, and decodes the picture.
fn decode(svg: &str) -> String {
    let doc = roxmltree::Document::parse(svg).expect("the file is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    let view_box: Vec<f64> = root
        .attribute("viewBox")
        .expect("a viewBox")
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    let d = doc
        .descendants()
        .find(|n| n.has_tag_name("path") && n.attribute("fill") == Some("#000"))
        .and_then(|n| n.attribute("d"))
        .expect("the path of the dark modules");
    const PX: usize = 4;
    let (w, h) = (view_box[2] as usize * PX, view_box[3].ceil() as usize * PX);
    let mut dark = vec![false; w * h];
    for part in d.split('M').filter(|p| !p.trim().is_empty()) {
        let nums: Vec<usize> = part
            .split(|c: char| !c.is_ascii_digit())
            .filter(|n| !n.is_empty())
            .map(|n| n.parse().unwrap())
            .collect();
        let (x, y, run) = (nums[0], nums[1], nums[2]);
        for py in y * PX..(y + 1) * PX {
            for px in x * PX..(x + run) * PX {
                dark[py * w + px] = true;
            }
        }
    }
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| if dark[y * w + x] { 0 } else { 255 });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the picture");
    grids[0].decode().expect("the code decodes").1
}

#[tokio::test]
async fn qr_writes_one_decodable_svg_per_stand() {
    // Arrange
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path()).await;
    let out_dir = dir.path().join("etiquettes");
    let edition = Edition::from_json(&std::fs::read_to_string(demo_path()).unwrap()).unwrap();
    // Act
    let out = run(cli()
        .args(["qr", "--public-url", "https://agir.example.fr/", "--out"])
        .arg(&out_dir)
        .arg("--db")
        .arg(&db))
    .await;
    // Assert
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("12 QR codes écrits pour l'édition 2013"),
        "{}",
        out.stderr
    );
    let mut files: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut expected: Vec<String> = edition.stands.iter().map(|s| format!("{}.svg", s.id)).collect();
    expected.sort();
    assert_eq!(files, expected);
    for stand in &edition.stands {
        let svg = std::fs::read_to_string(out_dir.join(format!("{}.svg", stand.id))).unwrap();
        assert_eq!(decode(&svg), format!("https://agir.example.fr/village/{}", stand.id));
        assert!(svg.contains(&stand.name.replace('&', "&amp;")), "{}", stand.id);
        assert!(out.stdout.contains(&format!("{}.svg", stand.id)));
    }
}

#[tokio::test]
async fn qr_takes_the_public_url_from_the_environment_and_refuses_a_bad_one() {
    // Arrange
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path()).await;
    let out_dir = dir.path().join("qr");
    // Act
    let from_env = run(cli()
        .args(["qr", "--edition", "2013", "--out"])
        .arg(&out_dir)
        .env("AGIR_PUBLIC_URL", "http://127.0.0.1:8080")
        .env("AGIR_DB", &db))
    .await;
    let missing = run(cli().args(["qr", "--out"]).arg(&out_dir).arg("--db").arg(&db)).await;
    let bad = run(cli()
        .args(["qr", "--public-url", "agir.example.fr", "--out"])
        .arg(&out_dir)
        .arg("--db")
        .arg(&db))
    .await;
    let help = run(cli().args(["qr", "--help"])).await;
    let unknown = run(cli()
        .args(["qr", "--public-url", "https://a.fr", "--edition", "1999", "--out"])
        .arg(&out_dir)
        .arg("--db")
        .arg(&db))
    .await;
    // Assert
    assert_eq!(from_env.code, 0, "{}", from_env.stderr);
    let svg = std::fs::read_to_string(out_dir.join("resto-troc.svg")).unwrap();
    assert_eq!(decode(&svg), "http://127.0.0.1:8080/village/resto-troc");
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("--public-url ou AGIR_PUBLIC_URL"),
        "{}",
        missing.stderr
    );
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("http:// ou https://"), "{}", bad.stderr);
    for flag in ["--out", "--public-url", "AGIR_PUBLIC_URL", "--edition", "--db"] {
        assert!(help.stdout.contains(flag), "{flag} in {}", help.stdout);
    }
    assert_eq!(unknown.code, 1);
    assert!(unknown.stderr.contains("1999"), "{}", unknown.stderr);
    for out in [&from_env, &missing, &bad, &unknown] {
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    }
}
