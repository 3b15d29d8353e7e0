//! The server's TLS identity and the client CA of mTLS, checked before the C core sees them.

use grpcio::{CertificateRequestType, ServerCredentials, ServerCredentialsBuilder};
use secrecy::{ExposeSecret, SecretSlice};

use crate::ServerError;

/// The server's TLS identity, and the authority its clients' certificates must come from.
#[derive(Clone, Debug)]
pub struct TlsConfig {
    /// The certificate chain, PEM, the server's own certificate first.
    pub cert_chain: Vec<u8>,
    /// The private key of that certificate, PEM (kept out of logs and panics).
    pub private_key: SecretSlice<u8>,
    /// When set, clients must present a certificate signed by one of these CAs (PEM): mTLS.
    pub client_ca: Option<Vec<u8>>,
}

/// The C core's TLS credentials for `tls`, after checking that each part is PEM.
pub(crate) fn server_credentials(tls: &TlsConfig) -> Result<ServerCredentials, ServerError> {
    check_pem("certificate", &tls.cert_chain, "CERTIFICATE")?;
    let key = tls.private_key.expose_secret();
    check_pem("private key", key, "PRIVATE KEY")?;
    let mut builder =
        ServerCredentialsBuilder::new().add_cert(tls.cert_chain.clone(), key.to_vec());
    if let Some(ca) = &tls.client_ca {
        check_pem("client CA", ca, "CERTIFICATE")?;
        builder = builder.root_cert(
            ca.clone(),
            CertificateRequestType::RequestAndRequireClientCertificateAndVerify,
        );
    }
    Ok(builder.build())
}

/// Refuses what is not PEM holding a `kind` block, naming `what` it is.
fn check_pem(what: &str, pem: &[u8], kind: &str) -> Result<(), ServerError> {
    users_transport::check_pem(pem, kind)
        .map_err(|reason| ServerError::Tls(format!("the {what} {reason}")))
}
