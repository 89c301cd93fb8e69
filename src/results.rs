//! What `build`, `sign` and `zstack package`/`publish` made, as the `result` of their JSON
//! form (`--format json`): paths, sizes and SHA-256 of the files written, signers,
//! versions. A CI step reads these instead of guessing file names.

use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::io::{Read, Seek};
use std::path::Path;

/// `{"kind", "path", "size", "sha256"}` of a file this run wrote, read through the handle it
/// was written with: never by path, which another run writing to the same place may have
/// replaced since. `kind` names what it is (`app.zip`, `bin`).
pub fn written(kind: &str, path: &Path, mut handle: &std::fs::File) -> Value {
    match handle.seek(std::io::SeekFrom::Start(0)).and_then(|_| digest(handle)) {
        Ok((size, sha256)) => hashed(kind, path, size, &sha256),
        Err(_) => json!({ "kind": kind, "path": aps_diag::display_path(path), "size": null, "sha256": null }),
    }
}

/// [`written`] of a file whose size and SHA-256 were taken while it was written
/// (`application.tar.gz`).
pub fn hashed(kind: &str, path: &Path, size: u64, sha256: &str) -> Value {
    json!({ "kind": kind, "path": aps_diag::display_path(path), "size": size, "sha256": sha256 })
}

fn digest(mut file: impl Read) -> std::io::Result<(u64, String)> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hasher.update(&buf[..n]);
    }
    Ok((size, aps_diag::hex(&hasher.finalize())))
}

/// A signer: its certificate's subject and SHA-256 fingerprint (of the DER certificate, as
/// `openssl x509 -fingerprint -sha256` prints it, without the colons).
pub fn signer(s: &aps_archive::keys::Signer) -> Value {
    let fingerprint = s.certificates.first().map(|der| aps_diag::hex(&Sha256::digest(der)));
    json!({ "subject": s.subject, "sha256_fingerprint": fingerprint })
}
