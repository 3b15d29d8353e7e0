//! Panic isolation for streaming handlers.
//!
//! grpcio polls handler futures on its completion-queue threads without catching panics: a
//! panicking handler would kill its thread and strand every call that thread serves. Handlers
//! registered through this crate run under a guard instead. The guard owns the call's request
//! stream and sink, and hands the handler [`Requests`] and [`Responses`], which reach them
//! through it. When the handler panics, before it returns its future or while that future
//! runs, the guard ends the call with `INTERNAL` and the thread goes on serving.
//!
//! Owning both halves matters: grpcio cancels a call as soon as its request stream or sink
//! is dropped unfinished, which unwinding would do before any status could be sent.

use std::any::Any;
use std::cell::Cell;
use std::future::Future;
use std::panic::{self, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};

use futures::future::{self, BoxFuture};
use futures::{Sink, Stream};
use grpcio::{DuplexSink, Error, RequestStream, RpcContext, RpcStatus, RpcStatusCode, WriteFlags};
use log::error;

/// The message a call ends with when its handler panicked.
pub const PANIC_MESSAGE: &str = "internal error: the request handler failed";

static PANICS: AtomicU64 = AtomicU64::new(0);

thread_local! {
    static DROPPING_PANICKED: Cell<bool> = const { Cell::new(false) };
}

/// How many handlers have panicked in this process.
pub fn panics() -> u64 {
    PANICS.load(Ordering::Relaxed)
}

/// Whether the current thread is unwinding from a handler's panic or dropping the state of a
/// handler that panicked: what is dropped now belongs to a call that ends with INTERNAL.
pub fn dropping_after_panic() -> bool {
    std::thread::panicking() || DROPPING_PANICKED.with(Cell::get)
}

/// The halves of one call, shared by the handler's wrappers and the guard.
struct Halves<Req, Resp> {
    requests: Option<RequestStream<Req>>,
    sink: Option<DuplexSink<Resp>>,
    /// The handler has started to end the call (close or fail): the guard leaves it alone.
    ending: bool,
}

type Shared<Req, Resp> = Arc<Mutex<Halves<Req, Resp>>>;

fn lock<Req, Resp>(shared: &Shared<Req, Resp>) -> MutexGuard<'_, Halves<Req, Resp>> {
    // A poisoned lock only means a panic happened while it was held; the halves are intact.
    shared.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The requests of a guarded call, as a stream.
pub struct Requests<Req, Resp> {
    shared: Shared<Req, Resp>,
}

impl<Req, Resp> Stream for Requests<Req, Resp> {
    type Item = grpcio::Result<Req>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let mut halves = lock(&self.shared);
        match halves.requests.as_mut() {
            Some(requests) => Pin::new(requests).poll_next(cx),
            // The guard has ended the call: a reader that outlived the handler's future (in
            // a task of its own) must not mistake that for the client's half-close.
            None => Poll::Ready(Some(Err(Error::RpcFinished(None)))),
        }
    }
}

/// The response sink of a guarded call.
pub struct Responses<Req, Resp> {
    shared: Shared<Req, Resp>,
}

impl<Req, Resp> Responses<Req, Resp> {
    /// Ends the call with `status` instead of OK.
    pub fn fail(self, status: RpcStatus) -> impl Future<Output = grpcio::Result<()>> {
        let sink = {
            let mut halves = lock(&self.shared);
            halves.ending = true;
            halves.sink.take()
        };
        async move {
            match sink {
                Some(sink) => sink.fail(status).await,
                None => Err(Error::RpcFinished(None)),
            }
        }
    }

    fn with_sink<R>(
        &self,
        f: impl FnOnce(Pin<&mut DuplexSink<Resp>>) -> grpcio::Result<R>,
    ) -> grpcio::Result<R> {
        let mut halves = lock(&self.shared);
        match halves.sink.as_mut() {
            Some(sink) => f(Pin::new(sink)),
            None => Err(Error::RpcFinished(None)),
        }
    }

    fn poll_with_sink(
        &self,
        f: impl FnOnce(Pin<&mut DuplexSink<Resp>>) -> Poll<grpcio::Result<()>>,
    ) -> Poll<grpcio::Result<()>> {
        let mut halves = lock(&self.shared);
        match halves.sink.as_mut() {
            Some(sink) => f(Pin::new(sink)),
            None => Poll::Ready(Err(Error::RpcFinished(None))),
        }
    }
}

impl<Req, Resp> Sink<(Resp, WriteFlags)> for Responses<Req, Resp> {
    type Error = Error;

    fn poll_ready(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<grpcio::Result<()>> {
        self.poll_with_sink(|sink| sink.poll_ready(cx))
    }

    fn start_send(self: Pin<&mut Self>, item: (Resp, WriteFlags)) -> grpcio::Result<()> {
        self.with_sink(|sink| sink.start_send(item))
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<grpcio::Result<()>> {
        self.poll_with_sink(|sink| sink.poll_flush(cx))
    }

    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<grpcio::Result<()>> {
        lock(&self.shared).ending = true;
        self.poll_with_sink(|sink| sink.poll_close(cx))
    }
}

/// Serves one duplex call under the guard.
///
/// `handler` gets the call's context and its guarded halves and returns the future that
/// serves the call; the future is spawned on the call's completion-queue thread.
pub fn serve<Req, Resp, H>(
    ctx: RpcContext<'_>,
    requests: RequestStream<Req>,
    sink: DuplexSink<Resp>,
    handler: H,
) where
    Req: Send + 'static,
    Resp: Send + 'static,
    H: FnOnce(&RpcContext<'_>, Requests<Req, Resp>, Responses<Req, Resp>) -> BoxFuture<'static, ()>,
{
    let shared = Arc::new(Mutex::new(Halves {
        requests: Some(requests),
        sink: Some(sink),
        ending: false,
    }));
    let method = String::from_utf8_lossy(ctx.method()).into_owned();
    let halves = (
        Requests {
            shared: Arc::clone(&shared),
        },
        Responses {
            shared: Arc::clone(&shared),
        },
    );
    let started = panic::catch_unwind(AssertUnwindSafe(|| handler(&ctx, halves.0, halves.1)));
    ctx.spawn(async move {
        let panicked = match started {
            Err(payload) => Some(payload),
            Ok(mut serving) => {
                let outcome = run_caught(&mut serving).await;
                // The wrappers the handler's future holds own nothing that could cancel the
                // call: dropping it now leaves the halves to the guard.
                if outcome.is_some() {
                    DROPPING_PANICKED.with(|d| d.set(true));
                    // The state of a handler that panicked may panic again as it drops.
                    let dropped = panic::catch_unwind(AssertUnwindSafe(|| drop(serving)));
                    DROPPING_PANICKED.with(|d| d.set(false));
                    forget_panic(dropped.err());
                } else {
                    forget_panic(panic::catch_unwind(AssertUnwindSafe(|| drop(serving))).err());
                }
                outcome
            }
        };
        if let Some(payload) = panicked {
            report_panic(&method, payload, "the call ends with INTERNAL");
            let sink = {
                let mut halves = lock(&shared);
                if halves.ending {
                    None
                } else {
                    halves.sink.take()
                }
            };
            if let Some(sink) = sink {
                let status = RpcStatus::with_message(RpcStatusCode::INTERNAL, PANIC_MESSAGE.into());
                let _ = sink.fail(status).await;
            }
        }
        // The request stream goes last: dropped unfinished, it cancels a call still running.
        let requests = lock(&shared).requests.take();
        drop(requests);
    });
}

/// Spawns `future` on the call's completion-queue thread, catching a panic so that the thread
/// survives it; for handlers whose sink cannot be shared (unary and server-streaming), the
/// call then ends CANCELLED rather than INTERNAL.
pub fn spawn_caught<F>(ctx: &RpcContext<'_>, future: F)
where
    F: Future<Output = ()> + Send + 'static,
{
    let method = String::from_utf8_lossy(ctx.method()).into_owned();
    ctx.spawn(async move {
        let mut future: BoxFuture<'static, ()> = Box::pin(future);
        let panicked = run_caught(&mut future).await;
        forget_panic(panic::catch_unwind(AssertUnwindSafe(|| drop(future))).err());
        if let Some(payload) = panicked {
            report_panic(&method, payload, "the call is cancelled");
        }
    });
}

/// Polls `future` to its end, catching a panic in any of its polls: the panic's payload, if
/// it panicked. The future is left to the caller to drop, when that is safe.
async fn run_caught(future: &mut BoxFuture<'static, ()>) -> Option<Box<dyn Any + Send>> {
    future::poll_fn(
        |cx| match panic::catch_unwind(AssertUnwindSafe(|| future.as_mut().poll(cx))) {
            Ok(Poll::Ready(())) => Poll::Ready(None),
            Ok(Poll::Pending) => Poll::Pending,
            Err(payload) => Poll::Ready(Some(payload)),
        },
    )
    .await
}

/// Counts and logs the panic of `method`'s handler, saying what becomes of the call.
fn report_panic(method: &str, payload: Box<dyn Any + Send>, outcome: &str) {
    PANICS.fetch_add(1, Ordering::Relaxed);
    error!(
        "the handler of {method} panicked ({}); {outcome}",
        panic_text(&*payload)
    );
    forget_panic(Some(payload));
}

/// Drops a panic's payload without letting a panicking `Drop` of its own unwind further.
fn forget_panic(payload: Option<Box<dyn Any + Send>>) {
    if let Some(payload) = payload {
        if let Err(again) = panic::catch_unwind(AssertUnwindSafe(|| drop(payload))) {
            // The payload of a panic in that Drop is leaked rather than dropped in turn.
            std::mem::forget(again);
        }
    }
}

/// What a panic said, for the log.
fn panic_text(payload: &(dyn Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("no message")
}
