//! The end records (zip64 included) and the central directory: where the index is,
//! and every record it holds, cross-checked against the end records' count and size.

use super::extra::{other_unicode_path, zip64_values};
use super::{le16, le32, le64, plural, read_exact_at, Limits, ZipArchive, ZipEntry};
use crate::rules::{ArchiveTooLarge, CorruptArchive, Remedy, UnsafeEntryName};
use crate::zipwrite::{CENTRAL_SIG, EOCD_SIG, ZIP64_EOCD_SIG, ZIP64_LOCATOR_SIG};
use aps_diag::{Diagnostic, Violation};
use std::fs::File;
use std::io;
use std::path::Path;

/// The end records, as far as they say where the central directory is.
struct EndRecords {
    count: u64,
    cd_size: u64,
    cd_offset: u64,
    /// Where the central directory must end: the zip64 end record, else the end record.
    cd_end: u64,
    zip64: bool,
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
        let corrupt = |fault: String, remedy: Remedy| {
            vec![CorruptArchive { fault, remedy }.diagnostic().at_path(display)]
        };
        let file = File::open(path)
            .map_err(|e| corrupt(format!("cannot read the archive: {e}"), Remedy::CheckPath))?;
        let len = file
            .metadata()
            .map_err(|e| corrupt(format!("cannot read the archive: {e}"), Remedy::CheckPath))?
            .len();
        let mut diags = Vec::new();
        let end = Self::end_records(&file, len, display, &mut diags)?;

        if end.count > limits.max_entries as u64 {
            return Err(vec![ArchiveTooLarge::DeclaredEntries {
                count: end.count,
                limit: limits.max_entries,
            }
            .diagnostic()
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
                Remedy::TruncatedOrNotZip,
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
                Remedy::Rebuild,
            ));
        }
        if end.cd_size > 512 << 20 {
            return Err(vec![ArchiveTooLarge::HugeDirectory.diagnostic().at_path(display)]);
        }
        let mut cd = vec![0u8; end.cd_size as usize];
        read_exact_at(&file, &mut cd, end.cd_offset)
            .map_err(|e| corrupt(format!("cannot read the central directory: {e}"), Remedy::CheckComplete))?;

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
                    Remedy::Rebuild,
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
                    Remedy::Rebuild,
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
                        UnsafeEntryName::NotUtf8 { lossy: &lossy }
                            .diagnostic()
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
                    Remedy::Rebuild,
                ));
            }
            let Some(wide) = zip64_values(extra, placeholders) else {
                return Err(corrupt(
                    format!(
                        "the central record of `{name}` says its sizes or offset are in a zip64 extra field, which is missing or too short"
                    ),
                    Remedy::Rebuild,
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
                    Remedy::Rebuild,
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
            return Err(corrupt(message, Remedy::Rebuild));
        }
        if records > limits.max_entries as u64 {
            return Err(vec![ArchiveTooLarge::Entries { count: records, limit: limits.max_entries }
                .diagnostic()
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
        let corrupt = |fault: String, remedy: Remedy| {
            vec![CorruptArchive { fault, remedy }.diagnostic().at_path(display)]
        };
        let unreadable =
            |e: io::Error| corrupt(format!("cannot read the archive: {e}"), Remedy::CheckComplete);
        let tail_len = len.min(22 + 65_535) as usize;
        if tail_len < 22 {
            return Err(corrupt(
                format!(
                    "not a zip archive: {} long, shorter than an empty zip (22 bytes)",
                    plural(len, "byte", "bytes")
                ),
                Remedy::CheckFinished,
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
                Remedy::NotZip,
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
                Remedy::CheckFinished,
            ));
        }
        let trailing = tail_len - record_end;
        if trailing > 0 {
            diags.push(
                CorruptArchive {
                    fault: format!(
                        "{} to no entry (expected the file to end with that record)",
                        plural(
                            trailing as u64,
                            "unexpected byte after the end-of-central-directory record belongs",
                            "unexpected bytes after the end-of-central-directory record belong"
                        )
                    ),
                    remedy: Remedy::Appended,
                }
                .diagnostic()
                .at_path(display),
            );
        }
        if le16(&tail, e + 4) != 0 || le16(&tail, e + 6) != 0 {
            return Err(corrupt("multi-part (spanned) archives are not supported".into(), Remedy::Rebuild));
        }
        let on_disk = le16(&tail, e + 8);
        let count16 = le16(&tail, e + 10);
        if on_disk != count16 {
            return Err(corrupt(
                format!(
                    "the end record counts {on_disk} entries on this disk but {count16} in all; a single-part archive has the same number twice"
                ),
                Remedy::Rebuild,
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
                Remedy::Rebuild,
            ));
        }
        let z_pos = le64(&locator, 8);
        if z_pos.checked_add(56).is_none_or(|e| e > locator_pos) {
            return Err(corrupt(
                format!("the zip64 end record is said to be at offset {z_pos}, outside the archive"),
                Remedy::TruncatedOrDamaged,
            ));
        }
        let mut z = [0u8; 56];
        read_exact_at(file, &mut z, z_pos).map_err(unreadable)?;
        if le32(&z, 0) != ZIP64_EOCD_SIG {
            return Err(corrupt(
                format!("the zip64 locator points at offset {z_pos}, where there is no zip64 end record"),
                Remedy::Rebuild,
            ));
        }
        let record_len = le64(&z, 4);
        if record_len < 44 || z_pos + 12 + record_len.min(locator_pos) != locator_pos {
            return Err(corrupt(
                format!(
                    "the zip64 end record at offset {z_pos} declares a length of {record_len} bytes, but its locator is at offset {locator_pos}: \
                     the record must end where the locator starts",
                ),
                Remedy::Rebuild,
            ));
        }
        if le32(&z, 16) != 0 || le32(&z, 20) != 0 || le64(&z, 24) != le64(&z, 32) {
            return Err(corrupt(
                "the zip64 end record describes a multi-part archive, which is not supported".into(),
                Remedy::Rebuild,
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
                    Remedy::Rebuild,
                ));
            }
        }
        end = EndRecords { count, cd_size, cd_offset, cd_end: z_pos, zip64: true };
        Ok(end)
    }
}
