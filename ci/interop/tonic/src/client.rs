//! The tutorial client on tonic: sends users while printing responses as they arrive.

mod common;

use std::time::Duration;

use common::pb::users_client::UsersClient;
use common::pb::{CreateUserRes, User};

fn users(count: u64) -> Vec<User> {
    let user = |id: &str, name: &str, last_name: &str, age: i32| User {
        id: id.to_owned(),
        name: name.to_owned(),
        last_name: last_name.to_owned(),
        age,
    };
    if count == 0 {
        return vec![
            user("1", "Carl", "Phill", 23),
            user("2", "Marisol", "Richardson", 29),
            user("3", "Mia", "Phill", 27),
            user("4", "Tomas", "Smith", 25),
            user("5", "Zian", "Heat", 28),
        ];
    }
    let names = ["Al", "Bob", "Carl", "Marisol"];
    (0..count)
        .map(|i| {
            let last_name = if i % 3 == 0 { "Phill" } else { "Smith" };
            user(&i.to_string(), names[(i % 4) as usize], last_name, i as i32)
        })
        .collect()
}

fn print(res: &CreateUserRes, json: bool) {
    if json {
        let line = serde_json::json!({
            "user_id": res.user_id,
            "success": res.success,
            "errors": res.errors,
        });
        println!("{line}");
    } else {
        let errors: Vec<String> = res.errors.iter().map(|e| format!("{e:?}")).collect();
        println!(
            "user_id: {:?}, success: {}, errors: [{}]",
            res.user_id,
            res.success,
            errors.join(", ")
        );
    }
}

fn fail(message: impl std::fmt::Display) -> ! {
    eprintln!("users-tonic-client: {message}");
    std::process::exit(1)
}

#[tokio::main]
async fn main() {
    let addr = common::flag("--addr", "localhost:3000");
    let delay = Duration::from_millis(common::number_flag("--delay-ms", 1000));
    let count = common::number_flag("--count", 0);
    let json = common::flag("--output", "text") == "json";

    let mut client = match UsersClient::connect(format!("http://{addr}")).await {
        Ok(c) => c,
        Err(e) => fail(format!("cannot connect to {addr}: {e}")),
    };
    let (tx, rx) = tokio::sync::mpsc::channel(64);
    let sender = tokio::spawn(async move {
        for user in users(count) {
            if tx.send(user).await.is_err() {
                return;
            }
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
        }
        // Dropping the sender half-closes the request stream.
    });
    let response = client
        .create_user(tokio_stream::wrappers::ReceiverStream::new(rx))
        .await;
    let mut responses = match response {
        Ok(r) => r.into_inner(),
        Err(status) => fail(format!("{:?} {}", status.code(), status.message())),
    };
    loop {
        match responses.message().await {
            Ok(Some(res)) => print(&res, json),
            Ok(None) => break,
            Err(status) => fail(format!("{:?} {}", status.code(), status.message())),
        }
    }
    let _ = sender.await;
}
