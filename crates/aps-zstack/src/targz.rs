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
        let mut file = aps_diag::reading::open_listed(&e.abs, e.identity, Some(&e.root))
            .map_err(|err| reading(e, err))?;
        let mut left = e.size;
        while left > 0 {
            let want = buf.len().min(left as usize);
            let n = file.read(&mut buf[..want]).map_err(|err| reading(e, err))?;
            if n == 0 {
                return Err(reading(e, aps_diag::reading::size_changed(e.size, e.size - left)));
            }
            gz.write_all(&buf[..n])?;
            left -= n as u64;
        }
        if file.read(&mut buf[..1]).map_err(|err| reading(e, err))? != 0 {
            return Err(reading(e, aps_diag::reading::size_changed(e.size, e.size + 1)));
        }
        gz.write_all(&[0u8; ustar::BLOCK][..ustar::padding(e.size)])?;
    }
    gz.write_all(&ustar::END_OF_ARCHIVE)?;
    let hashing = gz.finish()?;
    let (mut out, digest) = hashing.finish();
    out.flush()?;
    Ok(digest)
}

/// A failed read of `e`, naming the file.
fn reading(e: &Entry, err: io::Error) -> io::Error {
    aps_diag::reading::naming(&e.abs, err)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file replaced, or resized, after the version folder was listed is not packed.
    #[test]
    fn a_file_changed_after_listing_stops_the_archive() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("run.sh");
        let pack = || {
            let listing = crate::appdir::list(tmp.path()).unwrap();
            move || write_app_targz(&listing.entries, 0, io::sink()).map(|_| ()).unwrap_err().to_string()
        };
        std::fs::write(&path, "echo hi\n").unwrap();
        let write = pack();
        std::fs::remove_file(&path).unwrap();
        std::os::unix::fs::symlink("/dev/zero", &path).unwrap();
        assert!(write().contains("replaced by something other than a file"));

        std::fs::remove_file(&path).unwrap();
        std::fs::write(&path, "echo hi\n").unwrap();
        let write = pack();
        std::fs::write(&path, "echo hello\n").unwrap();
        let err = write();
        assert!(err.contains("run.sh: it grew past the 8 bytes"), "{err}");

        let write = pack();
        std::fs::write(&path, "echo\n").unwrap();
        let err = write();
        assert!(err.contains("it shrank from 11 to 5 bytes"), "{err}");
    }
}
