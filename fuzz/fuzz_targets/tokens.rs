//! Token files and presented tokens: parsing never panics, and a parsed file accepts each of
//! its own tokens and nothing that differs from all of them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use users_server::Tokens;

fuzz_target!(|data: &[u8]| {
    let (file, presented) = data.split_at(data.len() / 2);
    let Ok(text) = std::str::from_utf8(file) else {
        return;
    };
    let Ok(tokens) = Tokens::parse(text) else {
        return;
    };
    let listed: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|t| !t.is_empty() && !t.starts_with('#'))
        .collect();
    for token in &listed {
        assert!(tokens.accepts(token.as_bytes()));
    }
    let known = listed.iter().any(|t| t.as_bytes() == presented);
    assert_eq!(tokens.accepts(presented), known);
});
