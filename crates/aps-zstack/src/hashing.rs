//! SHA-256 while data passes, on this thread or on another core.

use crate::names::hex;
use crate::targz::Digest;
use sha2::{Digest as _, Sha256};
use std::io::{self, Write};
use std::sync::mpsc;
use std::sync::Arc;
use std::thread::JoinHandle;

/// A writer that counts and hashes what goes through it.
pub struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
    size: u64,
}

impl<W: Write> HashingWriter<W> {
    pub fn new(inner: W) -> Self {
        HashingWriter { inner, hasher: Sha256::new(), size: 0 }
    }
    pub fn finish(self) -> (W, Digest) {
        (self.inner, Digest { size: self.size, sha256: hex(&self.hasher.finalize()) })
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.size += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// SHA-256 of a byte slice.
pub fn sha256_bytes(bytes: &[u8]) -> Digest {
    Digest { size: bytes.len() as u64, sha256: hex(&Sha256::digest(bytes)) }
}

/// A hasher running on its own thread, fed shared chunks through a bounded
/// queue: the thread that reads and writes never waits for SHA-256 (on two
/// cores the copy and the hash overlap), and memory stays at a few chunks.
pub struct BackgroundHasher {
    tx: Option<mpsc::SyncSender<Arc<Vec<u8>>>>,
    handle: Option<JoinHandle<Digest>>,
}

/// Chunks queued per hasher before the writer waits.
const QUEUE_DEPTH: usize = 8;

impl BackgroundHasher {
    pub fn spawn() -> Self {
        let (tx, rx) = mpsc::sync_channel::<Arc<Vec<u8>>>(QUEUE_DEPTH);
        let handle = std::thread::spawn(move || {
            let mut hasher = Sha256::new();
            let mut size = 0u64;
            for chunk in rx {
                hasher.update(&chunk[..]);
                size += chunk.len() as u64;
            }
            Digest { size, sha256: hex(&hasher.finalize()) }
        });
        BackgroundHasher { tx: Some(tx), handle: Some(handle) }
    }

    pub fn feed(&self, chunk: &Arc<Vec<u8>>) -> io::Result<()> {
        match &self.tx {
            Some(tx) => tx.send(Arc::clone(chunk)).map_err(|_| io::Error::other("hashing thread stopped")),
            None => Err(io::Error::other("hashing already finished")),
        }
    }

    pub fn finish(mut self) -> io::Result<Digest> {
        drop(self.tx.take());
        match self.handle.take() {
            Some(h) => h.join().map_err(|_| io::Error::other("hashing thread panicked")),
            None => Err(io::Error::other("hashing already finished")),
        }
    }
}

/// Size and SHA-256 of a file, streamed.
pub fn sha256_file(path: &std::path::Path) -> io::Result<Digest> {
    let (mut file, _) = aps_diag::reading::open_regular(path)?;
    let mut hasher = HashingWriter::new(io::sink());
    io::copy(&mut file, &mut hasher)?;
    Ok(hasher.finish().1)
}
