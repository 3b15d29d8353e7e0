//! A CreateUser request as the server decodes and answers it: any bytes either fail to decode
//! or give an answer that carries the user's id, reports exactly the errors the contract asks
//! for, and encodes and decodes back to itself.
//!
//! The expected errors are spelled here from the contract (the Go tutorial server's rules),
//! not taken from `users_grpc::rules`, so a change of the rules that breaks the contract fails.
#![no_main]

use libfuzzer_sys::fuzz_target;
use protobuf::Message;
use users_grpc::rules::{self, Broken};
use users_grpc::{CreateUserRes, User};

/// The errors the Go tutorial server answers `user` with, in its order.
fn contract_errors(user: &User) -> Vec<&'static str> {
    let mut errors = Vec::new();
    // Go's len(): UTF-8 bytes, not characters.
    if user.name.len() <= 3 {
        errors.push("Name is too short");
    }
    if user.last_name == "Phill" {
        errors.push("Last Name already taken");
    }
    errors
}

fuzz_target!(|data: &[u8]| {
    let Ok(user) = User::parse_from_bytes(data) else {
        return;
    };
    let res = rules::answer(user.clone());
    assert_eq!(res.user_id, user.id);
    let expected = contract_errors(&user);
    assert_eq!(res.errors, expected);
    assert_eq!(res.success, expected.is_empty());
    assert!(Broken::of(&user).matches(&res));
    let bytes = res.write_to_bytes().expect("an answer always encodes");
    let back = CreateUserRes::parse_from_bytes(&bytes).expect("an answer decodes");
    assert_eq!(back, res);
});
