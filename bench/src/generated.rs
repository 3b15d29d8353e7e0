//! The users a run sends and the check of every answer: user `i` of a stream has id and age
//! `i` and the names of line `i % 12` of `testdata/generated_cycle.jsonl`, the cycle the Go
//! load tool and the ci scripts also send; the rules of the contract crate say its answer.

use std::sync::LazyLock;

use serde::Deserialize;
use users_client::ClientError;
use users_grpc::rules::{Broken, Rule};
use users_grpc::{CreateUserRes, User};

/// One line of `testdata/generated_cycle.jsonl`: a generated user's names.
#[derive(Deserialize)]
struct CycleRow {
    name: String,
    last_name: String,
}

/// The generated users' names and the rules each breaks, by `i % 12`.
struct Cycle {
    rows: Vec<(CycleRow, Broken)>,
}

/// The cycle of `testdata/generated_cycle.jsonl`, read once.
fn cycle() -> &'static Cycle {
    static CYCLE: LazyLock<Cycle> = LazyLock::new(|| {
        let rows = include_str!("../../testdata/generated_cycle.jsonl")
            .lines()
            .filter(|line| !line.trim().is_empty())
            .map(|line| {
                let row: CycleRow =
                    serde_json::from_str(line).expect("generated_cycle.jsonl lines are users");
                let broken = Broken::of(&User {
                    name: row.name.clone(),
                    last_name: row.last_name.clone(),
                    ..Default::default()
                });
                (row, broken)
            })
            .collect::<Vec<_>>();
        assert!(!rows.is_empty(), "generated_cycle.jsonl has no users");
        Cycle { rows }
    });
    &CYCLE
}

impl Cycle {
    fn row(&self, i: u64) -> &(CycleRow, Broken) {
        &self.rows[(i % self.rows.len() as u64) as usize]
    }
}

/// User `i` of a stream: id and age `i`, names from line `i % 12` of the generated cycle.
pub fn bench_user(i: u64) -> User {
    let mut digits = [0u8; 20];
    let (row, _) = cycle().row(i);
    User {
        id: String::from_utf8(decimal(i, &mut digits).to_vec()).unwrap_or_default(),
        name: row.name.clone(),
        last_name: row.last_name.clone(),
        age: i as i32,
        ..Default::default()
    }
}

/// Writes `n` in decimal into `buf` and returns the digits, without allocating.
fn decimal(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut start = buf.len();
    loop {
        start -= 1;
        buf[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &buf[start..]
}

/// Checks the answer at `position` of a stream: it must be for user `position`, with the
/// service's verdict on that user.
pub fn check_answer(res: &CreateUserRes, position: u64) -> Result<(), ClientError> {
    let mut digits = [0u8; 20];
    let id = decimal(position, &mut digits);
    if res.user_id.as_bytes() != id {
        return Err(ClientError::OutOfOrder {
            position: position as usize,
            expected: String::from_utf8_lossy(id).into_owned(),
            got: res.user_id.clone(),
        });
    }
    let (_, broken) = cycle().row(position);
    if !broken.matches(res) {
        let errors: Vec<&str> = broken.iter().map(Rule::message).collect();
        return Err(ClientError::WrongAnswer {
            position: position as usize,
            user_id: res.user_id.clone(),
            expected: format!("success={} errors={errors:?}", broken.is_empty()),
            got: format!("success={} errors={:?}", res.success, res.errors),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decimal ids are written without allocating, from 0 to the largest u64.
    #[test]
    fn writes_decimal_ids() {
        let mut buf = [0u8; 20];
        assert_eq!(decimal(0, &mut buf), b"0");
        assert_eq!(decimal(1207, &mut buf), b"1207");
        assert_eq!(decimal(u64::MAX, &mut buf), b"18446744073709551615");
        assert_eq!(bench_user(1207).id, "1207");
    }

    /// The generated users repeat the golden cycle, and each answer the rules give them passes
    /// the check while a wrong one does not.
    #[test]
    fn generated_users_follow_the_cycle() {
        assert_eq!(cycle().rows.len(), 12);
        for i in [0u64, 5, 12, 29] {
            let user = bench_user(i);
            let (row, _) = cycle().row(i);
            assert_eq!(
                (user.name.as_str(), user.last_name.as_str()),
                (row.name.as_str(), row.last_name.as_str())
            );
            let mut res = users_grpc::rules::answer(user);
            assert!(check_answer(&res, i).is_ok(), "user {i}");
            res.success = !res.success;
            assert!(check_answer(&res, i).is_err(), "user {i}");
        }
    }
}
