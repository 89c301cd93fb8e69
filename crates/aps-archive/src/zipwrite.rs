//! The zip writer: local headers, central directory and zip64 records written
//! by hand.
//!
//! Why not the `zip` crate: a reproducible archive needs every header byte
//! fixed (version-made-by, flags, DOS time, external attributes, no extra
//! fields carrying time, no data descriptors), and the build compresses
//! entries in parallel and appends them later in a fixed order — which needs
//! "write this already-compressed entry with this CRC and these sizes", not a
//! streaming compressor. The format subset is small: stored and deflated
//! entries, zip64 when a size or offset does not fit in 32 bits.
//!
//! Header values follow what the official `aps build` writes: "made by"
//! 6.3 on FAT (0x003F), external attributes 0 for files and 0x10 (MS-DOS
//! directory) for folders, no extra fields, no comments. The general purpose
//! flags are 0, or 0x0800 (UTF-8) when a name is not ASCII.

use std::io::{self, Write};

pub const METHOD_STORED: u16 = 0;
pub const METHOD_DEFLATED: u16 = 8;
const VERSION_MADE_BY: u16 = 63;
const ATTR_DIRECTORY: u32 = 0x10;
pub(crate) const FLAG_UTF8: u16 = 0x0800;
pub(crate) const LOCAL_SIG: u32 = 0x0403_4b50;
pub(crate) const CENTRAL_SIG: u32 = 0x0201_4b50;
pub(crate) const EOCD_SIG: u32 = 0x0605_4b50;
pub(crate) const ZIP64_EOCD_SIG: u32 = 0x0606_4b50;
pub(crate) const ZIP64_LOCATOR_SIG: u32 = 0x0706_4b50;
pub(crate) const ZIP64_EXTRA_ID: u16 = 0x0001;
const U32_MAX: u64 = 0xFFFF_FFFF;

/// Everything the central directory needs about one written entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryRecord {
    pub name: String,
    pub method: u16,
    pub crc32: u32,
    pub compressed_size: u64,
    pub size: u64,
    /// Offset of the local header.
    pub offset: u64,
    pub is_dir: bool,
    /// MS-DOS `(time, date)`.
    pub dos: (u16, u16),
}

impl EntryRecord {
    fn flags(&self) -> u16 {
        if self.name.is_ascii() {
            0
        } else {
            FLAG_UTF8
        }
    }

    fn needs_zip64_sizes(&self) -> bool {
        self.size >= U32_MAX || self.compressed_size >= U32_MAX
    }

    fn version_needed(&self) -> u16 {
        if self.needs_zip64_sizes() || self.offset >= U32_MAX {
            45
        } else if self.method == METHOD_DEFLATED {
            20
        } else {
            10
        }
    }

    /// Length of the local header (and so where the data starts).
    pub fn local_header_len(&self) -> u64 {
        30 + self.name.len() as u64 + if self.needs_zip64_sizes() { 20 } else { 0 }
    }
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}
fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}
fn put64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_le_bytes());
}
fn clamp32(v: u64) -> u32 {
    if v >= U32_MAX {
        0xFFFF_FFFF
    } else {
        v as u32
    }
}

/// The local file header of `record`.
pub fn local_header(record: &EntryRecord) -> Vec<u8> {
    let dos = record.dos;
    let zip64 = record.needs_zip64_sizes();
    let mut h = Vec::with_capacity(record.local_header_len() as usize);
    put32(&mut h, LOCAL_SIG);
    put16(&mut h, record.version_needed());
    put16(&mut h, record.flags());
    put16(&mut h, record.method);
    put16(&mut h, dos.0);
    put16(&mut h, dos.1);
    put32(&mut h, record.crc32);
    put32(&mut h, if zip64 { 0xFFFF_FFFF } else { record.compressed_size as u32 });
    put32(&mut h, if zip64 { 0xFFFF_FFFF } else { record.size as u32 });
    put16(&mut h, record.name.len() as u16);
    put16(&mut h, if zip64 { 20 } else { 0 });
    h.extend_from_slice(record.name.as_bytes());
    if zip64 {
        put16(&mut h, ZIP64_EXTRA_ID);
        put16(&mut h, 16);
        put64(&mut h, record.size);
        put64(&mut h, record.compressed_size);
    }
    h
}

fn central_header(record: &EntryRecord, out: &mut Vec<u8>) {
    let dos = record.dos;
    let mut extra = Vec::new();
    if record.size >= U32_MAX {
        put64(&mut extra, record.size);
    }
    if record.compressed_size >= U32_MAX {
        put64(&mut extra, record.compressed_size);
    }
    if record.offset >= U32_MAX {
        put64(&mut extra, record.offset);
    }
    put32(out, CENTRAL_SIG);
    put16(out, VERSION_MADE_BY);
    put16(out, record.version_needed());
    put16(out, record.flags());
    put16(out, record.method);
    put16(out, dos.0);
    put16(out, dos.1);
    put32(out, record.crc32);
    put32(out, clamp32(record.compressed_size));
    put32(out, clamp32(record.size));
    put16(out, record.name.len() as u16);
    put16(out, if extra.is_empty() { 0 } else { extra.len() as u16 + 4 });
    put16(out, 0); // comment length
    put16(out, 0); // disk number
    put16(out, 0); // internal attributes
    put32(out, if record.is_dir { ATTR_DIRECTORY } else { 0 });
    put32(out, clamp32(record.offset));
    out.extend_from_slice(record.name.as_bytes());
    if !extra.is_empty() {
        put16(out, ZIP64_EXTRA_ID);
        put16(out, extra.len() as u16);
        out.extend_from_slice(&extra);
    }
}

/// The central directory and end records for `records`, which start at
/// `cd_offset` in the archive.
pub fn central_directory(records: &[EntryRecord], cd_offset: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(records.len() * 80 + 120);
    for r in records {
        central_header(r, &mut out);
    }
    let cd_size = out.len() as u64;
    let count = records.len() as u64;
    let zip64 = count >= 0xFFFF || cd_size >= U32_MAX || cd_offset >= U32_MAX;
    if zip64 {
        let eocd64_offset = cd_offset + cd_size;
        put32(&mut out, ZIP64_EOCD_SIG);
        put64(&mut out, 44);
        put16(&mut out, VERSION_MADE_BY);
        put16(&mut out, 45);
        put32(&mut out, 0);
        put32(&mut out, 0);
        put64(&mut out, count);
        put64(&mut out, count);
        put64(&mut out, cd_size);
        put64(&mut out, cd_offset);
        put32(&mut out, ZIP64_LOCATOR_SIG);
        put32(&mut out, 0);
        put64(&mut out, eocd64_offset);
        put32(&mut out, 1);
    }
    put32(&mut out, EOCD_SIG);
    put16(&mut out, 0);
    put16(&mut out, 0);
    let count16 = if count >= 0xFFFF { 0xFFFF } else { count as u16 };
    put16(&mut out, count16);
    put16(&mut out, count16);
    put32(&mut out, clamp32(cd_size));
    put32(&mut out, clamp32(cd_offset));
    put16(&mut out, 0);
    out
}

/// A writer that knows how many bytes went through it.
pub struct Counting<W> {
    pub inner: W,
    pub written: u64,
}

impl<W: Write> Counting<W> {
    pub fn new(inner: W) -> Self {
        Counting { inner, written: 0 }
    }
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(name: &str, size: u64, csize: u64, offset: u64) -> EntryRecord {
        EntryRecord {
            name: name.into(),
            method: METHOD_DEFLATED,
            crc32: 0x1234_5678,
            compressed_size: csize,
            size,
            offset,
            is_dir: false,
            dos: (0, 0x21),
        }
    }

    #[test]
    fn small_entry_headers_have_no_extra_fields() {
        let r = record("a.txt", 10, 8, 0);
        let h = local_header(&r);
        assert_eq!(h.len() as u64, r.local_header_len());
        assert_eq!(&h[0..4], b"PK\x03\x04");
        assert_eq!(u16::from_le_bytes([h[4], h[5]]), 20);
        assert_eq!(u16::from_le_bytes([h[28], h[29]]), 0, "no extra field");
        let cd = central_directory(&[r], 100);
        assert_eq!(u16::from_le_bytes([cd[4], cd[5]]), 63, "made by 6.3 FAT");
        assert_eq!(cd.len(), 46 + 5 + 22);
    }

    #[test]
    fn large_entries_get_zip64_fields() {
        let big = 5 * 1024 * 1024 * 1024;
        let r = record("big.bin", big, big - 7, 6 * 1024 * 1024 * 1024);
        let h = local_header(&r);
        assert_eq!(h.len(), 30 + 7 + 20);
        assert_eq!(u32::from_le_bytes([h[18], h[19], h[20], h[21]]), 0xFFFF_FFFF);
        assert_eq!(u64::from_le_bytes(h[41..49].try_into().unwrap()), big);
        let cd = central_directory(&[r], 7 * 1024 * 1024 * 1024);
        // central header + zip64 extra (3 values) + zip64 EOCD + locator + EOCD
        assert_eq!(cd.len(), 46 + 7 + 4 + 24 + 56 + 20 + 22);
        assert_eq!(u16::from_le_bytes([cd[6], cd[7]]), 45);
    }

    #[test]
    fn utf8_flag_only_for_non_ascii_names() {
        let h = local_header(&record("é.txt", 1, 1, 0));
        assert_eq!(u16::from_le_bytes([h[6], h[7]]), 0x0800);
    }
}
