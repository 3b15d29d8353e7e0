//! A CreateUser request as the server decodes and answers it: any bytes either fail to decode
//! or give an answer that follows the rules and encodes and decodes back to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use protobuf::Message;
use users_grpc::{CreateUserRes, User};
use users_server::rules::{create_user_res, LAST_NAME_TAKEN, NAME_TOO_SHORT};

fuzz_target!(|data: &[u8]| {
    let Ok(user) = User::parse_from_bytes(data) else {
        return;
    };
    let res = create_user_res(user.clone());
    assert_eq!(res.user_id, user.id);
    assert_eq!(res.success, res.errors.is_empty());
    let expected_short = user.name.len() <= 3;
    let expected_taken = user.last_name == "Phill";
    assert_eq!(res.errors.iter().any(|e| e == NAME_TOO_SHORT), expected_short);
    assert_eq!(res.errors.iter().any(|e| e == LAST_NAME_TAKEN), expected_taken);
    let bytes = res.write_to_bytes().expect("an answer always encodes");
    let back = CreateUserRes::parse_from_bytes(&bytes).expect("an answer decodes");
    assert_eq!(back, res);
});
