//! What the tonic server and client share: the generated code and flag parsing.

pub mod pb {
    tonic::include_proto!("users");
}

/// Returns the value of `--name VALUE` from the command line, or `default`.
pub fn flag(name: &str, default: &str) -> String {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
        .unwrap_or_else(|| default.to_owned())
}

/// Like `flag`, parsed as a number; exits with a one-line error when it is not one.
#[allow(dead_code)] // The server takes no numeric flag.
pub fn number_flag(name: &str, default: u64) -> u64 {
    let text = flag(name, &default.to_string());
    text.parse().unwrap_or_else(|_| {
        eprintln!("{name}: not a number: {text}");
        std::process::exit(2)
    })
}
