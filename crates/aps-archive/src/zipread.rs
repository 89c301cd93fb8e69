//! A careful zip reader for archives nobody vouches for.
//!
//! The central directory is the index; every local header is checked against
//! it (name, method), entry data must lie inside the file, before the central
//! directory, and not overlap other entries. Declared sizes are checked
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

    fn is_unix_symlink(&self) -> bool {
        self.made_by >> 8 == 3 && (self.external_attr >> 16) & 0o170000 == 0o120000
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

impl ZipArchive {
    /// Open `path`. `Err` holds the diagnostics that make the file unreadable as
    /// an archive; `Ok` may still carry per-entry findings.
    pub fn open(
        path: &Path,
        display: &str,
        limits: &Limits,
    ) -> Result<(ZipArchive, Vec<Diagnostic>), Vec<Diagnostic>> {
        let corrupt =
            |message: String| vec![Diagnostic::new(&rules::CORRUPT_ARCHIVE, message).at_path(display)];
        let file = File::open(path).map_err(|e| corrupt(format!("cannot read the archive: {e}")))?;
        let len = file.metadata().map_err(|e| corrupt(format!("cannot read the archive: {e}")))?.len();
        let mut diags = Vec::new();

        // End of central directory record.
        let tail_len = len.min(22 + 65_535) as usize;
        if tail_len < 22 {
            return Err(corrupt("not a zip archive (too short)".into()));
        }
        let mut tail = vec![0u8; tail_len];
        read_exact_at(&file, &mut tail, len - tail_len as u64)
            .map_err(|e| corrupt(format!("cannot read: {e}")))?;
        let mut eocd_at = None;
        for i in (0..=tail_len - 22).rev() {
            if le32(&tail, i) == 0x0605_4b50 {
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
            return Err(corrupt("not a zip archive (no end-of-central-directory record)".into()));
        };
        let eocd_pos = len - tail_len as u64 + e as u64;
        let trailing = tail_len - (e + 22 + le16(&tail, e + 20) as usize).min(tail_len);
        if e + 22 + le16(&tail, e + 20) as usize > tail_len {
            return Err(corrupt("the end-of-central-directory record is truncated".into()));
        }
        if trailing > 0 {
            diags.push(
                Diagnostic::new(
                    &rules::CORRUPT_ARCHIVE,
                    format!("{trailing} unexpected bytes after the end of the archive"),
                )
                .at_path(display),
            );
        }
        if le16(&tail, e + 4) != 0 || le16(&tail, e + 6) != 0 {
            return Err(corrupt("multi-part (spanned) archives are not supported".into()));
        }
        let mut count = le16(&tail, e + 10) as u64;
        let mut cd_size = le32(&tail, e + 12) as u64;
        let mut cd_offset = le32(&tail, e + 16) as u64;
        let mut cd_end_limit = eocd_pos;

        // Zip64 end of central directory, via its locator just before the EOCD.
        if eocd_pos >= 20 {
            let mut locator = [0u8; 20];
            read_exact_at(&file, &mut locator, eocd_pos - 20)
                .map_err(|e| corrupt(format!("cannot read: {e}")))?;
            if le32(&locator, 0) == 0x0706_4b50 {
                let z_pos = le64(&locator, 8);
                if z_pos.checked_add(56).is_none_or(|end| end > eocd_pos - 20) {
                    return Err(corrupt("the zip64 end record points outside the archive".into()));
                }
                let mut z = [0u8; 56];
                read_exact_at(&file, &mut z, z_pos).map_err(|e| corrupt(format!("cannot read: {e}")))?;
                if le32(&z, 0) != 0x0606_4b50 {
                    return Err(corrupt("the zip64 end record is missing or damaged".into()));
                }
                count = le64(&z, 32);
                cd_size = le64(&z, 40);
                cd_offset = le64(&z, 48);
                cd_end_limit = z_pos;
            }
        }
        if count > limits.max_entries as u64 {
            return Err(vec![Diagnostic::new(
                &rules::ARCHIVE_TOO_LARGE,
                format!(
                    "the archive declares {count} entries, more than the limit of {}",
                    limits.max_entries
                ),
            )
            .at_path(display)]);
        }
        if cd_offset.checked_add(cd_size).is_none_or(|end| end > cd_end_limit) {
            return Err(corrupt(
                "the central directory lies outside the archive (truncated or not a zip)".into(),
            ));
        }
        if cd_size > 512 << 20 {
            return Err(vec![Diagnostic::new(
                &rules::ARCHIVE_TOO_LARGE,
                "the central directory is larger than 512 MiB",
            )
            .at_path(display)]);
        }
        let mut cd = vec![0u8; cd_size as usize];
        read_exact_at(&file, &mut cd, cd_offset)
            .map_err(|e| corrupt(format!("cannot read the central directory: {e}")))?;

        let mut entries = Vec::with_capacity(count as usize);
        let mut pos = 0usize;
        for index in 0..count as usize {
            if pos + 46 > cd.len() || le32(&cd, pos) != 0x0201_4b50 {
                return Err(corrupt(format!("central directory entry {} is damaged", index + 1)));
            }
            let name_len = le16(&cd, pos + 28) as usize;
            let extra_len = le16(&cd, pos + 30) as usize;
            let comment_len = le16(&cd, pos + 32) as usize;
            let next = pos + 46 + name_len + extra_len + comment_len;
            if next > cd.len() {
                return Err(corrupt(format!("central directory entry {} is truncated", index + 1)));
            }
            let flags = le16(&cd, pos + 8);
            let raw_name = &cd[pos + 46..pos + 46 + name_len];
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
            let mut size = le32(&cd, pos + 24) as u64;
            let mut compressed_size = le32(&cd, pos + 20) as u64;
            let mut header_offset = le32(&cd, pos + 42) as u64;
            // Zip64 extended information: only the fields that overflowed, in this order.
            let mut extra = &cd[pos + 46 + name_len..pos + 46 + name_len + extra_len];
            while extra.len() >= 4 {
                let id = le16(extra, 0);
                let n = (le16(extra, 2) as usize).min(extra.len() - 4);
                if id == 0x0001 {
                    let mut field = &extra[4..4 + n];
                    for value in [&mut size, &mut compressed_size, &mut header_offset] {
                        if *value == 0xFFFF_FFFF && field.len() >= 8 {
                            *value = le64(field, 0);
                            field = &field[8..];
                        }
                    }
                }
                extra = &extra[4 + n..];
            }
            entries.push(ZipEntry {
                index,
                name,
                method: le16(&cd, pos + 10),
                flags,
                crc32: le32(&cd, pos + 16),
                compressed_size,
                size,
                header_offset,
                data_offset: 0,
                made_by: le16(&cd, pos + 4),
                external_attr: le32(&cd, pos + 38),
                dos: (le16(&cd, pos + 12), le16(&cd, pos + 14)),
            });
            pos = next;
        }

        // Local headers must agree with the central directory.
        for entry in &mut entries {
            let at = |m: String| {
                Diagnostic::new(&rules::CORRUPT_ARCHIVE, m).at_path(format!("{display}/{}", entry.name))
            };
            if entry.header_offset.checked_add(30).is_none_or(|end| end > cd_offset) {
                return Err(vec![at(format!("entry `{}` points outside the archive", entry.name))]);
            }
            let mut header = [0u8; 30];
            read_exact_at(&file, &mut header, entry.header_offset)
                .map_err(|e| corrupt(format!("cannot read the local header of `{}`: {e}", entry.name)))?;
            if le32(&header, 0) != 0x0403_4b50 {
                return Err(vec![at(format!("the local header of `{}` is missing", entry.name))]);
            }
            let name_len = le16(&header, 26) as u64;
            let extra_len = le16(&header, 28) as u64;
            let mut local_name = vec![0u8; name_len as usize];
            read_exact_at(&file, &mut local_name, entry.header_offset + 30)
                .map_err(|e| corrupt(format!("cannot read the local header of `{}`: {e}", entry.name)))?;
            if local_name != entry.name.as_bytes() && std::str::from_utf8(&local_name).is_ok() {
                return Err(vec![at(format!(
                    "the local header of `{}` names `{}`: the archive says different things to different readers",
                    entry.name,
                    String::from_utf8_lossy(&local_name)
                ))]);
            }
            if le16(&header, 8) != entry.method {
                return Err(vec![at(format!(
                    "the local header of `{}` gives a different compression method than the central directory",
                    entry.name
                ))]);
            }
            entry.data_offset = entry.header_offset + 30 + name_len + extra_len;
            if entry.data_offset.checked_add(entry.compressed_size).is_none_or(|end| end > cd_offset) {
                return Err(vec![at(format!(
                    "the data of `{}` runs past the end of the archive",
                    entry.name
                ))]);
            }
        }

        let mut archive = ZipArchive {
            file,
            len,
            unusable: vec![false; entries.len()],
            entries,
            refused: false,
            usable_by_name: Default::default(),
        };
        archive.check_entries(display, limits, &mut diags);
        let mut usable_by_name = std::collections::HashMap::with_capacity(archive.entries.len());
        for e in archive.entries.iter().filter(|e| !archive.unusable[e.index]) {
            usable_by_name.entry(e.name.clone()).or_insert(e.index);
        }
        archive.usable_by_name = usable_by_name;
        Ok((archive, diags))
    }

    fn check_entries(&mut self, display: &str, limits: &Limits, diags: &mut Vec<Diagnostic>) {
        let at = |name: &str| format!("{display}/{name}");
        // Overlapping entries: the "better zip bomb" trick, and a way to make one byte count twice.
        let mut by_offset: Vec<&ZipEntry> = self.entries.iter().collect();
        by_offset.sort_by_key(|e| (e.header_offset, e.index));
        for pair in by_offset.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if b.header_offset < a.data_offset + a.compressed_size {
                diags.push(
                    Diagnostic::new(
                        &rules::ARCHIVE_TOO_LARGE,
                        format!(
                            "entries `{}` and `{}` overlap in the archive (a zip-bomb technique)",
                            a.name, b.name
                        ),
                    )
                    .at_path(at(&b.name)),
                );
                self.refused = true;
            }
        }
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
            } else if e.is_unix_symlink() {
                Some("it is a symbolic link".to_string())
            } else if e.method != 0 && e.method != 8 {
                Some(format!("it uses compression method {} (only stored and deflate are read)", e.method))
            } else {
                None
            };
            if let Some(why) = unsupported {
                diags.push(
                    Diagnostic::new(
                        &rules::UNSUPPORTED_ENTRY,
                        format!("entry `{}` cannot be checked: {why}", e.name),
                    )
                    .at_path(at(&e.name)),
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
