//! The standard health service: SERVING while the server is up, NOT_SERVING once it drains.

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::Poll;

use futures::channel::mpsc::{self, UnboundedSender};
use futures::{future, Sink, SinkExt, Stream};
use grpcio::{
    Error, RpcContext, RpcStatus, RpcStatusCode, ServerStreamingSink, UnarySink, WriteFlags,
};
use log::debug;
use users_grpc::health::{Health, HealthCheckRequest, HealthCheckResponse, ServingStatus};

#[derive(Default)]
struct State {
    statuses: HashMap<String, ServingStatus>,
    watchers: Vec<(String, UnboundedSender<ServingStatus>)>,
    shut_down: bool,
}

/// The statuses the health service reports, shared by every call.
#[derive(Clone, Default)]
pub struct HealthService {
    state: Arc<Mutex<State>>,
}

impl HealthService {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Sets the status of `service` (`""` is the whole server) and tells its watchers.
    pub fn set_status(&self, service: &str, status: ServingStatus) {
        let mut state = self.state();
        if state.shut_down {
            return;
        }
        set(&mut state, service, status);
    }

    /// Reports NOT_SERVING for every service from now on, whatever is set later.
    pub fn shutdown(&self) {
        let mut state = self.state();
        state.shut_down = true;
        let services: Vec<String> = state.statuses.keys().cloned().collect();
        for service in services {
            set(&mut state, &service, ServingStatus::NOT_SERVING);
        }
    }

    /// The status of `service`, if it is known.
    pub fn status(&self, service: &str) -> Option<ServingStatus> {
        self.state().statuses.get(service).copied()
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
        let reply = match self.status(&req.service) {
            Some(status) => sink.success(response(status)),
            None => sink.fail(RpcStatus::with_message(
                RpcStatusCode::NOT_FOUND,
                format!("unknown service {:?}", req.service),
            )),
        };
        ctx.spawn(async move {
            if let Err(e) = reply.await {
                debug!("health check answer not delivered: {e}");
            }
        });
    }

    fn watch(
        &mut self,
        ctx: RpcContext<'_>,
        req: HealthCheckRequest,
        mut sink: ServerStreamingSink<HealthCheckResponse>,
    ) {
        let (tx, mut changes) = mpsc::unbounded();
        let current = {
            let mut state = self.state();
            state.watchers.retain(|(_, tx)| !tx.is_closed());
            state.watchers.push((req.service.clone(), tx));
            // As grpc-go: an unknown service is reported, and the watch stays open in case
            // it appears.
            state
                .statuses
                .get(&req.service)
                .copied()
                .unwrap_or(ServingStatus::SERVICE_UNKNOWN)
        };
        ctx.spawn(async move {
            let result: Result<(), Error> = async {
                sink.send((response(current), WriteFlags::default()))
                    .await?;
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
                            sink.send((response(status), WriteFlags::default())).await?
                        }
                        None => break,
                    }
                }
                sink.close().await
            }
            .await;
            match result {
                Ok(()) | Err(Error::RemoteStopped) => {}
                Err(e) => debug!("health watch ended: {e}"),
            }
        });
    }
}
