//! The channel to the server: compression, TLS and round-robin over every address.

use std::path::Path;
use std::sync::Arc;

use grpcio::{Channel, ChannelBuilder, ChannelCredentialsBuilder, EnvBuilder, LbPolicy};
use secrecy::{ExposeSecret, SecretSlice};
use users_grpc::UsersClient;
use users_transport::{check_pem, read_file, Compression};

use crate::ClientError;

/// How the client's channel is set up.
#[derive(Clone, Debug, Default)]
pub struct ConnectOptions {
    /// How requests are compressed; compressed responses are always accepted.
    pub compression: Compression,
    /// TLS to the server; plaintext when `None`.
    pub tls: Option<ClientTls>,
}

/// How the client checks the server, and proves who it is.
#[derive(Clone, Debug, Default)]
pub struct ClientTls {
    /// CAs the server's certificate must chain to (PEM) [default: the system's roots].
    pub ca: Option<Vec<u8>>,
    /// The client's own certificate chain (PEM) and its private key (PEM, kept out of logs),
    /// for servers that ask.
    pub identity: Option<(Vec<u8>, SecretSlice<u8>)>,
    /// The name the server's certificate must carry, when not the host dialled.
    pub server_name: Option<String>,
}

impl ClientTls {
    /// The TLS the `--tls*` flags ask for: plaintext (`None`) unless `forced` or one of them is
    /// given, else [`ClientTls::from_files`].
    pub fn from_flags(
        forced: bool,
        ca: Option<&Path>,
        identity: Option<(&Path, &Path)>,
        server_name: Option<&str>,
    ) -> Result<Option<ClientTls>, ClientError> {
        if !forced && ca.is_none() && identity.is_none() && server_name.is_none() {
            return Ok(None);
        }
        ClientTls::from_files(ca, identity, server_name.map(str::to_owned)).map(Some)
    }

    /// Reads the CA and the client's certificate and key from PEM files, each checked, with
    /// errors that name the flag (`--tls-ca`...) and the file.
    pub fn from_files(
        ca: Option<&Path>,
        identity: Option<(&Path, &Path)>,
        server_name: Option<String>,
    ) -> Result<ClientTls, ClientError> {
        let ca = ca
            .map(|path| read_pem("--tls-ca", path, "CERTIFICATE"))
            .transpose()?;
        let identity = match identity {
            Some((cert, key)) => Some((
                read_pem("--tls-cert", cert, "CERTIFICATE")?,
                read_pem("--tls-key", key, "PRIVATE KEY")?.into(),
            )),
            None => None,
        };
        Ok(ClientTls {
            ca,
            identity,
            server_name,
        })
    }
}

impl ClientTls {
    /// Makes `builder`'s channel speak TLS as this says.
    pub fn configure(&self, builder: ChannelBuilder) -> ChannelBuilder {
        let mut credentials = ChannelCredentialsBuilder::new();
        if let Some(ca) = &self.ca {
            credentials = credentials.root_cert(ca.clone());
        }
        if let Some((cert, key)) = &self.identity {
            credentials = credentials.cert(cert.clone(), key.expose_secret().to_vec());
        }
        let builder = builder.set_credentials(credentials.build());
        match &self.server_name {
            Some(name) => builder.override_ssl_target(name.clone()),
            None => builder,
        }
    }
}

/// Reads the PEM file of `flag`, refusing what holds no `kind` block.
fn read_pem(flag: &str, path: &Path, kind: &str) -> Result<Vec<u8>, ClientError> {
    let pem = read_file(flag, path)?;
    check_pem(&pem, kind).map_err(|reason| ClientError::Tls(format!("{flag} {reason}")))?;
    Ok(pem)
}

/// Connects to `target` (see [`target`](crate::target())) with default options.
pub fn connect(target: &str) -> UsersClient {
    connect_with(target, &ConnectOptions::default())
}

/// Connects to `target` (see [`target`](crate::target())).
///
/// Calls are spread round-robin over every address the target resolves to, by the C core's
/// `round_robin` load-balancing policy: each new stream goes to the next server.
pub fn connect_with(target: &str, options: &ConnectOptions) -> UsersClient {
    UsersClient::new(channel(target, options))
}

/// The channel [`connect_with`] uses, for clients of the server's other services.
pub fn channel(target: &str, options: &ConnectOptions) -> Channel {
    // One completion queue is plenty for a client that runs one stream at a time.
    let env = Arc::new(
        EnvBuilder::new()
            .cq_count(1)
            .name_prefix("users-client")
            .build(),
    );
    let mut builder = ChannelBuilder::new(env).load_balancing_policy(LbPolicy::RoundRobin);
    builder = options.compression.configure(builder);
    if let Some(tls) = &options.tls {
        builder = tls.configure(builder);
    }
    builder.connect(target)
}
