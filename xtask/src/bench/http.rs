//! A minimal HTTP/1.1 client over loopback, to read exactly the bytes a server sends (no
//! decompression, unlike every convenient client): sizes as served, the ETag, the headers
//! nginx must copy.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// `GET path` on `addr` (`127.0.0.1:PORT`) with `headers`, on a connection closed afterwards.
pub fn get(addr: &str, path: &str, headers: &[(&str, &str)]) -> Result<Response, String> {
    request(addr, "GET", path, headers, None, Duration::from_secs(30))
}

/// `method path` on `addr` with `headers` and, when given, a JSON `body`, on a connection
/// closed afterwards; waits at most `timeout` for each read. `Err` for anything short of a
/// whole response (refused, reset, cut): what a client retries.
pub fn request(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
    timeout: Duration,
) -> Result<Response, String> {
    let fail = |e: std::io::Error| format!("{method} http://{addr}{path} : {e}");
    let mut stream = TcpStream::connect(addr).map_err(fail)?;
    stream.set_read_timeout(Some(timeout)).map_err(fail)?;
    stream.set_write_timeout(Some(timeout)).map_err(fail)?;
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(body) = body {
        request.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    request.push_str("\r\n");
    let mut bytes = request.into_bytes();
    bytes.extend_from_slice(body.unwrap_or_default());
    stream.write_all(&bytes).map_err(fail)?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).map_err(fail)?;
    parse(&answer).map_err(|e| format!("{method} http://{addr}{path} : {e}"))
}

/// Parses a whole response; the body is `Content-Length` bytes when given, else the rest.
pub fn parse(bytes: &[u8]) -> Result<Response, String> {
    let end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("réponse sans fin d'en-têtes")?;
    let head = std::str::from_utf8(&bytes[..end]).map_err(|_| "en-têtes non UTF-8")?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("ligne de statut illisible « {status_line} »"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let mut body = bytes[end + 4..].to_vec();
    let response = Response {
        status,
        headers,
        body: Vec::new(),
    };
    if response
        .header("transfer-encoding")
        .is_some_and(|t| t.contains("chunked"))
    {
        return Err("corps découpé (chunked) non pris en charge".into());
    }
    if let Some(len) = response.header("content-length").and_then(|l| l.parse::<usize>().ok()) {
        if body.len() < len {
            return Err(format!("corps tronqué : {} octets sur {len}", body.len()));
        }
        body.truncate(len);
    }
    Ok(Response { body, ..response })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_status_headers_and_exact_body() {
        let raw = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nETag: \"2013-1\"\r\ncontent-length: 4\r\n\r\n{}\r\nextra";
        let r = parse(raw).unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(r.header("etag"), Some("\"2013-1\""));
        assert_eq!(r.header("Content-Length"), Some("4"));
        assert_eq!(r.body, b"{}\r\n");
    }

    #[test]
    fn not_modified_has_no_body_and_truncation_is_an_error() {
        let r = parse(b"HTTP/1.1 304 Not Modified\r\netag: \"x\"\r\n\r\n").unwrap();
        assert_eq!((r.status, r.body.len()), (304, 0));
        assert!(parse(b"HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nabc").is_err());
        assert!(parse(b"HTTP/1.1 200 OK\r\n").is_err());
    }
}
