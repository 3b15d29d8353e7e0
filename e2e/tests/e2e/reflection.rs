//! Server reflection over the wire, in both protocol versions: services are listed, schemas
//! fetched by file and by symbol, unknown names answered NOT_FOUND without ending the stream.

use users_e2e as common;

use std::time::Duration;

use futures::{SinkExt, TryStreamExt};
use grpcio::{CallOption, ChannelBuilder, EnvBuilder, WriteFlags};
use protobuf::descriptor::FileDescriptorProto;
use protobuf::Message;
use users_grpc::reflection::{
    ExtensionRequest, MessageRequest, MessageResponse, ServerReflectionClient,
    ServerReflectionRequest, ServerReflectionResponse, Version,
};

/// Sends `requests` on one reflection stream of `version` and returns the answers.
fn ask_all(
    addr: &str,
    version: Version,
    requests: Vec<MessageRequest>,
) -> Vec<ServerReflectionResponse> {
    let env = std::sync::Arc::new(EnvBuilder::new().cq_count(1).build());
    let client = ServerReflectionClient::new(ChannelBuilder::new(env).connect(addr), version);
    let opt = CallOption::default().timeout(Duration::from_secs(30));
    let (mut tx, rx) = client.server_reflection_info_opt(opt).unwrap();
    futures::executor::block_on(async move {
        for what in requests {
            let request = ServerReflectionRequest {
                host: "users.example".to_owned(),
                message_request: Some(what),
                ..Default::default()
            };
            tx.send((request, WriteFlags::default())).await.unwrap();
        }
        tx.close().await.unwrap();
        rx.try_collect().await.unwrap()
    })
}

fn services(response: &ServerReflectionResponse) -> Vec<String> {
    match &response.message_response {
        Some(MessageResponse::ListServicesResponse(list)) => {
            let mut names: Vec<String> = list.service.iter().map(|s| s.name.clone()).collect();
            names.sort();
            names
        }
        other => panic!("expected a service list, got {other:?}"),
    }
}

fn files(response: &ServerReflectionResponse) -> Vec<FileDescriptorProto> {
    match &response.message_response {
        Some(MessageResponse::FileDescriptorResponse(files)) => files
            .file_descriptor_proto
            .iter()
            .map(|bytes| FileDescriptorProto::parse_from_bytes(bytes).unwrap())
            .collect(),
        other => panic!("expected file descriptors, got {other:?}"),
    }
}

fn error_code(response: &ServerReflectionResponse) -> i32 {
    match &response.message_response {
        Some(MessageResponse::ErrorResponse(e)) => e.error_code,
        other => panic!("expected an error, got {other:?}"),
    }
}

/// Both versions list the same four services and echo the host and the request.
#[test]
fn both_versions_list_every_service() {
    let pair = common::start_pair();
    for version in Version::ALL {
        let answers = ask_all(
            &pair.addr,
            version,
            vec![MessageRequest::ListServices(String::new())],
        );
        assert_eq!(answers.len(), 1);
        assert_eq!(
            services(&answers[0]),
            [
                "grpc.health.v1.Health",
                "grpc.reflection.v1.ServerReflection",
                "grpc.reflection.v1alpha.ServerReflection",
                "users.Users",
            ]
        );
        assert_eq!(answers[0].valid_host, "users.example");
        assert_eq!(
            answers[0].original_request.message_request,
            Some(MessageRequest::ListServices(String::new()))
        );
    }
}

/// The users schema comes back byte for byte as the contract crate embeds it, by file name
/// and by any symbol it declares; every registered service's file can be fetched.
#[test]
fn schemas_by_file_and_by_symbol() {
    let pair = common::start_pair();
    let answers = ask_all(
        &pair.addr,
        Version::V1,
        vec![
            MessageRequest::FileByFilename("users.proto".to_owned()),
            MessageRequest::FileContainingSymbol("users.Users.CreateUser".to_owned()),
            MessageRequest::FileContainingSymbol(".users.CreateUserRes".to_owned()),
            MessageRequest::FileContainingSymbol("users.User.last_name".to_owned()),
            MessageRequest::FileContainingSymbol("grpc.health.v1.Health".to_owned()),
            MessageRequest::FileContainingSymbol(
                "grpc.reflection.v1alpha.ServerReflection".to_owned(),
            ),
        ],
    );
    let users = users_grpc::file_descriptor().proto();
    for answer in &answers[..4] {
        assert_eq!(files(answer), std::slice::from_ref(users));
    }
    assert_eq!(files(&answers[4])[0].name(), "grpc/health/v1/health.proto");
    assert_eq!(
        files(&answers[5])[0].name(),
        "grpc/reflection/v1alpha/reflection.proto"
    );
}

/// Unknown names get NOT_FOUND in the stream, which goes on answering.
#[test]
fn unknown_names_are_not_found() {
    let pair = common::start_pair();
    let answers = ask_all(
        &pair.addr,
        Version::V1Alpha,
        vec![
            MessageRequest::FileContainingSymbol("users.Nope".to_owned()),
            MessageRequest::FileByFilename("nope.proto".to_owned()),
            MessageRequest::FileContainingExtension(ExtensionRequest {
                containing_type: "users.User".to_owned(),
                extension_number: 100,
                ..Default::default()
            }),
            MessageRequest::AllExtensionNumbersOfType("users.Nope".to_owned()),
            MessageRequest::AllExtensionNumbersOfType("users.User".to_owned()),
            MessageRequest::ListServices(String::new()),
        ],
    );
    assert_eq!(answers.len(), 6);
    for answer in &answers[..4] {
        assert_eq!(error_code(answer), 5, "{answer:?}");
    }
    match &answers[4].message_response {
        Some(MessageResponse::AllExtensionNumbersResponse(r)) => {
            assert_eq!(r.base_type_name, "users.User");
            assert!(r.extension_number.is_empty());
        }
        other => panic!("expected extension numbers, got {other:?}"),
    }
    assert_eq!(services(&answers[5]).len(), 4);
}

/// The project's own reflection client lists the services and describes the method.
#[test]
fn client_lists_and_describes() {
    let pair = common::start_pair();
    let channel = users_client::channel(&pair.addr, &Default::default());
    let timeout = &users_client::CallOptions {
        timeout: Some(Duration::from_secs(30)),
        token: None,
    };
    let services = users_client::reflect::list_services(&channel, &pair.addr, timeout).unwrap();
    assert!(services.contains(&"users.Users".to_owned()), "{services:?}");
    let method =
        users_client::reflect::describe(&channel, &pair.addr, "users.Users.CreateUser", timeout)
            .unwrap();
    assert_eq!(
        method,
        "rpc CreateUser(stream users.User) returns (stream users.CreateUserRes);"
    );
    let err = users_client::reflect::describe(&channel, &pair.addr, "users.Nope", timeout)
        .unwrap_err()
        .to_string();
    assert_eq!(err, "reflection: NOT_FOUND: unknown symbol: \"users.Nope\"");
}
