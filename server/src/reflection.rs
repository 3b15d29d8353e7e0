//! gRPC server reflection: lets generic clients list the services and fetch their schemas.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;

use futures::future::BoxFuture;
use futures::{SinkExt, TryStreamExt};
use grpcio::{Error, RpcContext, RpcStatus, RpcStatusCode, WriteFlags};
use log::debug;
use protobuf::reflect::{EnumDescriptor, FileDescriptor, MessageDescriptor};
use protobuf::Message;
use users_grpc::reflection::{
    ErrorResponse, ExtensionNumberResponse, FileDescriptorResponse, ListServiceResponse,
    MessageRequest, MessageResponse, ReflectionRequests, ReflectionResponses, ServerReflection,
    ServerReflectionRequest, ServerReflectionResponse, ServiceResponse,
};

use crate::calls::{code_of, message_bytes};
use crate::stats::Stats;

/// The schemas the server publishes: services, files, and where each symbol is declared.
#[derive(Debug, Default)]
pub struct DescriptorSet {
    services: Vec<String>,
    /// Each file's serialized `FileDescriptorProto` and the files it imports.
    files: HashMap<String, (Vec<u8>, Vec<String>)>,
    /// Fully qualified symbol (no leading dot) to the file that declares it.
    symbols: HashMap<String, String>,
    /// Fully qualified names of message types, which extension queries may name.
    messages: HashSet<String>,
}

impl DescriptorSet {
    /// Publishes `files` (with every file they import) and lists `services` as served.
    pub fn new(services: &[&str], files: &[&FileDescriptor]) -> Self {
        let mut set = DescriptorSet {
            services: services.iter().map(|s| (*s).to_owned()).collect(),
            ..Default::default()
        };
        let mut queue: VecDeque<FileDescriptor> = files.iter().map(|f| (*f).clone()).collect();
        while let Some(file) = queue.pop_front() {
            let name = file.proto().name().to_owned();
            if set.files.contains_key(&name) {
                continue;
            }
            queue.extend(file.deps().iter().cloned());
            set.add_symbols(&file);
            let bytes = file
                .proto()
                .write_to_bytes()
                .expect("a generated file descriptor always serializes");
            set.files
                .insert(name, (bytes, file.proto().dependency.clone()));
        }
        set
    }

    fn add_symbols(&mut self, file: &FileDescriptor) {
        let name = file.proto().name().to_owned();
        let mut symbols = Vec::new();
        let mut messages: Vec<MessageDescriptor> = file.messages().collect();
        let mut enums: Vec<EnumDescriptor> = file.enums().collect();
        while let Some(message) = messages.pop() {
            let full_name = message.full_name().to_owned();
            for field in message.fields() {
                symbols.push(format!("{full_name}.{}", field.name()));
            }
            for oneof in message.oneofs() {
                symbols.push(format!("{full_name}.{}", oneof.name()));
            }
            messages.extend(message.nested_messages());
            enums.extend(message.nested_enums());
            self.messages.insert(full_name.clone());
            symbols.push(full_name);
        }
        for enumeration in enums {
            // Enum values are scoped beside their enum, not inside it.
            let scope = enumeration
                .full_name()
                .rsplit_once('.')
                .map_or(String::new(), |(scope, _)| format!("{scope}."));
            for value in enumeration.values() {
                symbols.push(format!("{scope}{}", value.name()));
            }
            symbols.push(enumeration.full_name().to_owned());
        }
        let package = file.package();
        for service in file.services() {
            let service_name = match package {
                "" => service.proto().name().to_owned(),
                p => format!("{p}.{}", service.proto().name()),
            };
            for method in service.methods() {
                symbols.push(format!("{service_name}.{}", method.proto().name()));
            }
            symbols.push(service_name);
        }
        for symbol in symbols {
            self.symbols.insert(symbol, name.clone());
        }
    }

    /// The file and, the first time on a stream, every file it imports (as grpc-go sends them).
    fn file_with_imports(&self, name: &str, sent: &mut HashSet<String>) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        let mut queue = VecDeque::from([name.to_owned()]);
        while let Some(current) = queue.pop_front() {
            let Some((bytes, deps)) = self.files.get(&current) else {
                continue;
            };
            if out.is_empty() || !sent.contains(&current) {
                sent.insert(current.clone());
                out.push(bytes.clone());
                queue.extend(deps.iter().cloned());
            }
        }
        out
    }

    /// The response to one reflection request on a stream; `sent` remembers the files that
    /// stream has been sent.
    pub fn respond(
        &self,
        request: ServerReflectionRequest,
        sent: &mut HashSet<String>,
    ) -> ServerReflectionResponse {
        let message_response = match &request.message_request {
            Some(what) => self.answer(what, sent),
            None => error(
                RpcStatusCode::INVALID_ARGUMENT,
                "the request names nothing to look up".to_owned(),
            ),
        };
        ServerReflectionResponse {
            valid_host: request.host.clone(),
            original_request: Some(request).into(),
            message_response: Some(message_response),
            ..Default::default()
        }
    }

    /// The answer to one reflection request; `sent` remembers the files sent on this stream.
    fn answer(&self, request: &MessageRequest, sent: &mut HashSet<String>) -> MessageResponse {
        let not_found = |message: String| error(RpcStatusCode::NOT_FOUND, message);
        let files = |set: &Self, file: &str, sent: &mut HashSet<String>| {
            MessageResponse::FileDescriptorResponse(FileDescriptorResponse {
                file_descriptor_proto: set.file_with_imports(file, sent),
                ..Default::default()
            })
        };
        match request {
            MessageRequest::ListServices(_) => {
                MessageResponse::ListServicesResponse(ListServiceResponse {
                    service: self
                        .services
                        .iter()
                        .map(|name| ServiceResponse {
                            name: name.clone(),
                            ..Default::default()
                        })
                        .collect(),
                    ..Default::default()
                })
            }
            MessageRequest::FileByFilename(name) => match self.files.contains_key(name) {
                true => files(self, name, sent),
                false => not_found(format!("unknown file: {name:?}")),
            },
            MessageRequest::FileContainingSymbol(symbol) => {
                let symbol = symbol.strip_prefix('.').unwrap_or(symbol);
                match self.symbols.get(symbol) {
                    Some(file) => files(self, file, sent),
                    None => not_found(format!("unknown symbol: {symbol:?}")),
                }
            }
            MessageRequest::FileContainingExtension(ext) => not_found(format!(
                "no extension {} of {:?}: the published files declare no extensions",
                ext.extension_number, ext.containing_type
            )),
            MessageRequest::AllExtensionNumbersOfType(name) => {
                let name = name.strip_prefix('.').unwrap_or(name);
                match self.messages.contains(name) {
                    true => MessageResponse::AllExtensionNumbersResponse(ExtensionNumberResponse {
                        base_type_name: name.to_owned(),
                        extension_number: Vec::new(),
                        ..Default::default()
                    }),
                    false => not_found(format!("unknown message type: {name:?}")),
                }
            }
            // A request type newer than this server: `MessageRequest` is non-exhaustive.
            #[allow(unreachable_patterns)]
            _ => error(
                RpcStatusCode::UNIMPLEMENTED,
                "this kind of reflection request is not supported".to_owned(),
            ),
        }
    }
}

fn error(code: RpcStatusCode, message: String) -> MessageResponse {
    MessageResponse::ErrorResponse(ErrorResponse {
        error_code: code.into(),
        error_message: message,
        ..Default::default()
    })
}

/// The reflection service over a [`DescriptorSet`]; register it once per protocol version.
#[derive(Clone)]
pub struct ReflectionService {
    descriptors: Arc<DescriptorSet>,
    /// Where its calls are counted (gRFC A66).
    stats: Arc<Stats>,
}

impl ReflectionService {
    /// Serves `descriptors`, counting its calls in `stats`.
    pub fn new(descriptors: Arc<DescriptorSet>, stats: Arc<Stats>) -> Self {
        ReflectionService { descriptors, stats }
    }
}

impl ServerReflection for ReflectionService {
    fn server_reflection_info(
        &mut self,
        ctx: &RpcContext<'_>,
        mut requests: ReflectionRequests,
        mut sink: ReflectionResponses,
    ) -> BoxFuture<'static, ()> {
        let descriptors = Arc::clone(&self.descriptors);
        let peer = ctx.peer();
        let mut call = self.stats.call_started(ctx);
        Box::pin(async move {
            let mut sent = HashSet::new();
            let result = async {
                while let Some(request) = requests.try_next().await? {
                    call.received(message_bytes(&request));
                    let response = descriptors.respond(request, &mut sent);
                    let bytes = message_bytes(&response);
                    sink.send((response, WriteFlags::default())).await?;
                    call.sent(bytes);
                }
                sink.close().await
            }
            .await;
            let code = match result {
                Ok(()) => RpcStatusCode::OK,
                Err(Error::Codec(e)) => {
                    let status = RpcStatus::with_message(
                        RpcStatusCode::INTERNAL,
                        format!("grpc: failed to unmarshal the received message: {e}"),
                    );
                    let _ = sink.fail(status).await;
                    RpcStatusCode::INTERNAL
                }
                Err(e) => {
                    if !matches!(e, Error::RemoteStopped) {
                        debug!("reflection stream from {peer} ended: {e}");
                    }
                    code_of(&e)
                }
            };
            call.end(code);
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn users_set() -> DescriptorSet {
        DescriptorSet::new(
            &[users_grpc::SERVICE_NAME],
            &[users_grpc::file_descriptor()],
        )
    }

    /// Services, methods, messages and fields all lead to the file that declares them.
    #[test]
    fn symbols_resolve_to_their_file() {
        let set = users_set();
        for symbol in [
            "users.Users",
            "users.Users.CreateUser",
            "users.User",
            "users.User.last_name",
            "users.CreateUserRes",
        ] {
            assert_eq!(
                set.symbols.get(symbol).map(String::as_str),
                Some("users.proto")
            );
        }
        assert!(!set.symbols.contains_key("users.Nope"));
    }

    /// Enum values are found in the scope of their enum's parent, as protoc scopes them.
    #[test]
    fn enum_values_are_scoped_beside_their_enum() {
        let set = DescriptorSet::new(&[], &[users_grpc::health::file_descriptor()]);
        let file = Some("grpc/health/v1/health.proto");
        let lookup = |s: &str| set.symbols.get(s).map(String::as_str);
        assert_eq!(
            lookup("grpc.health.v1.HealthCheckResponse.ServingStatus"),
            file
        );
        assert_eq!(lookup("grpc.health.v1.HealthCheckResponse.SERVING"), file);
        assert_eq!(lookup("grpc.health.v1.Health.Watch"), file);
    }

    /// A file's imports are sent once per stream; the file asked for is always sent.
    #[test]
    fn imports_are_sent_once_per_stream() {
        // type.proto imports any.proto and source_context.proto.
        let type_proto = protobuf::well_known_types::type_::file_descriptor();
        let set = DescriptorSet::new(&[], &[type_proto]);
        assert_eq!(set.files.len(), 3);
        let mut sent = HashSet::new();
        let name = "google/protobuf/type.proto";
        assert_eq!(set.file_with_imports(name, &mut sent).len(), 3);
        assert_eq!(set.file_with_imports(name, &mut sent).len(), 1);
        assert_eq!(
            set.file_with_imports("google/protobuf/any.proto", &mut sent)
                .len(),
            1
        );
        assert!(set.file_with_imports("missing.proto", &mut sent).is_empty());
        let mut fresh = HashSet::new();
        assert_eq!(
            set.file_with_imports("google/protobuf/any.proto", &mut fresh)
                .len(),
            1
        );
    }
}
