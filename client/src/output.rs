//! How answers are printed: one readable line each, or one JSON object each.

use serde::Serialize;
use users_grpc::CreateUserRes;

/// Formats a response on one readable line.
pub fn format_response(res: &CreateUserRes) -> String {
    format!(
        "user_id: {:?}, success: {}, errors: {:?}",
        res.user_id, res.success, res.errors
    )
}

/// Formats a response as one JSON object, for tools that compare peers field by field.
pub fn response_json(res: &CreateUserRes) -> String {
    #[derive(Serialize)]
    struct ResponseLine<'a> {
        user_id: &'a str,
        success: bool,
        errors: &'a [String],
    }
    let line = ResponseLine {
        user_id: &res.user_id,
        success: res.success,
        errors: &res.errors,
    };
    // Serializing borrowed strings and a bool cannot fail.
    serde_json::to_string(&line).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tutorial_users;

    /// Both output formats print the golden answers to the tutorial's users exactly.
    #[test]
    fn formats_responses() {
        let answers: Vec<CreateUserRes> = tutorial_users()
            .into_iter()
            .map(users_grpc::rules::answer)
            .collect();
        let text: Vec<String> = answers.iter().map(format_response).collect();
        let json: Vec<String> = answers.iter().map(response_json).collect();
        let golden_text: Vec<&str> = include_str!("../../testdata/tutorial_answers.txt")
            .lines()
            .collect();
        let golden_json: Vec<&str> = include_str!("../../testdata/tutorial_answers.jsonl")
            .lines()
            .collect();
        assert_eq!(text, golden_text);
        assert_eq!(json, golden_json);
    }
}
