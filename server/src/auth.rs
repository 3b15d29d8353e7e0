//! Bearer-token authentication, checked before a call reaches its handler.

use std::fmt;
use std::sync::Arc;

use grpcio::{CheckResult, RpcContext, RpcStatus, RpcStatusCode, ServerChecker};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::stats::Stats;

/// The one method that needs no token, so that probes can check health; `Watch` holds a
/// stream open and needs a token like every other call.
const OPEN_METHOD: &[u8] = users_grpc::health::METHOD_CHECK.name.as_bytes();

/// The one message every refused call gets, whatever was wrong with its token.
pub const REFUSED: &str = "missing or invalid bearer token";

/// The tokens the server accepts, kept as SHA-256 digests.
#[derive(Clone)]
pub struct Tokens {
    tokens: Arc<Vec<Vec<u8>>>,
}

impl fmt::Debug for Tokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print the secrets themselves.
        write!(f, "Tokens({} token(s))", self.tokens.len())
    }
}

impl Tokens {
    /// Reads tokens from `text`, one per line; blank lines and `#` comments are skipped.
    pub fn parse(text: &str) -> Result<Tokens, String> {
        let mut tokens = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let token = line.trim();
            if token.is_empty() || token.starts_with('#') {
                continue;
            }
            if token.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err(format!(
                    "line {}: a token cannot contain spaces or control characters",
                    index + 1
                ));
            }
            if !token.is_ascii() {
                return Err(format!(
                    "line {}: a token must be ASCII (a header cannot carry it otherwise)",
                    index + 1
                ));
            }
            tokens.push(Sha256::digest(token.as_bytes()).to_vec());
        }
        if tokens.is_empty() {
            return Err("no token in it (one per line)".to_owned());
        }
        Ok(Tokens {
            tokens: Arc::new(tokens),
        })
    }

    /// Whether `presented` is one of the tokens, in time that depends neither on where (or
    /// whether) it differs from them nor on their lengths.
    pub fn accepts(&self, presented: &[u8]) -> bool {
        // Digests have one length, so comparing them tells nothing of the tokens' lengths.
        let presented = Sha256::digest(presented);
        let mut found = subtle::Choice::from(0);
        // Every token is compared, so the time does not tell which one matched.
        for token in self.tokens.iter() {
            found |= token.as_slice().ct_eq(presented.as_slice());
        }
        found.into()
    }

    /// How many tokens there are.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Whether there is no token (never true of a parsed set).
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
}

/// The checker that refuses calls without an accepted `authorization: Bearer` header.
#[derive(Clone)]
pub struct TokenChecker {
    tokens: Tokens,
    /// Where refused calls are counted (gRFC A66): they never reach a handler.
    stats: Arc<Stats>,
}

impl TokenChecker {
    /// Accepts calls that present one of `tokens`, and counts the others in `stats`.
    pub fn new(tokens: Tokens, stats: Arc<Stats>) -> Self {
        TokenChecker { tokens, stats }
    }
}

impl ServerChecker for TokenChecker {
    fn check(&mut self, ctx: &RpcContext) -> CheckResult {
        if ctx.method() == OPEN_METHOD {
            return CheckResult::Continue;
        }
        let presented = ctx
            .request_headers()
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case("authorization"))
            .and_then(|(_, value)| bearer(value));
        match presented {
            Some(token) if self.tokens.accepts(token) => CheckResult::Continue,
            _ => {
                let call = self.stats.call_started(ctx);
                call.end(RpcStatusCode::UNAUTHENTICATED);
                CheckResult::Abort(RpcStatus::with_message(
                    RpcStatusCode::UNAUTHENTICATED,
                    REFUSED.to_owned(),
                ))
            }
        }
    }

    fn box_clone(&self) -> Box<dyn ServerChecker> {
        Box::new(self.clone())
    }
}

/// The token of an `authorization` value of the form `Bearer TOKEN`.
fn bearer(value: &[u8]) -> Option<&[u8]> {
    let scheme = value.get(..7)?;
    scheme
        .eq_ignore_ascii_case(b"bearer ")
        .then(|| value[7..].trim_ascii())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokens are one per line; comments, blanks and surrounding spaces do not count.
    #[test]
    fn parses_one_token_per_line() {
        let tokens = Tokens::parse("# ops\n alpha \n\nbeta\n").unwrap();
        assert_eq!(tokens.len(), 2);
        assert!(tokens.accepts(b"alpha") && tokens.accepts(b"beta"));
        assert!(!tokens.accepts(b"alph") && !tokens.accepts(b"alphaa") && !tokens.accepts(b""));
        assert!(Tokens::parse("# none\n\n").is_err());
        assert!(Tokens::parse("two words\n")
            .unwrap_err()
            .starts_with("line 1:"));
        assert!(Tokens::parse("ok\nnaïve\n")
            .unwrap_err()
            .starts_with("line 2:"));
    }

    /// The header value must be `Bearer` (any case) and a token.
    #[test]
    fn bearer_values() {
        assert_eq!(bearer(b"Bearer abc"), Some(&b"abc"[..]));
        assert_eq!(bearer(b"bearer  abc "), Some(&b"abc"[..]));
        assert_eq!(bearer(b"Basic abc"), None);
        assert_eq!(bearer(b"Bear"), None);
    }

    /// Debug output never shows the tokens.
    #[test]
    fn debug_hides_tokens() {
        let tokens = Tokens::parse("s3cret\n").unwrap();
        assert_eq!(format!("{tokens:?}"), "Tokens(1 token(s))");
    }
}
