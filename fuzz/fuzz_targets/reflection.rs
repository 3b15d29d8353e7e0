//! Reflection requests as the server decodes and answers them: any bytes either fail to decode
//! or get an answer, on a stream that remembers what it has sent.
#![no_main]

use std::collections::HashSet;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use protobuf::Message;
use users_grpc::reflection::{MessageResponse, ServerReflectionRequest};
use users_server::{published_descriptors, DescriptorSet};

fn descriptors() -> &'static DescriptorSet {
    static SET: OnceLock<DescriptorSet> = OnceLock::new();
    SET.get_or_init(published_descriptors)
}

fuzz_target!(|data: &[u8]| {
    // The input is a stream: requests as length-prefixed chunks (one byte of length each).
    let mut sent = HashSet::new();
    let mut rest = data;
    while let Some((&len, tail)) = rest.split_first() {
        let len = usize::from(len).min(tail.len());
        let (chunk, tail) = tail.split_at(len);
        rest = tail;
        let Ok(request) = ServerReflectionRequest::parse_from_bytes(chunk) else {
            continue;
        };
        let response = descriptors().respond(request.clone(), &mut sent);
        assert_eq!(response.valid_host, request.host);
        assert!(response.message_response.is_some());
        if let Some(MessageResponse::ErrorResponse(e)) = &response.message_response {
            assert!(e.error_code == 3 || e.error_code == 5 || e.error_code == 12, "{e:?}");
        }
        response.write_to_bytes().expect("a response always encodes");
    }
});
