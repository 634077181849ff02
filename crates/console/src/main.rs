//! Entry point of the organizers' console: a panic hook, then the console replaces the
//! static shell.

fn main() {
    console_error_panic_hook::set_once();
    agir_console::mount();
}
