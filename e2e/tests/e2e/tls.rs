//! TLS and mutual TLS, with certificates made at test time: only the good cases connect,
//! every bad one fails with an error that says why, and the server keeps serving.

use users_e2e as common;

use common::pki::Ca;

use std::time::Duration;

use users_client::{
    connect_with, send_users, ClientError, ClientTls, ConnectOptions, StreamOptions,
};
use users_server::{ServerConfig, TlsConfig, UsersServer};

/// A server on 127.0.0.1:0 with `tls`; returns it and its address.
fn tls_server(tls: Option<TlsConfig>) -> (UsersServer, String) {
    let config = ServerConfig {
        addr: "127.0.0.1:0".to_owned(),
        cq_count: 1,
        tls,
        ..Default::default()
    };
    let server = UsersServer::start(&config).expect("server starts");
    let addr = format!("127.0.0.1:{}", server.port());
    (server, addr)
}

/// Streams the tutorial users with `tls`; the error, if any.
fn stream(addr: &str, tls: Option<ClientTls>) -> Result<(), ClientError> {
    let client = connect_with(
        addr,
        &ConnectOptions {
            tls,
            ..Default::default()
        },
    );
    let options = StreamOptions {
        delay: Duration::ZERO,
        call: users_client::CallOptions {
            timeout: Some(Duration::from_secs(20)),
            ..Default::default()
        },
    };
    let summary = futures::executor::block_on(send_users(
        &client,
        addr,
        users_client::tutorial_users(),
        &options,
        |_| {},
    ))?;
    assert_eq!(summary.received, 5);
    Ok(())
}

/// Asserts a refused connection: UNAVAILABLE, with the C core's reason in the message.
fn assert_refused(result: Result<(), ClientError>, why: &str) {
    match result {
        Err(e @ ClientError::Unavailable { .. }) => {
            let text = e.to_string();
            assert!(text.starts_with("cannot reach server at "), "{why}: {text}");
            eprintln!("{why}: {text}");
        }
        other => panic!("{why}: expected UNAVAILABLE, got {other:?}"),
    }
}

struct Pki {
    ca: Ca,
    other_ca: Ca,
    server: (Vec<u8>, Vec<u8>),
}

impl Pki {
    fn new() -> Pki {
        let ca = Ca::new("users test CA");
        let server = ca.issue(&["users.test"], false);
        Pki {
            ca,
            other_ca: Ca::new("another CA"),
            server,
        }
    }

    fn server_tls(&self, client_ca: Option<Vec<u8>>) -> TlsConfig {
        TlsConfig {
            cert_chain: self.server.0.clone(),
            private_key: self.server.1.clone().into(),
            client_ca,
        }
    }

    /// What a client that trusts `ca` and expects users.test needs, with `identity`.
    fn client(&self, ca: &Ca, identity: Option<(Vec<u8>, Vec<u8>)>) -> Option<ClientTls> {
        Some(ClientTls {
            ca: Some(ca.pem()),
            identity: identity.map(|(cert, key)| (cert, key.into())),
            server_name: Some("users.test".to_owned()),
        })
    }
}

/// Server TLS: a client that trusts the CA connects; wrong CA, wrong name and plaintext do
/// not; the server serves on after each.
#[test]
fn server_tls() {
    let pki = Pki::new();
    let (_server, addr) = tls_server(Some(pki.server_tls(None)));
    stream(&addr, pki.client(&pki.ca, None)).unwrap();

    assert_refused(stream(&addr, pki.client(&pki.other_ca, None)), "wrong CA");
    stream(&addr, pki.client(&pki.ca, None)).unwrap();

    let wrong_name = ClientTls {
        server_name: Some("other.test".to_owned()),
        ..pki.client(&pki.ca, None).unwrap()
    };
    assert_refused(stream(&addr, Some(wrong_name)), "host name mismatch");
    stream(&addr, pki.client(&pki.ca, None)).unwrap();

    assert_refused(stream(&addr, None), "plaintext client to a TLS port");
    stream(&addr, pki.client(&pki.ca, None)).unwrap();
}

/// Mutual TLS: only a client certificate from the client CA gets in.
#[test]
fn mutual_tls() {
    let pki = Pki::new();
    let client_ca = Ca::new("users client CA");
    let (_server, addr) = tls_server(Some(pki.server_tls(Some(client_ca.pem()))));
    let good = client_ca.issue(&["client.users.test"], false);
    stream(&addr, pki.client(&pki.ca, Some(good.clone()))).unwrap();

    assert_refused(
        stream(&addr, pki.client(&pki.ca, None)),
        "no client certificate",
    );
    let stranger = pki.other_ca.issue(&["client.users.test"], false);
    assert_refused(
        stream(&addr, pki.client(&pki.ca, Some(stranger))),
        "client certificate from another CA",
    );
    let expired = client_ca.issue(&["client.users.test"], true);
    assert_refused(
        stream(&addr, pki.client(&pki.ca, Some(expired))),
        "expired client certificate",
    );
    stream(&addr, pki.client(&pki.ca, Some(good))).unwrap();
}

/// An expired server certificate is refused by the client.
#[test]
fn expired_server_certificate() {
    let pki = Pki::new();
    let (cert_chain, private_key) = pki.ca.issue(&["users.test"], true);
    let (_server, addr) = tls_server(Some(TlsConfig {
        cert_chain,
        private_key: private_key.into(),
        client_ca: None,
    }));
    assert_refused(
        stream(&addr, pki.client(&pki.ca, None)),
        "expired server certificate",
    );
}

/// A TLS client to a plaintext port fails, and the port serves plaintext clients on.
#[test]
fn tls_client_to_plaintext_port() {
    let pki = Pki::new();
    let (_server, addr) = tls_server(None);
    assert_refused(
        stream(&addr, pki.client(&pki.ca, None)),
        "TLS client to a plaintext port",
    );
    stream(&addr, None).unwrap();
}

/// Unusable certificates stop the server from starting, with a reason.
#[test]
fn bad_server_certificates_are_refused() {
    let pki = Pki::new();
    let start = |tls: TlsConfig| {
        let config = ServerConfig {
            addr: "127.0.0.1:0".to_owned(),
            cq_count: 1,
            tls: Some(tls),
            ..Default::default()
        };
        UsersServer::start(&config)
            .err()
            .expect("the server refuses to start")
            .to_string()
    };
    let not_pem = start(TlsConfig {
        cert_chain: b"hello".to_vec(),
        ..pki.server_tls(None)
    });
    assert_eq!(
        not_pem,
        "cannot set up TLS: the certificate has no PEM block of type CERTIFICATE"
    );
    let nul = start(TlsConfig {
        private_key: b"-----BEGIN PRIVATE KEY-----\0".to_vec().into(),
        ..pki.server_tls(None)
    });
    assert_eq!(
        nul,
        "cannot set up TLS: the private key contains a NUL byte"
    );
    let (_, other_key) = pki.ca.issue(&["users.test"], false);
    let mismatch = start(TlsConfig {
        private_key: other_key.into(),
        ..pki.server_tls(None)
    });
    assert!(
        mismatch
            .starts_with("cannot listen on 127.0.0.1:0: the TLS certificate or key is unusable"),
        "{mismatch}"
    );
}
