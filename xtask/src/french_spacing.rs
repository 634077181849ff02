//! The words people read keep French spacing: in the string literals of both apps, the
//! shared UI crate and the server's pages, no ordinary space after « or before » : ? ! ; %.
//! Those spaces let a phone break the line there and leave « ? » or « : » alone at the
//! start of the next one. Write `\u{a0}` (or `&nbsp;` in HTML), and pass text that comes
//! from data (titles, questions, server sentences) through `agir_model::french::typeset`.

use std::path::{Path, PathBuf};

/// Where the text shown to people is written.
const ROOTS: [&str; 4] = ["src", "crates/console/src", "crates/ui/src", "crates/server/src/pages"];

/// The contents of every string literal in `source` (plain, raw and byte strings), with
/// its line; comments and character literals are skipped.
fn literals(source: &str) -> Vec<(usize, &str)> {
    let bytes = source.as_bytes();
    let line_at = |i: usize| source[..i].matches('\n').count() + 1;
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &source[i..];
        if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            i += rest.find("*/").map_or(rest.len(), |end| end + 2);
        } else if let Some(hashes) = raw_string_start(source, i) {
            let open = i + rest.find('"').unwrap_or(0) + 1;
            let close = format!("\"{}", "#".repeat(hashes));
            let end = source[open..].find(&close).map_or(source.len(), |e| open + e);
            found.push((line_at(open), &source[open..end]));
            i = end + close.len();
        } else if bytes[i] == b'\'' {
            i += char_literal_len(rest);
        } else if bytes[i] == b'"' {
            let open = i + 1;
            let mut end = open;
            while end < bytes.len() && bytes[end] != b'"' {
                end += if bytes[end] == b'\\' { 2 } else { 1 };
            }
            found.push((line_at(open), &source[open..end.min(bytes.len())]));
            i = end + 1;
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    found
}

/// The length of the character literal that starts `rest` ('"', '\'', '\u{a0}'), or 1 for
/// the quote of a lifetime ('a).
fn char_literal_len(rest: &str) -> usize {
    let mut chars = rest.char_indices().skip(1);
    match chars.next() {
        // The escaped character may itself be a quote: the closing one comes after it.
        Some((_, '\\')) => rest.get(3..).and_then(|r| r.find('\'')).map_or(1, |k| k + 4),
        Some(_) => match chars.next() {
            Some((k, '\'')) => k + 1,
            _ => 1,
        },
        None => 1,
    }
}

/// `r"`, `r#"`, `br"`…: the number of `#` when a raw string starts at `i`.
fn raw_string_start(source: &str, i: usize) -> Option<usize> {
    let before = source[..i].chars().next_back();
    if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
        return None;
    }
    let rest = source[i..].strip_prefix('b').unwrap_or(&source[i..]);
    let rest = rest.strip_prefix('r')?;
    let hashes = rest.len() - rest.trim_start_matches('#').len();
    rest[hashes..].starts_with('"').then_some(hashes)
}

/// The first place in `text` where a breakable space sits against « » : ? ! ; or %.
fn loose_space(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(2).enumerate().find_map(|(k, pair)| {
        let loose = (pair[0] == '«' && pair[1].is_whitespace() && pair[1] != '\u{a0}')
            || ((pair[0] == ' ' || pair[0] == '\n') && matches!(pair[1], '»' | ':' | '?' | '!' | ';' | '%'));
        loose.then(|| chars[k.saturating_sub(20)..(k + 12).min(chars.len())].iter().collect())
    })
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn text_shown_to_people_keeps_french_spacing() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the repository");
    let mut files = Vec::new();
    for root in ROOTS {
        rust_files(&repo.join(root), &mut files);
    }
    assert!(files.len() > 100, "only {} files found under {ROOTS:?}", files.len());
    let mut loose = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).expect("a source file");
        for (line, text) in literals(&source) {
            if let Some(around) = loose_space(text) {
                let at = file.strip_prefix(repo).unwrap_or(file).display();
                loose.push(format!("{at}:{line}: « {around} »"));
            }
        }
    }
    assert!(
        loose.is_empty(),
        "{} texts with an ordinary space where French wants a no-break one (\\u{{a0}}):\n{}",
        loose.len(),
        loose.join("\n")
    );
}

#[test]
fn the_scanner_reads_literals_and_finds_loose_spaces() {
    let source = "// \"Hors ligne : commentaire\"\nlet c = '\"'; let q = '\\''; let s = \"Bonjour ?\";\n\
                  let r = r#\"<p>Oui&nbsp;!</p>\"#; fn f<'a>(x: &'a str) {}\nlet t = \"« Débat\u{a0}»\";";
    let found: Vec<(usize, &str)> = literals(source);
    assert_eq!(
        found,
        [(2, "Bonjour ?"), (3, "<p>Oui&nbsp;!</p>"), (4, "« Débat\u{a0}»")]
    );
    assert_eq!(loose_space("Bonjour ?").as_deref(), Some("Bonjour ?"));
    assert_eq!(loose_space("<p>Oui&nbsp;!</p>"), None);
    assert!(loose_space("« Débat\u{a0}»").is_some());
    assert_eq!(loose_space("33\u{a0}% ; non").as_deref(), Some("33\u{a0}% ; non"));
    assert_eq!(loose_space("14:15, {e:?}, http://x"), None);
}
