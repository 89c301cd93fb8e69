//! The self-extracting `.bin` installer.
//!
//! # Layout
//!
//! ```text
//! [bash stub, padded with a comment line to a multiple of 512 bytes]
//! [payload: an uncompressed ustar archive]
//!     application.tar.gz   (already gzip-compressed)
//!     image.qcow2          (optional; qcow2 is its own container)
//!     info                 (APP_ID=, ARCH=, VERSION= lines, as ZStack's)
//! ```
//!
//! The stub (`stub.sh`, rendered by plain placeholder replacement: it has
//! seven values, none of which needs a template engine's loops or escaping,
//! since every value is a checked safe name, a number or a hex digest) records
//! the payload's byte offset, size and SHA-256, and each member's offset,
//! size and SHA-256.
//!
//! # Why an uncompressed tar
//!
//! ZStack's script gzips a tar whose biggest member, the image, is already
//! dense (qcow2 clusters of an installed system barely compress, and the other
//! member is a `.tar.gz`), then locates it by line number with `awk`. Deflating
//! gigabytes that do not shrink costs a minute per image per pass for
//! nothing, and decompressing it costs the management node the same again.
//! A plain tar keeps member data contiguous at known offsets: the stub copies
//! each member out with `tail -c +N | head -c SIZE` (coreutils only, no
//! `tar`, no `gzip`, no Python), and an operator can still list it by hand
//! with `tail -c +N FILE.bin | tar -tv`. A bare concatenation would save
//! only the 512-byte headers and lose that.
//!
//! # Writing
//!
//! The offset and sizes are known up front (tar needs sizes before data);
//! the digests are not, so the stub is written with fixed-width placeholders
//! that are patched in place once the payload has streamed through. The image
//! is read once, in 1 MiB chunks: the main thread reads and writes, and two
//! threads hash (the payload's SHA-256 and the image's), so on two cores
//! the hashing overlaps the copy and memory stays at a few chunks.

use crate::hashing::{sha256_bytes, BackgroundHasher};
use crate::names::{is_sha256_hex, unsafe_name_reason, ARCHES};
use crate::targz::Digest;
use crate::ustar::{self, Member, MemberKind};
use aps_diag::atomic::{writing, AtomicFile};
use aps_diag::reading::{changed, naming, open_listed, open_regular, FileIdentity};
use aps_diag::Progress;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

const TEMPLATE: &str = include_str!("stub.sh");

/// Bytes of the stub that readers accept; the stub is about 12 KiB.
pub const MAX_STUB_LEN: u64 = 64 * 1024;

/// Chunk size for streaming members.
const CHUNK: usize = 1 << 20;

/// Exit codes of the installer, as documented in its `--help`.
pub mod exit {
    pub const OK: i32 = 0;
    pub const USAGE: i32 = 2;
    pub const NO_REPO: i32 = 3;
    pub const SIZE: i32 = 4;
    pub const CHECKSUM: i32 = 5;
    pub const NO_SPACE: i32 = 6;
    pub const WRITE: i32 = 7;
    pub const NO_TOOL: i32 = 8;
}

/// What goes into a `.bin`.
#[derive(Debug, Clone)]
pub struct BinSpec<'a> {
    pub app_id: &'a str,
    pub arch: &'a str,
    pub version: &'a str,
    /// The `application.tar.gz` already written, and its digest.
    pub app_targz: &'a Path,
    pub app_targz_digest: &'a Digest,
    pub image: Option<&'a Path>,
    /// mtime of the payload's tar headers.
    pub mtime: u64,
}

/// One member of the payload, as recorded in the stub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayloadMember {
    pub name: String,
    /// Offset of the member's data from the start of the payload.
    pub offset: u64,
    pub size: u64,
    pub sha256: String,
}

/// What the stub of a `.bin` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BinHeader {
    pub app_id: String,
    pub arch: String,
    pub version: String,
    pub payload_offset: u64,
    pub payload_size: u64,
    pub payload_sha256: String,
    pub members: Vec<PayloadMember>,
}

impl BinHeader {
    pub fn member(&self, name: &str) -> Option<&PayloadMember> {
        self.members.iter().find(|m| m.name == name)
    }
    /// Size the whole file must have.
    pub fn file_size(&self) -> u64 {
        self.payload_offset + self.payload_size
    }
}

/// The file name ZStack gives an installer: `<app>__<arch>__<version>.bin`,
/// with `__no_images` before `.bin` when there is no image.
pub fn bin_file_name(app_id: &str, arch: &str, version: &str, with_image: bool) -> String {
    let suffix = if with_image { "" } else { "__no_images" };
    format!("{app_id}__{arch}__{version}{suffix}.bin")
}

fn info_text(app_id: &str, arch: &str, version: &str) -> String {
    format!("APP_ID={app_id}\nARCH={arch}\nVERSION={version}\n")
}

/// A fixed-width placeholder that cannot occur elsewhere in the stub.
fn slot(tag: &str) -> String {
    format!("{:@<64}", format!("@@{tag}"))
}

struct Planned {
    name: &'static str,
    header: Vec<u8>,
    data_offset: u64,
    size: u64,
    source: Source,
    sha256: Option<String>,
}

enum Source {
    Bytes(Vec<u8>),
    /// A file, and which file it was when its size was taken.
    File(PathBuf, FileIdentity),
}

/// Render the stub for a layout; returns the text (placeholders for unknown digests).
fn render_stub(spec: &BinSpec, payload_offset: u64, payload_size: u64, plan: &[Planned]) -> String {
    let members: Vec<String> = plan
        .iter()
        .map(|p| {
            let sha = p.sha256.clone().unwrap_or_else(|| slot(p.name));
            format!("{} {} {} {}", p.name, p.data_offset, p.size, sha)
        })
        .collect();
    TEMPLATE
        .replace("@APP_ID@", spec.app_id)
        .replace("@ARCH@", spec.arch)
        .replace("@VERSION@", spec.version)
        .replace("@PAYLOAD_OFFSET@", &payload_offset.to_string())
        .replace("@PAYLOAD_SIZE@", &payload_size.to_string())
        .replace("@PAYLOAD_SHA256@", &slot("payload"))
        .replace("@MEMBERS@", &members.join("\n"))
}

/// Length of the stub's own digest line tail: 64 hex digits and a newline.
const STUB_DIGEST_TAIL: usize = 65;

/// Pad the stub with a comment line so the payload starts on a 512-byte
/// boundary; the line ends with a placeholder for the stub's own SHA-256.
fn pad_stub(mut text: String) -> String {
    let min = text.len() + 1 + STUB_DIGEST_TAIL; // "#", digest, "\n"
    let padded = min.div_ceil(ustar::BLOCK) * ustar::BLOCK;
    text.push('#');
    text.extend(std::iter::repeat_n(' ', padded - min));
    text.push_str(&slot("stub"));
    text.push('\n');
    text
}

/// The SHA-256 of a finished stub (everything before its digest).
fn stub_digest(stub: &[u8]) -> Option<String> {
    let covered = stub.len().checked_sub(STUB_DIGEST_TAIL)?;
    Some(sha256_bytes(&stub[..covered]).sha256)
}

fn validate_spec(spec: &BinSpec) -> io::Result<()> {
    for (what, v) in [("application id", spec.app_id), ("version", spec.version)] {
        if let Some(why) = unsafe_name_reason(v) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{what} `{v}` is not usable: {why}"),
            ));
        }
    }
    if !ARCHES.contains(&spec.arch) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("unknown architecture `{}`", spec.arch),
        ));
    }
    Ok(())
}

/// Result of writing a `.bin`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BinDigest {
    pub header: BinHeader,
    /// Size of the `.bin` file.
    pub size: u64,
}

/// Write the installer to `dest` (atomically).
pub fn write_bin(spec: &BinSpec, dest: &Path) -> io::Result<BinDigest> {
    write_bin_with_progress(spec, dest, &aps_diag::NoProgress)
}

/// [`write_bin`], reporting the payload bytes written to `progress`.
pub fn write_bin_with_progress(
    spec: &BinSpec,
    dest: &Path,
    progress: &dyn Progress,
) -> io::Result<BinDigest> {
    let mut out = AtomicFile::create(dest).map_err(|e| writing(dest, e))?;
    let digest = write_bin_into(spec, &mut out, progress)?;
    out.commit(Some(0o755), false).map_err(|e| writing(dest, e))?;
    Ok(digest)
}

/// Write the installer into `out`, not yet committed (its mode is 0755 once it is).
pub(crate) fn write_bin_into(
    spec: &BinSpec,
    out: &mut AtomicFile,
    progress: &dyn Progress,
) -> io::Result<BinDigest> {
    validate_spec(spec)?;
    let info = info_text(spec.app_id, spec.arch, spec.version).into_bytes();
    let info_digest = sha256_bytes(&info);
    // Opened, not just looked at, so that a FIFO or device given as the image is
    // refused here rather than read for ever.
    let listed = |path: &Path| -> io::Result<(u64, FileIdentity)> {
        let (_, metadata) = open_regular(path).map_err(|e| naming(path, e))?;
        Ok((metadata.len(), FileIdentity::of(&metadata)))
    };
    let image = spec.image.map(listed).transpose()?;
    let (_, app_targz_identity) = listed(spec.app_targz)?;
    // Members in name order: application.tar.gz, image.qcow2, info.
    let mut plan: Vec<Planned> = Vec::new();
    let mut add = |name: &'static str, size: u64, source: Source, sha256: Option<String>| -> io::Result<()> {
        let m = Member { path: name.into(), kind: MemberKind::File, mode: 0o644, size, mtime: spec.mtime };
        let header = ustar::header(&m).map_err(io::Error::other)?;
        plan.push(Planned { name, header, data_offset: 0, size, source, sha256 });
        Ok(())
    };
    add(
        "application.tar.gz",
        spec.app_targz_digest.size,
        Source::File(spec.app_targz.to_path_buf(), app_targz_identity),
        Some(spec.app_targz_digest.sha256.clone()),
    )?;
    if let (Some(path), Some((size, identity))) = (spec.image, image) {
        add("image.qcow2", size, Source::File(path.to_path_buf(), identity), None)?;
    }
    add("info", info.len() as u64, Source::Bytes(info), Some(info_digest.sha256))?;
    let mut offset = 0u64;
    for p in &mut plan {
        p.data_offset = offset + p.header.len() as u64;
        offset = p.data_offset + p.size + ustar::padding(p.size) as u64;
    }
    let payload_size = offset + ustar::END_OF_ARCHIVE.len() as u64;

    // The offset is the padded stub's length, which depends on the offset's
    // digits: iterate to the fixed point (two rounds at most in practice).
    let mut payload_offset = 0u64;
    let stub = loop {
        let text = pad_stub(render_stub(spec, payload_offset, payload_size, &plan));
        if text.len() as u64 == payload_offset {
            break text;
        }
        payload_offset = text.len() as u64;
    };
    if payload_offset > MAX_STUB_LEN {
        return Err(io::Error::other("internal error: the installer stub is too long"));
    }
    let patch_at = |tag: &str| -> io::Result<u64> {
        let s = slot(tag);
        let first = stub.find(&s);
        match first {
            Some(at) if stub[at + 1..].find(&s).is_none() => Ok(at as u64),
            _ => Err(io::Error::other(format!("internal error: placeholder for {tag} not found once"))),
        }
    };
    let payload_slot = patch_at("payload")?;
    if patch_at("stub")? != payload_offset - STUB_DIGEST_TAIL as u64 {
        return Err(io::Error::other("internal error: the stub's digest is not where the installer looks"));
    }
    let image_slot = if spec.image.is_some() { Some(patch_at("image.qcow2")?) } else { None };

    out.write_all(stub.as_bytes())?;
    let payload_hasher = BackgroundHasher::spawn();
    let mut image_digest = None;
    progress.start("writing the installer", payload_size);
    let mut pump = Pump::new(progress);
    for p in &plan {
        pump.send(p.header.clone(), out, &[&payload_hasher])?;
        match &p.source {
            Source::Bytes(b) => pump.send(b.clone(), out, &[&payload_hasher])?,
            Source::File(path, identity) => {
                // Every file is hashed: the image for the member table, the others against the
                // digest already listed for them (another run may have replaced the file since).
                let member_hasher = BackgroundHasher::spawn();
                let mut src = open_listed(path, *identity, None).map_err(|e| naming(path, e))?;
                let mut left = p.size;
                while left > 0 {
                    let want = CHUNK.min(left as usize);
                    let mut buf = pump.buffer();
                    buf.resize(want, 0);
                    let n = read_full(&mut src, &mut buf).map_err(|e| naming(path, e))?;
                    buf.truncate(n);
                    if buf.is_empty() {
                        return Err(io::Error::other(format!(
                            "{} became shorter while it was being packed",
                            path.display()
                        )));
                    }
                    left -= buf.len() as u64;
                    pump.send(buf, out, &[&payload_hasher, &member_hasher])?;
                }
                let mut probe = [0u8; 1];
                if src.read(&mut probe).map_err(|e| naming(path, e))? != 0 {
                    return Err(io::Error::other(format!(
                        "{} grew while it was being packed",
                        path.display()
                    )));
                }
                let digest = member_hasher.finish()?;
                match &p.sha256 {
                    Some(listed) if *listed != digest.sha256 => {
                        return Err(naming(path, changed("it changed")))
                    }
                    Some(_) => {}
                    None => image_digest = Some(digest),
                }
            }
        }
        let pad = ustar::padding(p.size);
        if pad > 0 {
            pump.send(vec![0u8; pad], out, &[&payload_hasher])?;
        }
    }
    pump.send(ustar::END_OF_ARCHIVE.to_vec(), out, &[&payload_hasher])?;
    let payload_digest = payload_hasher.finish()?;
    if payload_digest.size != payload_size {
        return Err(io::Error::other("internal error: payload size differs from its layout"));
    }
    out.seek(SeekFrom::Start(payload_slot))?;
    out.write_all(payload_digest.sha256.as_bytes())?;
    let mut final_stub = stub.replace(&slot("payload"), &payload_digest.sha256);
    if let (Some(at), Some(d)) = (image_slot, &image_digest) {
        out.seek(SeekFrom::Start(at))?;
        out.write_all(d.sha256.as_bytes())?;
        final_stub = final_stub.replace(&slot("image.qcow2"), &d.sha256);
    }
    // Last, once every other byte of the stub is final: its own digest.
    let own = stub_digest(final_stub.as_bytes())
        .ok_or_else(|| io::Error::other("internal error: the installer stub is too short"))?;
    out.seek(SeekFrom::Start(payload_offset - STUB_DIGEST_TAIL as u64))?;
    out.write_all(own.as_bytes())?;

    let members = plan
        .iter()
        .map(|p| PayloadMember {
            name: p.name.to_string(),
            offset: p.data_offset,
            size: p.size,
            sha256: match (&p.sha256, &image_digest) {
                (Some(s), _) => s.clone(),
                (None, Some(d)) => d.sha256.clone(),
                (None, None) => String::new(),
            },
        })
        .collect();
    Ok(BinDigest {
        header: BinHeader {
            app_id: spec.app_id.to_string(),
            arch: spec.arch.to_string(),
            version: spec.version.to_string(),
            payload_offset,
            payload_size,
            payload_sha256: payload_digest.sha256,
            members,
        },
        size: payload_offset + payload_size,
    })
}

/// Fill `buf` from `src` (one `read` per chunk in the usual case); fewer bytes only at end of file.
fn read_full(src: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match src.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// Hands chunks to the hashers and the file, and recycles the chunk buffers
/// once the hashers are done with them (no allocation and page faults per
/// megabyte of a multi-gigabyte image).
struct Pump<'p> {
    in_flight: std::collections::VecDeque<Arc<Vec<u8>>>,
    progress: &'p dyn Progress,
}

/// Chunks remembered for reuse; above the hashers' queue depth so the oldest is usually free.
const POOL: usize = 24;

impl<'p> Pump<'p> {
    fn new(progress: &'p dyn Progress) -> Self {
        Pump { in_flight: Default::default(), progress }
    }

    fn buffer(&mut self) -> Vec<u8> {
        if let Some(oldest) = self.in_flight.front() {
            if Arc::strong_count(oldest) == 1 {
                // Kept at its length: resizing it again costs no memset.
                if let Some(Ok(v)) = self.in_flight.pop_front().map(Arc::try_unwrap) {
                    return v;
                }
            }
        }
        Vec::with_capacity(CHUNK)
    }

    fn send(
        &mut self,
        bytes: Vec<u8>,
        file: &mut impl Write,
        hashers: &[&BackgroundHasher],
    ) -> io::Result<()> {
        let chunk = Arc::new(bytes);
        for h in hashers {
            h.feed(&chunk)?;
        }
        file.write_all(&chunk)?;
        self.progress.advance(chunk.len() as u64);
        self.keep(chunk);
        Ok(())
    }

    /// Remember a chunk handed to hashers, to reuse its buffer once they are done.
    fn keep(&mut self, chunk: Arc<Vec<u8>>) {
        if chunk.capacity() >= CHUNK {
            self.in_flight.push_back(chunk);
            if self.in_flight.len() > POOL {
                self.in_flight.pop_front();
            }
        }
    }
}

/// Read the stub of an aps-pack `.bin`.
pub fn read_header(path: &Path) -> Result<BinHeader, BinError> {
    let unreadable = |source| BinError::Unreadable { path: path.to_path_buf(), source };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let mut head = Vec::new();
    file.take(MAX_STUB_LEN).read_to_end(&mut head).map_err(unreadable)?;
    parse_header(&head)
}

/// Parse the stub text at the start of `head`.
pub fn parse_header(head: &[u8]) -> Result<BinHeader, BinError> {
    parse_stub(head).map_err(BinError::NotInstaller)
}

fn parse_stub(head: &[u8]) -> Result<BinHeader, String> {
    if !head.starts_with(b"#!") {
        return Err("not a shell installer (no `#!` line)".into());
    }
    // Only the text before the payload matters; it is ASCII.
    let text = String::from_utf8_lossy(head);
    if text.contains("\n__ARCHIVE_BELOW__") {
        return Err("this is an installer made by ZStack's own scripts (payload after `__ARCHIVE_BELOW__`, \
                    no checksum); package the application with `aps-pack zstack package` instead"
            .into());
    }
    if !text.contains("\nreadonly APS_FORMAT=1\n") {
        return Err("not an aps-pack ZStack installer (no `APS_FORMAT=1` line)".into());
    }
    let value = |key: &str| -> Result<String, String> {
        let prefix = format!("\nreadonly {key}=");
        let at = text.find(&prefix).ok_or_else(|| format!("the installer has no `{key}` line"))?;
        let rest = &text[at + prefix.len()..];
        let line = rest.split('\n').next().unwrap_or("");
        Ok(line.trim_matches('\'').to_string())
    };
    let number = |key: &str| -> Result<u64, String> {
        let v = value(key)?;
        v.parse::<u64>().map_err(|_| format!("`{key}` is `{v}`, not a number"))
    };
    let app_id = value("APS_APP_ID")?;
    let arch = value("APS_ARCH")?;
    let version = value("APS_VERSION")?;
    for (what, v) in [("application id", &app_id), ("version", &version)] {
        if let Some(why) = unsafe_name_reason(v) {
            return Err(format!("the installer's {what} `{v}` is not usable: {why}"));
        }
    }
    if !ARCHES.contains(&arch.as_str()) {
        return Err(format!("the installer's architecture `{arch}` is unknown"));
    }
    let payload_offset = number("APS_PAYLOAD_OFFSET")?;
    let payload_size = number("APS_PAYLOAD_SIZE")?;
    // Nothing of the stub is trusted until its own digest matches, as the
    // installer itself checks before it uses its member table.
    let stub_len = usize::try_from(payload_offset).ok().filter(|&n| n <= head.len() && n > STUB_DIGEST_TAIL);
    let Some(stub_len) = stub_len else {
        return Err(format!("the installer's payload offset {payload_offset} does not lie after its text"));
    };
    let stub = &head[..stub_len];
    let stored = String::from_utf8_lossy(&stub[stub_len - STUB_DIGEST_TAIL..stub_len - 1]).into_owned();
    let actual = stub_digest(stub).unwrap_or_default();
    if stored != actual {
        return Err(format!(
            "the installer's own text is damaged: its SHA-256 is {actual}, the installer says {stored}"
        ));
    }
    let payload_sha256 = value("APS_PAYLOAD_SHA256")?;
    if !is_sha256_hex(&payload_sha256) {
        return Err("the installer's payload SHA-256 is not 64 hex digits".into());
    }
    let start = "\nreadonly APS_MEMBERS='";
    let at = text.find(start).ok_or("the installer has no `APS_MEMBERS` list")?;
    let rest = &text[at + start.len()..];
    let end = rest.find('\'').ok_or("the installer's `APS_MEMBERS` list is not closed")?;
    let mut members = Vec::new();
    for line in rest[..end].lines() {
        let parts: Vec<&str> = line.split(' ').collect();
        let [name, off, size, sha] = parts[..] else {
            return Err(format!("bad member line `{line}`"));
        };
        let off: u64 = off.parse().map_err(|_| format!("bad member offset in `{line}`"))?;
        let size: u64 = size.parse().map_err(|_| format!("bad member size in `{line}`"))?;
        if !is_sha256_hex(sha) {
            return Err(format!("bad member SHA-256 in `{line}`"));
        }
        if off.checked_add(size).is_none_or(|end| end > payload_size) {
            return Err(format!("member `{name}` lies outside the payload"));
        }
        members.push(PayloadMember { name: name.to_string(), offset: off, size, sha256: sha.to_string() });
    }
    if !members.iter().any(|m| m.name == "application.tar.gz") {
        return Err("the installer holds no application.tar.gz".into());
    }
    Ok(BinHeader { app_id, arch, version, payload_offset, payload_size, payload_sha256, members })
}

/// Why a `.bin` cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum BinError {
    /// The file could not be opened or its text read.
    #[error("cannot read {}: {source}", path.display())]
    Unreadable {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// Reading the payload failed.
    #[error(transparent)]
    Io(#[from] io::Error),
    /// The text at the start is not an aps-pack installer's, or it is damaged.
    #[error("{0}")]
    NotInstaller(String),
    /// The payload is truncated, extended or altered.
    #[error("{0}")]
    Damaged(String),
}

/// Read the whole payload of the `.bin` at `bin` once: check its size and
/// SHA-256 (every byte, as the installer does), and copy the members named
/// in `wanted` to their writers on the way, checking each member's SHA-256 too.
pub fn extract(
    bin: &Path,
    header: &BinHeader,
    wanted: &mut [(&str, &mut dyn Write)],
) -> Result<Vec<Digest>, BinError> {
    let mut src = std::fs::File::open(bin)?;
    let size = src.metadata()?.len();
    if size != header.file_size() {
        let how = if size < header.file_size() { "truncated" } else { "longer than it should be" };
        return Err(BinError::Damaged(format!(
            "{} is {how}: {size} bytes, expected {}",
            bin.display(),
            header.file_size()
        )));
    }
    let mut ranges = Vec::new();
    for (i, (name, _)) in wanted.iter().enumerate() {
        let m = header
            .member(name)
            .ok_or_else(|| BinError::Damaged(format!("{} holds no {name}", bin.display())))?;
        ranges.push((m.offset, m.offset + m.size, i, crate::hashing::HashingWriter::new(io::sink())));
    }
    src.seek(SeekFrom::Start(header.payload_offset))?;
    let payload_hasher = BackgroundHasher::spawn();
    let mut pump = Pump::new(&aps_diag::NoProgress);
    let mut pos = 0u64;
    while pos < header.payload_size {
        let want = CHUNK.min((header.payload_size - pos) as usize);
        let mut buf = pump.buffer();
        buf.resize(want, 0);
        let n = read_full(&mut src, &mut buf)?;
        buf.truncate(n);
        if buf.is_empty() {
            return Err(BinError::Damaged(format!("{} ends early", bin.display())));
        }
        let end = pos + buf.len() as u64;
        for (from, to, i, hasher) in ranges.iter_mut() {
            let (a, b) = ((*from).max(pos), (*to).min(end));
            if a < b {
                let slice = &buf[(a - pos) as usize..(b - pos) as usize];
                wanted[*i].1.write_all(slice)?;
                hasher.write_all(slice)?;
            }
        }
        pos = end;
        let chunk = Arc::new(buf);
        payload_hasher.feed(&chunk)?;
        pump.keep(chunk);
    }
    let payload = payload_hasher.finish()?;
    if payload.sha256 != header.payload_sha256 {
        return Err(BinError::Damaged(format!(
            "{} is damaged: its payload has SHA-256 {}, expected {}",
            bin.display(),
            payload.sha256,
            header.payload_sha256
        )));
    }
    let mut digests = Vec::new();
    for (_, _, i, hasher) in ranges {
        let (_, d) = hasher.finish();
        let name = wanted[i].0;
        let expected = header.member(name).map(|m| m.sha256.as_str()).unwrap_or_default();
        if d.sha256 != expected {
            return Err(BinError::Damaged(format!(
                "{} is damaged: {name} has SHA-256 {}, expected {expected}",
                bin.display(),
                d.sha256
            )));
        }
        digests.push(d);
    }
    Ok(digests)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_64_wide_and_distinct() {
        assert_eq!(slot("payload").len(), 64);
        assert_eq!(slot("image.qcow2").len(), 64);
        assert_ne!(slot("payload"), slot("image.qcow2"));
        assert!(!TEMPLATE.contains(&slot("payload")));
    }

    #[test]
    fn stub_has_no_stray_placeholder_and_pads_to_blocks() {
        let d = Digest { size: 3, sha256: "a".repeat(64) };
        let spec = BinSpec {
            app_id: "app",
            arch: "x86_64",
            version: "1.0",
            app_targz: Path::new("x"),
            app_targz_digest: &d,
            image: None,
            mtime: 0,
        };
        let text = pad_stub(render_stub(&spec, 12288, 4096, &[]));
        assert_eq!(text.len() % 512, 0);
        for token in ["@APP_ID@", "@ARCH@", "@VERSION@", "@PAYLOAD_OFFSET@", "@PAYLOAD_SIZE@", "@MEMBERS@"] {
            assert!(!text.contains(token), "{token} left in the stub");
        }
        assert!(text.lines().any(|l| l == "main \"$@\"; exit $?"), "the stub ends by exiting");
    }

    /// The application archive must still hold the bytes whose digest the member table
    /// lists (another run may have replaced it at the same path); nothing is written if not.
    #[test]
    fn an_app_archive_replaced_since_its_digest_was_taken_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let targz = tmp.path().join("application.tar.gz");
        std::fs::write(&targz, b"another run's").unwrap();
        let d = sha256_bytes(b"this run's!!!");
        let spec = BinSpec {
            app_id: "app",
            arch: "x86_64",
            version: "1.0",
            app_targz: &targz,
            app_targz_digest: &d,
            image: None,
            mtime: 0,
        };
        let dest = tmp.path().join("app.bin");
        let err = write_bin(&spec, &dest).unwrap_err().to_string();
        assert!(err.contains("it changed while aps-pack was reading it; run again"), "{err}");
        assert!(!dest.exists());
    }

    #[test]
    fn header_parse_refuses_foreign_files() {
        assert!(parse_header(b"PK\x03\x04").unwrap_err().to_string().contains("not a shell installer"));
        assert!(parse_header(b"#!/bin/bash\necho hi\n__ARCHIVE_BELOW__\n")
            .unwrap_err()
            .to_string()
            .contains("ZStack"));
        assert!(parse_header(b"#!/bin/bash\necho hi\n").unwrap_err().to_string().contains("APS_FORMAT"));
    }
}
