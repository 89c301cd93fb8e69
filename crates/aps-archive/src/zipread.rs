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

use crate::names;
use crate::rules;
use aps_diag::Diagnostic;
use flate2::read::DeflateDecoder;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

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
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryError {
    /// Damaged or lying data (PKG105).
    Corrupt(String),
    /// I/O failure reading the archive.
    Io(String),
}

impl std::fmt::Display for EntryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EntryError::Corrupt(m) | EntryError::Io(m) => f.write_str(m),
        }
    }
}

// The record signatures and flags are the writer's: one home for the format's numbers.
use crate::zipwrite::{
    CENTRAL_SIG, EOCD_SIG, FLAG_UTF8, LOCAL_SIG, ZIP64_EOCD_SIG, ZIP64_EXTRA_ID, ZIP64_LOCATOR_SIG,
};
const DESCRIPTOR_SIG: u32 = 0x0807_4b50;
/// Flag bit 3: CRC and sizes follow the data.
const FLAG_DESCRIPTOR: u16 = 1 << 3;

/// The end records, as far as they say where the central directory is.
struct EndRecords {
    count: u64,
    cd_size: u64,
    cd_offset: u64,
    /// Where the central directory must end: the zip64 end record, else the end record.
    cd_end: u64,
    zip64: bool,
}

/// Zip64 extra field values, for the 32-bit fields of a header that hold the
/// 0xFFFFFFFF placeholder, in the order the format lists them.
fn zip64_values(extra: &[u8], wanted: usize) -> Option<Vec<u64>> {
    let mut rest = extra;
    while rest.len() >= 4 {
        let id = le16(rest, 0);
        let n = le16(rest, 2) as usize;
        let body = rest.get(4..4 + n)?;
        if id == ZIP64_EXTRA_ID {
            if body.len() < wanted * 8 {
                return None;
            }
            return Some((0..wanted).map(|i| le64(body, i * 8)).collect());
        }
        rest = &rest[4 + n..];
    }
    if wanted == 0 {
        Some(Vec::new())
    } else {
        None
    }
}

/// The name an Info-ZIP Unicode Path extra field (0x7075) gives, when it
/// gives one other than `name`: unzip unpacks under that name, most other
/// readers under the header's.
fn other_unicode_path(extra: &[u8], name: &[u8]) -> Option<String> {
    const UNICODE_PATH_ID: u16 = 0x7075;
    let mut rest = extra;
    while rest.len() >= 4 {
        let n = le16(rest, 2) as usize;
        let body = rest.get(4..4 + n)?;
        // Version (1 byte) and the CRC-32 of the header name (4 bytes) come first.
        if le16(rest, 0) == UNICODE_PATH_ID && body.len() >= 5 && &body[5..] != name {
            return Some(String::from_utf8_lossy(&body[5..]).into_owned());
        }
        rest = &rest[4 + n..];
    }
    None
}

fn has_zip64_extra(extra: &[u8]) -> bool {
    let mut rest = extra;
    while rest.len() >= 4 {
        let n = le16(rest, 2) as usize;
        if le16(rest, 0) == ZIP64_EXTRA_ID {
            return true;
        }
        match rest.get(4 + n..) {
            Some(next) => rest = next,
            None => return false,
        }
    }
    false
}

/// Non-ASCII characters as `\u{…}`, so that names that print alike can be told apart.
fn escape_non_ascii(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii() { c.to_string() } else { c.escape_unicode().to_string() }).collect()
}

fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

impl ZipArchive {
    /// Open `path`. `Err` holds the diagnostics that make the file unreadable as
    /// an archive; `Ok` may still carry per-entry findings.
    ///
    /// Every byte of the file must belong to exactly one thing: a local entry
    /// (header, data, descriptor) that a central record points at, the central
    /// directory, or the end records. Readers that walk local headers and
    /// readers that trust the directory, or its count, or its size, then all
    /// see the same entries; anything else is reported.
    pub fn open(
        path: &Path,
        display: &str,
        limits: &Limits,
    ) -> Result<(ZipArchive, Vec<Diagnostic>), Vec<Diagnostic>> {
        let corrupt = |message: String, help: &str| {
            vec![Diagnostic::new(&rules::CORRUPT_ARCHIVE, message).at_path(display).with_help(help)]
        };
        const REBUILD: &str = "rebuild the archive with `aps-pack build`";
        let file = File::open(path).map_err(|e| {
            corrupt(format!("cannot read the archive: {e}"), "check the path and permissions")
        })?;
        let len = file
            .metadata()
            .map_err(|e| corrupt(format!("cannot read the archive: {e}"), "check the path and permissions"))?
            .len();
        let mut diags = Vec::new();
        let end = Self::end_records(&file, len, display, &mut diags)?;

        if end.count > limits.max_entries as u64 {
            return Err(vec![Diagnostic::new(
                &rules::ARCHIVE_TOO_LARGE,
                format!(
                    "the archive declares {} entries, more than the limit of {}",
                    end.count, limits.max_entries
                ),
            )
            .at_path(display)]);
        }
        if end.cd_offset.checked_add(end.cd_size).is_none_or(|e| e > end.cd_end) {
            return Err(corrupt(
                format!(
                    "the central directory ({} at offset {}) lies outside the archive, which has {} before its end record",
                    plural(end.cd_size, "byte", "bytes"),
                    end.cd_offset,
                    plural(end.cd_end, "byte", "bytes")
                ),
                "the archive is truncated or not a zip; download or build it again",
            ));
        }
        let cd_end = end.cd_offset + end.cd_size;
        if cd_end != end.cd_end {
            return Err(corrupt(
                format!(
                    "the central directory ends at offset {cd_end} but the {} starts at offset {}: {} to no record \
                     (expected the directory size and offset to lead exactly to the end record)",
                    if end.zip64 { "zip64 end record" } else { "end record" },
                    end.cd_end,
                    plural(end.cd_end - cd_end, "byte between them belongs", "bytes between them belong"),
                ),
                REBUILD,
            ));
        }
        if end.cd_size > 512 << 20 {
            return Err(vec![Diagnostic::new(
                &rules::ARCHIVE_TOO_LARGE,
                "the central directory is larger than 512 MiB",
            )
            .at_path(display)]);
        }
        let mut cd = vec![0u8; end.cd_size as usize];
        read_exact_at(&file, &mut cd, end.cd_offset).map_err(|e| {
            corrupt(format!("cannot read the central directory: {e}"), "check that the file is complete")
        })?;

        // Every record the directory's size covers, however many the end record declares.
        let mut entries = Vec::with_capacity((end.count as usize).min(limits.max_entries));
        let mut raw_names: Vec<Vec<u8>> = Vec::with_capacity(entries.capacity());
        let mut records = 0u64;
        let mut first_uncounted: Option<String> = None;
        let mut pos = 0usize;
        while pos < cd.len() {
            let index = records as usize;
            if cd.len() - pos < 46 || le32(&cd, pos) != CENTRAL_SIG {
                return Err(corrupt(
                    format!(
                        "central directory record {} (offset {}) is damaged: expected a record signature, found {} that are not one",
                        index + 1,
                        end.cd_offset + pos as u64,
                        plural((cd.len() - pos) as u64, "byte", "bytes")
                    ),
                    REBUILD,
                ));
            }
            let name_len = le16(&cd, pos + 28) as usize;
            let extra_len = le16(&cd, pos + 30) as usize;
            let comment_len = le16(&cd, pos + 32) as usize;
            let next = pos + 46 + name_len + extra_len + comment_len;
            if next > cd.len() {
                return Err(corrupt(
                    format!(
                        "central directory record {} runs {} past the directory's declared size",
                        index + 1,
                        plural((next - cd.len()) as u64, "byte", "bytes")
                    ),
                    REBUILD,
                ));
            }
            records += 1;
            let raw_name = &cd[pos + 46..pos + 46 + name_len];
            if records > end.count && first_uncounted.is_none() {
                first_uncounted = Some(String::from_utf8_lossy(raw_name).into_owned());
            }
            // Counting goes on past the limit (it is cheap and bounded by the
            // directory size); keeping entries does not.
            if entries.len() >= limits.max_entries || records > end.count {
                pos = next;
                continue;
            }
            let name = match std::str::from_utf8(raw_name) {
                Ok(n) => n.to_string(),
                Err(_) => {
                    let lossy = String::from_utf8_lossy(raw_name).into_owned();
                    diags.push(
                        Diagnostic::new(
                            &rules::UNSAFE_ENTRY_NAME,
                            format!("entry name `{lossy}` is not UTF-8"),
                        )
                        .at_path(format!("{display}/{lossy}")),
                    );
                    lossy
                }
            };
            let compressed32 = le32(&cd, pos + 20);
            let size32 = le32(&cd, pos + 24);
            let offset32 = le32(&cd, pos + 42);
            let disk = le16(&cd, pos + 34);
            let placeholders = [size32, compressed32, offset32].iter().filter(|v| **v == 0xFFFF_FFFF).count();
            let extra = &cd[pos + 46 + name_len..pos + 46 + name_len + extra_len];
            if let Some(other) = other_unicode_path(extra, raw_name) {
                return Err(corrupt(
                    format!(
                        "the central record of `{name}` carries a Unicode path field naming `{other}`: unzip unpacks that name, other readers `{name}`"
                    ),
                    REBUILD,
                ));
            }
            let Some(wide) = zip64_values(extra, placeholders) else {
                return Err(corrupt(
                    format!(
                        "the central record of `{name}` says its sizes or offset are in a zip64 extra field, which is missing or too short"
                    ),
                    REBUILD,
                ));
            };
            let mut wide = wide.into_iter();
            let mut widen =
                |v: u32| if v == 0xFFFF_FFFF { wide.next().unwrap_or(v as u64) } else { v as u64 };
            let size = widen(size32);
            let compressed_size = widen(compressed32);
            let header_offset = widen(offset32);
            if disk != 0 {
                return Err(corrupt(
                    format!("the central record of `{name}` places it on disk {disk}: multi-part archives are not supported"),
                    REBUILD,
                ));
            }
            entries.push(ZipEntry {
                index,
                name,
                method: le16(&cd, pos + 10),
                flags: le16(&cd, pos + 8),
                crc32: le32(&cd, pos + 16),
                compressed_size,
                size,
                header_offset,
                data_offset: 0,
                made_by: le16(&cd, pos + 4),
                external_attr: le32(&cd, pos + 38),
                dos: (le16(&cd, pos + 12), le16(&cd, pos + 14)),
            });
            raw_names.push(raw_name.to_vec());
            pos = next;
        }
        if records != end.count {
            let message = if !end.zip64 && records > 0xFFFF && records % 0x1_0000 == end.count {
                format!(
                    "the end record declares {} entries but the central directory holds {records}: the 16-bit count \
                     wrapped around (more than 65,535 entries need zip64 end records), so readers that trust the \
                     count see only {}",
                    end.count, end.count
                )
            } else if records > end.count {
                format!(
                    "the central directory holds {records} records but the end record declares {}: record {} (`{}`) \
                     and any after it are seen by readers that trust the directory size and hidden from readers that \
                     trust the count",
                    end.count,
                    end.count + 1,
                    first_uncounted.unwrap_or_default()
                )
            } else {
                format!(
                    "the end record declares {} entries but the central directory holds only {records}",
                    end.count
                )
            };
            return Err(corrupt(message, REBUILD));
        }
        if records > limits.max_entries as u64 {
            return Err(vec![Diagnostic::new(
                &rules::ARCHIVE_TOO_LARGE,
                format!("the archive holds {records} entries, more than the limit of {}", limits.max_entries),
            )
            .at_path(display)]);
        }

        // Local headers must agree with the central directory.
        let mut extents = Vec::with_capacity(entries.len());
        for (entry, raw_name) in entries.iter_mut().zip(&raw_names) {
            let extent_end = Self::check_local(&file, entry, raw_name, end.cd_offset, display)?;
            extents.push((entry.header_offset, extent_end, entry.index));
        }

        let mut archive = ZipArchive {
            file,
            len,
            unusable: vec![false; entries.len()],
            entries,
            refused: false,
            usable_by_name: Default::default(),
        };
        archive.check_coverage(display, extents, end.cd_offset, &mut diags);
        archive.check_entries(display, limits, &mut diags);
        let mut usable_by_name = std::collections::HashMap::with_capacity(archive.entries.len());
        for e in archive.entries.iter().filter(|e| !archive.unusable[e.index]) {
            usable_by_name.entry(e.name.clone()).or_insert(e.index);
        }
        archive.usable_by_name = usable_by_name;
        Ok((archive, diags))
    }

    /// Find and cross-check the end record and, when present, the zip64 end records.
    fn end_records(
        file: &File,
        len: u64,
        display: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Result<EndRecords, Vec<Diagnostic>> {
        const REBUILD: &str = "rebuild the archive with `aps-pack build`";
        let corrupt = |message: String, help: &str| {
            vec![Diagnostic::new(&rules::CORRUPT_ARCHIVE, message).at_path(display).with_help(help)]
        };
        let unreadable = |e: io::Error| {
            corrupt(format!("cannot read the archive: {e}"), "check that the file is complete")
        };
        let tail_len = len.min(22 + 65_535) as usize;
        if tail_len < 22 {
            return Err(corrupt(
                format!(
                    "not a zip archive: {} long, shorter than an empty zip (22 bytes)",
                    plural(len, "byte", "bytes")
                ),
                "check that the download or build finished",
            ));
        }
        let mut tail = vec![0u8; tail_len];
        read_exact_at(file, &mut tail, len - tail_len as u64).map_err(unreadable)?;
        // The last record whose comment reaches exactly the end of the file, as
        // other readers choose; failing that, the last signature at all.
        let mut eocd_at = None;
        for i in (0..=tail_len - 22).rev() {
            if le32(&tail, i) == EOCD_SIG {
                let comment = le16(&tail, i + 20) as usize;
                if i + 22 + comment == tail_len {
                    eocd_at = Some(i);
                    break;
                }
                if eocd_at.is_none() {
                    eocd_at = Some(i);
                }
            }
        }
        let Some(e) = eocd_at else {
            return Err(corrupt(
                "not a zip archive: no end-of-central-directory record in its last 64 KiB".into(),
                "check that the file is a complete .app.zip",
            ));
        };
        let eocd_pos = len - tail_len as u64 + e as u64;
        let record_end = e + 22 + le16(&tail, e + 20) as usize;
        if record_end > tail_len {
            return Err(corrupt(
                format!(
                    "the end-of-central-directory record is truncated: its comment needs {} more",
                    plural((record_end - tail_len) as u64, "byte", "bytes")
                ),
                "check that the download or build finished",
            ));
        }
        let trailing = tail_len - record_end;
        if trailing > 0 {
            diags.push(
                Diagnostic::new(
                    &rules::CORRUPT_ARCHIVE,
                    format!(
                        "{} to no entry (expected the file to end with that record)",
                        plural(
                            trailing as u64,
                            "unexpected byte after the end-of-central-directory record belongs",
                            "unexpected bytes after the end-of-central-directory record belong"
                        )
                    ),
                )
                .at_path(display)
                .with_help("data appended to an archive is invisible to some readers and read by others; rebuild the archive"),
            );
        }
        if le16(&tail, e + 4) != 0 || le16(&tail, e + 6) != 0 {
            return Err(corrupt("multi-part (spanned) archives are not supported".into(), REBUILD));
        }
        let on_disk = le16(&tail, e + 8);
        let count16 = le16(&tail, e + 10);
        if on_disk != count16 {
            return Err(corrupt(
                format!(
                    "the end record counts {on_disk} entries on this disk but {count16} in all; a single-part archive has the same number twice"
                ),
                REBUILD,
            ));
        }
        let size32 = le32(&tail, e + 12);
        let offset32 = le32(&tail, e + 16);
        let mut end = EndRecords {
            count: count16 as u64,
            cd_size: size32 as u64,
            cd_offset: offset32 as u64,
            cd_end: eocd_pos,
            zip64: false,
        };
        if eocd_pos < 20 {
            return Ok(end);
        }
        let locator_pos = eocd_pos - 20;
        let mut locator = [0u8; 20];
        read_exact_at(file, &mut locator, locator_pos).map_err(unreadable)?;
        if le32(&locator, 0) != ZIP64_LOCATOR_SIG {
            return Ok(end);
        }
        if le32(&locator, 4) != 0 || le32(&locator, 16) > 1 {
            return Err(corrupt(
                "the zip64 locator describes a multi-part archive, which is not supported".into(),
                REBUILD,
            ));
        }
        let z_pos = le64(&locator, 8);
        if z_pos.checked_add(56).is_none_or(|e| e > locator_pos) {
            return Err(corrupt(
                format!("the zip64 end record is said to be at offset {z_pos}, outside the archive"),
                "the archive is truncated or damaged; download or build it again",
            ));
        }
        let mut z = [0u8; 56];
        read_exact_at(file, &mut z, z_pos).map_err(unreadable)?;
        if le32(&z, 0) != ZIP64_EOCD_SIG {
            return Err(corrupt(
                format!("the zip64 locator points at offset {z_pos}, where there is no zip64 end record"),
                REBUILD,
            ));
        }
        let record_len = le64(&z, 4);
        if record_len < 44 || z_pos + 12 + record_len.min(locator_pos) != locator_pos {
            return Err(corrupt(
                format!(
                    "the zip64 end record at offset {z_pos} declares a length of {record_len} bytes, but its locator is at offset {locator_pos}: \
                     the record must end where the locator starts",
                ),
                REBUILD,
            ));
        }
        if le32(&z, 16) != 0 || le32(&z, 20) != 0 || le64(&z, 24) != le64(&z, 32) {
            return Err(corrupt(
                "the zip64 end record describes a multi-part archive, which is not supported".into(),
                REBUILD,
            ));
        }
        let count = le64(&z, 32);
        let cd_size = le64(&z, 40);
        let cd_offset = le64(&z, 48);
        // Either field set may be read; a value that is not the placeholder must agree.
        for (what, short, placeholder, wide) in [
            ("entry count", count16 as u64, 0xFFFF, count),
            ("central directory size", size32 as u64, 0xFFFF_FFFF, cd_size),
            ("central directory offset", offset32 as u64, 0xFFFF_FFFF, cd_offset),
        ] {
            if short != placeholder && short != wide {
                return Err(corrupt(
                    format!("the end record gives the {what} as {short}, the zip64 end record as {wide}: readers disagree on the directory"),
                    REBUILD,
                ));
            }
        }
        end = EndRecords { count, cd_size, cd_offset, cd_end: z_pos, zip64: true };
        Ok(end)
    }

    /// Check the local header of `entry` against its central record, set its
    /// data offset, and return where the entry (data descriptor included) ends.
    fn check_local(
        file: &File,
        entry: &mut ZipEntry,
        raw_name: &[u8],
        cd_offset: u64,
        display: &str,
    ) -> Result<u64, Vec<Diagnostic>> {
        let at = |m: String| {
            vec![Diagnostic::new(&rules::CORRUPT_ARCHIVE, m)
                .at_path(format!("{display}/{}", entry.name))
                .with_help(
                "the archive says different things to different readers; rebuild it with `aps-pack build`",
            )]
        };
        if entry.header_offset.checked_add(30).is_none_or(|end| end > cd_offset) {
            return Err(at(format!(
                "the central record of `{}` points at offset {}, past the entries (which end at offset {cd_offset})",
                entry.name, entry.header_offset
            )));
        }
        let mut header = [0u8; 30];
        read_exact_at(file, &mut header, entry.header_offset)
            .map_err(|e| at(format!("cannot read the local header of `{}`: {e}", entry.name)))?;
        if le32(&header, 0) != LOCAL_SIG {
            return Err(at(format!(
                "the central record of `{}` points at offset {}, where there is no local header",
                entry.name, entry.header_offset
            )));
        }
        let name_len = le16(&header, 26) as u64;
        let extra_len = le16(&header, 28) as u64;
        if entry.header_offset + 30 + name_len + extra_len > cd_offset {
            return Err(at(format!("the local header of `{}` runs into the central directory", entry.name)));
        }
        let mut variable = vec![0u8; (name_len + extra_len) as usize];
        read_exact_at(file, &mut variable, entry.header_offset + 30)
            .map_err(|e| at(format!("cannot read the local header of `{}`: {e}", entry.name)))?;
        let (local_name, local_extra) = variable.split_at(name_len as usize);
        if local_name != raw_name {
            return Err(at(format!(
                "the local header of `{}` names `{}`, the central directory `{}`",
                entry.name,
                String::from_utf8_lossy(local_name),
                entry.name
            )));
        }
        if let Some(other) = other_unicode_path(local_extra, raw_name) {
            return Err(at(format!(
                "the local header of `{}` carries a Unicode path field naming `{other}`: streaming readers may unpack that name",
                entry.name
            )));
        }
        let local_flags = le16(&header, 6);
        if local_flags != entry.flags {
            return Err(at(format!(
                "the local header of `{}` has flags {local_flags:#06x}, the central directory {:#06x}",
                entry.name, entry.flags
            )));
        }
        let local_method = le16(&header, 8);
        if local_method != entry.method {
            return Err(at(format!(
                "the local header of `{}` gives compression method {local_method}, the central directory {}",
                entry.name, entry.method
            )));
        }
        let local_crc = le32(&header, 14);
        let (c32, s32) = (le32(&header, 18), le32(&header, 22));
        let wanted = usize::from(s32 == 0xFFFF_FFFF) + usize::from(c32 == 0xFFFF_FFFF);
        let wide = zip64_values(local_extra, wanted).unwrap_or_default();
        let mut wide = wide.into_iter();
        let mut widen = |v: u32| if v == 0xFFFF_FFFF { wide.next() } else { Some(v as u64) };
        let local_size = widen(s32);
        let local_compressed = widen(c32);
        let descriptor = entry.flags & FLAG_DESCRIPTOR != 0;
        let agrees = |local: Option<u64>, central: u64| match local {
            Some(v) => v == central || (descriptor && v == 0),
            None => false,
        };
        for (what, ok) in [
            ("CRC-32", local_crc == entry.crc32 || (descriptor && local_crc == 0)),
            ("compressed size", agrees(local_compressed, entry.compressed_size)),
            ("size", agrees(local_size, entry.size)),
        ] {
            if !ok {
                return Err(at(format!(
                    "the local header of `{}` gives a different {what} than the central directory",
                    entry.name
                )));
            }
        }
        entry.data_offset = entry.header_offset + 30 + name_len + extra_len;
        let data_end = entry.data_offset.checked_add(entry.compressed_size).filter(|end| *end <= cd_offset);
        let Some(data_end) = data_end else {
            return Err(at(format!(
                "the data of `{}` ({}) runs into the central directory",
                entry.name,
                plural(entry.compressed_size, "byte", "bytes")
            )));
        };
        if !descriptor {
            return Ok(data_end);
        }
        // The descriptor: optional signature, CRC-32, then 4- or 8-byte sizes.
        let room = (cd_offset - data_end).min(24) as usize;
        let mut d = vec![0u8; room];
        read_exact_at(file, &mut d, data_end)
            .map_err(|e| at(format!("cannot read the data descriptor of `{}`: {e}", entry.name)))?;
        let skip = if d.len() >= 4 && le32(&d, 0) == DESCRIPTOR_SIG { 4 } else { 0 };
        let zip64 = has_zip64_extra(local_extra);
        let shapes: &[usize] = if zip64 { &[8, 4] } else { &[4, 8] };
        for &width in shapes {
            let need = skip + 4 + 2 * width;
            if d.len() < need {
                continue;
            }
            let read = |at: usize| if width == 8 { le64(&d, at) } else { le32(&d, at) as u64 };
            if le32(&d, skip) == entry.crc32
                && read(skip + 4) == entry.compressed_size
                && read(skip + 4 + width) == entry.size
            {
                return Ok(data_end + need as u64);
            }
        }
        Err(at(format!(
            "the data descriptor after `{}` does not repeat the CRC-32 and sizes of its central record",
            entry.name
        )))
    }

    /// Every byte before the central directory must belong to exactly one
    /// entry: what lies between entries is read by streaming readers (which
    /// walk local headers) and ignored by the others.
    fn check_coverage(
        &mut self,
        display: &str,
        mut extents: Vec<(u64, u64, usize)>,
        cd_offset: u64,
        diags: &mut Vec<Diagnostic>,
    ) {
        extents.sort_unstable();
        let mut covered = 0u64;
        let mut previous: Option<usize> = None;
        for &(start, end, index) in &extents {
            if start < covered {
                let a = previous.map(|p| self.entries[p].name.clone()).unwrap_or_default();
                let b = &self.entries[index].name;
                diags.push(
                    Diagnostic::new(
                        &rules::ARCHIVE_TOO_LARGE,
                        format!("entries `{a}` and `{b}` overlap in the archive (a zip-bomb technique)"),
                    )
                    .at_path(format!("{display}/{b}"))
                    .with_help("each entry must have its own bytes; rebuild the archive"),
                );
                // Nothing is read from a refused archive; one overlap says enough.
                self.refused = true;
                return;
            } else if start > covered {
                let before = previous.map(|p| format!("after `{}`", self.entries[p].name));
                diags.push(self.unaccounted(display, covered, start, before));
            }
            if end > covered {
                covered = end;
                previous = Some(index);
            }
        }
        if covered < cd_offset {
            let before = previous
                .map(|p| format!("after `{}`, before the central directory", self.entries[p].name))
                .or_else(|| Some("before the central directory".into()));
            diags.push(self.unaccounted(display, covered, cd_offset, before));
        }
    }

    /// A finding for `[from, to)`, which no central record accounts for.
    fn unaccounted(&self, display: &str, from: u64, to: u64, place: Option<String>) -> Diagnostic {
        let place = place.unwrap_or_else(|| "before the first entry".into());
        let mut head = [0u8; 30];
        let hidden = to - from >= 30
            && read_exact_at(&self.file, &mut head, from).is_ok()
            && le32(&head, 0) == LOCAL_SIG;
        let message = if hidden {
            let name_len = (le16(&head, 26) as u64).min(to - from - 30).min(1024) as usize;
            let mut name = vec![0u8; name_len];
            let name = match read_exact_at(&self.file, &mut name, from + 30) {
                Ok(()) => String::from_utf8_lossy(&name).into_owned(),
                Err(_) => String::new(),
            };
            format!(
                "a local entry `{name}` at offset {from} ({place}) has no central directory record: readers that \
                 walk local headers unpack it, readers of the directory do not"
            )
        } else {
            format!(
                "{} at offset {from} ({place}) {} to no entry: every byte before the central directory must be \
                 part of an entry",
                plural(to - from, "byte", "bytes"),
                if to - from == 1 { "belongs" } else { "belong" }
            )
        };
        Diagnostic::new(&rules::CORRUPT_ARCHIVE, message)
            .at_path(display)
            .with_help("the archive was altered after it was built; rebuild it with `aps-pack build`")
    }

    fn check_entries(&mut self, display: &str, limits: &Limits, diags: &mut Vec<Diagnostic>) {
        let at = |name: &str| format!("{display}/{name}");
        let total: u64 = self.entries.iter().map(|e| e.size).fold(0u64, u64::saturating_add);
        if total > limits.max_total_size {
            diags.push(
                Diagnostic::new(
                    &rules::ARCHIVE_TOO_LARGE,
                    format!(
                        "the entries expand to {total} bytes, more than the limit of {} bytes",
                        limits.max_total_size
                    ),
                )
                .at_path(display)
                .with_help("if the archive is genuine, raise the limit with --max-size"),
            );
            self.refused = true;
        }
        let mut seen = std::collections::HashMap::new();
        for (i, e) in self.entries.iter().enumerate() {
            if e.size > limits.ratio_min_size && e.size / e.compressed_size.max(1) > limits.max_ratio {
                diags.push(
                    Diagnostic::new(
                        &rules::ARCHIVE_TOO_LARGE,
                        format!(
                            "`{}` expands {} bytes into {} ({}:1, the limit is {}:1)",
                            e.name,
                            e.compressed_size,
                            e.size,
                            e.size / e.compressed_size.max(1),
                            limits.max_ratio
                        ),
                    )
                    .at_path(at(&e.name))
                    .with_help("if the archive is genuine, raise the limit with --max-ratio"),
                );
                self.refused = true;
            }
            if let Some(reason) = names::unsafe_entry_reason(&e.name) {
                diags.push(
                    Diagnostic::new(
                        &rules::UNSAFE_ENTRY_NAME,
                        format!("entry `{}` is unsafe to unpack: {reason}", e.name),
                    )
                    .at_path(display)
                    .with_help("such an entry can write outside the folder the archive is unpacked into"),
                );
                self.unusable[i] = true;
            }
            // Without the UTF-8 flag, Info-ZIP and Python read a name as CP437,
            // Java and this reader as UTF-8: two names for one entry.
            // Names that are not UTF-8 at all were reported when read.
            let lossy = e.name.contains('\u{FFFD}');
            if e.flags & FLAG_UTF8 == 0 && !e.name.is_ascii() && !lossy && !self.unusable[i] {
                diags.push(
                    Diagnostic::new(
                        &rules::UNSAFE_ENTRY_NAME,
                        format!(
                            "entry `{}` has a non-ASCII name but not the UTF-8 flag (bit 11); expected the flag, \
                             without which unpackers read the name as CP437 or as UTF-8 and disagree",
                            e.name
                        ),
                    )
                    .at_path(at(&e.name))
                    .with_help("rebuild the archive with `aps-pack build`, which marks UTF-8 names"),
                );
                self.unusable[i] = true;
            }
            if let Some(first) = seen.insert(e.name.clone(), e.index) {
                diags.push(
                    Diagnostic::new(
                        &rules::DUPLICATE_ENTRY,
                        format!(
                            "`{}` appears twice in the archive (entries {} and {})",
                            e.name,
                            first + 1,
                            e.index + 1
                        ),
                    )
                    .at_path(at(&e.name))
                    .with_help("readers disagree on which copy counts; rebuild the archive"),
                );
                self.unusable[i] = true;
            }
            let unsupported = if e.flags & 1 != 0 {
                Some("it is encrypted".to_string())
            } else if let Some(kind) = e.special_kind() {
                Some(kind.to_string())
            } else if e.method != 0 && e.method != 8 {
                Some(format!("it uses compression method {} (only stored and deflate are read)", e.method))
            } else {
                None
            };
            if let Some(why) = unsupported {
                diags.push(
                    Diagnostic::new(
                        &rules::UNSUPPORTED_ENTRY,
                        format!("entry `{}` cannot be checked: {why}; expected a plain stored or deflated file or folder", e.name),
                    )
                    .at_path(at(&e.name))
                    .with_help("rebuild the archive with `aps-pack build`, which packs plain files only"),
                );
                self.unusable[i] = true;
            } else if e.method == 0 && e.size != e.compressed_size {
                diags.push(
                    Diagnostic::new(
                        &rules::CORRUPT_ENTRY_DATA,
                        format!(
                            "stored entry `{}` declares {} bytes but holds {}",
                            e.name, e.size, e.compressed_size
                        ),
                    )
                    .at_path(at(&e.name)),
                );
                self.unusable[i] = true;
            }
        }
        self.check_collisions(display, diags);
    }

    /// Names that are one file once unpacked somewhere: equal when letter case
    /// or Unicode normalisation is ignored, or a path that is a file in one
    /// entry and a folder in another. Which entry wins then depends on the
    /// file system and the unpacking order, not on what was checked.
    fn check_collisions(&self, display: &str, diags: &mut Vec<Diagnostic>) {
        use std::collections::{HashMap, HashSet};
        let at = |name: &str| format!("{display}/{name}");
        let bare = |name: &str| name.strip_suffix('/').unwrap_or(name).to_string();
        let mut exact = HashSet::with_capacity(self.entries.len());
        let mut by_nfc: HashMap<String, usize> = HashMap::with_capacity(self.entries.len());
        let mut by_fold: HashMap<String, usize> = HashMap::with_capacity(self.entries.len());
        for e in &self.entries {
            // Exact duplicates are reported as such.
            if !exact.insert(e.name.as_str()) {
                continue;
            }
            let nfc = names::normalization_key(&bare(&e.name));
            let fold = names::fold_key(&bare(&e.name));
            let same_nfc = by_nfc.get(&nfc).copied();
            let Some(first) = by_fold.get(&fold).copied() else {
                by_nfc.entry(nfc).or_insert(e.index);
                by_fold.insert(fold, e.index);
                continue;
            };
            by_nfc.entry(nfc).or_insert(e.index);
            let first = &self.entries[first];
            if first.is_dir() != e.is_dir() {
                let (file, folder) = if e.is_dir() { (first, e) } else { (e, first) };
                diags.push(
                    Diagnostic::new(
                        &rules::FILE_FOLDER_CONFLICT,
                        format!(
                            "`{}` is a file and `{}` a folder of the same path; expected each path to be one or the other",
                            file.name, folder.name
                        ),
                    )
                    .at_path(at(&e.name))
                    .with_help("unpacking fails or one replaces the other; rename the file or the folder"),
                );
            } else if let Some(other) = same_nfc {
                diags.push(
                    Diagnostic::new(
                        &rules::NAME_NORMALIZATION_COLLISION,
                        format!(
                            "`{}` and `{}` are the same name in different Unicode normalisation forms (entries {} and {}); expected distinct names",
                            escape_non_ascii(&self.entries[other].name),
                            escape_non_ascii(&e.name),
                            other + 1,
                            e.index + 1
                        ),
                    )
                    .at_path(at(&e.name))
                    .with_help("file systems that normalise names (macOS) keep only one of them; keep one spelling, preferably NFC"),
                );
            } else {
                diags.push(
                    Diagnostic::new(
                        &rules::CASE_COLLISION,
                        format!(
                            "`{}` and `{}` differ only in letter case (entries {} and {}); expected names that differ otherwise",
                            first.name,
                            e.name,
                            first.index + 1,
                            e.index + 1
                        ),
                    )
                    .at_path(at(&e.name))
                    .with_help("case-insensitive file systems (Windows, macOS) keep only one of them; rename or remove one"),
                );
            }
        }

        // A file whose path is a parent folder of another entry.
        let mut files: HashMap<String, usize> = HashMap::new();
        for e in self.entries.iter().filter(|e| !e.is_dir()) {
            files.entry(names::fold_key(&e.name)).or_insert(e.index);
        }
        let mut reported = HashSet::new();
        for e in &self.entries {
            let name = bare(&e.name);
            for (cut, _) in name.match_indices('/') {
                let Some(&file) = files.get(&names::fold_key(&name[..cut])) else { continue };
                if reported.insert(file) {
                    let file = &self.entries[file];
                    diags.push(
                        Diagnostic::new(
                            &rules::FILE_FOLDER_CONFLICT,
                            format!(
                                "`{}` is a file, but `{}` needs a folder of that name; expected each path to be a file or a folder, not both",
                                file.name, e.name
                            ),
                        )
                        .at_path(at(&file.name))
                        .with_help("unpacking fails or drops one of them; rename the file or the folder"),
                    );
                }
                break;
            }
        }
    }

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
                Err(e) => return Err(EntryError::Io(format!("cannot read `{}`: {e}", entry.name))),
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
