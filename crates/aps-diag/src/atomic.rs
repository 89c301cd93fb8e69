//! Outputs appear complete or not at all: each is written to a temporary file
//! in its target's folder and renamed over the target.
//!
//! Temporary files and folders are recorded in a process-wide registry, so
//! that an interrupted run (Ctrl-C, `kill`) removes them before it exits: an
//! interrupted build would otherwise leave a hidden file of up to the
//! archive's size behind. Their names carry [`TEMP_MARKER`]
//! (`.NAME.aps-pack-tmp-XXXXXXXX`), so leftovers of a run that could not clean
//! up (killed outright, power loss) are recognisable and removed by the next
//! run that writes in the same folder once they are old enough.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, SystemTime};

/// What every temporary file name holds.
pub const TEMP_MARKER: &str = ".aps-pack-tmp-";
/// Random characters in a temporary file's name.
const TEMP_RANDOM: usize = 8;

/// Leftovers younger than this may belong to a run still going on.
pub const STALE_AFTER: Duration = Duration::from_secs(10 * 60);

#[derive(Default)]
struct Registry {
    paths: BTreeSet<PathBuf>,
    /// Set once a termination signal is being handled: anything registered
    /// afterwards is removed at once.
    terminating: bool,
}

fn registry() -> &'static Mutex<Registry> {
    static REGISTRY: OnceLock<Mutex<Registry>> = OnceLock::new();
    REGISTRY.get_or_init(Default::default)
}

fn lock() -> std::sync::MutexGuard<'static, Registry> {
    // A panic while the lock was held leaves the set itself intact.
    registry().lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn remove_path(path: &Path) {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => {
            let _ = std::fs::remove_dir_all(path);
        }
        Ok(_) => {
            let _ = std::fs::remove_file(path);
        }
        Err(_) => {}
    }
}

/// Record a temporary file or folder to remove if the process is interrupted.
pub fn register(path: &Path) {
    let mut reg = lock();
    if reg.terminating {
        remove_path(path);
    } else {
        reg.paths.insert(path.to_path_buf());
    }
}

/// Forget a path (it was renamed into place or removed).
pub fn unregister(path: &Path) {
    lock().paths.remove(path);
}

/// Remove every registered path; later registrations are removed at once.
pub fn remove_registered() {
    let mut reg = lock();
    reg.terminating = true;
    for path in std::mem::take(&mut reg.paths) {
        remove_path(&path);
    }
}

/// Remove the registered temporary files when the process receives SIGINT,
/// SIGTERM or SIGHUP, then exit with status 130. Called once by the binary.
pub fn install_signal_cleanup() -> Result<(), SignalHandlerError> {
    ctrlc::set_handler(|| {
        remove_registered();
        std::process::exit(130);
    })
    .map_err(SignalHandlerError)
}

/// The interrupt handler could not be installed (another one is in place).
#[derive(Debug, thiserror::Error)]
#[error("cannot install the interrupt handler: {0}")]
pub struct SignalHandlerError(#[source] ctrlc::Error);

/// A registered path, forgotten (not removed) when dropped: for temporary
/// folders whose owner removes or renames them itself.
#[derive(Debug)]
pub struct Tracked(PathBuf);

impl Tracked {
    pub fn new(path: &Path) -> Self {
        register(path);
        Tracked(path.to_path_buf())
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        unregister(&self.0);
    }
}

/// Whether a file name is one of ours.
pub fn is_temp_name(name: &str) -> bool {
    name.starts_with('.') && name.contains(TEMP_MARKER)
}

/// Remove the leftover temporary files in `dir` older than [`STALE_AFTER`];
/// returns what was removed.
pub fn sweep_stale(dir: &Path) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return removed };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_str().is_some_and(is_temp_name) {
            continue;
        }
        let Ok(meta) = entry.metadata() else { continue };
        let old = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age > STALE_AFTER);
        if old && meta.is_file() && std::fs::remove_file(entry.path()).is_ok() {
            removed.push(entry.path());
        }
    }
    removed
}

/// A file being written; it only takes `dest`'s name on [`AtomicFile::commit`].
/// Dropped without committing (or on a termination signal), the temporary
/// file is removed.
#[derive(Debug)]
pub struct AtomicFile {
    /// Declared first: dropped (the file removed) before the registration ends.
    temp: tempfile::NamedTempFile,
    dest: PathBuf,
    _tracked: Tracked,
}

impl AtomicFile {
    /// Start writing `dest` (its folder must exist). Stale leftovers of
    /// earlier runs in that folder are removed first.
    pub fn create(dest: &Path) -> io::Result<AtomicFile> {
        let dir = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        sweep_stale(dir);
        let mut builder = tempfile::Builder::new();
        // Names may be up to 255 bytes: one near that limit keeps only its start here, so
        // that the marker and the random part still fit and the output can be written.
        let mut kept = name.len().min(255 - 1 - TEMP_MARKER.len() - TEMP_RANDOM);
        while !name.is_char_boundary(kept) {
            kept -= 1;
        }
        let prefix = format!(".{}{TEMP_MARKER}", &name[..kept]);
        builder.prefix(&prefix).rand_bytes(TEMP_RANDOM);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // Readable by everyone the umask allows, like any output.
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let temp = builder.tempfile_in(dir).map_err(without_temp_path)?;
        let _tracked = Tracked::new(temp.path());
        Ok(AtomicFile { temp, dest: dest.to_path_buf(), _tracked })
    }

    pub fn file(&mut self) -> &mut File {
        self.temp.as_file_mut()
    }

    /// The file, for writers that take `&File`.
    pub fn as_file(&self) -> &File {
        self.temp.as_file()
    }

    /// Where the data is being written.
    pub fn temp_path(&self) -> &Path {
        self.temp.path()
    }

    /// Give the file `mode` (when given) and its final name. `durable` also
    /// flushes it to disk first (for files where a crash must not leave an
    /// empty one in place).
    pub fn commit(mut self, mode: Option<u32>, durable: bool) -> io::Result<()> {
        self.finish(mode, durable)?;
        let AtomicFile { temp, dest, _tracked } = self;
        // On failure the error hands the temporary file back; dropping it removes it.
        temp.persist(&dest).map_err(|e| e.error)?;
        Ok(())
    }

    fn finish(&mut self, mode: Option<u32>, durable: bool) -> io::Result<()> {
        self.temp.as_file_mut().flush()?;
        if let Some(mode) = mode {
            set_mode(self.temp.as_file(), mode)?;
        }
        if durable {
            self.temp.as_file().sync_all()?;
        }
        Ok(())
    }

    /// The file this will become.
    pub fn dest(&self) -> &Path {
        &self.dest
    }

    /// `err`, naming the file being written.
    fn writing(&self, err: io::Error) -> io::Error {
        writing(&self.dest, err)
    }
}

/// Writes through the `AtomicFile` itself (rather than [`AtomicFile::file`]) name the file
/// being written in their errors: "cannot write DEST: File too large (os error 27)" says
/// which output a full disk or a file-size limit stopped.
impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.temp.as_file_mut().write(buf).map_err(|e| self.writing(e))
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.temp.as_file_mut().write_all(buf).map_err(|e| self.writing(e))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.temp.as_file_mut().flush().map_err(|e| self.writing(e))
    }
}

impl io::Seek for AtomicFile {
    fn seek(&mut self, pos: io::SeekFrom) -> io::Result<u64> {
        self.temp.as_file_mut().seek(pos).map_err(|e| self.writing(e))
    }
}

/// `err` of creating a temporary file without the temporary name `tempfile` adds (`… at
/// path ".x.aps-pack-tmp-Ab12"`): messages name the output, not a file the user never sees.
pub fn without_temp_path(err: io::Error) -> io::Error {
    // `tempfile` keeps the system's error private and words it "{error} at path {path:?}".
    let text = err.to_string();
    match text.rfind(" at path \"") {
        // Every temporary file of aps-pack is named `.…aps-pack-…`.
        Some(at) if text[at..].contains("aps-pack-") => io::Error::new(err.kind(), text[..at].to_string()),
        _ => err,
    }
}

/// `err` with the output it is about: "cannot write PATH: err".
pub fn writing(path: &Path, err: io::Error) -> io::Error {
    io::Error::new(err.kind(), format!("cannot write {}: {err}", path.display()))
}

/// Give several files their final names once every one of them is written, so that they
/// appear together or not at all: when a rename fails, the files already renamed are
/// removed again, each only while its name still leads to the file this run wrote
/// (another run may have renamed its own over it since). A file that was there before
/// under one of the names is then gone, not restored: a rename cannot be undone.
/// Returns a handle on each file written, in order, reading this run's bytes whatever
/// replaces them later. Errors name the file.
pub fn commit_all(files: Vec<(AtomicFile, Option<u32>)>, durable: bool) -> io::Result<Vec<File>> {
    let mut ready = Vec::with_capacity(files.len());
    for (mut file, mode) in files {
        file.finish(mode, durable).map_err(|e| file.writing(e))?;
        let handle = file.as_file().try_clone().map_err(|e| file.writing(e))?;
        ready.push((file, handle));
    }
    let mut done: Vec<(PathBuf, File)> = Vec::with_capacity(ready.len());
    for (file, handle) in ready {
        let AtomicFile { temp, dest, _tracked } = file;
        if let Err(e) = temp.persist(&dest) {
            for (path, handle) in &done {
                remove_if_still(path, handle);
            }
            return Err(io::Error::new(
                e.error.kind(),
                format!("cannot move {} into place: {}", dest.display(), e.error),
            ));
        }
        done.push((dest, handle));
    }
    Ok(done.into_iter().map(|(_, handle)| handle).collect())
}

/// Remove `path` if it still names the file open as `handle`.
fn remove_if_still(path: &Path, handle: &File) {
    use crate::reading::FileIdentity;
    let (Ok(ours), Ok(there)) = (handle.metadata(), std::fs::symlink_metadata(path)) else { return };
    if there.is_file() && FileIdentity::of(&ours) == FileIdentity::of(&there) {
        let _ = std::fs::remove_file(path);
    }
}

/// What is at `target` that a finished output must not be renamed over, if anything:
/// "a folder, not a regular file", "a link to a device, not a regular file"… Renaming
/// over a folder fails only after all the work; over a link to a device it would
/// replace the link. Nothing there, or a regular file (or a link to one), is fine.
pub fn file_obstacle(target: &Path) -> Option<String> {
    let link_meta = std::fs::symlink_metadata(target).ok()?;
    if link_meta.file_type().is_symlink() {
        match std::fs::metadata(target) {
            Ok(followed) if followed.is_file() => None,
            Ok(followed) => Some(format!("a link to {}, not a regular file", what_is(&followed))),
            Err(e) => Some(format!("{}, not a regular file", broken_link(target, &e))),
        }
    } else if link_meta.is_file() {
        None
    } else {
        Some(format!("{}, not a regular file", what_is(&link_meta)))
    }
}

/// What a path names, for messages: "a file", "a folder", "a FIFO"…
pub fn what_is(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a folder";
    }
    if t.is_file() {
        return "a file";
    }
    if t.is_symlink() {
        return "a link";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    "not a file"
}

/// The part of an output folder's path that keeps it from being a folder, and what it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} {what}", path.display())]
pub struct NotAFolder {
    /// `dir` itself or one of its parents.
    pub path: PathBuf,
    /// "is a FIFO, not a folder", "is a link that leads nowhere (to `gone`)"…
    pub what: String,
}

impl NotAFolder {
    /// Whether the obstacle is `dir` itself (however spelt: `out/` is `out`), not a
    /// folder above it.
    pub fn is(&self, dir: &Path) -> bool {
        self.path == dir.components().collect::<PathBuf>()
    }
}

/// Why `dir` cannot be, or be created as, a folder to write outputs in: the deepest part
/// of its path that exists (links followed) is not a folder, or is a link that leads
/// nowhere or round in a loop. `None` when that part is a folder (what is missing below
/// it can be created), or when it cannot be told (the error of creating it says why).
pub fn folder_obstacle(dir: &Path) -> Option<NotAFolder> {
    let found = |path: &Path, what: String| Some(NotAFolder { path: path.to_path_buf(), what });
    // `afile/` and `afile/.` name `afile` itself: without the normalisation the walk up
    // would start at a path the system refuses and never look at `afile`.
    let dir: PathBuf = dir.components().collect();
    for part in dir.ancestors() {
        let part = if part.as_os_str().is_empty() { Path::new(".") } else { part };
        let followed = match std::fs::metadata(part) {
            Ok(meta) if meta.is_dir() => return None,
            Ok(meta) => return found(part, format!("is {}, not a folder", what_is(&meta))),
            Err(e) => e,
        };
        match std::fs::symlink_metadata(part) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return found(part, format!("is {}", broken_link(part, &followed)));
            }
            Ok(_) => return None,
            // Missing, or below something that is not a folder: the part above says which.
            Err(e) if matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory) => {}
            Err(e) if is_link_loop(&e) => {}
            Err(_) => return None,
        }
    }
    None
}

/// What is wrong with the link `path`, which could not be followed (`followed` says why):
/// "a link that leads nowhere (to `gone`)", "a link that leads round in a loop (to `x`)".
pub fn broken_link(path: &Path, followed: &io::Error) -> String {
    let to = std::fs::read_link(path).map(|t| t.display().to_string()).unwrap_or_default();
    match followed.kind() {
        io::ErrorKind::NotFound => format!("a link that leads nowhere (to `{to}`)"),
        _ if is_link_loop(followed) => format!("a link that leads round in a loop (to `{to}`)"),
        _ => format!("a link that cannot be followed (to `{to}`: {followed})"),
    }
}

fn is_link_loop(e: &io::Error) -> bool {
    #[cfg(unix)]
    {
        e.raw_os_error() == Some(libc::ELOOP)
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

/// Folders created for outputs; when dropped without [`NewFolders::keep`], those still
/// empty are removed again, deepest first, so that a failed run leaves the output folder
/// as it found it (folders that were there before stay).
#[derive(Debug, Default)]
pub struct NewFolders {
    created: Vec<PathBuf>,
}

impl NewFolders {
    /// Create `dir` and its missing parents, remembering which were created. What keeps
    /// one from being created is named ([`folder_obstacle`]), as is the folder.
    pub fn create(&mut self, dir: &Path) -> io::Result<()> {
        let cannot = |e: io::Error| match folder_obstacle(dir) {
            Some(obstacle) if obstacle.is(dir) => {
                io::Error::new(io::ErrorKind::NotADirectory, obstacle.to_string())
            }
            Some(obstacle) => io::Error::new(
                io::ErrorKind::NotADirectory,
                format!("cannot create the folder {}: {obstacle}", dir.display()),
            ),
            None => io::Error::new(e.kind(), format!("cannot create the folder {}: {e}", dir.display())),
        };
        let mut missing = Vec::new();
        for part in dir.ancestors().filter(|p| !p.as_os_str().is_empty()) {
            match std::fs::metadata(part) {
                Ok(meta) if meta.is_dir() => break,
                Ok(_) => return Err(cannot(io::Error::from(io::ErrorKind::AlreadyExists))),
                Err(e) if e.kind() == io::ErrorKind::NotFound => missing.push(part),
                Err(e) => return Err(cannot(e)),
            }
        }
        for part in missing.into_iter().rev() {
            match std::fs::create_dir(part) {
                Ok(()) => self.created.push(part.to_path_buf()),
                // Another run made it meanwhile: it is not ours to remove.
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && part.is_dir() => {}
                Err(e) => return Err(cannot(e)),
            }
        }
        Ok(())
    }

    /// Keep the folders created: the run succeeded.
    pub fn keep(mut self) {
        self.created.clear();
    }
}

impl Drop for NewFolders {
    fn drop(&mut self) {
        for dir in self.created.iter().rev() {
            // Fails, as it should, on a folder another run has written into meanwhile.
            let _ = std::fs::remove_dir(dir);
        }
    }
}

#[cfg(unix)]
fn set_mode(file: &File, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_file: &File, _mode: u32) -> io::Result<()> {
    Ok(())
}

/// Write `bytes` to `dest` atomically.
pub fn write(dest: &Path, bytes: &[u8], mode: Option<u32>, durable: bool) -> io::Result<()> {
    let mut f = AtomicFile::create(dest)?;
    f.file().write_all(bytes)?;
    f.commit(mode, durable)
}

/// Replace the user's file `dest` atomically with `bytes`, as an editor would: a link is
/// followed and the file it points at is replaced (the temporary file is written beside
/// that file, so the link stays a link); the replaced file's permissions and (best effort,
/// on unix) owner and group are kept. A missing `dest` is created with the default mode.
///
/// A file with several hard links gets a new inode: only `dest` (or the link's target)
/// shows the new text and the other names keep the old one. An atomic rename cannot
/// preserve hard links, and writing in place would give up the all-or-nothing update.
pub fn replace(dest: &Path, bytes: &[u8], durable: bool) -> io::Result<()> {
    let target = follow_links(dest)?;
    let old = match std::fs::metadata(&target) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let mut f = AtomicFile::create(&target)?;
    f.file().write_all(bytes)?;
    let mode = old.as_ref().and_then(|meta| {
        keep_owner(f.as_file(), meta);
        mode_of(meta)
    });
    f.commit(mode, durable)
}

/// Where the links from `path` lead (a missing final file included).
fn follow_links(path: &Path) -> io::Result<PathBuf> {
    let mut path = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let to = std::fs::read_link(&path)?;
                path = match path.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(path),
        }
    }
    Err(io::Error::other(format!("{}: too many levels of symbolic links", path.display())))
}

#[cfg(unix)]
fn mode_of(meta: &std::fs::Metadata) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    Some(meta.permissions().mode() & 0o7777)
}

#[cfg(not(unix))]
fn mode_of(_meta: &std::fs::Metadata) -> Option<u32> {
    None
}

/// Give the new file the replaced one's owner and group where allowed (as root, or a
/// group the user is in); otherwise it stays the user's.
#[cfg(unix)]
fn keep_owner(file: &File, meta: &std::fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    if std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid())).is_err() {
        let _ = std::os::unix::fs::fchown(file, None, Some(meta.gid()));
    }
}

#[cfg(not(unix))]
fn keep_owner(_file: &File, _meta: &std::fs::Metadata) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_renames_and_drop_removes() {
        let tmpdir = tempfile::tempdir().expect("mkdir");
        let dir = tmpdir.path().to_path_buf();
        let dest = dir.join("out.txt");
        let mut f = AtomicFile::create(&dest).expect("create");
        let tmp = f.temp_path().to_path_buf();
        assert!(is_temp_name(&tmp.file_name().expect("name").to_string_lossy()));
        f.file().write_all(b"x").expect("write");
        f.commit(Some(0o644), false).expect("commit");
        assert_eq!(std::fs::read(&dest).expect("read"), b"x");
        assert!(!tmp.exists());

        let f = AtomicFile::create(&dest).expect("create");
        let tmp = f.temp_path().to_path_buf();
        assert!(tmp.exists());
        drop(f);
        assert!(!tmp.exists());
        assert_eq!(std::fs::read(&dest).expect("read"), b"x");

        // Registered temporary files are removed on interruption.
        let f = AtomicFile::create(&dest).expect("create");
        let tmp = f.temp_path().to_path_buf();
        let other = dir.join(format!(".x{TEMP_MARKER}0000"));
        std::fs::write(&other, "y").expect("write");
        let tracked = Tracked::new(&other);
        let mut reg = lock();
        for p in std::mem::take(&mut reg.paths) {
            if p == tmp || p == other {
                remove_path(&p);
            } else {
                reg.paths.insert(p);
            }
        }
        drop(reg);
        assert!(!tmp.exists() && !other.exists());
        drop(tracked);
        drop(f);
    }

    /// A name at the system's limit of 255 bytes (multi-byte characters at the cut) is
    /// still written: the temporary name keeps only its start.
    #[test]
    fn outputs_with_names_at_the_length_limit_are_written() {
        let dir = tempfile::tempdir().expect("mkdir");
        let name = format!("{}{}.app.zip", "é".repeat(100), "b".repeat(47));
        assert_eq!(name.len(), 255);
        let dest = dir.path().join(&name);
        write(&dest, b"x", None, false).expect("write");
        assert_eq!(std::fs::read(&dest).expect("read"), b"x");
    }

    /// A temporary file that cannot be created is said with the system's reason only.
    #[cfg(unix)]
    #[test]
    fn a_failed_temporary_file_is_not_named() {
        let Err(err) = AtomicFile::create(Path::new("/proc/self/no-such/out.bin")) else { panic!("created") };
        assert!(!err.to_string().contains(TEMP_MARKER), "{err}");
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
    }

    #[test]
    fn temporary_names_follow_the_pattern_and_stale_ones_are_swept() {
        let dir = tempfile::tempdir().expect("mkdir");
        let f = AtomicFile::create(&dir.path().join("out.bin")).expect("create");
        let name = f.temp_path().file_name().expect("name").to_string_lossy().into_owned();
        let suffix = name.strip_prefix(&format!(".out.bin{TEMP_MARKER}")).expect("marker");
        assert_eq!(suffix.len(), 8, "{name}");
        drop(f);
        let stale = dir.path().join(format!(".old{TEMP_MARKER}abcdefgh"));
        let file = std::fs::File::create(&stale).expect("create");
        let old = SystemTime::now() - STALE_AFTER - Duration::from_secs(60);
        file.set_modified(old).expect("set mtime");
        drop(file);
        let fresh = dir.path().join(format!(".new{TEMP_MARKER}abcdefgh"));
        std::fs::write(&fresh, "x").expect("write");
        assert_eq!(sweep_stale(dir.path()), vec![stale]);
        assert!(fresh.exists());
    }

    #[cfg(unix)]
    #[test]
    fn replace_writes_through_links_and_keeps_the_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("mkdir");
        let real = dir.path().join("real.txt");
        std::fs::write(&real, "old").expect("write");
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink("real.txt", &link).expect("link");
        replace(&link, b"new", false).expect("replace");
        assert!(std::fs::symlink_metadata(&link).expect("stat").file_type().is_symlink());
        assert_eq!(std::fs::read(&real).expect("read"), b"new");
        assert_eq!(std::fs::metadata(&real).expect("stat").permissions().mode() & 0o777, 0o600);
        // A missing file is created.
        let fresh = dir.path().join("fresh.txt");
        replace(&fresh, b"x", false).expect("create");
        assert_eq!(std::fs::read(&fresh).expect("read"), b"x");
    }

    /// What keeps an output folder from being one is named, whichever part of its path it is.
    #[cfg(unix)]
    #[test]
    fn folder_obstacles_are_named() {
        let dir = tempfile::tempdir().expect("mkdir");
        let at = |name: &str| dir.path().join(name);
        std::fs::write(at("afile"), "").expect("write");
        std::os::unix::fs::symlink("nowhere", at("dangling")).expect("link");
        std::os::unix::fs::symlink("loop", at("loop")).expect("link");
        std::os::unix::fs::symlink(".", at("here")).expect("link");
        let fifo = std::ffi::CString::new(at("fifo").into_os_string().into_encoded_bytes()).expect("path");
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
        let said = |rel: &str| folder_obstacle(&at(rel)).map(|o| (o.path, o.what));
        let is = |name: &str, what: &str| Some((at(name), what.to_string()));
        assert_eq!(said("afile"), is("afile", "is a file, not a folder"));
        assert_eq!(said("afile/sub/deeper"), is("afile", "is a file, not a folder"));
        // A trailing `/` or `/.` names the same path.
        assert_eq!(said("afile/"), is("afile", "is a file, not a folder"));
        assert_eq!(said("afile/."), is("afile", "is a file, not a folder"));
        assert_eq!(said("dangling/"), is("dangling", "is a link that leads nowhere (to `nowhere`)"));
        assert_eq!(said("fifo"), is("fifo", "is a FIFO, not a folder"));
        assert_eq!(said("fifo/"), is("fifo", "is a FIFO, not a folder"));
        assert_eq!(said("fifo/sub"), is("fifo", "is a FIFO, not a folder"));
        assert_eq!(said("dangling/sub"), is("dangling", "is a link that leads nowhere (to `nowhere`)"));
        assert_eq!(said("loop/sub"), is("loop", "is a link that leads round in a loop (to `loop`)"));
        assert_eq!(said("new/sub"), None);
        assert_eq!(said("here/new"), None);
        assert_eq!(folder_obstacle(Path::new("")), None);
    }

    /// Folders made for outputs go again on failure, those that were there stay; an
    /// obstacle is named with the folder that could not be made.
    #[test]
    fn new_folders_are_removed_unless_kept() {
        let dir = tempfile::tempdir().expect("mkdir");
        let old = dir.path().join("old");
        std::fs::create_dir(&old).expect("mkdir");
        let mut made = NewFolders::default();
        made.create(&old.join("a/b")).expect("create");
        made.create(&old.join("a/c")).expect("create");
        made.create(&old).expect("create");
        assert!(old.join("a/b").is_dir() && old.join("a/c").is_dir());
        drop(made);
        assert!(old.is_dir() && !old.join("a").exists());

        let mut made = NewFolders::default();
        made.create(&old.join("a/b")).expect("create");
        made.keep();
        assert!(old.join("a/b").is_dir());

        std::fs::write(dir.path().join("afile"), "").expect("write");
        let err = NewFolders::default().create(&dir.path().join("afile/x")).expect_err("a file");
        let afile = dir.path().join("afile");
        assert_eq!(
            err.to_string(),
            format!(
                "cannot create the folder {}/x: {} is a file, not a folder",
                afile.display(),
                afile.display()
            )
        );
        let err = NewFolders::default().create(&afile).expect_err("a file");
        assert_eq!(err.to_string(), format!("{} is a file, not a folder", afile.display()));
    }

    /// Files committed together appear together: a rename that fails takes back the ones
    /// made before it, and the handles read what was written.
    #[test]
    fn commit_all_is_all_or_nothing() {
        let dir = tempfile::tempdir().expect("mkdir");
        let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
        let start = |dest: &Path, text: &[u8]| {
            let mut f = AtomicFile::create(dest).expect("create");
            f.write_all(text).expect("write");
            f
        };
        let files = vec![(start(&a, b"one"), Some(0o644)), (start(&b, b"two"), None)];
        let mut handles = commit_all(files, false).expect("commit");
        assert_eq!(std::fs::read(&a).expect("read"), b"one");
        // Another run renames its own file over it.
        std::fs::write(dir.path().join("other"), "replaced").expect("write");
        std::fs::rename(dir.path().join("other"), &b).expect("rename");
        let mut read = String::new();
        io::Seek::rewind(&mut handles[1]).expect("seek");
        io::Read::read_to_string(&mut handles[1], &mut read).expect("read");
        assert_eq!(read, "two");

        // A folder where the second file goes: the first is taken back.
        let (c, d) = (dir.path().join("c.txt"), dir.path().join("d"));
        std::fs::create_dir_all(d.join("full")).expect("mkdir");
        let files = vec![(start(&c, b"three"), None), (start(&d, b"four"), None)];
        let err = commit_all(files, false).expect_err("a folder is in the way");
        assert!(err.to_string().starts_with(&format!("cannot move {} into place: ", d.display())), "{err}");
        assert!(!c.exists());
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| is_temp_name(n))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }

    /// Writes through the file name it in their errors.
    #[cfg(target_os = "linux")]
    #[test]
    fn write_errors_name_the_file() {
        let dir = tempfile::tempdir().expect("mkdir");
        let dest = dir.path().join("out.bin");
        let mut f = AtomicFile::create(&dest).expect("create");
        // A read-only handle in place of the temporary file's makes every write fail.
        *f.temp.as_file_mut() = File::open(f.temp_path()).expect("open");
        let err = f.write_all(b"x").expect_err("read-only");
        assert!(err.to_string().starts_with(&format!("cannot write {}: ", dest.display())), "{err}");
    }

    /// As root, the replaced file keeps another user's ownership (skipped when not root).
    #[cfg(unix)]
    #[test]
    fn replace_keeps_the_owner_where_allowed() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().expect("mkdir");
        let file = dir.path().join("owned.txt");
        std::fs::write(&file, "old").expect("write");
        if std::os::unix::fs::chown(&file, Some(1), Some(1)).is_err() {
            return;
        }
        replace(&file, b"new", false).expect("replace");
        let meta = std::fs::metadata(&file).expect("stat");
        assert_eq!((meta.uid(), meta.gid()), (1, 1));
        assert_eq!(std::fs::read(&file).expect("read"), b"new");
    }
}
