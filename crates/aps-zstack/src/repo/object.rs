//! S3-compatible object storage (AWS S3, Alibaba OSS, Ceph RGW, MinIO,
//! SeaweedFS) as a repository: `s3://BUCKET/PREFIX`. The same keys as a
//! folder repository's paths under PREFIX.
//!
//! Credentials, region and endpoint come from the environment only
//! (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`,
//! `AWS_REGION`, `AWS_ENDPOINT_URL`, `AWS_ALLOW_HTTP`), never from the command
//! line, and never appear in messages. `object_store` is asynchronous; a small
//! current-thread runtime drives it here, so the rest of the crate stays
//! synchronous.

use super::layout::{scan_keys, Scan};
use super::storage::{Meta, Storage};
use super::RepoError;
use crate::hashing::HashingWriter;
use crate::targz::Digest;
use aps_diag::Progress;
use futures_util::stream::{FuturesUnordered, StreamExt, TryStreamExt};
use object_store::aws::{AmazonS3, AmazonS3Builder, Checksum};
use object_store::path::Path as ObjectPath;
use object_store::{
    ObjectStore, ObjectStoreExt, PutMode, PutMultipartOptions, PutOptions, PutPayload, UpdateVersion,
};
use std::io::{self, Read};

/// Size of one part of a multipart upload.
const PART: usize = 8 << 20;
/// Parts uploaded at once (bounds memory: about this many parts plus one).
const PARTS_IN_FLIGHT: usize = 3;

/// `s3://BUCKET/PREFIX` taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoUrl {
    pub bucket: String,
    /// Without leading or trailing `/`; empty for the bucket's top.
    pub prefix: String,
}

impl RepoUrl {
    /// `Ok(None)` when `text` is not an `s3://` address (a folder path).
    pub fn parse(text: &str) -> Result<Option<RepoUrl>, RepoError> {
        let Some(rest) = text.strip_prefix("s3://") else { return Ok(None) };
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        let bad_bucket = bucket.is_empty()
            || !bucket
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
        if bad_bucket {
            return Err(RepoError::new(format!("`{text}`: `{bucket}` is not a bucket name")).help(
                "write s3://BUCKET/PREFIX, with a bucket name of lower-case letters, digits, `-` and `.`",
            ));
        }
        let prefix = prefix.trim_matches('/');
        if prefix.split('/').any(|p| p == "." || p == "..") || prefix.contains("//") {
            return Err(RepoError::new(format!(
                "`{text}`: the prefix must not hold empty, `.` or `..` parts"
            ))
            .help("write s3://BUCKET/PREFIX, such as s3://marketplace/zstack"));
        }
        Ok(Some(RepoUrl { bucket: bucket.to_string(), prefix: prefix.to_string() }))
    }
}

impl std::fmt::Display for RepoUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.prefix.is_empty() {
            write!(f, "s3://{}", self.bucket)
        } else {
            write!(f, "s3://{}/{}", self.bucket, self.prefix)
        }
    }
}

/// A repository in a bucket.
pub struct ObjectRepo {
    url: RepoUrl,
    display: String,
    store: AmazonS3,
    rt: tokio::runtime::Runtime,
}

impl std::fmt::Debug for ObjectRepo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ObjectRepo").field("url", &self.url).finish_non_exhaustive()
    }
}

/// An object storage failure as a message (object_store's errors name the
/// request and the server's answer, never the credentials).
fn failed(what: &str, key: &str, e: impl std::fmt::Display) -> RepoError {
    RepoError::new(format!("{what} {key}: {e}")).help(
        "check AWS_ENDPOINT_URL, AWS_REGION and the credentials in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY \
         (AWS_ALLOW_HTTP=true for a plain-HTTP endpoint)",
    )
}

fn to_io(e: object_store::Error) -> io::Error {
    match e {
        object_store::Error::NotFound { .. } => io::Error::new(io::ErrorKind::NotFound, e.to_string()),
        e => io::Error::other(e.to_string()),
    }
}

impl ObjectRepo {
    /// Connect (lazily: nothing is sent until the first request) with the
    /// settings of the environment.
    pub fn open(url: &RepoUrl) -> Result<Self, RepoError> {
        // TLS through rustls with ring, installed once for the process.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| RepoError::new(format!("cannot start the network runtime: {e}")))?;
        let store = AmazonS3Builder::from_env()
            .with_bucket_name(&url.bucket)
            .with_checksum_algorithm(Checksum::SHA256)
            .build()
            .map_err(|e| failed("cannot use", &url.to_string(), e))?;
        Ok(ObjectRepo { url: url.clone(), display: url.to_string(), store, rt })
    }

    fn key(&self, rel: &str) -> ObjectPath {
        if self.url.prefix.is_empty() {
            ObjectPath::from(rel)
        } else {
            ObjectPath::from(format!("{}/{rel}", self.url.prefix))
        }
    }

    fn shown(&self, rel: &str) -> String {
        format!("{}/{rel}", self.display)
    }

    /// Every key under the prefix, relative to it, with its size.
    pub fn list(&self) -> Result<Vec<(String, u64)>, RepoError> {
        let prefix =
            if self.url.prefix.is_empty() { None } else { Some(ObjectPath::from(self.url.prefix.as_str())) };
        let metas: Vec<object_store::ObjectMeta> = self
            .rt
            .block_on(self.store.list(prefix.as_ref()).try_collect())
            .map_err(|e| failed("cannot list", &self.display, e))?;
        let strip = if self.url.prefix.is_empty() { String::new() } else { format!("{}/", self.url.prefix) };
        let mut out: Vec<(String, u64)> = metas
            .into_iter()
            .filter_map(|m| {
                let key = m.location.to_string();
                key.strip_prefix(&strip).map(|rel| (rel.to_string(), m.size))
            })
            .collect();
        out.sort();
        Ok(out)
    }

    /// Upload `src` (`size` bytes) to `rel`: one request for a small file,
    /// a multipart upload of 8 MiB parts otherwise (each part with its SHA-256,
    /// which the server checks). The object appears only when complete. The
    /// bytes are hashed on the way; if they are not `expected`, the upload is
    /// abandoned before it completes.
    pub fn upload(
        &self,
        rel: &str,
        src: &mut dyn Read,
        expected: &Digest,
        progress: &dyn Progress,
    ) -> Result<(), RepoError> {
        progress.start(&format!("uploading {rel}"), expected.size);
        let result = self.rt.block_on(async {
            let key = self.key(rel);
            let shown = self.shown(rel);
            let mut hashing = HashingWriter::new(io::sink());
            let read_err =
                |e: io::Error| RepoError::new(format!("cannot read what is uploaded to {shown}: {e}"));
            if expected.size <= PART as u64 {
                let chunk = read_chunk(src, PART).map_err(read_err)?;
                io::Write::write_all(&mut hashing, &chunk).map_err(read_err)?;
                check_digest(hashing.finish().1, expected, &shown)?;
                progress.advance(chunk.len() as u64);
                self.store
                    .put_opts(&key, PutPayload::from(chunk), PutOptions::default())
                    .await
                    .map_err(|e| failed("cannot upload", &shown, e))?;
                return Ok(());
            }
            let mut upload = self
                .store
                .put_multipart_opts(&key, PutMultipartOptions::default())
                .await
                .map_err(|e| failed("cannot start uploading", &shown, e))?;
            let sent: Result<(), RepoError> = async {
                let mut inflight = FuturesUnordered::new();
                loop {
                    let chunk = read_chunk(src, PART).map_err(read_err)?;
                    if chunk.is_empty() {
                        break;
                    }
                    io::Write::write_all(&mut hashing, &chunk).map_err(read_err)?;
                    let n = chunk.len() as u64;
                    let part = upload.put_part(PutPayload::from(chunk));
                    inflight.push(async move { part.await.map(|()| n) });
                    while inflight.len() >= PARTS_IN_FLIGHT {
                        let Some(done) = inflight.next().await else { break };
                        progress.advance(done.map_err(|e| failed("cannot upload a part of", &shown, e))?);
                    }
                }
                while let Some(done) = inflight.next().await {
                    progress.advance(done.map_err(|e| failed("cannot upload a part of", &shown, e))?);
                }
                Ok(())
            }
            .await;
            match sent.and_then(|()| check_digest(hashing.finish().1, expected, &shown)) {
                Ok(()) => {
                    upload
                        .complete()
                        .await
                        .map_err(|e| failed("cannot complete the upload of", &shown, e))?;
                    Ok(())
                }
                Err(e) => {
                    let _ = upload.abort().await;
                    Err(e)
                }
            }
        });
        progress.finish();
        result
    }
}

/// Read up to `limit` bytes (less only at the end of `src`).
fn read_chunk(src: &mut dyn Read, limit: usize) -> io::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(limit);
    src.take(limit as u64).read_to_end(&mut buf)?;
    Ok(buf)
}

fn check_digest(got: Digest, expected: &Digest, shown: &str) -> Result<(), RepoError> {
    if got.size != expected.size || got.sha256 != expected.sha256 {
        return Err(RepoError::new(format!(
            "the bytes uploaded to {shown} changed while being read ({} bytes, SHA-256 {}; expected {} bytes, {}); \
             the upload was abandoned",
            got.size, got.sha256, expected.size, expected.sha256
        ))
        .help("publish again, without changing the input meanwhile"));
    }
    Ok(())
}

impl Storage for ObjectRepo {
    fn display(&self) -> &str {
        &self.display
    }

    fn scan(&self) -> Result<Scan, RepoError> {
        let keys = self.list()?;
        Ok(scan_keys(keys.iter().map(|(k, _)| k.as_str())))
    }

    fn read_meta(&self, name: &str) -> Result<Option<Meta>, RepoError> {
        let key = self.key(name);
        let shown = self.shown(name);
        self.rt.block_on(async {
            let got = match self.store.get(&key).await {
                Ok(got) => got,
                Err(object_store::Error::NotFound { .. }) => return Ok(None),
                Err(e) => return Err(failed("cannot read", &shown, e)),
            };
            if got.meta.size > aps_json::MAX_SOURCE_BYTES {
                return Err(RepoError::new(format!(
                    "{shown} is implausibly large ({} bytes)",
                    got.meta.size
                )));
            }
            let tag = got.meta.e_tag.clone().unwrap_or_default();
            let bytes = got.bytes().await.map_err(|e| failed("cannot read", &shown, e))?;
            Ok(Some(Meta { bytes: bytes.to_vec(), tag }))
        })
    }

    fn write_meta(&self, name: &str, bytes: &[u8], expected: Option<&str>) -> Result<bool, RepoError> {
        let key = self.key(name);
        let mode = match expected {
            None => PutMode::Create,
            Some(tag) => PutMode::Update(UpdateVersion { e_tag: Some(tag.to_string()), version: None }),
        };
        let opts = PutOptions { mode, ..PutOptions::default() };
        let payload = PutPayload::from(bytes.to_vec());
        match self.rt.block_on(self.store.put_opts(&key, payload, opts)) {
            Ok(_) => Ok(true),
            Err(object_store::Error::AlreadyExists { .. } | object_store::Error::Precondition { .. }) => {
                Ok(false)
            }
            Err(e) => Err(failed("cannot write", &self.shown(name), e)),
        }
    }

    fn open(&self, rel: &str) -> io::Result<Box<dyn Read + Send + '_>> {
        let got = self.rt.block_on(self.store.get(&self.key(rel))).map_err(to_io)?;
        let stream = got.into_stream();
        Ok(Box::new(StreamReader { rt: &self.rt, stream, buf: bytes::Bytes::new() }))
    }

    fn size(&self, rel: &str) -> io::Result<Option<u64>> {
        match self.rt.block_on(self.store.head(&self.key(rel))) {
            Ok(m) => Ok(Some(m.size)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(to_io(e)),
        }
    }
}

/// An object's body as a blocking reader, one network chunk at a time.
struct StreamReader<'a> {
    rt: &'a tokio::runtime::Runtime,
    stream: futures_util::stream::BoxStream<'static, object_store::Result<bytes::Bytes>>,
    buf: bytes::Bytes,
}

impl Read for StreamReader<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.buf.is_empty() {
            match self.rt.block_on(self.stream.next()) {
                None => return Ok(0),
                Some(Ok(b)) => self.buf = b,
                Some(Err(e)) => return Err(to_io(e)),
            }
        }
        let n = out.len().min(self.buf.len());
        out[..n].copy_from_slice(&self.buf[..n]);
        self.buf = self.buf.slice(n..);
        Ok(n)
    }
}
