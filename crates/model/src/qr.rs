//! QR codes of the stands' deep links, drawn as SVG. The organizers' printable page and the
//! `agir-server qr` command draw the same picture from the same function. The encoder is
//! behind the `qr` feature; the address of a stand's code is always available.

use crate::ids::StandId;

#[cfg(feature = "qr")]
/// Modules of white margin around the code: the "quiet zone" the standard asks for.
pub const QUIET_ZONE: i32 = 4;

/// The address a stand's QR code points at: its deep link under the public URL.
pub fn stand_url(public_url: &str, stand: &StandId) -> String {
    crate::paths::absolute(public_url, &crate::paths::stand(stand))
}

#[cfg(feature = "qr")]
/// A QR code ready to draw: its size in modules (without the quiet zone) and an SVG path of
/// its dark modules, in module units, offset by the quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrPath {
    pub size: i32,
    pub path: String,
}

#[cfg(feature = "qr")]
impl QrPath {
    /// Side of the whole picture, quiet zone included, in modules (the SVG viewBox).
    pub fn side(&self) -> i32 {
        self.size + 2 * QUIET_ZONE
    }
}

#[cfg(feature = "qr")]
/// Why a text could not be encoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("le texte est trop long pour un QR code ({0} octets)")]
pub struct TooLong(pub usize);

#[cfg(feature = "qr")]
/// Encodes `text` (medium error correction: a printed code survives a fold or a smudge).
/// Runs of dark modules on a row become one rectangle, which keeps the path short.
pub fn encode(text: &str) -> Result<QrPath, TooLong> {
    let qr = qrcodegen::QrCode::encode_text(text, qrcodegen::QrCodeEcc::Medium).map_err(|_| TooLong(text.len()))?;
    let size = qr.size();
    let mut path = String::new();
    for y in 0..size {
        let mut x = 0;
        while x < size {
            if !qr.get_module(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < size && qr.get_module(x, y) {
                x += 1;
            }
            use std::fmt::Write;
            let _ = write!(
                path,
                "M{} {}h{}v1h-{}z",
                start + QUIET_ZONE,
                y + QUIET_ZONE,
                x - start,
                x - start
            );
        }
    }
    Ok(QrPath { size, path })
}

#[cfg(all(test, feature = "qr"))]
mod tests {
    use super::*;

    #[test]
    fn the_address_is_the_stand_page_under_the_public_url() {
        let id = StandId::parse("resto-troc").unwrap();
        assert_eq!(
            stand_url("https://agir.angers.fr/", &id),
            "https://agir.angers.fr/village/resto-troc"
        );
        assert_eq!(
            stand_url("http://127.0.0.1:8080", &id),
            "http://127.0.0.1:8080/village/resto-troc"
        );
    }

    #[test]
    fn the_path_draws_only_inside_the_quiet_zone() {
        let qr = encode("https://agir.angers.fr/village/petits-freres-des-pauvres").unwrap();
        // Version 4 (33 modules) holds this address at medium correction.
        assert!((21..=41).contains(&qr.size), "{}", qr.size);
        assert_eq!(qr.side(), qr.size + 8);
        for part in qr.path.split('M').filter(|p| !p.is_empty()) {
            let mut nums = part.split(|c: char| !c.is_ascii_digit()).filter(|n| !n.is_empty());
            let x: i32 = nums.next().unwrap().parse().unwrap();
            let y: i32 = nums.next().unwrap().parse().unwrap();
            let run: i32 = nums.next().unwrap().parse().unwrap();
            assert!(x >= QUIET_ZONE && y >= QUIET_ZONE && x + run <= QUIET_ZONE + qr.size && y < QUIET_ZONE + qr.size);
        }
    }

    #[test]
    fn an_overlong_text_is_refused() {
        assert_eq!(encode(&"x".repeat(5000)), Err(TooLong(5000)));
    }
}
