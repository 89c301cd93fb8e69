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

/// [`open_regular`], refusing a file that is not below `root` (a canonical path)
/// once opened: what was checked by path (canonicalised, say) may have become a
/// link out of the tree by the time it is opened. The error's kind is
/// `PermissionDenied`. Only Linux tells where an open file is; elsewhere this
/// is [`open_regular`].
pub fn open_regular_within(path: &Path, root: &Path) -> io::Result<(File, Metadata)> {
    let (file, metadata) = open_regular(path)?;
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        if let Ok(opened) = std::fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd())) {
            if !opened.starts_with(root) {
                return Err(io::Error::new(
                    io::ErrorKind::PermissionDenied,
                    format!("it leads out of {} (to {})", root.display(), opened.display()),
                ));
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = root;
    Ok((file, metadata))
}

/// Open a file listed earlier as the regular file `listed`, below `root` (a
/// canonical path) if there is one: anything else there now is an error saying it changed, to
/// run again.
pub fn open_listed(path: &Path, listed: FileIdentity, root: Option<&Path>) -> io::Result<File> {
    let opened = match root {
        Some(root) => open_regular_within(path, root),
        None => open_regular(path),
    };
    let (file, metadata) = opened.map_err(|e| match e.kind() {
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

/// The error for an input found other than listed: `what` happened "while aps-pack
/// was reading it; run again".
pub fn changed(what: &str) -> io::Error {
    io::Error::other(format!("{what} while aps-pack was reading it; run again"))
}

/// `err` with the path it is about: "cannot read PATH: err".
pub fn naming(path: &Path, err: io::Error) -> io::Error {
    io::Error::new(err.kind(), format!("cannot read {}: {err}", path.display()))
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
        let root = std::fs::canonicalize(tmp.path()).unwrap();
        assert!(open_listed(&a, listed, Some(&root)).is_ok());
        let err = open_listed(&b, listed, Some(&root)).unwrap_err().to_string();
        assert!(err.contains("replaced by another file"), "{err}");
        let elsewhere = tempfile::tempdir().unwrap();
        let outside = elsewhere.path().join("c");
        std::fs::write(&outside, "x").unwrap();
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&outside, &link).unwrap();
        let err = open_regular_within(&link, &root).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::PermissionDenied, "{err}");
        let err = open_listed(&b, listed, Some(&root)).unwrap_err().to_string();
        assert!(err.contains("replaced by another file"), "{err}");
        assert_eq!(open_regular(tmp.path()).unwrap_err().kind(), io::ErrorKind::InvalidInput);
        assert!(check_listed_size(1, 1).is_ok());
        assert!(check_listed_size(1, 2).unwrap_err().to_string().contains("grew past the 1 bytes"));
    }
}
