//! The deterministic `application.tar.gz`.

use crate::appdir::Entry;
use crate::hashing::HashingWriter;
use crate::ustar::{self, Member, MemberKind};
use flate2::{Compression, GzBuilder};
use std::io::{self, Read, Write};

/// The fixed deflate level: the archive is small (metadata and Terraform
/// files), so the best ratio costs nothing noticeable, and a fixed level is part of
/// byte-for-byte reproducibility.
const LEVEL: u32 = 9;

/// Size and SHA-256 of a written artefact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest {
    pub size: u64,
    pub sha256: String,
}

/// Write `entries` (already in archive order) as a gzip-compressed ustar
/// archive to `out`: owner 0/0 without names, mode 0755 for folders and
/// executables and 0644 otherwise, every mtime `mtime`; the gzip header has
/// mtime 0, no file name and OS byte 255 (unknown), whatever the build machine.
pub fn write_app_targz<W: Write>(entries: &[Entry], mtime: u64, out: W) -> io::Result<Digest> {
    let hashing = HashingWriter::new(out);
    let mut gz = GzBuilder::new().mtime(0).operating_system(255).write(hashing, Compression::new(LEVEL));
    let mut buf = vec![0u8; 64 * 1024];
    for e in entries {
        let member = Member {
            path: e.rel.clone(),
            kind: if e.is_dir { MemberKind::Dir } else { MemberKind::File },
            mode: if e.is_dir || e.executable { 0o755 } else { 0o644 },
            size: e.size,
            mtime,
        };
        gz.write_all(&ustar::header(&member).map_err(io::Error::other)?)?;
        if e.is_dir {
            continue;
        }
        let mut file = std::fs::File::open(&e.abs)?;
        let mut left = e.size;
        while left > 0 {
            let want = buf.len().min(left as usize);
            let n = file.read(&mut buf[..want])?;
            if n == 0 {
                return Err(changed(e));
            }
            gz.write_all(&buf[..n])?;
            left -= n as u64;
        }
        if file.read(&mut buf[..1])? != 0 {
            return Err(changed(e));
        }
        gz.write_all(&[0u8; ustar::BLOCK][..ustar::padding(e.size)])?;
    }
    gz.write_all(&ustar::END_OF_ARCHIVE)?;
    let hashing = gz.finish()?;
    let (mut out, digest) = hashing.finish();
    out.flush()?;
    Ok(digest)
}

fn changed(e: &Entry) -> io::Error {
    io::Error::other(format!("{} changed size while it was being packed", e.abs.display()))
}
