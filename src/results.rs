//! What `build`, `sign` and `zstack package`/`publish` made, as the `result` of their JSON
//! form (`--format json`): paths, sizes and SHA-256 of the files written, signers,
//! versions. A CI step reads these instead of guessing file names.

use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::io::{Read, Seek};
use std::path::Path;

/// `{"path", "size", "sha256"}` of a file just written (read back, so the figures are the
/// file's own); `kind` names what it is (`app.zip`, `application.tar.gz`, `bin`).
pub fn file(kind: &str, path: &Path) -> Value {
    artifact(kind, path, std::fs::File::open(path))
}

/// [`file`] of an archive read through the handle it was written with, so the figures are
/// those of the bytes this run wrote, whatever has replaced `path` since.
pub fn written(kind: &str, path: &Path, mut handle: &std::fs::File) -> Value {
    let rewound = handle.seek(std::io::SeekFrom::Start(0)).map(|_| handle);
    artifact(kind, path, rewound)
}

fn artifact(kind: &str, path: &Path, reader: std::io::Result<impl Read>) -> Value {
    let (size, sha256) = match reader.and_then(digest) {
        Ok(d) => d,
        Err(_) => {
            return json!({ "kind": kind, "path": aps_diag::display_path(path), "size": null, "sha256": null })
        }
    };
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
