//! Entry point of the wasm app: a panic hook, then the app replaces the static shell.

fn main() {
    console_error_panic_hook::set_once();
    agir_ensemble::mount();
}
