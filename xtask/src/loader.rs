//! Trunk's inline module script, told to start the app after the page's first paint (run by
//! `cargo xtask post-build`). A page drawn by the server is readable from its HTML; its
//! first paint needs only the HTML and the stylesheets. When the script fetched the wasm
//! before that paint, the wasm shared a slow network with it, and Lighthouse counted its
//! download against the largest paint: on `/` and on a stand, LCP was 1.1 s or 3.3 s from
//! one run to the next, depending on whether the paint or the fetch came first.

use std::path::Path;

/// Where Trunk's script starts the wasm; the wait goes just before.
const START: &str = "const wasm = await init(";

/// Waits for the first contentful paint to be reported (it is, once the frame is on screen;
/// the task after a frame's `requestAnimationFrame` still came before that moment), at most
/// 3 s (a tab in the background paints nothing); a browser without paint timing starts at
/// once.
const AFTER_PAINT: &str = "await new Promise((go) => { \
    const fcp = (list) => list.getEntriesByName('first-contentful-paint').length > 0; \
    setTimeout(go, 3000); \
    try { \
    if (fcp(performance)) return setTimeout(go); \
    new PerformanceObserver((list, o) => { if (fcp(list)) { o.disconnect(); setTimeout(go); } })\
    .observe({ type: 'paint', buffered: true }); \
    } catch (e) { go(); } \
    });\n";

/// Rewrites `dir/index.html`; an index without Trunk's start is an error, so that a change
/// of Trunk's script is seen at the build, not in the figures.
pub fn write(dir: &Path) -> Result<(), String> {
    let path = dir.join("index.html");
    let index = std::fs::read_to_string(&path).map_err(|e| format!("{} : {e}", path.display()))?;
    let deferred = after_first_paint(&index).ok_or_else(|| {
        format!(
            "{} : le script de Trunk qui démarre l'application (« {START} ») est introuvable",
            path.display()
        )
    })?;
    std::fs::write(&path, deferred).map_err(|e| format!("{} : {e}", path.display()))
}

/// `index` with the wait inserted before the wasm's start, once; `None` without a start.
fn after_first_paint(index: &str) -> Option<String> {
    if index.contains(AFTER_PAINT) {
        return Some(index.to_owned());
    }
    let at = index.find(START)?;
    let mut out = index.to_owned();
    out.insert_str(at, AFTER_PAINT);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK: &str = "<script type=module>import init, * as bindings from '/app-1.js';\n\
        const wasm = await init({ module_or_path: '/app-1_bg.wasm' });\n</script>";

    #[test]
    fn waits_for_the_first_paint_before_starting_the_wasm() {
        let out = after_first_paint(TRUNK).unwrap();
        let wait = out.find("first-contentful-paint").unwrap();
        assert!(out.find("import init").unwrap() < wait);
        assert!(wait < out.find(START).unwrap());
        assert_eq!(after_first_paint(&out).unwrap(), out, "once");
    }

    #[test]
    fn an_index_without_trunks_start_is_refused() {
        assert_eq!(after_first_paint("<script type=module>go()</script>"), None);
    }
}
