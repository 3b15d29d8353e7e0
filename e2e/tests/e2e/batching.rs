//! Answers batched into few socket writes still reach a client that waits for them.

use users_e2e as common;

use std::time::Duration;

use common::{fields, start_pair, user};
use futures::{stream, SinkExt, TryStreamExt};
use grpcio::{CallOption, WriteFlags};
use users_grpc::rules;

/// Sends bursts of `sizes` users on one stream, reading every burst's answers before sending
/// the next, and checks each answer; the stream stays open until the end.
fn bursts_on_one_stream(sizes: &[usize]) {
    let pair = start_pair();
    // A deadline turns an answer held back forever into a failure instead of a hang.
    let call = CallOption::default().timeout(Duration::from_secs(30));
    let (mut sender, mut receiver) = pair.client.create_user_opt(call).expect("stream opens");
    futures::executor::block_on(async {
        let mut next_id = 0;
        for &size in sizes {
            let users: Vec<_> = (next_id..next_id + size)
                .map(|i| user(&i.to_string(), ["Al", "Carl"][i % 2], "Smith", 30))
                .collect();
            next_id += size;
            let mut burst = stream::iter(
                users
                    .clone()
                    .into_iter()
                    .map(|u| Ok((u, WriteFlags::default()))),
            );
            sender.enhance_batch(true);
            sender.send_all(&mut burst).await.expect("burst sent");
            for expected in users {
                let res = receiver
                    .try_next()
                    .await
                    .unwrap_or_else(|e| {
                        panic!("answer to user {} in a burst of {size}: {e}", expected.id)
                    })
                    .expect("stream still open");
                assert_eq!(fields(&res), fields(&rules::answer(expected)));
            }
        }
        // grpcio reports RpcFinished when the server's status (the answer to the half-close)
        // arrives before its close operation has returned; the receiver tells how it ended.
        match sender.close().await {
            Ok(()) | Err(grpcio::Error::RpcFinished(None)) => {}
            Err(e) => panic!("half-close: {e:?}"),
        }
        assert!(receiver.try_next().await.expect("stream ends OK").is_none());
    });
}

/// A client that waits for each answer before sending the next gets every one of them.
#[test]
fn one_at_a_time() {
    bursts_on_one_stream(&[1; 50]);
}

/// Short bursts (two, three users) are answered in full while the stream stays open.
#[test]
fn short_bursts() {
    bursts_on_one_stream(&[2, 3, 2, 2, 3, 1, 2, 2, 2, 3, 2]);
}

/// Long bursts are answered in full, and a lone request after them too.
#[test]
fn long_bursts_then_lone_requests() {
    bursts_on_one_stream(&[5000, 1, 2000, 1, 1]);
}
