//! A QR code drawn as inline SVG, from text (a link), with the model's encoder: the same
//! one draws the stands' printed codes.

use leptos::prelude::*;

/// The SVG path of the dark modules and the side of the drawing (quiet zone included), in
/// modules; `None` when the text is too long for a QR code.
fn path(text: &str) -> Option<(String, i32)> {
    let code = agir_model::qr::encode(text).ok()?;
    let side = code.side();
    Some((code.path, side))
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
