//! The options every call of the client carries: its deadline and its bearer token, and the
//! current trace context (see [`trace`](crate::trace)).

use std::time::Duration;

use grpcio::{CallOption, MetadataBuilder};
use secrecy::{ExposeSecret, SecretString};

use crate::trace::inject_current;

/// The deadline and the credentials of a call.
#[derive(Clone, Debug, Default)]
pub struct CallOptions {
    /// Deadline of the whole call, if any.
    pub timeout: Option<Duration>,
    /// Bearer token sent in the call's `authorization` header, if any (kept out of logs).
    pub token: Option<SecretString>,
}

impl CallOptions {
    /// These options with `timeout` as the deadline when they set none.
    pub fn or_timeout(&self, timeout: Duration) -> CallOptions {
        CallOptions {
            timeout: Some(self.timeout.unwrap_or(timeout)),
            token: self.token.clone(),
        }
    }

    /// grpcio's options for one call, with the current trace context when a span is current.
    pub fn call_option(&self) -> CallOption {
        let mut call = CallOption::default();
        if let Some(timeout) = self.timeout {
            call = call.timeout(timeout);
        }
        let mut headers = MetadataBuilder::new();
        let mut any = false;
        if let Some(token) = &self.token {
            // A token a header cannot carry is sent as the server would take it: not at all.
            let value = format!("Bearer {}", token.expose_secret());
            any |= headers.add_str("authorization", &value).is_ok();
        }
        any |= inject_current(&mut headers);
        if any {
            call = call.headers(headers.build());
        }
        call
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The token never shows in debug output; a deadline given wins over the fallback.
    #[test]
    fn token_is_redacted_and_timeout_falls_back() {
        let options = CallOptions {
            timeout: None,
            token: Some("s3cret-token".into()),
        };
        let shown = format!("{options:?}");
        assert!(!shown.contains("s3cret-token"), "{shown}");
        let asked = options.or_timeout(Duration::from_secs(10));
        assert_eq!(asked.timeout, Some(Duration::from_secs(10)));
        let bounded = CallOptions {
            timeout: Some(Duration::from_secs(2)),
            ..options
        };
        assert_eq!(
            bounded.or_timeout(Duration::from_secs(10)).timeout,
            Some(Duration::from_secs(2))
        );
    }
}
