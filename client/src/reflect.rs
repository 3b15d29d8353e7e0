//! A server reflection client: lists a server's services and describes its schema, with no
//! `.proto` file at hand.

use std::collections::HashSet;
use std::fmt::Write as _;

use futures::{SinkExt, TryStreamExt};
use grpcio::{CallOption, Channel, RpcStatusCode, WriteFlags};
use protobuf::descriptor::field_descriptor_proto::{Label, Type};
use protobuf::descriptor::{FieldDescriptorProto, FileDescriptorProto};
use protobuf::reflect::{EnumDescriptor, FileDescriptor, MessageDescriptor};
use protobuf::Message;
use users_grpc::reflection::{
    MessageRequest, MessageResponse, ServerReflectionClient, ServerReflectionRequest,
    ServerReflectionResponse, Version,
};

use crate::{classify, CallOptions, ClientError};

/// Asks one reflection question, in `grpc.reflection.v1` or, if the server does not know
/// it, in `v1alpha` (all that older servers such as grpc-go before 1.57 speak).
fn ask(
    channel: &Channel,
    addr: &str,
    request: MessageRequest,
    options: &CallOptions,
) -> Result<MessageResponse, ClientError> {
    let mut last = None;
    for version in Version::ALL {
        let client = ServerReflectionClient::new(channel.clone(), version);
        let request = ServerReflectionRequest {
            message_request: Some(request.clone()),
            ..Default::default()
        };
        let call = options.call_option();
        match futures::executor::block_on(ask_once(&client, request, call)) {
            Ok(Some(response)) => {
                return match response.message_response {
                    Some(MessageResponse::ErrorResponse(e)) => Err(ClientError::Reflection {
                        code: RpcStatusCode::from(e.error_code),
                        message: e.error_message,
                    }),
                    Some(answer) => Ok(answer),
                    None => Err(ClientError::BadReflectionAnswer(
                        "the reflection answer is empty".to_owned(),
                    )),
                }
            }
            Ok(None) => {
                return Err(ClientError::BadReflectionAnswer(
                    "the server ended the reflection stream without an answer".to_owned(),
                ))
            }
            Err(e) => match classify(e, addr, options.timeout) {
                ClientError::Status {
                    code: RpcStatusCode::UNIMPLEMENTED,
                    ..
                } => {
                    last = Some(ClientError::Reflection {
                        code: RpcStatusCode::UNIMPLEMENTED,
                        message: "the server offers no reflection service".to_owned(),
                    })
                }
                other => return Err(other),
            },
        }
    }
    Err(last.expect("every version was tried"))
}

async fn ask_once(
    client: &ServerReflectionClient,
    request: ServerReflectionRequest,
    call: CallOption,
) -> grpcio::Result<Option<ServerReflectionResponse>> {
    let (mut tx, mut rx) = client.server_reflection_info_opt(call)?;
    tx.send((request, WriteFlags::default())).await?;
    tx.close().await?;
    let answer = rx.try_next().await?;
    // Reading on to the end collects the call's status.
    while rx.try_next().await?.is_some() {}
    Ok(answer)
}

/// The names of the services the server at `addr` offers, sorted.
pub fn list_services(
    channel: &Channel,
    addr: &str,
    options: &CallOptions,
) -> Result<Vec<String>, ClientError> {
    match ask(
        channel,
        addr,
        MessageRequest::ListServices(String::new()),
        options,
    )? {
        MessageResponse::ListServicesResponse(list) => {
            let mut names: Vec<String> = list.service.into_iter().map(|s| s.name).collect();
            names.sort();
            Ok(names)
        }
        other => Err(unexpected(&other)),
    }
}

/// The declaration of `symbol` (a service, method, message or enum), in `.proto` syntax,
/// fetched from the server's reflection service.
pub fn describe(
    channel: &Channel,
    addr: &str,
    symbol: &str,
    options: &CallOptions,
) -> Result<String, ClientError> {
    let symbol = symbol.strip_prefix('.').unwrap_or(symbol);
    let answer = ask(
        channel,
        addr,
        MessageRequest::FileContainingSymbol(symbol.to_owned()),
        options,
    )?;
    let MessageResponse::FileDescriptorResponse(files) = answer else {
        return Err(unexpected(&answer));
    };
    let mut protos = Vec::new();
    let mut seen = HashSet::new();
    for bytes in &files.file_descriptor_proto {
        let proto = FileDescriptorProto::parse_from_bytes(bytes).map_err(|source| {
            ClientError::BadDescriptor {
                what: "the server sent a bad descriptor",
                source,
            }
        })?;
        if seen.insert(proto.name().to_owned()) {
            protos.push(proto);
        }
    }
    let files = FileDescriptor::new_dynamic_fds(protos, &[]).map_err(|source| {
        ClientError::BadDescriptor {
            what: "the server's descriptors do not fit together",
            source,
        }
    })?;
    files
        .iter()
        .find_map(|file| declaration(file, symbol))
        .ok_or_else(|| ClientError::Reflection {
            code: RpcStatusCode::NOT_FOUND,
            message: format!("the file sent for {symbol:?} does not declare it"),
        })
}

fn unexpected(answer: &MessageResponse) -> ClientError {
    ClientError::BadReflectionAnswer(format!("unexpected reflection answer: {answer:?}"))
}

/// `symbol`'s declaration if `file` declares it.
fn declaration(file: &FileDescriptor, symbol: &str) -> Option<String> {
    let package = file.package();
    let qualify = |name: &str| match package {
        "" => name.to_owned(),
        p => format!("{p}.{name}"),
    };
    for service in file.services() {
        let service_name = qualify(service.proto().name());
        let rpc = |m: &protobuf::reflect::MethodDescriptor| {
            let p = m.proto();
            let stream = |yes: bool| if yes { "stream " } else { "" };
            format!(
                "rpc {}({}{}) returns ({}{});",
                p.name(),
                stream(p.client_streaming()),
                p.input_type().trim_start_matches('.'),
                stream(p.server_streaming()),
                p.output_type().trim_start_matches('.'),
            )
        };
        if service_name == symbol {
            let mut out = format!("service {service_name} {{\n");
            for method in service.methods() {
                let _ = writeln!(out, "  {}", rpc(&method));
            }
            out.push('}');
            return Some(out);
        }
        for method in service.methods() {
            if format!("{service_name}.{}", method.proto().name()) == symbol {
                return Some(rpc(&method));
            }
        }
    }
    let mut messages: Vec<MessageDescriptor> = file.messages().collect();
    let mut enums: Vec<EnumDescriptor> = file.enums().collect();
    while let Some(message) = messages.pop() {
        if message.full_name() == symbol {
            let mut out = format!("message {symbol} {{\n");
            for field in message.proto().field.iter() {
                let _ = writeln!(out, "  {}", field_line(field));
            }
            out.push('}');
            return Some(out);
        }
        messages.extend(message.nested_messages());
        enums.extend(message.nested_enums());
    }
    enums
        .into_iter()
        .find(|e| e.full_name() == symbol)
        .map(|e| {
            let mut out = format!("enum {symbol} {{\n");
            for value in e.values() {
                let _ = writeln!(out, "  {} = {};", value.name(), value.value());
            }
            out.push('}');
            out
        })
}

/// One field in `.proto` syntax, e.g. `repeated string errors = 3;`.
fn field_line(field: &FieldDescriptorProto) -> String {
    let repeated = if field.label() == Label::LABEL_REPEATED {
        "repeated "
    } else {
        ""
    };
    let kind = match field.type_() {
        Type::TYPE_MESSAGE | Type::TYPE_ENUM | Type::TYPE_GROUP => {
            field.type_name().trim_start_matches('.').to_owned()
        }
        scalar => format!("{scalar:?}")
            .trim_start_matches("TYPE_")
            .to_ascii_lowercase(),
    };
    format!("{repeated}{kind} {} = {};", field.name(), field.number())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The users contract is printed as it is written in users.proto.
    #[test]
    fn declarations_read_like_the_proto() {
        let file = users_grpc::file_descriptor();
        assert_eq!(
            declaration(file, "users.Users").unwrap(),
            "service users.Users {\n  rpc CreateUser(stream users.User) returns \
             (stream users.CreateUserRes);\n}"
        );
        assert_eq!(
            declaration(file, "users.CreateUserRes").unwrap(),
            "message users.CreateUserRes {\n  string user_id = 1;\n  bool success = 2;\n  \
             repeated string errors = 3;\n}"
        );
        assert!(declaration(file, "users.Missing").is_none());
    }

    /// Nested enums are found and list their values.
    #[test]
    fn nested_enums_are_described() {
        let text = declaration(
            users_grpc::health::file_descriptor(),
            "grpc.health.v1.HealthCheckResponse.ServingStatus",
        )
        .unwrap();
        assert!(text.contains("  NOT_SERVING = 2;\n"), "{text}");
    }
}
