//! Where the app's wasm bytes go: its largest functions and crates, read from the module
//! cargo links (`wasm32-unknown-unknown/wasm-release/agir-ensemble.wasm`), which still has
//! its name section. Sizes are before wasm-bindgen and wasm-opt (which inline, merge and
//! strip the names): they rank what to look at, the first-visit table says what ships.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::json;

use super::format::bytes;
use super::Table;
use crate::util::root;

/// How many crates and functions the tables show.
const SHOWN: usize = 15;

/// The wasm cargo links for the app.
pub fn linked_wasm() -> PathBuf {
    crate::util::target_dir().join("wasm32-unknown-unknown/wasm-release/agir-ensemble.wasm")
}

/// The code of a module, function by function, and its data.
#[derive(Debug, Default)]
pub struct Breakdown {
    /// Each function body's size with its name (`code[N]` without a name section).
    pub functions: Vec<(String, usize)>,
    /// Bytes of the data section (strings, tables, vtables, panic locations).
    pub data: usize,
}

impl Breakdown {
    pub fn code(&self) -> usize {
        self.functions.iter().map(|(_, size)| size).sum()
    }

    /// Code bytes per crate, largest first: (crate, bytes, functions).
    pub fn crates(&self) -> Vec<(String, usize, usize)> {
        let mut per: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for (name, size) in &self.functions {
            let entry = per.entry(crate_of(name)).or_default();
            entry.0 += size;
            entry.1 += 1;
        }
        let mut crates: Vec<_> = per.into_iter().map(|(c, (b, n))| (c.to_owned(), b, n)).collect();
        crates.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        crates
    }

    /// The largest functions, largest first.
    pub fn largest(&self, n: usize) -> Vec<(String, usize)> {
        let mut all = self.functions.clone();
        all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        all.truncate(n);
        all
    }
}

/// Reads the code, data and name sections of a wasm module.
pub fn breakdown(module: &[u8]) -> Result<Breakdown, String> {
    if module.get(..4) != Some(b"\0asm") {
        return Err("pas un module wasm".into());
    }
    let mut reader = Reader { bytes: module, at: 8 };
    let mut imported = 0;
    let mut sizes = Vec::new();
    let mut names = BTreeMap::new();
    let mut data = 0;
    while reader.at < module.len() {
        let id = reader.byte()?;
        let len = reader.leb()? as usize;
        let body = reader.take(len)?;
        let mut section = Reader { bytes: body, at: 0 };
        match id {
            2 => imported = count_imported_functions(&mut section)?,
            10 => {
                for _ in 0..section.leb()? {
                    let size = section.leb()? as usize;
                    section.take(size)?;
                    sizes.push(size);
                }
            }
            11 => data = len,
            0 => {
                let name_len = section.leb()? as usize;
                if section.take(name_len)? == b"name" {
                    names = function_names(&mut section)?;
                }
            }
            _ => {}
        }
    }
    let functions = sizes
        .into_iter()
        .enumerate()
        .map(|(i, size)| {
            let name = match names.remove(&(imported + i as u32)) {
                // `{:#}`: demangled without the `::h…` hash.
                Some(name) => format!("{:#}", rustc_demangle::demangle(&name)),
                None => format!("code[{i}]"),
            };
            (name, size)
        })
        .collect();
    Ok(Breakdown { functions, data })
}

/// Imported functions come first in the index space the name section uses.
fn count_imported_functions(section: &mut Reader) -> Result<u32, String> {
    let mut functions = 0;
    for _ in 0..section.leb()? {
        for _ in 0..2 {
            let len = section.leb()? as usize;
            section.take(len)?;
        }
        match section.byte()? {
            0 => {
                section.leb()?;
                functions += 1;
            }
            1 => {
                section.byte()?;
                limits(section)?;
            }
            2 => limits(section)?,
            3 => {
                section.byte()?;
                section.byte()?;
            }
            4 => {
                section.byte()?;
                section.leb()?;
            }
            kind => return Err(format!("import de genre {kind} inconnu")),
        }
    }
    Ok(functions)
}

fn limits(section: &mut Reader) -> Result<(), String> {
    let flags = section.byte()?;
    section.leb()?;
    if flags & 1 != 0 {
        section.leb()?;
    }
    Ok(())
}

/// Subsection 1 of the name section: function index → name.
fn function_names(section: &mut Reader) -> Result<BTreeMap<u32, String>, String> {
    let mut names = BTreeMap::new();
    while section.at < section.bytes.len() {
        let kind = section.byte()?;
        let len = section.leb()? as usize;
        let body = section.take(len)?;
        if kind != 1 {
            continue;
        }
        let mut sub = Reader { bytes: body, at: 0 };
        for _ in 0..sub.leb()? {
            let index = sub.leb()?;
            let len = sub.leb()? as usize;
            names.insert(index, String::from_utf8_lossy(sub.take(len)?).into_owned());
        }
    }
    Ok(names)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8, String> {
        let b = *self.bytes.get(self.at).ok_or("module wasm tronqué")?;
        self.at += 1;
        Ok(b)
    }

    fn leb(&mut self) -> Result<u32, String> {
        let mut value = 0u64;
        for shift in (0..35).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return u32::try_from(value).map_err(|_| "entier LEB128 trop grand".to_owned());
            }
        }
        Err("entier LEB128 trop long".into())
    }

    fn take(&mut self, len: usize) -> Result<&'a [u8], String> {
        let end = self.at.checked_add(len).filter(|&e| e <= self.bytes.len());
        let slice = &self.bytes[self.at..end.ok_or("module wasm tronqué")?];
        self.at += len;
        Ok(slice)
    }
}

/// `agir_model::search::fold::h0123456789abcdef` without its `::h…` hash.
fn without_hash(name: &str) -> &str {
    match name.rsplit_once("::h") {
        Some((head, hash)) if hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()) => head,
        _ => name,
    }
}

/// The crate a function is counted in: the first path's crate, for a trait method the
/// type's crate unless the type is a bare generic or from the standard library (then the
/// trait's), and for `drop_in_place::<T>` the crate of `T`. Closures count in the crate that
/// wrote them; the generic code the standard library instantiates for a crate's types
/// (sorts, collections) counts as `core`/`alloc`.
pub fn crate_of(name: &str) -> &str {
    let name = without_hash(name);
    if let Some(inner) = name
        .strip_prefix("core::ptr::drop_in_place<")
        .and_then(|rest| rest.strip_suffix('>'))
    {
        return crate_of(inner);
    }
    let Some(inner) = name.strip_prefix('<') else {
        return first_crate(name);
    };
    let of_type = first_crate(inner);
    match inner.split_once(" as ") {
        Some((ty, rest)) if is_generic_or_std(of_type, ty) => first_crate(rest),
        _ => of_type,
    }
}

fn is_generic_or_std(krate: &str, ty: &str) -> bool {
    let ty = ty.trim_start_matches(['&', '(', '[', '*']).trim_start_matches("mut ");
    matches!(krate, "core" | "alloc" | "std") || !ty.contains("::")
}

/// The first word of a path: `tachys` in `&mut tachys::view::…`, `dlmalloc` in
/// `dlmalloc[e24a27700634d609]::…`.
fn first_crate(path: &str) -> &str {
    let path = path
        .trim_start_matches(['<', '&', '(', '[', '*', ' '])
        .trim_start_matches("mut ")
        .trim_start_matches("dyn ")
        .trim_start_matches("const ");
    let end = path
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(path.len());
    if end == 0 {
        "?"
    } else {
        &path[..end]
    }
}

/// The bench's tables: the largest crates and functions of the app's linked wasm.
pub fn tables() -> Result<(Vec<Table>, serde_json::Value), String> {
    let path = linked_wasm();
    let module = std::fs::read(&path).map_err(|e| format!("{} : {e}", path.display()))?;
    let b = breakdown(&module)?;
    let code = b.code().max(1);
    let percent = |n: usize| format!("{:.1}", n as f64 * 100.0 / code as f64).replace('.', ",");
    let crates = b.crates();
    let mut by_crate = Table::new(
        "Wasm de l'application avant wasm-opt : le code par crate, en octets",
        &["crate", "octets", "part du code (%)", "fonctions"],
    );
    for (name, size, count) in crates.iter().take(SHOWN) {
        by_crate.row(vec![name.clone(), bytes(*size), percent(*size), bytes(*count)]);
    }
    by_crate.note(format!(
        "{} de code en {} fonctions, {} de données ; lu dans la section des noms de {}.",
        bytes(b.code()),
        bytes(b.functions.len()),
        bytes(b.data),
        path.strip_prefix(root()).unwrap_or(&path).display()
    ));
    by_crate.note(
        "Avant wasm-bindgen et wasm-opt (qui inline et fusionne) : un classement de ce qui pèse, \
         pas les octets envoyés (le tableau du premier chargement les donne).",
    );
    let mut by_function = Table::new(
        "Wasm de l'application avant wasm-opt : les plus grosses fonctions, en octets",
        &["fonction", "octets"],
    );
    let largest = b.largest(SHOWN);
    for (name, size) in &largest {
        by_function.row(vec![shorten(name), bytes(*size)]);
    }
    let json = json!({
        "module": path.display().to_string(),
        "code": b.code(), "data": b.data, "functions": b.functions.len(),
        "crates": crates.iter().take(SHOWN).map(|(c, s, n)| json!({"crate": c, "bytes": s, "functions": n})).collect::<Vec<_>>(),
        "largest": largest.iter().map(|(f, s)| json!({"function": f, "bytes": s})).collect::<Vec<_>>(),
    });
    Ok((vec![by_crate, by_function], json))
}

/// A name short enough for a table cell, cut at a character boundary.
fn shorten(name: &str) -> String {
    const MAX: usize = 110;
    match name.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &name[..at]),
        None => name.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn functions_count_in_the_crate_that_wrote_them() {
        assert_eq!(crate_of("agir_model::search::fold::h0123456789abcdef"), "agir_model");
        assert_eq!(
            crate_of("<&mut serde_json::de::Deserializer<R> as serde_core::de::Deserializer>::deserialize_seq"),
            "serde_json"
        );
        assert_eq!(
            crate_of("<F as leptos_router::matching::choose_view::ChooseView>::choose::{{closure}}"),
            "leptos_router"
        );
        assert_eq!(
            crate_of("<alloc::vec::Vec<T> as serde_core::de::Deserialize>::deserialize"),
            "serde_core"
        );
        assert_eq!(
            crate_of("core::ptr::drop_in_place<agir_model::edition::Edition>"),
            "agir_model"
        );
        assert_eq!(
            crate_of("<dlmalloc[e24a27700634d609]::dlmalloc::Dlmalloc<A>>::malloc"),
            "dlmalloc"
        );
        assert_eq!(crate_of("code[12]"), "code");
        assert_eq!(
            crate_of("<Match as leptos_router::nested_router::AddNestedRoute>::rebuild_nested_route"),
            "leptos_router"
        );
    }

    #[test]
    fn hashes_are_dropped_and_only_hashes() {
        assert_eq!(without_hash("a::b::h0123456789abcdef"), "a::b");
        assert_eq!(without_hash("a::hello"), "a::hello");
    }

    fn leb(mut n: u32, out: &mut Vec<u8>) {
        loop {
            let b = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                out.push(b);
                return;
            }
            out.push(b | 0x80);
        }
    }

    fn section(id: u8, body: &[u8], out: &mut Vec<u8>) {
        out.push(id);
        leb(body.len() as u32, out);
        out.extend_from_slice(body);
    }

    #[test]
    fn a_module_is_read_function_by_function_with_its_names() {
        let mut module = b"\0asm\x01\0\0\0".to_vec();
        // One imported function, so the two bodies are functions 1 and 2.
        section(1, &[1, 0x60, 0, 0], &mut module);
        section(2, &[1, 1, b'm', 1, b'f', 0, 0], &mut module);
        section(3, &[2, 0, 0], &mut module);
        section(10, &[2, 2, 0, 0x0b, 4, 0, 1, 0x1a, 0x0b], &mut module);
        section(11, &[0, 0, 0], &mut module);
        let mut names = vec![4];
        names.extend_from_slice(b"name");
        let mut map = vec![1];
        leb(2, &mut map);
        leb(6, &mut map);
        map.extend_from_slice(b"krate2");
        names.push(1);
        leb(map.len() as u32, &mut names);
        names.extend_from_slice(&map);
        section(0, &names, &mut module);

        let b = breakdown(&module).unwrap();
        assert_eq!(b.functions, vec![("code[0]".to_owned(), 2), ("krate2".to_owned(), 4)]);
        assert_eq!((b.code(), b.data), (6, 3));
        assert_eq!(b.crates()[0], ("krate2".to_owned(), 4, 1));
        assert!(breakdown(b"not wasm").is_err());
        assert!(breakdown(&module[..module.len() - 3]).is_err());
    }
}
