//! A small HTTP/1.1 endpoint that serves the stream counters to Prometheus at `/metrics`.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use log::{debug, warn};

use crate::stats::Stats;

/// How long a scraper may take to send its whole request, and again to read the answer.
const IO_TIMEOUT: Duration = Duration::from_secs(5);

/// Connections served at once; more are closed unanswered, so that slow or hostile clients
/// cannot pile up threads.
const MAX_CONNECTIONS: usize = 8;

/// The longest request head read; scrapers send a few hundred bytes.
const MAX_HEAD_BYTES: u64 = 16 * 1024;

/// A running metrics endpoint; it stops accepting connections when dropped.
pub struct MetricsServer {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
}

impl MetricsServer {
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
                    if busy.fetch_add(1, Ordering::AcqRel) >= MAX_CONNECTIONS {
                        busy.fetch_sub(1, Ordering::AcqRel);
                        debug!("metrics endpoint busy: closing a connection unanswered");
                        continue;
                    }
                    let (stats, busy) = (Arc::clone(&stats), Arc::clone(&busy));
                    let spawned = thread::Builder::new()
                        .name("metrics-conn".to_owned())
                        .spawn(move || {
                            if let Err(e) = serve(conn, &stats) {
                                debug!("metrics request failed: {e}");
                            }
                            busy.fetch_sub(1, Ordering::AcqRel);
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

/// Answers one HTTP request on `conn` and closes it.
fn serve(conn: TcpStream, stats: &Stats) -> io::Result<()> {
    conn.set_write_timeout(Some(IO_TIMEOUT))?;
    let deadline = Instant::now() + IO_TIMEOUT;
    let mut reader = BufReader::new(Deadline {
        conn: (&conn).take(MAX_HEAD_BYTES),
        deadline,
    });
    let mut request_line = String::new();
    if reader.read_line(&mut request_line)? == 0 {
        return Ok(());
    }
    // The headers are of no interest, but are read so that the client sees a clean close.
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let path = target.split('?').next().unwrap_or("");
    let (status, content_type, body) = match (method, path) {
        ("GET" | "HEAD", "/metrics") => (
            "200 OK",
            "text/plain; version=0.0.4; charset=utf-8",
            stats.render_prometheus(),
        ),
        ("GET" | "HEAD", _) => (
            "404 Not Found",
            "text/plain; charset=utf-8",
            "not found: metrics are at /metrics\n".to_owned(),
        ),
        _ => (
            "405 Method Not Allowed",
            "text/plain; charset=utf-8",
            "method not allowed: use GET /metrics\n".to_owned(),
        ),
    };
    let mut conn = &conn;
    write!(
        conn,
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n",
        body.len()
    )?;
    if method != "HEAD" {
        conn.write_all(body.as_bytes())?;
    }
    conn.flush()?;
    let _ = conn.shutdown(Shutdown::Write);
    Ok(())
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
