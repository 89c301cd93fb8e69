//! Opening an input that may have changed since it was listed.
//!
//! Builds and packagers read each file some time after they listed it, and by
//! path. Whatever replaces a file meanwhile (a link to `/etc/shadow`, a FIFO
//! that would block the read for ever, a link to `/dev/zero` that would never
//! end) must not reach an artefact: a file is opened without blocking, and the
//! open handle is checked to be a regular file and, where the lister recorded
//! it, the same file (device and inode). Callers read no more than the size
//! they listed, and one byte more to tell that it grew.

use std::fs::{File, Metadata};
use std::io;
use std::path::Path;

/// Which file a path led to: its device and inode (on Unix; elsewhere
/// nothing is compared).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FileIdentity {
    device: u64,
    inode: u64,
}

impl FileIdentity {
    pub fn of(metadata: &Metadata) -> Self {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            FileIdentity { device: metadata.dev(), inode: metadata.ino() }
        }
        #[cfg(not(unix))]
        {
            let _ = metadata;
            FileIdentity::default()
        }
    }
}

/// Open `path` (links followed) for reading without ever blocking on it:
/// opening a FIFO for reading waits for a writer, unless asked not to. Reads of
/// a regular file ignore the flag. The caller checks what it opened.
pub fn open_nonblocking(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// [`open_nonblocking`], refusing anything but a regular file (`ErrorKind::InvalidInput`).
pub fn open_regular(path: &Path) -> io::Result<(File, Metadata)> {
    let file = open_nonblocking(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "it is not a regular file"));
    }
    Ok((file, metadata))
}

/// Open a file listed earlier as the regular file `listed`: anything else
/// there now is an error saying it changed, to run again.
pub fn open_listed(path: &Path, listed: FileIdentity) -> io::Result<File> {
    let (file, metadata) = open_regular(path).map_err(|e| match e.kind() {
        io::ErrorKind::InvalidInput => changed("it was replaced by something other than a file"),
        _ => e,
    })?;
    if FileIdentity::of(&metadata) != listed {
        return Err(changed("it was replaced by another file"));
    }
    Ok(file)
}

/// The error when `read` bytes were found of a file listed with `listed` bytes.
pub fn check_listed_size(listed: u64, read: u64) -> io::Result<()> {
    match read == listed {
        true => Ok(()),
        false => Err(size_changed(listed, read)),
    }
}

/// A file listed with `listed` bytes of which `read` (another number) were found.
pub fn size_changed(listed: u64, read: u64) -> io::Error {
    match read > listed {
        true => changed(&format!("it grew past the {listed} bytes it had when it was selected")),
        false => changed(&format!("it shrank from {listed} to {read} bytes")),
    }
}

fn changed(what: &str) -> io::Error {
    io::Error::other(format!("{what} while aps-pack was reading it; run again"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_listed_regular_file_opens() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        std::fs::write(&a, "x").unwrap();
        std::fs::write(&b, "x").unwrap();
        let listed = FileIdentity::of(&std::fs::metadata(&a).unwrap());
        assert!(open_listed(&a, listed).is_ok());
        let err = open_listed(&b, listed).unwrap_err().to_string();
        assert!(err.contains("replaced by another file"), "{err}");
        assert_eq!(open_regular(tmp.path()).unwrap_err().kind(), io::ErrorKind::InvalidInput);
        assert!(check_listed_size(1, 1).is_ok());
        assert!(check_listed_size(1, 2).unwrap_err().to_string().contains("grew past the 1 bytes"));
    }
}
