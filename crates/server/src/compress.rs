//! Bodies compressed once (brotli and gzip) and then served from memory, the variant picked
//! by `Accept-Encoding`. Compressing per request is what made serving slow; compressing once
//! per edition revision, and the app's files once at build time, is what reaches nginx's
//! numbers and lets the server start in a fraction of a second.

use std::io::Write;

use axum::http::{header, HeaderMap};
use bytes::Bytes;

/// One body in its plain form and the compressed forms worth sending.
#[derive(Debug, Clone)]
pub struct Encoded {
    identity: Bytes,
    gzip: Option<Bytes>,
    br: Option<Bytes>,
}

/// A content coding we can send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    Identity,
    Gzip,
    Brotli,
}

impl Coding {
    /// The `Content-Encoding` value, none for identity.
    pub fn header(self) -> Option<&'static str> {
        match self {
            Self::Identity => None,
            Self::Gzip => Some("gzip"),
            Self::Brotli => Some("br"),
        }
    }
}

impl Encoded {
    /// Compresses `data` with brotli and gzip; a variant that is not smaller is dropped.
    /// Brotli's best quality is slow on large bodies, so those get a lighter setting: a new
    /// revision of a big programme must be served within seconds.
    pub fn compress(data: impl Into<Bytes>) -> Self {
        let identity: Bytes = data.into();
        let quality = if identity.len() <= 512 * 1024 { 11 } else { 9 };
        Self::with_quality(identity, quality)
    }

    /// Compresses the app's files at brotli's best quality whatever their size: it is done
    /// once at start-up, and the wasm is what every phone downloads first (about 30 KB
    /// less than quality 9 for a 1 MB module).
    pub fn compress_best(data: impl Into<Bytes>) -> Self {
        Self::with_quality(data.into(), 11)
    }

    /// Takes the forms written at build time (`app_bg.wasm.br`, `app_bg.wasm.gz`) when each
    /// decodes to `data` exactly; a form that is missing, corrupt or stale (the file changed
    /// after the build) is made again at brotli's best quality. Decoding costs milliseconds
    /// where brotli 11 on the wasm costs seconds. Also says whether anything was remade.
    pub fn prebuilt(data: impl Into<Bytes>, br: Option<Vec<u8>>, gzip: Option<Vec<u8>>) -> (Self, bool) {
        let identity: Bytes = data.into();
        let br = br.filter(|b| decodes_to(b, &identity, brotli_decode));
        let gzip = gzip.filter(|g| decodes_to(g, &identity, gzip_decode));
        let remade = br.is_none() || gzip.is_none();
        let br = br.unwrap_or_else(|| brotli_bytes(&identity, 11));
        let gzip = gzip.unwrap_or_else(|| gzip_bytes(&identity));
        let smaller = |c: Vec<u8>| (c.len() < identity.len()).then(|| Bytes::from(c));
        let (br, gzip) = (smaller(br), smaller(gzip));
        (Self { identity, gzip, br }, remade)
    }

    /// Compresses `data` with brotli at `quality` (0 to 11) and gzip: pages drawn per
    /// request are compressed lightly, those kept for a revision a little harder.
    pub fn compress_at(data: impl Into<Bytes>, quality: i32) -> Self {
        Self::with_quality(data.into(), quality)
    }

    fn with_quality(identity: Bytes, quality: i32) -> Self {
        let smaller = |c: Vec<u8>| (c.len() < identity.len()).then(|| Bytes::from(c));
        let br = smaller(brotli_bytes(&identity, quality));
        let gzip = smaller(gzip_bytes(&identity));
        Self { identity, gzip, br }
    }

    /// A body sent as is: images and fonts are compressed already.
    pub fn plain(data: impl Into<Bytes>) -> Self {
        Self {
            identity: data.into(),
            gzip: None,
            br: None,
        }
    }

    /// The plain bytes.
    pub fn identity(&self) -> &Bytes {
        &self.identity
    }

    /// The bytes held, every form counted.
    pub fn size(&self) -> usize {
        self.identity.len() + self.gzip.as_ref().map_or(0, Bytes::len) + self.br.as_ref().map_or(0, Bytes::len)
    }

    /// Whether the answer depends on `Accept-Encoding` (then `Vary` must say so).
    pub fn varies(&self) -> bool {
        self.gzip.is_some() || self.br.is_some()
    }

    /// The best variant the client accepts.
    pub fn pick(&self, headers: &HeaderMap) -> (Coding, Bytes) {
        let mut values = headers
            .get_all(header::ACCEPT_ENCODING)
            .iter()
            .filter_map(|v| v.to_str().ok());
        // One header is the rule; only several need joining into one list.
        let accepted = match (values.next(), values.next()) {
            (None, _) => Accepted::default(),
            (Some(one), None) => Accepted::parse(one),
            (Some(a), Some(b)) => Accepted::parse(&[a, b].into_iter().chain(values).collect::<Vec<_>>().join(",")),
        };
        match (&self.br, &self.gzip) {
            (Some(br), _) if accepted.brotli => (Coding::Brotli, br.clone()),
            (_, Some(gz)) if accepted.gzip => (Coding::Gzip, gz.clone()),
            _ => (Coding::Identity, self.identity.clone()),
        }
    }
}

/// Which codings an `Accept-Encoding` value allows (q=0 refuses one; `*` stands for the rest).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Accepted {
    pub brotli: bool,
    pub gzip: bool,
}

impl Accepted {
    pub fn parse(value: &str) -> Self {
        let (mut br, mut gz, mut star) = (None, None, None);
        for item in value.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .filter_map(|q| q.trim().parse::<f32>().ok())
                .next()
                .unwrap_or(1.0);
            let ok = q > 0.0;
            match name.as_str() {
                "br" => br = Some(ok),
                "gzip" | "x-gzip" => gz = Some(ok),
                "*" => star = Some(ok),
                _ => {}
            }
        }
        let star = star.unwrap_or(false);
        Self {
            brotli: br.unwrap_or(star),
            gzip: gz.unwrap_or(star),
        }
    }
}

fn brotli_bytes(data: &[u8], quality: i32) -> Vec<u8> {
    let params = brotli::enc::BrotliEncoderParams {
        quality,
        lgwin: 22,
        ..Default::default()
    };
    let mut out = Vec::with_capacity(data.len() / 3 + 64);
    // Writing into a Vec cannot fail.
    brotli::BrotliCompress(&mut &data[..], &mut out, &params).expect("brotli into memory");
    out
}

fn decodes_to(form: &[u8], identity: &[u8], decode: fn(&[u8]) -> std::io::Result<Vec<u8>>) -> bool {
    decode(form).is_ok_and(|plain| plain == identity)
}

fn brotli_decode(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len() * 4);
    brotli::BrotliDecompress(&mut &data[..], &mut out)?;
    Ok(out)
}

fn gzip_decode(data: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::with_capacity(data.len() * 4);
    flate2::read::GzDecoder::new(data).read_to_end(&mut out)?;
    Ok(out)
}

fn gzip_bytes(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::with_capacity(data.len() / 3 + 64), flate2::Compression::best());
    enc.write_all(data).expect("gzip into memory");
    enc.finish().expect("gzip into memory")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn accept_encoding_honours_q_values_and_star() {
        assert_eq!(
            Accepted::parse("gzip, deflate, br"),
            Accepted {
                brotli: true,
                gzip: true
            }
        );
        assert_eq!(
            Accepted::parse("gzip;q=1.0, br;q=0"),
            Accepted {
                brotli: false,
                gzip: true
            }
        );
        assert_eq!(
            Accepted::parse("*"),
            Accepted {
                brotli: true,
                gzip: true
            }
        );
        assert_eq!(
            Accepted::parse("*;q=0, gzip"),
            Accepted {
                brotli: false,
                gzip: true
            }
        );
        assert_eq!(Accepted::parse(""), Accepted::default());
        assert_eq!(Accepted::parse("identity"), Accepted::default());
    }

    #[test]
    fn picks_brotli_then_gzip_then_identity() {
        let text = "Agir ensemble ".repeat(200);
        let body = Encoded::compress(text.clone());
        let mut headers = HeaderMap::new();
        assert_eq!(body.pick(&headers).0, Coding::Identity);
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip"));
        assert_eq!(body.pick(&headers).0, Coding::Gzip);
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip, br"));
        let (coding, bytes) = body.pick(&headers);
        assert_eq!(coding, Coding::Brotli);
        let mut plain = Vec::new();
        brotli::BrotliDecompress(&mut &bytes[..], &mut plain).unwrap();
        assert_eq!(plain, text.as_bytes());
    }

    #[test]
    fn prebuilt_forms_are_taken_only_when_they_decode_to_the_file() {
        let text = "Agir ensemble ".repeat(200);
        let good_br = brotli_bytes(text.as_bytes(), 5);
        let good_gz = gzip_bytes(text.as_bytes());
        let (body, remade) = Encoded::prebuilt(text.clone(), Some(good_br.clone()), Some(good_gz.clone()));
        assert!(!remade);
        assert_eq!(
            body.br.as_deref(),
            Some(&good_br[..]),
            "the build's own bytes are served"
        );
        assert_eq!(body.gzip.as_deref(), Some(&good_gz[..]));

        // The file changed after the build: its old forms must not be served.
        let stale = brotli_bytes(b"an older build", 11);
        let (body, remade) = Encoded::prebuilt(text.clone(), Some(stale), Some(b"not gzip".to_vec()));
        assert!(remade);
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("br"));
        let (_, bytes) = body.pick(&headers);
        assert_eq!(brotli_decode(&bytes).unwrap(), text.as_bytes());
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip"));
        let (coding, bytes) = body.pick(&headers);
        assert_eq!(coding, Coding::Gzip);
        assert_eq!(gzip_decode(&bytes).unwrap(), text.as_bytes());

        let (_, remade) = Encoded::prebuilt(text, None, Some(good_gz));
        assert!(remade, "a missing form is made at start");
    }

    #[test]
    fn tiny_bodies_stay_plain() {
        let body = Encoded::compress("{}");
        assert!(!body.varies());
    }
}
