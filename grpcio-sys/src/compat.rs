//! Declarations in gRPC 1.56's shape for functions whose 1.85 signature grpcio 0.13 cannot
//! call, backed by `compat.cc`.

use crate::{grpc_call_credentials, grpc_channel_credentials};

extern "C" {
    /// Channel credentials for Google services: `call_credentials`, or the Application
    /// Default Credentials when null, over TLS (1.56's one-argument form of this function).
    #[link_name = "grpcwrap_google_default_credentials_create"]
    pub fn grpc_google_default_credentials_create(
        call_credentials: *mut grpc_call_credentials,
    ) -> *mut grpc_channel_credentials;
}
