//! The standard health service: SERVING while the server is up, NOT_SERVING once it drains.

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::task::Poll;
use std::time::Duration;

use futures::channel::mpsc::{self, UnboundedSender};
use futures::{future, Sink, SinkExt, Stream};
use grpcio::{
    Error, RpcContext, RpcStatus, RpcStatusCode, ServerStreamingSink, UnarySink, WriteFlags,
};
use log::debug;
use users_grpc::guard::spawn_caught;
use users_grpc::health::{Health, HealthCheckRequest, HealthCheckResponse, ServingStatus};

use crate::calls::{code_of, message_bytes};
use crate::stats::Stats;

#[derive(Default)]
struct State {
    statuses: HashMap<String, ServingStatus>,
    watchers: Vec<(String, UnboundedSender<ServingStatus>)>,
    /// Statuses no longer change: every service is NOT_SERVING.
    not_serving: bool,
    /// New watches end right after their first answer, and running ones after their next.
    closing: bool,
    /// Watch calls whose handler has not finished yet.
    open_watches: usize,
}

/// The statuses the health service reports, shared by every call.
#[derive(Clone)]
pub struct HealthService {
    shared: Arc<(Mutex<State>, Condvar)>,
    /// Where its calls are counted (gRFC A66).
    stats: Arc<Stats>,
}

impl HealthService {
    /// A health service with no status set yet, whose calls are counted in `stats`.
    pub fn new(stats: Arc<Stats>) -> Self {
        HealthService {
            shared: Arc::default(),
            stats,
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.shared.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Sets the status of `service` (`""` is the whole server) and tells its watchers.
    pub fn set_status(&self, service: &str, status: ServingStatus) {
        let mut state = self.state();
        if state.not_serving {
            return;
        }
        set(&mut state, service, status);
    }

    /// Reports NOT_SERVING for every service from now on, whatever is set later; watchers
    /// are told and their watches stay open.
    pub fn set_not_serving(&self) {
        let mut state = self.state();
        state.not_serving = true;
        let services: Vec<String> = state.statuses.keys().cloned().collect();
        for service in services {
            set(&mut state, &service, ServingStatus::NOT_SERVING);
        }
    }

    /// Reports NOT_SERVING and ends every watch with status OK once it has been told, so
    /// that no watch is left for a drain to cut.
    pub fn shutdown(&self) {
        self.set_not_serving();
        let mut state = self.state();
        state.closing = true;
        // A watch ends when its channel closes, after the statuses already sent down it.
        state.watchers.clear();
    }

    /// Waits until every watch call has ended, for at most `timeout`; true when none is left.
    pub fn wait_watches_closed(&self, timeout: Duration) -> bool {
        let (state, _) = self
            .shared
            .1
            .wait_timeout_while(self.state(), timeout, |state| state.open_watches > 0)
            .unwrap_or_else(PoisonError::into_inner);
        state.open_watches == 0
    }

    fn watch_ended(&self) {
        let mut state = self.state();
        state.open_watches -= 1;
        if state.open_watches == 0 {
            self.shared.1.notify_all();
        }
    }

    /// The status of `service`, if it is known.
    pub fn status(&self, service: &str) -> Option<ServingStatus> {
        self.state().statuses.get(service).copied()
    }
}

/// The longest service name asked about; longer ones are refused rather than echoed or kept.
const MAX_SERVICE_NAME: usize = 256;

fn name_too_long() -> RpcStatus {
    RpcStatus::with_message(
        RpcStatusCode::INVALID_ARGUMENT,
        format!("service name longer than {MAX_SERVICE_NAME} bytes"),
    )
}

/// One open watch call; dropping it counts the watch as ended.
struct OpenWatch(HealthService);

impl Drop for OpenWatch {
    fn drop(&mut self) {
        self.0.watch_ended();
    }
}

fn set(state: &mut State, service: &str, status: ServingStatus) {
    if state.statuses.insert(service.to_owned(), status) == Some(status) {
        return;
    }
    // A send fails once the watch has ended: forget that watcher.
    state
        .watchers
        .retain(|(watched, tx)| watched != service || tx.unbounded_send(status).is_ok());
}

fn response(status: ServingStatus) -> HealthCheckResponse {
    HealthCheckResponse {
        status: status.into(),
        ..Default::default()
    }
}

impl Health for HealthService {
    fn check(
        &mut self,
        ctx: RpcContext<'_>,
        req: HealthCheckRequest,
        sink: UnarySink<HealthCheckResponse>,
    ) {
        let mut call = self.stats.call_started(&ctx);
        call.received(message_bytes(&req));
        let (reply, code) = match self.status(&req.service) {
            Some(status) => {
                let answer = response(status);
                call.sent(message_bytes(&answer));
                (sink.success(answer), RpcStatusCode::OK)
            }
            None if req.service.len() > MAX_SERVICE_NAME => {
                (sink.fail(name_too_long()), RpcStatusCode::INVALID_ARGUMENT)
            }
            None => (
                sink.fail(RpcStatus::with_message(
                    RpcStatusCode::NOT_FOUND,
                    format!("unknown service {:?}", req.service),
                )),
                RpcStatusCode::NOT_FOUND,
            ),
        };
        spawn_caught(&ctx, async move {
            match reply.await {
                Ok(()) => call.end(code),
                Err(e) => {
                    debug!("health check answer not delivered: {e}");
                    call.end(code_of(&e));
                }
            }
        });
    }

    fn watch(
        &mut self,
        ctx: RpcContext<'_>,
        req: HealthCheckRequest,
        mut sink: ServerStreamingSink<HealthCheckResponse>,
    ) {
        let mut call = self.stats.call_started(&ctx);
        call.received(message_bytes(&req));
        if req.service.len() > MAX_SERVICE_NAME {
            // No watch is kept for a name no service can have.
            let refusal = sink.fail(name_too_long());
            spawn_caught(&ctx, async move {
                match refusal.await {
                    Ok(()) => call.end(RpcStatusCode::INVALID_ARGUMENT),
                    Err(e) => call.end(code_of(&e)),
                }
            });
            return;
        }
        let (tx, mut changes) = mpsc::unbounded();
        let current = {
            let mut state = self.state();
            state.open_watches += 1;
            state.watchers.retain(|(_, tx)| !tx.is_closed());
            if !state.closing {
                // Once closing, the sender is dropped at once: the watch ends after its
                // first answer.
                state.watchers.push((req.service.clone(), tx));
            }
            // As grpc-go: an unknown service is reported, and the watch stays open in case
            // it appears.
            state
                .statuses
                .get(&req.service)
                .copied()
                .unwrap_or(ServingStatus::SERVICE_UNKNOWN)
        };
        // Counts the watch as open for as long as its future lives, however it ends.
        let open = OpenWatch(self.clone());
        spawn_caught(&ctx, async move {
            let _open = open;
            let result: Result<(), Error> = async {
                let answer = response(current);
                let bytes = message_bytes(&answer);
                sink.send((answer, WriteFlags::default())).await?;
                call.sent(bytes);
                loop {
                    // Waits for a change, while keeping an eye on the call: the sink reports
                    // a client that cancelled the watch, which would otherwise go unnoticed
                    // until the next change.
                    let next = future::poll_fn(|cx| {
                        if let Poll::Ready(next) = Pin::new(&mut changes).poll_next(cx) {
                            return Poll::Ready(Ok(next));
                        }
                        match Pin::new(&mut sink).poll_ready(cx) {
                            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
                            _ => Poll::Pending,
                        }
                    })
                    .await?;
                    match next {
                        Some(status) => {
                            let answer = response(status);
                            let bytes = message_bytes(&answer);
                            sink.send((answer, WriteFlags::default())).await?;
                            call.sent(bytes);
                        }
                        None => break,
                    }
                }
                sink.close().await
            }
            .await;
            match result {
                Ok(()) => call.end(RpcStatusCode::OK),
                Err(e) => {
                    if !matches!(e, Error::RemoteStopped) {
                        debug!("health watch ended: {e}");
                    }
                    call.end(code_of(&e));
                }
            }
        });
    }
}
