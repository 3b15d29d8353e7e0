//! The binding of the standard gRPC health service, `grpc.health.v1.Health`.

use grpcio::{
    CallOption, Channel, Client, ClientSStreamReceiver, ClientUnaryReceiver, Marshaller, Method,
    MethodType, RpcContext, ServerStreamingSink, Service, ServiceBuilder, UnarySink,
};

pub use crate::proto::health::health_check_response::ServingStatus;
pub use crate::proto::health::{HealthCheckRequest, HealthCheckResponse};

/// The fully qualified name of the health service.
pub const SERVICE_NAME: &str = "grpc.health.v1.Health";

/// The generated descriptor of `grpc/health/v1/health.proto`, as gRPC publishes it.
pub fn file_descriptor() -> &'static protobuf::reflect::FileDescriptor {
    crate::proto::health::file_descriptor()
}

const REQUEST: Marshaller<HealthCheckRequest> = Marshaller {
    ser: grpcio::pb_ser,
    de: crate::limit::pb_de_limited,
};

const RESPONSE: Marshaller<HealthCheckResponse> = Marshaller {
    ser: grpcio::pb_ser,
    de: crate::limit::pb_de_limited,
};

/// The descriptor of the unary `Check` method.
pub const METHOD_CHECK: Method<HealthCheckRequest, HealthCheckResponse> = Method {
    ty: MethodType::Unary,
    name: "/grpc.health.v1.Health/Check",
    req_mar: REQUEST,
    resp_mar: RESPONSE,
};

/// The descriptor of the server-streaming `Watch` method.
pub const METHOD_WATCH: Method<HealthCheckRequest, HealthCheckResponse> = Method {
    ty: MethodType::ServerStreaming,
    name: "/grpc.health.v1.Health/Watch",
    req_mar: REQUEST,
    resp_mar: RESPONSE,
};

/// A typed client of the health service.
#[derive(Clone)]
pub struct HealthClient {
    client: Client,
}

impl HealthClient {
    /// Creates a client that issues its calls on `channel`.
    pub fn new(channel: Channel) -> Self {
        HealthClient {
            client: Client::new(channel),
        }
    }

    /// Asks once for the status of `service` (`""` for the whole server).
    pub fn check_async(
        &self,
        service: &str,
        opt: CallOption,
    ) -> grpcio::Result<ClientUnaryReceiver<HealthCheckResponse>> {
        self.client
            .unary_call_async(&METHOD_CHECK, &request(service), opt)
    }

    /// Streams the status of `service`: the current one at once, then every change.
    pub fn watch(
        &self,
        service: &str,
        opt: CallOption,
    ) -> grpcio::Result<ClientSStreamReceiver<HealthCheckResponse>> {
        self.client
            .server_streaming(&METHOD_WATCH, &request(service), opt)
    }
}

/// The request that asks about `service`.
fn request(service: &str) -> HealthCheckRequest {
    HealthCheckRequest {
        service: service.to_owned(),
        ..Default::default()
    }
}

/// The server side of the health service.
pub trait Health {
    /// Answers one `Check` call.
    fn check(
        &mut self,
        ctx: RpcContext<'_>,
        req: HealthCheckRequest,
        sink: UnarySink<HealthCheckResponse>,
    );

    /// Serves one `Watch` stream.
    fn watch(
        &mut self,
        ctx: RpcContext<'_>,
        req: HealthCheckRequest,
        sink: ServerStreamingSink<HealthCheckResponse>,
    );
}

/// Builds the grpcio `Service` that routes health calls to `service`.
pub fn create_health<S: Health + Send + Clone + 'static>(service: S) -> Service {
    let mut check = service.clone();
    let mut watch = service;
    ServiceBuilder::new()
        .add_unary_handler(&METHOD_CHECK, move |ctx, req, sink| {
            check.check(ctx, req, sink)
        })
        .add_server_streaming_handler(&METHOD_WATCH, move |ctx, req, sink| {
            watch.watch(ctx, req, sink)
        })
        .build()
}
