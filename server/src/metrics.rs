//! The HTTP/1.1 endpoint that serves the stream counters to Prometheus at `/metrics`.
//!
//! Request heads are parsed by `httparse`; the connections stay under this module's control
//! so that a scraper, slow or hostile, holds at most one of a few threads for at most a few
//! seconds (a whole-request deadline, not one per read).
//!
//! Why not an HTTP server crate: tiny_http 0.12 (its latest release) serves each connection
//! from an unbounded thread pool with no read or write timeout, and stops accepting for good
//! after one failed accept; oxhttp 0.3 bounds its threads by stalling the accept loop, has no
//! whole-request deadline, and can neither report the port it bound nor be stopped. Each
//! would lose a limit that `e2e/tests/e2e/metrics.rs` holds this endpoint to.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use log::{debug, warn};

use crate::stats::Stats;

/// How long a scraper may take to send its whole request, and again to read the answer.
const IO_TIMEOUT: Duration = Duration::from_secs(5);

/// The longest request head read; scrapers send a few hundred bytes.
const MAX_HEAD_BYTES: u64 = 16 * 1024;

/// A running metrics endpoint; it stops accepting connections when dropped.
pub struct MetricsServer {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
}

impl MetricsServer {
    /// Connections served at once; more are closed unanswered, so that slow or hostile
    /// clients cannot pile up threads.
    pub const MAX_CONNECTIONS: usize = 8;

    /// Listens on `addr` and serves `stats` from a thread of its own.
    pub fn start(addr: &str, stats: Arc<Stats>) -> io::Result<MetricsServer> {
        let listener = TcpListener::bind(addr)?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = Arc::clone(&stop);
        let busy = Arc::new(AtomicUsize::new(0));
        thread::Builder::new()
            .name("metrics".to_owned())
            .spawn(move || {
                for conn in listener.incoming() {
                    if stopping.load(Ordering::Acquire) {
                        break;
                    }
                    let conn = match conn {
                        Ok(conn) => conn,
                        Err(e) => {
                            warn!("metrics endpoint cannot accept: {e}");
                            thread::sleep(Duration::from_millis(100));
                            continue;
                        }
                    };
                    if busy.fetch_add(1, Ordering::AcqRel) >= Self::MAX_CONNECTIONS {
                        busy.fetch_sub(1, Ordering::AcqRel);
                        debug!("metrics endpoint busy: closing a connection unanswered");
                        continue;
                    }
                    let (stats, busy) = (Arc::clone(&stats), Arc::clone(&busy));
                    let spawned = thread::Builder::new()
                        .name("metrics-conn".to_owned())
                        .spawn(move || {
                            if let Err(e) = serve(&conn, &stats) {
                                debug!("metrics request failed: {e}");
                            }
                            // The slot is free before the client sees the close, so that
                            // its next connection is served.
                            busy.fetch_sub(1, Ordering::AcqRel);
                            drop(conn);
                        });
                    if let Err(e) = spawned {
                        warn!("metrics endpoint cannot start a thread: {e}");
                    }
                }
            })?;
        Ok(MetricsServer { addr, stop })
    }

    /// The address the endpoint listens on (with the port picked when asked for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for MetricsServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Release);
        // The accept loop only looks at the flag when a connection comes: make one.
        let wake = match self.addr {
            SocketAddr::V4(a) if a.ip().is_unspecified() => {
                SocketAddr::from(([127, 0, 0, 1], a.port()))
            }
            SocketAddr::V6(a) if a.ip().is_unspecified() => {
                SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, a.port()))
            }
            other => other,
        };
        let _ = TcpStream::connect_timeout(&wake, Duration::from_secs(1));
    }
}

/// Answers one HTTP request on `conn` and shuts its sending side.
fn serve(conn: &TcpStream, stats: &Stats) -> io::Result<()> {
    conn.set_write_timeout(Some(IO_TIMEOUT))?;
    let mut reader = Deadline {
        conn: conn.take(MAX_HEAD_BYTES),
        deadline: Instant::now() + IO_TIMEOUT,
    };
    let (status, content_type, body, head_only) = match read_head(&mut reader)? {
        None => return Ok(()),
        Some(Head::Bad) => (
            "400 Bad Request",
            "text/plain; charset=utf-8",
            "bad request: not an HTTP/1.x request head\n".to_owned(),
            false,
        ),
        Some(Head::Request { method, path }) => {
            let head_only = method == "HEAD";
            match (method.as_str(), path.as_str()) {
                ("GET" | "HEAD", "/metrics") => (
                    "200 OK",
                    "text/plain; version=0.0.4; charset=utf-8",
                    stats.render_prometheus(),
                    head_only,
                ),
                ("GET" | "HEAD", _) => (
                    "404 Not Found",
                    "text/plain; charset=utf-8",
                    "not found: metrics are at /metrics\n".to_owned(),
                    head_only,
                ),
                _ => (
                    "405 Method Not Allowed",
                    "text/plain; charset=utf-8",
                    "method not allowed: use GET /metrics\n".to_owned(),
                    false,
                ),
            }
        }
    };
    let mut conn = conn;
    write!(
        conn,
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n",
        body.len()
    )?;
    if !head_only {
        conn.write_all(body.as_bytes())?;
    }
    conn.flush()?;
    let _ = conn.shutdown(Shutdown::Write);
    Ok(())
}

/// What a connection asked for.
enum Head {
    /// A well-formed request head: its method and its path, without the query.
    Request { method: String, path: String },
    /// Bytes that are not an HTTP/1.x request head, or one longer than the limit.
    Bad,
}

/// Reads a request head, parsed by `httparse`; `None` when the client sent nothing.
fn read_head(reader: &mut impl Read) -> io::Result<Option<Head>> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    loop {
        let n = reader.read(&mut chunk)?;
        if n == 0 {
            // The client stopped sending: nothing asked, or a head cut short (or too long).
            return Ok((!buf.is_empty()).then_some(Head::Bad));
        }
        buf.extend_from_slice(&chunk[..n]);
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut request = httparse::Request::new(&mut headers);
        match request.parse(&buf) {
            Ok(httparse::Status::Complete(_)) => {
                let method = request.method.unwrap_or_default().to_owned();
                let target = request.path.unwrap_or_default();
                let path = target.split('?').next().unwrap_or_default().to_owned();
                return Ok(Some(Head::Request { method, path }));
            }
            Ok(httparse::Status::Partial) => {}
            Err(_) => return Ok(Some(Head::Bad)),
        }
    }
}

/// A connection's reader that fails once `deadline` has passed, however the bytes trickle in.
struct Deadline<R> {
    conn: io::Take<R>,
    deadline: Instant,
}

impl Read for Deadline<&TcpStream> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "request not received in time",
            ));
        }
        self.conn.get_ref().set_read_timeout(Some(left))?;
        self.conn.read(buf)
    }
}
