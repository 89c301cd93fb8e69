//! Signing keys and certificates: PKCS#12 (`.pfx`/`.p12`, as the official
//! `aps build -c` takes) or PEM key + certificate (+ chain).
//!
//! Signing uses `ring`: its RSA and ECDSA private-key operations are
//! constant-time, which the RustCrypto `rsa` 0.9 line is not (RUSTSEC-2023-0071);
//! the constant-time RustCrypto `rsa` is only available as a release candidate.

use ring::rand::SystemRandom;
use ring::signature::{self, EcdsaKeyPair, KeyPair, RsaKeyPair};
use std::sync::Arc;

/// XML-DSig signature method URIs.
pub const RSA_SHA256: &str = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
pub const ECDSA_SHA256: &str = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";
pub const ECDSA_SHA384: &str = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384";

/// Why a key could not be loaded or used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct KeyError(pub String);

fn err(message: impl Into<String>) -> KeyError {
    KeyError(message.into())
}

enum PrivateKey {
    Rsa(RsaKeyPair),
    EcdsaP256(EcdsaKeyPair),
    EcdsaP384(EcdsaKeyPair),
}

/// A private key with its certificate chain (signer first).
#[derive(Clone)]
pub struct Signer {
    key: Arc<PrivateKey>,
    /// DER certificates: the signer's first, then the chain.
    pub certificates: Vec<Vec<u8>>,
    /// The signer certificate's subject, for messages.
    pub subject: String,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("subject", &self.subject)
            .field("algorithm", &self.algorithm())
            .finish()
    }
}

impl Signer {
    /// The XML-DSig `SignatureMethod` this key signs with.
    pub fn algorithm(&self) -> &'static str {
        match *self.key {
            PrivateKey::Rsa(_) => RSA_SHA256,
            PrivateKey::EcdsaP256(_) => ECDSA_SHA256,
            PrivateKey::EcdsaP384(_) => ECDSA_SHA384,
        }
    }

    /// Sign `message` (RSA PKCS#1 v1.5 with SHA-256, or ECDSA with the raw `r || s` form XML-DSig uses).
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>, KeyError> {
        let rng = SystemRandom::new();
        match &*self.key {
            PrivateKey::Rsa(key) => {
                let mut out = vec![0u8; key.public().modulus_len()];
                key.sign(&signature::RSA_PKCS1_SHA256, &rng, message, &mut out)
                    .map_err(|_| err("RSA signing failed"))?;
                Ok(out)
            }
            PrivateKey::EcdsaP256(key) | PrivateKey::EcdsaP384(key) => {
                key.sign(&rng, message).map(|s| s.as_ref().to_vec()).map_err(|_| err("ECDSA signing failed"))
            }
        }
    }

    fn public_key_bytes(&self) -> &[u8] {
        match &*self.key {
            PrivateKey::Rsa(k) => k.public_key().as_ref(),
            PrivateKey::EcdsaP256(k) | PrivateKey::EcdsaP384(k) => k.public_key().as_ref(),
        }
    }

    fn new(key: PrivateKey, certificates: Vec<Vec<u8>>) -> Result<Self, KeyError> {
        let Some(leaf) = certificates.first() else {
            return Err(err("no certificate was given for the signing key"));
        };
        let (_, cert) = x509_parser::parse_x509_certificate(leaf)
            .map_err(|e| err(format!("the signer certificate cannot be read: {e}")))?;
        let subject = cert.subject().to_string();
        let cert_key = cert.public_key().subject_public_key.data.to_vec();
        let signer = Signer { key: Arc::new(key), certificates, subject };
        if signer.public_key_bytes() != cert_key.as_slice() {
            return Err(err(format!(
                "the private key does not belong to the certificate `{}`",
                signer.subject
            )));
        }
        Ok(signer)
    }

    /// Why verifiers would refuse the signer certificate at `now` (Unix
    /// seconds; `None` = the clock), if they would: expired or not yet valid.
    pub fn validity_problem(&self, now: Option<i64>) -> Option<String> {
        use x509_parser::time::ASN1Time;
        let leaf = self.certificates.first()?;
        let (_, cert) = x509_parser::parse_x509_certificate(leaf).ok()?;
        let now = now.and_then(|t| ASN1Time::from_timestamp(t).ok()).unwrap_or_else(ASN1Time::now);
        let validity = cert.validity();
        let stamp = |t: &ASN1Time| crate::time::BuildTime(t.timestamp()).packaged() + "Z";
        if now < validity.not_before {
            Some(format!(
                "the signing certificate `{}` is not valid before {}",
                self.subject,
                stamp(&validity.not_before)
            ))
        } else if now > validity.not_after {
            Some(format!("the signing certificate `{}` expired {}", self.subject, stamp(&validity.not_after)))
        } else {
            None
        }
    }

    /// From a PKCS#12 file's bytes.
    pub fn from_pkcs12(bytes: &[u8], password: &str) -> Result<Self, KeyError> {
        let store = p12_keystore::KeyStore::from_pkcs12(bytes, password).map_err(|e| {
            err(format!("cannot open the PKCS#12 file (wrong password, or not a PKCS#12 file): {e}"))
        })?;
        let Some((_, chain)) = store.private_key_chain() else {
            return Err(err("the PKCS#12 file holds no private key with a matching certificate"));
        };
        let key = key_from_pkcs8(chain.key())?;
        let certificates = chain.chain().iter().map(|c| c.as_der().to_vec()).collect();
        Signer::new(key, certificates)
    }

    /// From PEM texts: a private key (PKCS#8, PKCS#1 RSA or SEC1 EC), the
    /// signer certificate, and optionally more certificates for the chain.
    pub fn from_pem(key_pem: &str, cert_pem: &str, chain_pem: Option<&str>) -> Result<Self, KeyError> {
        let blocks = pem_blocks(key_pem).map_err(|e| err(format!("private key: {e}")))?;
        let key = blocks
            .iter()
            .find_map(|(label, der)| match label.as_str() {
                "PRIVATE KEY" => Some(key_from_pkcs8(der)),
                "RSA PRIVATE KEY" => Some(
                    RsaKeyPair::from_der(der)
                        .map(PrivateKey::Rsa)
                        .map_err(|e| err(format!("the RSA private key is not usable: {e}"))),
                ),
                "EC PRIVATE KEY" => Some(key_from_sec1(der)),
                "ENCRYPTED PRIVATE KEY" => Some(Err(err(
                    "encrypted PEM keys are not supported: use --sign-pfx, or decrypt the key with `openssl pkey`",
                ))),
                _ => None,
            })
            .unwrap_or_else(|| Err(err("the key file holds no PEM private key (BEGIN PRIVATE KEY)")))?;
        let mut certificates =
            certificates_from_pem(cert_pem).map_err(|e| err(format!("certificate: {e}")))?;
        if certificates.is_empty() {
            return Err(err("the certificate file holds no PEM certificate (BEGIN CERTIFICATE)"));
        }
        if let Some(chain) = chain_pem {
            certificates.extend(certificates_from_pem(chain).map_err(|e| err(format!("chain: {e}")))?);
        }
        Signer::new(key, certificates)
    }
}

fn key_from_pkcs8(der: &[u8]) -> Result<PrivateKey, KeyError> {
    if let Ok(k) = RsaKeyPair::from_pkcs8(der) {
        return Ok(PrivateKey::Rsa(k));
    }
    let rng = SystemRandom::new();
    if let Ok(k) = EcdsaKeyPair::from_pkcs8(&signature::ECDSA_P256_SHA256_FIXED_SIGNING, der, &rng) {
        return Ok(PrivateKey::EcdsaP256(k));
    }
    if let Ok(k) = EcdsaKeyPair::from_pkcs8(&signature::ECDSA_P384_SHA384_FIXED_SIGNING, der, &rng) {
        return Ok(PrivateKey::EcdsaP384(k));
    }
    Err(err("unsupported private key: use RSA (2048 to 4096 bits) or ECDSA on P-256 or P-384"))
}

/// Wrap a SEC1 `ECPrivateKey` into PKCS#8 for the curve named in it.
fn key_from_sec1(sec1: &[u8]) -> Result<PrivateKey, KeyError> {
    const P256: &[u8] = &[0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
    const P384: &[u8] = &[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22];
    const EC_PUBLIC_KEY: &[u8] = &[0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
    let curve = if contains(sec1, P256) {
        P256
    } else if contains(sec1, P384) {
        P384
    } else {
        return Err(err("unsupported EC private key: use P-256 or P-384"));
    };
    let mut algorithm = EC_PUBLIC_KEY.to_vec();
    algorithm.extend_from_slice(curve);
    let mut body = vec![0x02, 0x01, 0x00];
    body.extend(der_tlv(0x30, &algorithm));
    body.extend(der_tlv(0x04, sec1));
    key_from_pkcs8(&der_tlv(0x30, &body))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn der_tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(content);
    out
}

/// The `(label, DER)` blocks of a PEM text.
pub fn pem_blocks(text: &str) -> Result<Vec<(String, Vec<u8>)>, KeyError> {
    use base64::Engine;
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((_, line)) = lines.next() {
        let line = line.trim();
        let Some(label) = line.strip_prefix("-----BEGIN ").and_then(|l| l.strip_suffix("-----")) else {
            continue;
        };
        let mut body = String::new();
        let mut closed = false;
        for (number, line) in lines.by_ref() {
            let line = line.trim();
            if line.starts_with("-----END ") {
                if line != format!("-----END {label}-----") {
                    return Err(err(format!("line {}: `{line}` does not close BEGIN {label}", number + 1)));
                }
                closed = true;
                break;
            }
            if line.contains(':') {
                continue; // RFC 1421 headers (Proc-Type, DEK-Info)
            }
            body.push_str(line);
        }
        if !closed {
            return Err(err(format!("BEGIN {label} is never closed")));
        }
        let der = base64::engine::general_purpose::STANDARD
            .decode(body.as_bytes())
            .map_err(|e| err(format!("the {label} block is not valid Base64: {e}")))?;
        out.push((label.to_string(), der));
    }
    Ok(out)
}

/// Every `CERTIFICATE` block of a PEM text, checked to be a readable X.509 certificate.
pub fn certificates_from_pem(text: &str) -> Result<Vec<Vec<u8>>, KeyError> {
    let mut out = Vec::new();
    for (label, der) in pem_blocks(text)? {
        if label != "CERTIFICATE" && label != "X509 CERTIFICATE" && label != "TRUSTED CERTIFICATE" {
            continue;
        }
        x509_parser::parse_x509_certificate(&der)
            .map_err(|e| err(format!("a certificate cannot be read: {e}")))?;
        out.push(der);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem_blocks_are_split_and_checked() {
        let text = "junk\n-----BEGIN A-----\nAAEC\nAw==\n-----END A-----\n-----BEGIN B-----\nBA==\n-----END B-----\n";
        let blocks = pem_blocks(text).unwrap();
        assert_eq!(blocks, [("A".to_string(), vec![0, 1, 2, 3]), ("B".to_string(), vec![4])]);
        assert!(pem_blocks("-----BEGIN A-----\nAA==\n").unwrap_err().0.contains("never closed"));
        assert!(pem_blocks("-----BEGIN A-----\n!!\n-----END A-----\n").unwrap_err().0.contains("Base64"));
        assert!(pem_blocks("-----BEGIN A-----\nAA==\n-----END B-----\n")
            .unwrap_err()
            .0
            .contains("does not close"));
    }

    #[test]
    fn der_lengths() {
        assert_eq!(der_tlv(0x04, &[1, 2]), [0x04, 2, 1, 2]);
        assert_eq!(&der_tlv(0x04, &[0; 200])[..3], &[0x04, 0x81, 200]);
        assert_eq!(&der_tlv(0x04, &[0; 300])[..4], &[0x04, 0x82, 1, 44]);
    }

    #[test]
    fn missing_pieces_are_explained() {
        assert!(Signer::from_pem("", "", None).unwrap_err().0.contains("no PEM private key"));
        let e = Signer::from_pem(
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAA==\n-----END ENCRYPTED PRIVATE KEY-----\n",
            "",
            None,
        )
        .unwrap_err();
        assert!(e.0.contains("encrypted"), "{e}");
        assert!(Signer::from_pkcs12(b"not a pfx", "pw").unwrap_err().0.contains("cannot open"));
    }
}
