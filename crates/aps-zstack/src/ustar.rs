//! A minimal, deterministic ustar writer.
//!
//! The header block is the `tar` crate's `Header`; the layout around it is
//! kept here because every byte is part of aps-pack's reproducibility promise
//! (owner 0/0, empty owner names, fixed mode and mtime, the name split and
//! the checksum form) and because the `.bin` needs to know exactly where each
//! member's data starts. Names longer than ustar holds and sizes of 8 GiB or
//! more (multi-gigabyte images) get a POSIX pax header.

/// One archive member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// Path inside the archive, `/`-separated, without a trailing slash.
    pub path: String,
    pub kind: MemberKind,
    /// Permission bits (0o644, 0o755).
    pub mode: u32,
    /// Data size (0 for folders).
    pub size: u64,
    pub mtime: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberKind {
    File,
    Dir,
}

pub const BLOCK: usize = 512;

/// Two zero blocks end an archive.
pub const END_OF_ARCHIVE: [u8; 2 * BLOCK] = [0; 2 * BLOCK];

/// Largest value of an 11-digit octal field.
const MAX_OCTAL_11: u64 = 0o777_7777_7777;

/// Zero bytes that follow `size` bytes of data to fill the last block.
pub fn padding(size: u64) -> usize {
    ((BLOCK as u64 - size % BLOCK as u64) % BLOCK as u64) as usize
}

/// The header block(s) of a member: a pax extended header when needed, then the ustar header.
pub fn header(m: &Member) -> Result<Vec<u8>, String> {
    if m.path.is_empty() || m.path.contains('\0') {
        return Err(format!("cannot store {:?} in a tar archive", m.path));
    }
    let mut stored = m.path.clone();
    if m.kind == MemberKind::Dir {
        stored.push('/');
    }
    let mut pax = Vec::new();
    let split = split_name(&stored);
    if split.is_none() {
        pax.extend(pax_record("path", &stored));
    }
    if m.size > MAX_OCTAL_11 {
        pax.extend(pax_record("size", &m.size.to_string()));
    }
    if m.mtime > MAX_OCTAL_11 {
        return Err(format!("timestamp {} does not fit a tar header", m.mtime));
    }
    let mut out = Vec::with_capacity(3 * BLOCK);
    if !pax.is_empty() {
        let pax_header = ustar_block("././@PaxHeader", "", b'x', 0o644, pax.len() as u64, m.mtime);
        out.extend_from_slice(&pax_header);
        let pad = padding(pax.len() as u64);
        out.extend(pax);
        out.extend(std::iter::repeat_n(0u8, pad));
    }
    let (prefix, name) = split.unwrap_or_else(|| ("", truncate_utf8(&stored, 100)));
    let typeflag = match m.kind {
        MemberKind::File => b'0',
        MemberKind::Dir => b'5',
    };
    out.extend_from_slice(&ustar_block(name, prefix, typeflag, m.mode, m.size, m.mtime));
    Ok(out)
}

/// Split a path into ustar's `prefix` (155 bytes) and `name` (100 bytes), at a `/`.
fn split_name(path: &str) -> Option<(&str, &str)> {
    if path.len() <= 100 {
        return Some(("", path));
    }
    // The split `/` is dropped; try the rightmost split that leaves `prefix` short enough.
    let bytes = path.as_bytes();
    for (i, &b) in bytes.iter().enumerate().rev() {
        if b == b'/' && i <= 155 && path.len() - i - 1 <= 100 && i + 1 < path.len() {
            let (prefix, name) = (&path[..i], &path[i + 1..]);
            if !name.is_empty() && name != "/" {
                return Some((prefix, name));
            }
        }
    }
    None
}

fn truncate_utf8(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// `"<len> key=value\n"` where `<len>` counts the whole record, itself included.
fn pax_record(key: &str, value: &str) -> Vec<u8> {
    let body = key.len() + value.len() + 3; // space, '=', '\n'
    let mut len = body + 1;
    while len != body + len.to_string().len() {
        len = body + len.to_string().len();
    }
    format!("{len} {key}={value}\n").into_bytes()
}

/// One ustar header block, filled through the `tar` crate's `Header` (its
/// octal and base-256 number fields); only the checksum is written here, in
/// the `%06o\0 ` form aps-pack has always used, so the bytes stay the same.
fn ustar_block(name: &str, prefix: &str, typeflag: u8, mode: u32, size: u64, mtime: u64) -> [u8; BLOCK] {
    let mut header = tar::Header::new_ustar();
    header.set_mode(mode);
    header.set_uid(0);
    header.set_gid(0);
    // Sizes past 11 octal digits are written in GNU base-256 (for readers that
    // ignore the pax `size` record); the mtime was checked to fit.
    header.set_size(size);
    header.set_mtime(mtime);
    header.set_entry_type(tar::EntryType::new(typeflag));
    // uname/gname stay empty: no owner name leaks from the build machine.
    if let Some(ustar) = header.as_ustar_mut() {
        ustar.name[..name.len()].copy_from_slice(name.as_bytes());
        ustar.prefix[..prefix.len()].copy_from_slice(prefix.as_bytes());
        ustar.dev_major.copy_from_slice(b"0000000\0");
        ustar.dev_minor.copy_from_slice(b"0000000\0");
    }
    let mut h = [0u8; BLOCK];
    h.copy_from_slice(header.as_bytes());
    h[148..156].copy_from_slice(b"        ");
    let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
    let field = format!("{sum:06o}\0 ");
    h[148..156].copy_from_slice(field.as_bytes());
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, size: u64) -> Member {
        Member { path: path.into(), kind: MemberKind::File, mode: 0o644, size, mtime: 315_532_800 }
    }

    #[test]
    fn plain_header_layout() {
        let h = header(&file("application.json", 5)).unwrap();
        assert_eq!(h.len(), 512);
        assert_eq!(&h[..16], b"application.json");
        assert_eq!(&h[100..108], b"0000644\0");
        assert_eq!(&h[124..136], b"00000000005\0");
        assert_eq!(&h[136..148], b"02263523000\0");
        assert_eq!(&h[257..265], b"ustar\x0000");
        assert!(h[265..329].iter().all(|&b| b == 0), "owner names are empty");
    }

    #[test]
    fn long_names_split_or_use_pax() {
        let p = format!("src/{}/{}", "d".repeat(120), "f.tf");
        let h = header(&file(&p, 1)).unwrap();
        assert_eq!(h.len(), 512, "split into prefix and name");
        let p = format!("src/{}", "n".repeat(150));
        let h = header(&file(&p, 1)).unwrap();
        assert_eq!(h.len(), 3 * 512, "pax header, its data, then the header");
        assert!(String::from_utf8_lossy(&h[512..1024]).contains(&format!("path={p}\n")));
    }

    #[test]
    fn huge_sizes_use_pax_and_base256() {
        let h = header(&file("image.qcow2", 10 << 30)).unwrap();
        assert!(String::from_utf8_lossy(&h[512..1024]).starts_with("20 size=10737418240\n"));
        assert_eq!(h[1024 + 124], 0x80);
    }

    /// The header as aps-pack wrote it by hand before it used `tar::Header`.
    fn reference_block(name: &str, prefix: &str, typeflag: u8, mode: u32, size: u64, mtime: u64) -> Vec<u8> {
        fn octal(field: &mut [u8], value: u64) {
            let digits = field.len() - 1;
            let text = format!("{value:0digits$o}");
            field[..digits].copy_from_slice(&text.as_bytes()[text.len() - digits..]);
            field[digits] = 0;
        }
        let mut h = [0u8; BLOCK];
        h[..name.len()].copy_from_slice(name.as_bytes());
        octal(&mut h[100..108], u64::from(mode));
        octal(&mut h[108..116], 0);
        octal(&mut h[116..124], 0);
        if size > MAX_OCTAL_11 {
            h[124] = 0x80;
            h[128..136].copy_from_slice(&size.to_be_bytes());
        } else {
            octal(&mut h[124..136], size);
        }
        octal(&mut h[136..148], mtime);
        h[156] = typeflag;
        h[257..263].copy_from_slice(b"ustar\0");
        h[263..265].copy_from_slice(b"00");
        octal(&mut h[329..337], 0);
        octal(&mut h[337..345], 0);
        h[345..345 + prefix.len()].copy_from_slice(prefix.as_bytes());
        h[148..156].copy_from_slice(b"        ");
        let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
        h[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
        h.to_vec()
    }

    #[test]
    fn tar_header_blocks_are_byte_identical_to_the_hand_written_ones() {
        let long = "p".repeat(155);
        for (name, prefix, flag, mode, size, mtime) in [
            ("application.json", "", b'0', 0o644, 5, 315_532_800),
            ("src/", "", b'5', 0o755, 0, 0),
            ("f.tf", long.as_str(), b'0', 0o755, MAX_OCTAL_11, MAX_OCTAL_11),
            ("image.qcow2", "", b'0', 0o644, 10 << 30, 1_731_488_904),
            ("././@PaxHeader", "", b'x', 0o644, 20, 1),
        ] {
            assert_eq!(
                ustar_block(name, prefix, flag, mode, size, mtime).to_vec(),
                reference_block(name, prefix, flag, mode, size, mtime),
                "{name}"
            );
        }
    }

    #[test]
    fn pax_record_length_counts_itself() {
        for v in ["x", &"y".repeat(90), &"z".repeat(95), &"w".repeat(995)] {
            let r = pax_record("path", v);
            let (len, _) = std::str::from_utf8(&r).unwrap().split_once(' ').unwrap();
            assert_eq!(len.parse::<usize>().unwrap(), r.len());
        }
    }
}
