//! The binding of gRPC server reflection, `grpc.reflection.v1` and its older twin `v1alpha`.
//!
//! Both versions share one wire format (the same messages and field numbers under two package
//! names), so one set of generated messages serves both; only the method path differs.

use futures::future::BoxFuture;
use grpcio::{
    CallOption, Channel, Client, ClientDuplexReceiver, ClientDuplexSender, Marshaller, Method,
    MethodType, RpcContext, Service, ServiceBuilder,
};

pub use crate::proto_reflection_v1::reflection::{
    server_reflection_request::Message_request as MessageRequest,
    server_reflection_response::Message_response as MessageResponse, ErrorResponse,
    ExtensionNumberResponse, ExtensionRequest, FileDescriptorResponse, ListServiceResponse,
    ServerReflectionRequest, ServerReflectionResponse, ServiceResponse,
};

/// A version of the reflection protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// `grpc.reflection.v1`, asked for by current tools.
    V1,
    /// `grpc.reflection.v1alpha`, all that older tools (and grpc-go before 1.57) know.
    V1Alpha,
}

impl Version {
    /// Both versions, newest first.
    pub const ALL: [Version; 2] = [Version::V1, Version::V1Alpha];

    /// The fully qualified name of this version's service.
    pub fn service_name(self) -> &'static str {
        match self {
            Version::V1 => "grpc.reflection.v1.ServerReflection",
            Version::V1Alpha => "grpc.reflection.v1alpha.ServerReflection",
        }
    }

    /// The descriptor of this version's `ServerReflectionInfo` method.
    pub fn method(self) -> &'static Method<ServerReflectionRequest, ServerReflectionResponse> {
        match self {
            Version::V1 => &METHOD_V1,
            Version::V1Alpha => &METHOD_V1ALPHA,
        }
    }

    /// The generated descriptor of this version's `reflection.proto`.
    pub fn file_descriptor(self) -> &'static protobuf::reflect::FileDescriptor {
        match self {
            Version::V1 => crate::proto_reflection_v1::reflection::file_descriptor(),
            Version::V1Alpha => crate::proto_reflection_v1alpha::reflection::file_descriptor(),
        }
    }
}

const MARSHALLERS: (
    Marshaller<ServerReflectionRequest>,
    Marshaller<ServerReflectionResponse>,
) = (
    Marshaller {
        ser: grpcio::pb_ser,
        de: crate::limit::pb_de_limited,
    },
    Marshaller {
        ser: grpcio::pb_ser,
        de: crate::limit::pb_de_limited,
    },
);

const METHOD_V1: Method<ServerReflectionRequest, ServerReflectionResponse> = Method {
    ty: MethodType::Duplex,
    name: "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
    req_mar: MARSHALLERS.0,
    resp_mar: MARSHALLERS.1,
};

const METHOD_V1ALPHA: Method<ServerReflectionRequest, ServerReflectionResponse> = Method {
    ty: MethodType::Duplex,
    name: "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
    req_mar: MARSHALLERS.0,
    resp_mar: MARSHALLERS.1,
};

/// A typed client of one version of the reflection service.
#[derive(Clone)]
pub struct ServerReflectionClient {
    client: Client,
    version: Version,
}

impl ServerReflectionClient {
    /// Creates a client that speaks `version` on `channel`.
    pub fn new(channel: Channel, version: Version) -> Self {
        ServerReflectionClient {
            client: Client::new(channel),
            version,
        }
    }

    /// Opens a `ServerReflectionInfo` stream.
    #[allow(clippy::type_complexity)]
    pub fn server_reflection_info_opt(
        &self,
        opt: CallOption,
    ) -> grpcio::Result<(
        ClientDuplexSender<ServerReflectionRequest>,
        ClientDuplexReceiver<ServerReflectionResponse>,
    )> {
        self.client.duplex_streaming(self.version.method(), opt)
    }

    /// The underlying grpcio client, for spawning futures on its completion queue.
    pub fn inner(&self) -> &Client {
        &self.client
    }
}

/// The requests of a reflection stream, as its handler reads them.
pub type ReflectionRequests =
    crate::guard::Requests<ServerReflectionRequest, ServerReflectionResponse>;

/// The response sink of a reflection stream.
pub type ReflectionResponses =
    crate::guard::Responses<ServerReflectionRequest, ServerReflectionResponse>;

/// The server side of the reflection service.
pub trait ServerReflection {
    /// Returns the future that serves one `ServerReflectionInfo` stream, answering each
    /// request on `sink` in order; it runs under the same panic guard as `CreateUser`.
    fn server_reflection_info(
        &mut self,
        ctx: &RpcContext<'_>,
        requests: ReflectionRequests,
        sink: ReflectionResponses,
    ) -> BoxFuture<'static, ()>;
}

/// Builds the grpcio `Service` that routes `version`'s reflection calls to `service`.
pub fn create_server_reflection<S: ServerReflection + Send + Clone + 'static>(
    service: S,
    version: Version,
) -> Service {
    let mut service = service;
    ServiceBuilder::new()
        .add_duplex_streaming_handler(version.method(), move |ctx, requests, sink| {
            crate::guard::serve(ctx, requests, sink, |ctx, requests, sink| {
                service.server_reflection_info(ctx, requests, sink)
            })
        })
        .build()
}
