//! The users to send: JSON Lines, checked whole before anything is sent, or the tutorial's.

use std::io::BufRead;

use serde::Deserialize;
use users_grpc::User;

use crate::ClientError;

/// The five users the Go tutorial client sends, in its order (`testdata/tutorial_users.jsonl`).
pub fn tutorial_users() -> Vec<User> {
    const TUTORIAL_USERS: &str = include_str!("../../testdata/tutorial_users.jsonl");
    read_users(TUTORIAL_USERS.as_bytes(), "testdata/tutorial_users.jsonl")
        .expect("the tutorial's users are valid input")
}

/// One line of a JSON Lines users file: unknown keys are refused, missing ones default.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UserLine {
    #[serde(default)]
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    last_name: String,
    #[serde(default)]
    age: i32,
}

/// Reads users from JSON Lines, one object per line; blank lines are skipped.
///
/// Every line is checked before any user is returned, so a bad file sends nothing.
pub fn read_users(reader: impl BufRead, file: &str) -> Result<Vec<User>, ClientError> {
    let mut users = Vec::new();
    for (index, line) in reader.lines().enumerate() {
        let line_no = index + 1;
        let bad_line = |reason: String, source| ClientError::Input {
            file: file.to_owned(),
            line: line_no,
            reason,
            source,
        };
        let line = line.map_err(|source| match source.kind() {
            std::io::ErrorKind::InvalidData => bad_line("not valid UTF-8".to_owned(), None),
            _ => ClientError::Read {
                file: file.to_owned(),
                source,
            },
        })?;
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        // serde would also accept a JSON array of the four fields: only objects are users.
        if !trimmed.starts_with('{') {
            return Err(bad_line(
                "invalid user: expected a JSON object".to_owned(),
                None,
            ));
        }
        let parsed: UserLine = serde_json::from_str(&line).map_err(|e| {
            // serde_json counts lines within the one line it parsed: keep only the column.
            let text = e.to_string();
            let reason = text
                .rsplit_once(" at line ")
                .map_or(text.as_str(), |(r, _)| r);
            let reason = format!("invalid user: {reason} (column {})", e.column());
            bad_line(reason, Some(e))
        })?;
        users.push(User {
            id: parsed.id,
            name: parsed.name,
            last_name: parsed.last_name,
            age: parsed.age,
            ..Default::default()
        });
    }
    Ok(users)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Vec<User>, ClientError> {
        read_users(text.as_bytes(), "users.jsonl")
    }

    /// A well-formed file gives its users in file order; blank lines are skipped.
    #[test]
    fn reads_users_in_order() {
        let users = read(concat!(
            "{\"id\":\"7\",\"name\":\"Ana\",\"last_name\":\"Lee\",\"age\":31}\n",
            "\n",
            "  {\"id\":\"8\",\"name\":\"Zoë\",\"last_name\":\"Phill\",\"age\":-2}  \n",
        ))
        .unwrap();
        let fields: Vec<(&str, &str, &str, i32)> = users
            .iter()
            .map(|u| (u.id.as_str(), u.name.as_str(), u.last_name.as_str(), u.age))
            .collect();
        assert_eq!(fields, [("7", "Ana", "Lee", 31), ("8", "Zoë", "Phill", -2)]);
    }

    /// Missing fields take their proto3 defaults, as on the wire.
    #[test]
    fn missing_fields_default() {
        let expected = User {
            id: "1".to_owned(),
            ..Default::default()
        };
        assert_eq!(read("{\"id\":\"1\"}").unwrap(), vec![expected]);
    }

    /// A malformed line is reported with its line number and the decoder's error as its
    /// source, and no user is returned.
    #[test]
    fn malformed_line_is_named() {
        let text = "{\"id\":\"1\",\"name\":\"Carl\"}\n{\"id\":2}\n";
        let err = read(text).unwrap_err();
        match &err {
            ClientError::Input { line, .. } => assert_eq!(*line, 2),
            other => panic!("unexpected error {other:?}"),
        }
        let source = std::error::Error::source(&err)
            .and_then(|e| e.downcast_ref::<serde_json::Error>())
            .expect("the decoder's error");
        assert!(source.is_data(), "{source}");
        assert!(
            err.to_string().starts_with("users.jsonl:2: invalid user:"),
            "{err}"
        );
    }

    /// Broken JSON, unknown keys, wrong types and out-of-range ages are all rejected.
    #[test]
    fn rejects_bad_lines() {
        for (text, needle) in [
            ("{\"id\":\"1\"", "EOF"),
            (
                "{\"id\":\"1\",\"lastname\":\"Lee\"}",
                "unknown field `lastname`",
            ),
            ("{\"age\":\"31\"}", "invalid type"),
            ("{\"age\":3000000000}", "i32"),
            ("{\"age\":1.5}", "invalid type"),
            ("[\"1\",\"Carl\"]", "expected a JSON object"),
            ("null", "expected a JSON object"),
            ("{\"id\":1}", "invalid type"),
        ] {
            let err = read(text).unwrap_err().to_string();
            assert!(err.starts_with("users.jsonl:1: "), "{text}: {err}");
            assert!(err.contains(needle), "{text}: {err}");
        }
    }

    /// A file that is not UTF-8 is rejected with the line number.
    #[test]
    fn rejects_invalid_utf8() {
        let bytes: &[u8] = b"{\"id\":\"1\"}\n{\"id\":\"\xff\"}\n";
        let err = read_users(bytes, "f").unwrap_err().to_string();
        assert_eq!(err, "f:2: not valid UTF-8");
    }
}
