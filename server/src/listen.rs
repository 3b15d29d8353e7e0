//! Where the server listens, in the address forms grpc-go and the C core take: `HOST:PORT`,
//! a Unix domain socket `unix:PATH` (a file, for sidecars and local agents), or an abstract
//! one `unix-abstract:NAME` (Linux: a name with no file, gone with the process).

use std::fmt;
use std::fs;
use std::io;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use log::warn;

use crate::ServerError;

/// The longest socket path the kernel takes (`sun_path` holds 108 bytes with the final NUL).
const MAX_SOCKET_PATH: usize = 107;

/// An address the server listens on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListenAddr {
    /// `HOST:PORT`; port 0 picks a free port.
    Tcp(String),
    /// `unix:PATH`: a socket file.
    Unix(PathBuf),
    /// `unix-abstract:NAME`: a socket in Linux's abstract namespace.
    UnixAbstract(String),
}

impl ListenAddr {
    /// Reads `addr`: `unix:PATH`, `unix-abstract:NAME` or `HOST:PORT`.
    pub fn parse(addr: &str) -> Result<ListenAddr, ServerError> {
        let bad = |reason: &str| ServerError::BadAddress {
            addr: addr.to_owned(),
            reason: reason.to_owned(),
        };
        if let Some(name) = addr.strip_prefix("unix-abstract:") {
            if name.is_empty() {
                return Err(bad("the abstract socket has no name"));
            }
            if name.len() > MAX_SOCKET_PATH {
                return Err(bad(
                    "the name is longer than the 107 bytes a socket name may have",
                ));
            }
            return Ok(ListenAddr::UnixAbstract(name.to_owned()));
        }
        if let Some(path) = addr.strip_prefix("unix:") {
            if path.is_empty() {
                return Err(bad("the socket has no path"));
            }
            if path.len() > MAX_SOCKET_PATH {
                return Err(bad(
                    "the path is longer than the 107 bytes a socket path may have",
                ));
            }
            return Ok(ListenAddr::Unix(PathBuf::from(path)));
        }
        let port = addr
            .rsplit_once(':')
            .map(|(_, port)| port)
            .ok_or_else(|| bad(EXPECTED))?;
        if port.parse::<u16>().is_err() {
            return Err(bad(EXPECTED));
        }
        Ok(ListenAddr::Tcp(addr.to_owned()))
    }

    /// The address as the C core's `add_listening_port` takes it.
    pub fn core_address(&self) -> String {
        match self {
            ListenAddr::Tcp(addr) => addr.clone(),
            ListenAddr::Unix(path) => format!("unix:{}", path.display()),
            ListenAddr::UnixAbstract(name) => format!("unix-abstract:{name}"),
        }
    }

    /// The socket file, for an address that has one.
    pub fn socket_file(&self) -> Option<&Path> {
        match self {
            ListenAddr::Unix(path) => Some(path),
            _ => None,
        }
    }

    /// The address as it is listened on: `HOST:PORT` with the port bound (`port`, the one
    /// picked for port 0), the socket's address as given.
    pub fn bound(&self, port: u16) -> String {
        match self {
            ListenAddr::Tcp(addr) => match addr.rsplit_once(':') {
                Some((host, _)) => format!("{host}:{port}"),
                None => addr.clone(),
            },
            other => other.to_string(),
        }
    }
}

impl fmt::Display for ListenAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.core_address())
    }
}

/// What an address should look like, for its errors.
const EXPECTED: &str = "expected HOST:PORT (e.g. 0.0.0.0:3000), unix:PATH or unix-abstract:NAME";

/// Reads a socket file mode written in octal (`660`, `0660`, `0o660`).
pub fn parse_mode(text: &str) -> Result<u32, String> {
    let digits = text.strip_prefix("0o").unwrap_or(text);
    let octal = !digits.is_empty() && digits.bytes().all(|b| (b'0'..=b'7').contains(&b));
    match u32::from_str_radix(digits, 8) {
        Ok(mode) if octal && mode <= 0o777 => Ok(mode),
        _ => Err(format!(
            "invalid socket mode {text:?}: expected octal permission bits, e.g. 660"
        )),
    }
}

/// Gives the socket file at `path` the permission bits `mode`.
pub fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
}

/// A socket file the server made, known by its device and inode so that a file put at its
/// path since (another server's socket) is left alone.
#[derive(Debug)]
pub struct SocketFile {
    path: PathBuf,
    id: (u64, u64),
}

impl SocketFile {
    /// The socket just bound at `path`, if it is there.
    pub fn bound(path: &Path) -> Option<SocketFile> {
        let meta = fs::symlink_metadata(path).ok()?;
        meta.file_type().is_socket().then(|| SocketFile {
            path: path.to_owned(),
            id: (meta.dev(), meta.ino()),
        })
    }

    /// Removes the file if it is still this socket; logs why not otherwise.
    pub fn remove(self) {
        match fs::symlink_metadata(&self.path) {
            Ok(meta) if (meta.dev(), meta.ino()) == self.id => {
                if let Err(e) = fs::remove_file(&self.path) {
                    warn!("cannot remove the socket {}: {e}", self.path.display());
                }
            }
            Ok(_) => warn!(
                "{} is no longer this server's socket: left in place",
                self.path.display()
            ),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => warn!("cannot remove the socket {}: {e}", self.path.display()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The three forms are told apart; what fits none is refused naming all three.
    #[test]
    fn addresses_are_read() {
        assert_eq!(
            ListenAddr::parse("0.0.0.0:3000").unwrap(),
            ListenAddr::Tcp("0.0.0.0:3000".to_owned())
        );
        assert_eq!(
            ListenAddr::parse("unix:/run/users/users.sock").unwrap(),
            ListenAddr::Unix(PathBuf::from("/run/users/users.sock"))
        );
        assert_eq!(
            ListenAddr::parse("unix:users.sock").unwrap().socket_file(),
            Some(Path::new("users.sock"))
        );
        assert_eq!(
            ListenAddr::parse("unix-abstract:users").unwrap(),
            ListenAddr::UnixAbstract("users".to_owned())
        );
        for bad in ["localhost", "[::1]:x", "unix:", "unix-abstract:", ":99999"] {
            let e = ListenAddr::parse(bad).unwrap_err().to_string();
            assert!(e.contains(bad), "{e}");
        }
        let e = ListenAddr::parse("localhost").unwrap_err().to_string();
        assert!(e.contains("unix:PATH"), "{e}");
        let long = format!("unix:/{}", "a".repeat(107));
        let e = ListenAddr::parse(&long).unwrap_err().to_string();
        assert!(e.contains("107 bytes"), "{e}");
    }

    /// The bound address shows the picked port; a socket shows as given.
    #[test]
    fn bound_addresses_show_the_port() {
        let tcp = ListenAddr::parse("127.0.0.1:0").unwrap();
        assert_eq!(tcp.bound(41000), "127.0.0.1:41000");
        let unix = ListenAddr::parse("unix:/tmp/u.sock").unwrap();
        assert_eq!(unix.bound(1), "unix:/tmp/u.sock");
        assert_eq!(unix.core_address(), "unix:/tmp/u.sock");
    }

    /// Modes are octal permission bits, nothing else.
    #[test]
    fn modes_are_octal() {
        assert_eq!(parse_mode("660"), Ok(0o660));
        assert_eq!(parse_mode("0660"), Ok(0o660));
        assert_eq!(parse_mode("0o600"), Ok(0o600));
        for bad in ["", "9", "1777", "rw-rw----", "0o", "+660"] {
            assert!(parse_mode(bad).is_err(), "{bad:?}");
        }
    }
}
