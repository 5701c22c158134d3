//! What the loopback test servers have in common: a listener on a free port
//! whose connections are each served on a detached thread of their own, until
//! the server is dropped. No thread of it keeps the test process from exiting.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::Duration;

/// The state a server's connections share: it says when the server stops.
pub trait Shared: Send + Sync + 'static {
    /// Set when the server is dropped; long-running replies watch it.
    fn stopping(&self) -> &AtomicBool;
}

/// A listening server; `serve` handles each connection with the shared state.
#[derive(Debug)]
pub struct Listener<S: Shared> {
    pub addr: SocketAddr,
    pub shared: Arc<S>,
}

impl<S: Shared> Listener<S> {
    /// Listens on the loopback address `ip` on a free port.
    pub fn start(ip: &str, shared: S, serve: fn(TcpStream, &S)) -> Self {
        let listener = TcpListener::bind((ip, 0)).expect("bind a loopback test server");
        let addr = listener.local_addr().expect("loopback test server address");
        let shared = Arc::new(shared);
        let accepting = Arc::clone(&shared);
        thread::spawn(move || {
            for stream in listener.incoming() {
                if accepting.stopping().load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let shared = Arc::clone(&accepting);
                thread::spawn(move || serve(stream, &shared));
            }
        });
        Listener { addr, shared }
    }
}

impl<S: Shared> Drop for Listener<S> {
    fn drop(&mut self) {
        self.shared.stopping().store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag and closes the listener.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
    }
}

/// Locks `mutex`, ignoring poisoning: a panicking server thread must not hide
/// what it recorded from the test's own assertions.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
