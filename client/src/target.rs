//! From the addresses on the command line to the one gRPC target the channel dials.

use std::net::SocketAddr;

use crate::ClientError;

/// The server address the client and users-bench dial unless told otherwise, as the Go
/// tutorial client.
pub const DEFAULT_ADDR: &str = "localhost:3000";

/// Refuses addresses the gRPC core cannot even parse (empty, or with blanks in them).
pub fn check_addr(addr: &str) -> Result<(), ClientError> {
    if addr.is_empty() || addr.chars().any(char::is_whitespace) {
        return Err(ClientError::BadAddress(addr.to_owned()));
    }
    Ok(())
}

/// Target URI schemes of the C core's resolvers, passed through untouched.
const URI_SCHEMES: [&str; 6] = [
    "dns:",
    "ipv4:",
    "ipv6:",
    "unix:",
    "unix-abstract:",
    "vsock:",
];

/// The gRPC target that dials every address in `addrs`, each of which may itself be a
/// comma-separated list.
///
/// One address is used as it is: `HOST:PORT` (a DNS name may resolve to several addresses)
/// or any target URI the C core knows (`dns:///`, `ipv4:`, `ipv6:`, `unix:`...), commas
/// included. Several addresses must be `IP:PORT` literals of one family, which become one
/// `ipv4:` or `ipv6:` target list.
pub fn target(addrs: &[String]) -> Result<String, ClientError> {
    if let [uri] = addrs {
        if URI_SCHEMES.iter().any(|scheme| uri.starts_with(scheme)) {
            check_addr(uri)?;
            return Ok(uri.clone());
        }
    }
    let addrs: Vec<&str> = addrs
        .iter()
        .flat_map(|a| a.split(','))
        .map(str::trim)
        .collect();
    match addrs.as_slice() {
        [] => Err(ClientError::BadAddress(String::new())),
        [one] => {
            check_addr(one)?;
            Ok((*one).to_owned())
        }
        several => {
            let mut v4 = Vec::new();
            let mut v6 = Vec::new();
            for addr in several {
                check_addr(addr)?;
                match addr.parse::<SocketAddr>() {
                    Ok(SocketAddr::V4(a)) => v4.push(a.to_string()),
                    Ok(SocketAddr::V6(a)) => v6.push(a.to_string()),
                    Err(_) => return Err(ClientError::NotAnIpAddress((*addr).to_owned())),
                }
            }
            match (v4.is_empty(), v6.is_empty()) {
                (false, true) => Ok(format!("ipv4:{}", v4.join(","))),
                (true, false) => Ok(format!("ipv6:{}", v6.join(","))),
                _ => Err(ClientError::MixedAddressFamilies),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Address lists become one ipv4: or ipv6: target; names and URIs pass through as they are.
    #[test]
    fn targets_from_addresses() {
        let t = |addrs: &[&str]| target(&addrs.iter().map(|a| a.to_string()).collect::<Vec<_>>());
        assert_eq!(t(&["localhost:3000"]).unwrap(), "localhost:3000");
        assert_eq!(
            t(&["10.0.0.1:1,10.0.0.2:2"]).unwrap(),
            "ipv4:10.0.0.1:1,10.0.0.2:2"
        );
        assert_eq!(
            t(&["10.0.0.1:1", "10.0.0.2:2"]).unwrap(),
            "ipv4:10.0.0.1:1,10.0.0.2:2"
        );
        assert_eq!(t(&["[::1]:1,[::1]:2"]).unwrap(), "ipv6:[::1]:1,[::1]:2");
        assert_eq!(
            t(&["ipv4:10.0.0.1:1,10.0.0.2:2"]).unwrap(),
            "ipv4:10.0.0.1:1,10.0.0.2:2"
        );
        assert_eq!(
            t(&["dns://10.0.0.53:53/users:3000"]).unwrap(),
            "dns://10.0.0.53:53/users:3000"
        );
        assert!(matches!(t(&["a:1,b:2"]), Err(ClientError::NotAnIpAddress(a)) if a == "a:1"));
        assert!(matches!(
            t(&["10.0.0.1:1,[::1]:2"]),
            Err(ClientError::MixedAddressFamilies)
        ));
        assert!(matches!(
            t(&["10.0.0.1:1,"]),
            Err(ClientError::BadAddress(_))
        ));
    }

    /// Empty addresses and addresses with blanks are refused before dialling.
    #[test]
    fn checks_addresses() {
        assert!(check_addr("localhost:3000").is_ok());
        assert!(check_addr("[::1]:3000").is_ok());
        for bad in ["", " ", "localhost: 3000"] {
            let err = check_addr(bad).unwrap_err().to_string();
            assert!(err.starts_with("invalid address"), "{err}");
        }
    }
}
