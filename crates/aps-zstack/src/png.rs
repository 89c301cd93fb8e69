//! Just enough PNG to know a logo is one: signature, `IHDR`, chunk CRCs, `IEND`.

const SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";

/// What is wrong with a file that should be a PNG image.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PngError {
    /// `looks_like` names the format it has instead (" (it is a JPEG)"), or is empty.
    #[error("the file does not start with the PNG signature{looks_like}")]
    NoSignature { looks_like: &'static str },
    #[error("the file ends after {len} bytes, before the IEND chunk (truncated?)")]
    Truncated { len: usize },
    #[error("chunk `{kind}` at byte {offset} runs past the end of the file (truncated?)")]
    ChunkPastEnd { kind: String, offset: usize },
    #[error("chunk `{kind}` at byte {offset} has a wrong CRC (damaged file)")]
    BadCrc { kind: String, offset: usize },
    #[error("the first chunk is not a 13-byte IHDR")]
    NoLeadingHeader,
    #[error("the image is {width}×{height} pixels")]
    Empty { width: u32, height: u32 },
}

/// Width and height of a valid PNG, or what is wrong with it.
pub fn check(bytes: &[u8]) -> Result<(u32, u32), PngError> {
    if bytes.len() < 8 || &bytes[..8] != SIGNATURE {
        let looks_like = if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
            " (it is a JPEG)"
        } else if bytes.starts_with(b"GIF8") {
            " (it is a GIF)"
        } else if bytes.starts_with(b"<svg") || bytes.starts_with(b"<?xml") {
            " (it is SVG/XML)"
        } else if bytes.starts_with(b"RIFF") {
            " (it is a RIFF/WebP file)"
        } else {
            ""
        };
        return Err(PngError::NoSignature { looks_like });
    }
    let mut pos = 8;
    let mut size = None;
    let mut first = true;
    loop {
        if pos + 8 > bytes.len() {
            return Err(PngError::Truncated { len: bytes.len() });
        }
        let len = u32::from_be_bytes([bytes[pos], bytes[pos + 1], bytes[pos + 2], bytes[pos + 3]]) as usize;
        let kind = &bytes[pos + 4..pos + 8];
        let end = pos.checked_add(12).and_then(|p| p.checked_add(len)).filter(|&e| e <= bytes.len());
        let Some(end) = end else {
            return Err(PngError::ChunkPastEnd {
                kind: String::from_utf8_lossy(kind).into_owned(),
                offset: pos,
            });
        };
        let data = &bytes[pos + 8..pos + 8 + len];
        let stored = u32::from_be_bytes([bytes[end - 4], bytes[end - 3], bytes[end - 2], bytes[end - 1]]);
        let mut crc = crc32fast::Hasher::new();
        crc.update(kind);
        crc.update(data);
        if crc.finalize() != stored {
            return Err(PngError::BadCrc { kind: String::from_utf8_lossy(kind).into_owned(), offset: pos });
        }
        if first {
            if kind != b"IHDR" || len != 13 {
                return Err(PngError::NoLeadingHeader);
            }
            let w = u32::from_be_bytes([data[0], data[1], data[2], data[3]]);
            let h = u32::from_be_bytes([data[4], data[5], data[6], data[7]]);
            if w == 0 || h == 0 {
                return Err(PngError::Empty { width: w, height: h });
            }
            size = Some((w, h));
            first = false;
        }
        if kind == b"IEND" {
            // The first chunk was checked to be IHDR, so the size is known here.
            return size.ok_or(PngError::NoLeadingHeader);
        }
        pos = end;
    }
}

#[cfg(test)]
pub(crate) fn tiny_png() -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        out.extend(kind);
        out.extend(data);
        let mut c = crc32fast::Hasher::new();
        c.update(kind);
        c.update(data);
        out.extend(c.finalize().to_be_bytes());
    }
    let mut png = SIGNATURE.to_vec();
    chunk(&mut png, b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
    // A zlib stream of one filter byte and one grey pixel.
    chunk(&mut png, b"IDAT", &[0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01]);
    chunk(&mut png, b"IEND", &[]);
    png
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_png_and_rejects_others() {
        let png = tiny_png();
        assert_eq!(check(&png), Ok((1, 1)));
        assert!(check(&png[..png.len() - 5]).unwrap_err().to_string().contains("truncated"));
        let mut bad = png.clone();
        bad[20] ^= 1;
        assert!(check(&bad).unwrap_err().to_string().contains("CRC"));
        assert!(check(b"\xff\xd8\xff\xe0 JFIF").unwrap_err().to_string().contains("JPEG"));
        assert!(check(b"").is_err());
    }
}
