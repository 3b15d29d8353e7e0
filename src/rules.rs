//! The validation rules of `CreateUser`, as the Go tutorial server applies them: each rule with
//! its check, the error text it puts on the wire and the label it has in the metrics.

use crate::{CreateUserRes, User};

/// One validation rule of `CreateUser`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rule {
    /// The name is 3 bytes long or shorter.
    NameTooShort,
    /// The last name is exactly `"Phill"`.
    LastNameTaken,
}

/// Names of this many bytes or fewer are too short.
const MAX_SHORT_NAME_BYTES: usize = 3;

/// The last name that is always taken (compared byte for byte, so case matters).
const TAKEN_LAST_NAME: &str = "Phill";

impl Rule {
    /// Every rule, in the order their errors appear in an answer.
    pub const ALL: [Rule; 2] = [Rule::NameTooShort, Rule::LastNameTaken];

    /// Whether `user` breaks this rule.
    pub fn is_broken_by(self, user: &User) -> bool {
        match self {
            // Go's len() counts UTF-8 bytes, not characters: "Éa" is 3 bytes and too short.
            Rule::NameTooShort => user.name.len() <= MAX_SHORT_NAME_BYTES,
            Rule::LastNameTaken => user.last_name == TAKEN_LAST_NAME,
        }
    }

    /// The error text an answer carries when this rule is broken, as the Go server words it.
    pub fn message(self) -> &'static str {
        match self {
            Rule::NameTooShort => "Name is too short",
            Rule::LastNameTaken => "Last Name already taken",
        }
    }

    /// The rule's `reason` label in the server's metrics.
    pub fn label(self) -> &'static str {
        match self {
            Rule::NameTooShort => "name_too_short",
            Rule::LastNameTaken => "last_name_taken",
        }
    }

    /// The rule's position in [`Rule::ALL`], for per-rule counters.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// The set of rules one user breaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Broken(u8);

impl Broken {
    /// The rules `user` breaks.
    pub fn of(user: &User) -> Broken {
        Broken(
            Rule::ALL
                .iter()
                .filter(|rule| rule.is_broken_by(user))
                .fold(0, |bits, rule| bits | 1 << rule.index()),
        )
    }

    /// Whether no rule is broken.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether `rule` is among the broken rules.
    pub fn contains(self, rule: Rule) -> bool {
        self.0 & 1 << rule.index() != 0
    }

    /// The broken rules, in answer order.
    pub fn iter(self) -> impl Iterator<Item = Rule> {
        Rule::ALL
            .into_iter()
            .filter(move |&rule| self.contains(rule))
    }

    /// Whether `res` reports exactly these rules, in order, and success exactly when none.
    pub fn matches(self, res: &CreateUserRes) -> bool {
        res.success == self.is_empty()
            && res
                .errors
                .iter()
                .map(String::as_str)
                .eq(self.iter().map(Rule::message))
    }

    /// The answer to the user `user_id` that broke these rules.
    pub fn answer(self, user_id: String) -> CreateUserRes {
        CreateUserRes {
            user_id,
            success: self.is_empty(),
            errors: self.iter().map(|rule| rule.message().to_owned()).collect(),
            ..Default::default()
        }
    }
}

/// Answers one user: its id, the errors of the rules it breaks in rule order, and success
/// when it breaks none.
pub fn answer(user: User) -> CreateUserRes {
    Broken::of(&user).answer(user.id)
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

    fn broken(name: &str, last_name: &str) -> Vec<Rule> {
        Broken::of(&user("x", name, last_name)).iter().collect()
    }

    /// A name of 3 bytes is too short, one of 4 bytes is not.
    #[test]
    fn name_length_boundary_is_three_bytes() {
        assert_eq!(broken("Mia", "Smith"), [Rule::NameTooShort]);
        assert_eq!(broken("Carl", "Smith"), []);
        assert_eq!(broken("Al", "Smith"), [Rule::NameTooShort]);
    }

    /// Length counts UTF-8 bytes: two characters can already be long enough.
    #[test]
    fn name_length_counts_utf8_bytes() {
        // "Zoë" is 3 characters but 4 bytes; "Éa" is 2 characters and 3 bytes.
        assert_eq!(broken("Zoë", "Smith"), []);
        assert_eq!(broken("Éa", "Smith"), [Rule::NameTooShort]);
        // "李" is one character of 3 bytes; "李小" is 6 bytes.
        assert_eq!(broken("李", "Smith"), [Rule::NameTooShort]);
        assert_eq!(broken("李小", "Smith"), []);
        // One 4-byte character is long enough.
        assert_eq!(broken("😀", "Smith"), []);
    }

    /// Empty fields are valid input: an empty name is too short, an empty last name is free.
    #[test]
    fn empty_fields() {
        let res = answer(User::default());
        assert_eq!(res.user_id, "");
        assert!(!res.success);
        assert_eq!(res.errors, ["Name is too short"]);
    }

    /// Only the exact last name "Phill" is taken.
    #[test]
    fn last_name_match_is_exact() {
        assert_eq!(broken("Carl", "Phill"), [Rule::LastNameTaken]);
        for free in ["phill", "PHILL", "Phill ", "Phillips"] {
            assert_eq!(broken("Carl", free), [], "{free:?}");
        }
    }

    /// Both errors come in rule order, name first, and `matches` accepts only that order.
    #[test]
    fn both_errors_in_order() {
        let both = Broken::of(&user("3", "Mia", "Phill"));
        let res = both.answer("3".into());
        assert_eq!(res.errors, ["Name is too short", "Last Name already taken"]);
        assert!(both.matches(&res));
        let mut swapped = res.clone();
        swapped.errors.reverse();
        assert!(!both.matches(&swapped));
        let mut claims_success = res;
        claims_success.success = true;
        assert!(!both.matches(&claims_success));
    }

    /// The answer carries the request's id, and success exactly when errors is empty.
    #[test]
    fn id_and_success() {
        let ok = answer(user("42", "Marisol", "Richardson"));
        assert_eq!(ok.user_id, "42");
        assert!(ok.success);
        assert!(ok.errors.is_empty());
        let bad = answer(user("7", "Mia", "Smith"));
        assert_eq!(bad.user_id, "7");
        assert!(!bad.success);
    }

    /// Metric labels and indexes are distinct, and `ALL` is in index order.
    #[test]
    fn labels_and_indexes() {
        for (i, rule) in Rule::ALL.into_iter().enumerate() {
            assert_eq!(rule.index(), i);
        }
        assert_ne!(Rule::NameTooShort.label(), Rule::LastNameTaken.label());
    }

    /// The rules give exactly the golden answers of `testdata/`: the tutorial's users, and
    /// the cycle the load tools' generated users repeat.
    #[test]
    fn golden_answers() {
        let lines = |text: &'static str| {
            text.lines()
                .filter(|line| !line.trim().is_empty())
                .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
                .collect::<Vec<_>>()
        };
        let user_of = |v: &serde_json::Value, id: &str| User {
            id: id.to_owned(),
            name: v["name"].as_str().unwrap().to_owned(),
            last_name: v["last_name"].as_str().unwrap().to_owned(),
            ..Default::default()
        };
        let answer_json = |res: CreateUserRes| serde_json::json!({"user_id": res.user_id, "success": res.success, "errors": res.errors});
        let users = lines(include_str!("../testdata/tutorial_users.jsonl"));
        let answers = lines(include_str!("../testdata/tutorial_answers.jsonl"));
        assert_eq!(users.len(), 5);
        assert_eq!(answers.len(), users.len());
        for (user, want) in users.iter().zip(&answers) {
            let got = answer(user_of(user, user["id"].as_str().unwrap()));
            assert_eq!(&answer_json(got), want);
        }
        let cycle = lines(include_str!("../testdata/generated_cycle.jsonl"));
        assert_eq!(cycle.len(), 12);
        for (i, row) in cycle.iter().enumerate() {
            let got = answer(user_of(row, &i.to_string()));
            let want = serde_json::json!({
                "user_id": i.to_string(), "success": row["success"], "errors": row["errors"]
            });
            assert_eq!(answer_json(got), want, "cycle line {}", i + 1);
        }
    }
}
