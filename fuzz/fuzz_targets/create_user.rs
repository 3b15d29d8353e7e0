//! A CreateUser request as the server decodes and answers it: any bytes either fail to decode
//! or give an answer that carries the user's id, reports exactly the rules the user breaks,
//! and encodes and decodes back to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use protobuf::Message;
use users_grpc::rules::{self, Broken, Rule};
use users_grpc::{CreateUserRes, User};

fuzz_target!(|data: &[u8]| {
    let Ok(user) = User::parse_from_bytes(data) else {
        return;
    };
    let res = rules::answer(user.clone());
    assert_eq!(res.user_id, user.id);
    assert_eq!(res.success, res.errors.is_empty());
    let broken: Vec<&str> = Rule::ALL
        .into_iter()
        .filter(|rule| rule.is_broken_by(&user))
        .map(Rule::message)
        .collect();
    assert_eq!(res.errors, broken);
    assert!(Broken::of(&user).matches(&res));
    let bytes = res.write_to_bytes().expect("an answer always encodes");
    let back = CreateUserRes::parse_from_bytes(&bytes).expect("an answer decodes");
    assert_eq!(back, res);
});
