//! The attributes of a gRPC call's span, named as grpc-go's `otelgrpc` (v0.72) names them, so
//! that spans from the Go and Rust sides of a trace read alike; both binaries use them.

use opentelemetry::KeyValue;

/// Which attribute names the spans carry, chosen by `OTEL_SEMCONV_STABILITY_OPT_IN` as
/// `otelgrpc` (v0.72) chooses them; every choice has `rpc.response.status_code`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conventions {
    /// `rpc.system.name` and `rpc.method` (the full method): the default.
    Current,
    /// `rpc.system`, `rpc.service` and `rpc.method` (the method's own name): `rpc/old`.
    Old,
    /// Both, the full method winning `rpc.method`: `rpc/dup`.
    Both,
}

impl Conventions {
    /// The conventions the opt-in variable's value asks for: its first `rpc/dup` or
    /// `rpc/old`.
    pub fn from_opt_in(value: Option<&str>) -> Self {
        let items = value.unwrap_or_default().split(',').map(str::trim);
        items
            .filter_map(|item| match item {
                "rpc/dup" => Some(Conventions::Both),
                "rpc/old" => Some(Conventions::Old),
                _ => None,
            })
            .next()
            .unwrap_or(Conventions::Current)
    }
}

/// The attributes that name the method `name` (`package.Service/Method`).
pub fn method_attributes(name: &str, conventions: Conventions) -> Vec<KeyValue> {
    let current = [
        KeyValue::new("rpc.system.name", "grpc"),
        KeyValue::new("rpc.method", name.to_owned()),
    ];
    let (service, method) = name.split_once('/').unwrap_or(("", name));
    let old = [
        KeyValue::new("rpc.system", "grpc"),
        KeyValue::new("rpc.service", service.to_owned()),
    ];
    match conventions {
        Conventions::Current => current.to_vec(),
        Conventions::Old => {
            let mut attributes = old.to_vec();
            attributes.push(KeyValue::new("rpc.method", method.to_owned()));
            attributes
        }
        // One attribute per name: the full method is rpc.method, as in otelgrpc's rpc/dup.
        Conventions::Both => old.into_iter().chain(current).collect(),
    }
}

/// The attribute names of the server's side of a call.
pub const SERVER: (&str, &str) = ("server.address", "server.port");

/// The attribute names of the peer's side of a call.
pub const PEER: (&str, &str) = ("network.peer.address", "network.peer.port");

/// The address and port attributes (`names`) of `HOST:PORT` (brackets of an IPv6 host
/// removed); only the address when there is no port.
pub fn address(names: (&'static str, &'static str), host_port: &str) -> Vec<KeyValue> {
    if host_port.is_empty() {
        return Vec::new();
    }
    let (host, port) = match host_port.rsplit_once(':') {
        Some((host, port)) if !host.ends_with(':') && port.parse::<u16>().is_ok() => {
            (host, port.parse::<i64>().ok())
        }
        _ => (host_port, None),
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let mut attributes = vec![KeyValue::new(names.0, host.to_owned())];
    if let Some(port) = port {
        attributes.push(KeyValue::new(names.1, port));
    }
    attributes
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hosts and ports of authorities and peers, IPv6 brackets removed; no port, no port
    /// attribute.
    #[test]
    fn addresses_are_split() {
        let text = |attributes: Vec<KeyValue>| -> Vec<String> {
            attributes
                .iter()
                .map(|kv| format!("{}={}", kv.key, kv.value))
                .collect()
        };
        assert_eq!(
            text(address(SERVER, "localhost:3000")),
            ["server.address=localhost", "server.port=3000"]
        );
        assert_eq!(
            text(address(PEER, "[::1]:5000")),
            ["network.peer.address=::1", "network.peer.port=5000"]
        );
        assert_eq!(
            text(address(PEER, "127.0.0.1:41000")),
            ["network.peer.address=127.0.0.1", "network.peer.port=41000"]
        );
        assert_eq!(
            text(address(SERVER, "users.internal")),
            ["server.address=users.internal"]
        );
        assert!(address(SERVER, "").is_empty());
    }

    /// The opt-in variable picks the names as otelgrpc does: rpc/dup or rpc/old, else the
    /// current ones.
    #[test]
    fn conventions_follow_the_opt_in() {
        assert_eq!(Conventions::from_opt_in(None), Conventions::Current);
        assert_eq!(Conventions::from_opt_in(Some("http")), Conventions::Current);
        assert_eq!(
            Conventions::from_opt_in(Some("http, rpc/dup")),
            Conventions::Both
        );
        assert_eq!(
            Conventions::from_opt_in(Some("rpc/old,rpc/dup")),
            Conventions::Old
        );
        let names = |conventions| -> Vec<String> {
            method_attributes("users.Users/CreateUser", conventions)
                .iter()
                .map(|kv| format!("{}={}", kv.key, kv.value))
                .collect()
        };
        assert_eq!(
            names(Conventions::Current),
            ["rpc.system.name=grpc", "rpc.method=users.Users/CreateUser"]
        );
        assert_eq!(
            names(Conventions::Old),
            [
                "rpc.system=grpc",
                "rpc.service=users.Users",
                "rpc.method=CreateUser"
            ]
        );
        assert_eq!(
            names(Conventions::Both),
            [
                "rpc.system=grpc",
                "rpc.service=users.Users",
                "rpc.system.name=grpc",
                "rpc.method=users.Users/CreateUser"
            ]
        );
    }
}
