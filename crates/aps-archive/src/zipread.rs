//! A careful zip reader for archives nobody vouches for.
//!
//! The central directory is the index, and it must agree with everything
//! else: with the end records (count, size and offset, zip64 included), with
//! every local header (name, flags, method, CRC-32, sizes, data descriptor),
//! and with the bytes of the file, each of which must belong to exactly one
//! entry, the directory or the end records. Readers that walk local headers,
//! trust the count or trust the directory size then all see the same entries.
//! Declared sizes are checked
//! against limits before anything is decompressed, and decompression stops as
//! soon as an entry produces more than it declared — so a zip bomb is refused
//! without being expanded. Entries are read with positional reads, so several
//! threads can read one archive at once.
//!
//! - [`directory`]: the end records and the central directory ([`ZipArchive::open`]);
//! - [`layout`]: local headers against their central records, and byte coverage;
//! - [`checks`]: names (unsafe, colliding), methods, flags, special files, limits;
//! - [`extra`]: extra fields (zip64, Info-ZIP Unicode path);
//! - here: the types and the streaming reader (inflate with size and CRC checks).

use flate2::read::DeflateDecoder;
use std::fs::File;
use std::io::{self, Read};

mod checks;
mod directory;
mod extra;
mod layout;

/// How much an archive may expand to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Sum of the declared uncompressed sizes.
    pub max_total_size: u64,
    /// Uncompressed : compressed, for entries larger than `ratio_min_size`. Deflate
    /// cannot exceed about 1032:1; genuine files reach a few hundred to one only
    /// when they are very repetitive, and then rarely at this size.
    pub max_ratio: u64,
    pub ratio_min_size: u64,
    pub max_entries: usize,
}

impl Limits {
    /// Whether an entry of `size` bytes held in `compressed` bytes expands more than allowed.
    pub fn ratio_exceeded(&self, size: u64, compressed: u64) -> bool {
        size > self.ratio_min_size && size / compressed.max(1) > self.max_ratio
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_total_size: 8 << 30, max_ratio: 200, ratio_min_size: 64 << 20, max_entries: 100_000 }
    }
}

/// One entry of the central directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZipEntry {
    /// Position in the central directory (0-based).
    pub index: usize,
    pub name: String,
    pub method: u16,
    pub flags: u16,
    pub crc32: u32,
    pub compressed_size: u64,
    pub size: u64,
    pub header_offset: u64,
    /// Where the entry's data starts (after its local header).
    pub data_offset: u64,
    pub made_by: u16,
    pub external_attr: u32,
    /// MS-DOS `(time, date)`.
    pub dos: (u16, u16),
}

impl ZipEntry {
    pub fn is_dir(&self) -> bool {
        self.name.ends_with('/')
    }

    /// Why the entry is not a plain file or folder, judged from its attributes.
    ///
    /// The host system in `made_by` is ignored on purpose: extractors on Unix
    /// apply the Unix mode in the high 16 bits whatever host wrote it (Info-ZIP
    /// does for VMS, BeOS, AtheOS and others), so an archive can smuggle a link
    /// past a checker that trusts the host byte.
    pub fn special_kind(&self) -> Option<&'static str> {
        const REPARSE_POINT: u32 = 0x400;
        match (self.external_attr >> 16) & 0o170000 {
            0 | 0o100000 | 0o040000 => {}
            0o120000 => return Some("it is a symbolic link"),
            0o010000 => return Some("it is a named pipe"),
            0o020000 => return Some("it is a character device"),
            0o060000 => return Some("it is a block device"),
            0o140000 => return Some("it is a socket"),
            _ => return Some("its attributes give an unknown file type"),
        }
        // Windows links and junctions: the MS-DOS attribute byte's neighbour.
        if self.external_attr & REPARSE_POINT != 0 {
            return Some("it is a Windows reparse point (a link or junction)");
        }
        None
    }
}

/// An opened archive.
#[derive(Debug)]
pub struct ZipArchive {
    file: File,
    pub len: u64,
    pub entries: Vec<ZipEntry>,
    /// Indices of entries that must never be read (unsafe names, unsupported, duplicates).
    pub unusable: Vec<bool>,
    /// The archive is a decompression bomb or otherwise over the limits: read nothing.
    pub refused: bool,
    /// Name -> index of the first usable entry so called; lookups per entry stay O(1)
    /// (a linear search made checking a 40,000-entry archive take seconds).
    usable_by_name: std::collections::HashMap<String, usize>,
}

fn le16(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}
fn le32(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}
fn le64(b: &[u8], at: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(a)
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, offset)
}
#[cfg(windows)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, offset)
}

fn read_exact_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
    while !buf.is_empty() {
        match read_at(file, buf, offset) {
            Ok(0) => return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "unexpected end of file")),
            Ok(n) => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// `[pos, end)` of a file as a reader.
struct Region<'a> {
    file: &'a File,
    pos: u64,
    end: u64,
}

impl Read for Region<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.end.saturating_sub(self.pos);
        if left == 0 {
            return Ok(0);
        }
        let want = (buf.len() as u64).min(left) as usize;
        let n = read_at(self.file, &mut buf[..want], self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

/// Why an entry's data could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntryError {
    /// Damaged or lying data (PKG105).
    #[error("{0}")]
    Corrupt(String),
    /// I/O failure reading the archive: the entry, and the original error.
    #[error("cannot read `{name}`: {error}")]
    Io { name: String, error: aps_diag::SharedError },
}

fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

impl ZipArchive {
    /// The first usable entry called `name`.
    pub fn find(&self, name: &str) -> Option<&ZipEntry> {
        self.usable_by_name.get(name).map(|&i| &self.entries[i])
    }

    /// Decompress `entry`, feeding `sink`, stopping at the first byte beyond
    /// its declared size; the size and CRC-32 are checked at the end.
    pub fn read_entry(&self, entry: &ZipEntry, mut sink: impl FnMut(&[u8])) -> Result<(), EntryError> {
        if self.refused || self.unusable[entry.index] {
            return Err(EntryError::Corrupt(format!(
                "`{}` is not read (see the other findings)",
                entry.name
            )));
        }
        let region = Region {
            file: &self.file,
            pos: entry.data_offset,
            end: entry.data_offset + entry.compressed_size,
        };
        let mut reader: Box<dyn Read + '_> = match entry.method {
            0 => Box::new(region),
            _ => Box::new(DeflateDecoder::new(io::BufReader::with_capacity(64 * 1024, region))),
        };
        let mut buf = vec![0u8; 256 * 1024];
        let mut produced = 0u64;
        let mut crc = crc32fast::Hasher::new();
        loop {
            let n = match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e)
                    if e.kind() == io::ErrorKind::InvalidInput || e.kind() == io::ErrorKind::InvalidData =>
                {
                    return Err(EntryError::Corrupt(format!(
                        "the compressed data of `{}` is damaged: {e}",
                        entry.name
                    )))
                }
                Err(e) => return Err(EntryError::Io { name: entry.name.clone(), error: e.into() }),
            };
            produced += n as u64;
            if produced > entry.size {
                return Err(EntryError::Corrupt(format!(
                    "`{}` decompresses to more than the {} bytes its header declares; stopped",
                    entry.name, entry.size
                )));
            }
            crc.update(&buf[..n]);
            sink(&buf[..n]);
        }
        if produced != entry.size {
            return Err(EntryError::Corrupt(format!(
                "`{}` decompresses to {produced} bytes, its header declares {}",
                entry.name, entry.size
            )));
        }
        let actual = crc.finalize();
        if actual != entry.crc32 {
            return Err(EntryError::Corrupt(format!(
                "the CRC-32 of `{}` is {actual:08x}, its header says {:08x}",
                entry.name, entry.crc32
            )));
        }
        Ok(())
    }

    /// The whole entry in memory, if it declares at most `max` bytes.
    pub fn read_to_vec(&self, entry: &ZipEntry, max: u64) -> Result<Vec<u8>, EntryError> {
        if entry.size > max {
            return Err(EntryError::Corrupt(format!("`{}` is larger than {max} bytes", entry.name)));
        }
        let mut out = Vec::with_capacity(entry.size as usize);
        self.read_entry(entry, |chunk| out.extend_from_slice(chunk))?;
        Ok(out)
    }

    /// The raw (still compressed) bytes of `entry`.
    pub fn copy_raw(&self, entry: &ZipEntry, out: &mut impl io::Write) -> io::Result<u64> {
        let mut region = Region {
            file: &self.file,
            pos: entry.data_offset,
            end: entry.data_offset + entry.compressed_size,
        };
        io::copy(&mut region, out)
    }
}
