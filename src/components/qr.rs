//! A QR code drawn as inline SVG, from text (a link). Kept in this one small component so
//! the QR crate is used in one place of the app.

use leptos::prelude::*;
use qrcode::{Color, EcLevel, QrCode};

/// Modules of white margin around the code, as the standard asks for reliable scanning.
const QUIET: usize = 4;

/// The SVG path of the dark modules and the side of the drawing, in modules.
fn path(text: &str) -> Option<(String, usize)> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let mut d = String::new();
    for (i, color) in code.to_colors().into_iter().enumerate() {
        if color == Color::Dark {
            let (x, y) = (i % width + QUIET, i / width + QUIET);
            d.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    Some((d, width + 2 * QUIET))
}

/// The QR code of `text`, black on white whatever the theme (scanners need the contrast).
#[component]
pub fn QrCode(
    /// What the code holds, such as a share link.
    #[prop(into)]
    text: Signal<String>,
    /// What the code is for, said to screen readers.
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let drawn = Memo::new(move |_| text.with(|t| path(t)));
    move || {
        drawn.get().map(|(d, side)| {
            view! {
                <svg
                    class="qr-code"
                    role="img"
                    aria-label=label.clone()
                    viewBox=format!("0 0 {side} {side}")
                    shape-rendering="crispEdges"
                >
                    <rect width=side.to_string() height=side.to_string() fill="#ffffff" />
                    <path d=d fill="#000000" />
                </svg>
            }
        })
    }
}
