/// Progress of long work (building an archive, packaging an image), reported
/// in bytes. Libraries call it; the CLI decides whether anything is shown
/// (a bar on a terminal, nothing otherwise). Implementations must be cheap:
/// `advance` is called from worker threads for every chunk.
pub trait Progress: Sync {
    /// Work of `total_bytes` starts; `what` names it ("building hello-1.0-1.app.zip").
    fn start(&self, _what: &str, _total_bytes: u64) {}
    /// `bytes` more are done.
    fn advance(&self, _bytes: u64) {}
    /// The work is over (successfully or not).
    fn finish(&self) {}
}

/// Reports nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoProgress;

impl Progress for NoProgress {}
