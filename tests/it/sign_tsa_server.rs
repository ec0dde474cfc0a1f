//! A tiny RFC 3161 time-stamp server on the loopback interface for the
//! signing tests: std's `TcpListener` on 127.0.0.1 in a thread, each POSTed
//! query answered by `openssl ts -reply` with the test PKI's TSA
//! (`sign_pki`). One server per test run, answering one request at a time
//! (openssl's serial file is not shared safely); it ends with the process.
//!
//! Paths: `/` (or any other) grants; `/reject` answers with a TSA that
//! accepts no SHA-256 imprint (a rejection, badAlg); `/http500` answers
//! HTTP 500.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use super::sign_pki;

/// The most bytes of a query the server reads.
const MAX_QUERY: usize = 64 * 1024;

/// Starts the loopback TSA (once per run) and returns its URL,
/// `http://127.0.0.1:PORT/`.
pub fn start_tsa() -> String {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| {
        let pki = sign_pki::pki();
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let port = listener.local_addr().expect("local addr").port();
        let dir = pki.dir.clone();
        std::thread::spawn(move || {
            for (n, stream) in listener.incoming().enumerate() {
                let Ok(stream) = stream else { continue };
                // A broken connection is the client's problem, not the
                // server's: it goes on with the next.
                let _ = answer(stream, &dir, n);
            }
        });
        format!("http://127.0.0.1:{port}/")
    })
    .clone()
}

fn answer(stream: TcpStream, dir: &std::path::Path, n: usize) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_string();
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut query = vec![0u8; length.min(MAX_QUERY)];
    reader.read_exact(&mut query)?;
    let mut stream = stream;
    if path == "/http500" {
        return stream.write_all(
            b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
    }
    let section = if path == "/reject" {
        "tsa_reject"
    } else {
        "tsa_ok"
    };
    let tsq = dir.join(format!("query-{n}.tsq"));
    let tsr = dir.join(format!("reply-{n}.tsr"));
    std::fs::write(&tsq, &query)?;
    let out = Command::new("openssl")
        .args(["ts", "-reply", "-config"])
        .arg(dir.join("tsa.cnf"))
        .args(["-section", section, "-queryfile"])
        .arg(&tsq)
        .arg("-out")
        .arg(&tsr)
        .current_dir(dir)
        .output()?;
    let reply = if out.status.success() {
        std::fs::read(&tsr)?
    } else {
        Vec::new()
    };
    if reply.is_empty() {
        let msg = String::from_utf8_lossy(&out.stderr).into_owned();
        let head = format!(
            "HTTP/1.1 500 Internal Server Error\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            msg.len()
        );
        stream.write_all(head.as_bytes())?;
        return stream.write_all(msg.as_bytes());
    }
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/timestamp-reply\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        reply.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(&reply)?;
    stream.flush()
}
