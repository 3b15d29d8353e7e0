//! The validation rules of `CreateUser`, as the Go tutorial server applies them.

use users_grpc::{CreateUserRes, User};

/// The error reported when a name is 3 bytes long or shorter.
pub const NAME_TOO_SHORT: &str = "Name is too short";

/// The error reported when the last name is exactly `"Phill"`.
pub const LAST_NAME_TAKEN: &str = "Last Name already taken";

/// The last name that is always taken (compared byte for byte, so case matters).
const TAKEN_LAST_NAME: &str = "Phill";

/// Names of this many bytes or fewer are too short.
const MAX_SHORT_NAME_BYTES: usize = 3;

/// Answers one request: the user's id, its errors in rule order, and success when none.
pub fn create_user_res(user: User) -> CreateUserRes {
    let mut errors = Vec::new();
    // Go's len() counts UTF-8 bytes, not characters: "Éa" is 3 bytes and too short.
    if user.name.len() <= MAX_SHORT_NAME_BYTES {
        errors.push(NAME_TOO_SHORT.to_owned());
    }
    if user.last_name == TAKEN_LAST_NAME {
        errors.push(LAST_NAME_TAKEN.to_owned());
    }
    CreateUserRes {
        user_id: user.id,
        success: errors.is_empty(),
        errors,
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: &str, name: &str, last_name: &str) -> User {
        User {
            id: id.into(),
            name: name.into(),
            last_name: last_name.into(),
            age: 30,
            ..Default::default()
        }
    }

    fn errors_of(name: &str, last_name: &str) -> Vec<String> {
        create_user_res(user("x", name, last_name)).errors
    }

    /// A name of 3 bytes is too short, one of 4 bytes is not.
    #[test]
    fn name_length_boundary_is_three_bytes() {
        assert_eq!(errors_of("Mia", "Smith"), vec![NAME_TOO_SHORT]);
        assert!(errors_of("Carl", "Smith").is_empty());
        assert_eq!(errors_of("Al", "Smith"), vec![NAME_TOO_SHORT]);
    }

    /// Length counts UTF-8 bytes: two characters can already be long enough.
    #[test]
    fn name_length_counts_utf8_bytes() {
        // "Zoë" is 3 characters but 4 bytes; "Éa" is 2 characters and 3 bytes.
        assert!(errors_of("Zoë", "Smith").is_empty());
        assert_eq!(errors_of("Éa", "Smith"), vec![NAME_TOO_SHORT]);
        // "李" is one character of 3 bytes; "李小" is 6 bytes.
        assert_eq!(errors_of("李", "Smith"), vec![NAME_TOO_SHORT]);
        assert!(errors_of("李小", "Smith").is_empty());
        // One 4-byte character is long enough.
        assert!(errors_of("😀", "Smith").is_empty());
    }

    /// Empty fields are valid input: an empty name is too short, an empty last name is free.
    #[test]
    fn empty_fields() {
        let res = create_user_res(User::default());
        assert_eq!(res.user_id, "");
        assert!(!res.success);
        assert_eq!(res.errors, vec![NAME_TOO_SHORT]);
    }

    /// Only the exact last name "Phill" is taken.
    #[test]
    fn last_name_match_is_exact() {
        assert_eq!(errors_of("Carl", "Phill"), vec![LAST_NAME_TAKEN]);
        assert!(errors_of("Carl", "phill").is_empty());
        assert!(errors_of("Carl", "PHILL").is_empty());
        assert!(errors_of("Carl", "Phill ").is_empty());
        assert!(errors_of("Carl", "Phillips").is_empty());
    }

    /// Both errors come in rule order: name first, then last name.
    #[test]
    fn both_errors_in_order() {
        assert_eq!(
            errors_of("Mia", "Phill"),
            vec![NAME_TOO_SHORT, LAST_NAME_TAKEN]
        );
    }

    /// The response carries the request's id, and success exactly when errors is empty.
    #[test]
    fn id_and_success() {
        let ok = create_user_res(user("42", "Marisol", "Richardson"));
        assert_eq!(ok.user_id, "42");
        assert!(ok.success);
        assert!(ok.errors.is_empty());
        let bad = create_user_res(user("7", "Mia", "Smith"));
        assert_eq!(bad.user_id, "7");
        assert!(!bad.success);
    }
}
