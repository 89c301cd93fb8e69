//! Verifying the XML signatures of APP-LIST.xml.
//!
//! Supported (anything else is reported as unsupported, never accepted):
//! one `Reference` to the whole document (`URI=""`), the enveloped-signature
//! transform, Canonical XML 1.0 and Exclusive C14N 1.0 (with or without
//! comments, `InclusiveNamespaces` honoured), SHA-1/256/384/512 digests,
//! RSA PKCS#1 v1.5 (2048 bits or more) and ECDSA P-256/P-384 signatures, and
//! signer certificates in `KeyInfo/X509Data`. SHA-1 is accepted with a
//! warning. With trust anchors, the signer must chain to one of them through
//! the embedded certificates, following RFC 5280: every certificate valid now, every issuer
//! a CA within its path length allowed to sign certificates, the signer allowed to
//! sign, and no critical extension left unchecked.

use crate::applist::DSIG_NS;
use crate::c14n::{self, Method};
use crate::rules;
use aps_diag::{Diagnostic, SourceFile, Span, Violation};
use base64::Engine;
use ring::digest;
use ring::signature::{self, UnparsedPublicKey, VerificationAlgorithm};
use std::sync::Arc;
use x509_parser::certificate::X509Certificate;
use x509_parser::time::ASN1Time;

const EXC_C14N_NS: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
/// Each signature canonicalises the whole document: a hostile file with
/// thousands of them would take quadratic time.
const MAX_SIGNATURES: usize = 16;

/// What verification is checked against.
#[derive(Debug, Clone, Default)]
pub struct VerifyOptions {
    /// Trusted certificates (DER). Empty: signatures are checked, trust is not.
    pub trust: Vec<Vec<u8>>,
    /// The time certificates must be valid at (Unix seconds); `None` = now.
    pub now: Option<i64>,
}

/// One signature, as found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SignatureInfo {
    /// 1-based, in document order.
    pub index: usize,
    /// Subject of the signer certificate, if one was identified.
    pub signer: Option<String>,
    pub issuer: Option<String>,
    /// `SignatureMethod` URI.
    pub algorithm: Option<String>,
    /// Digest and signature value check out.
    pub valid: bool,
    /// Chained to a trust anchor (`None` when no anchors were given).
    pub trusted: Option<bool>,
    /// End of the signer certificate's validity (RFC 3339).
    pub not_after: Option<String>,
}

#[derive(Clone, Copy)]
enum SigAlg {
    RsaSha1,
    RsaSha256,
    RsaSha384,
    RsaSha512,
    EcdsaSha256,
    EcdsaSha384,
}

impl SigAlg {
    fn from_uri(uri: &str) -> Option<SigAlg> {
        Some(match uri {
            "http://www.w3.org/2000/09/xmldsig#rsa-sha1" => SigAlg::RsaSha1,
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256" => SigAlg::RsaSha256,
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384" => SigAlg::RsaSha384,
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512" => SigAlg::RsaSha512,
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256" => SigAlg::EcdsaSha256,
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384" => SigAlg::EcdsaSha384,
            _ => return None,
        })
    }

    fn is_rsa(self) -> bool {
        matches!(self, SigAlg::RsaSha1 | SigAlg::RsaSha256 | SigAlg::RsaSha384 | SigAlg::RsaSha512)
    }

    /// The ring algorithm for a key whose SPKI bit string has `key_len` bytes.
    fn verifier(self, key_len: usize) -> Option<&'static dyn VerificationAlgorithm> {
        Some(match self {
            SigAlg::RsaSha1 => &signature::RSA_PKCS1_2048_8192_SHA1_FOR_LEGACY_USE_ONLY,
            SigAlg::RsaSha256 => &signature::RSA_PKCS1_2048_8192_SHA256,
            SigAlg::RsaSha384 => &signature::RSA_PKCS1_2048_8192_SHA384,
            SigAlg::RsaSha512 => &signature::RSA_PKCS1_2048_8192_SHA512,
            SigAlg::EcdsaSha256 if key_len == 65 => &signature::ECDSA_P256_SHA256_FIXED,
            SigAlg::EcdsaSha384 if key_len == 97 => &signature::ECDSA_P384_SHA384_FIXED,
            _ => return None,
        })
    }
}

fn digest_algorithm(uri: &str) -> Option<&'static digest::Algorithm> {
    Some(match uri {
        "http://www.w3.org/2000/09/xmldsig#sha1" => &digest::SHA1_FOR_LEGACY_USE_ONLY,
        "http://www.w3.org/2001/04/xmlenc#sha256" => &digest::SHA256,
        "http://www.w3.org/2001/04/xmldsig-more#sha384" => &digest::SHA384,
        "http://www.w3.org/2001/04/xmlenc#sha512" => &digest::SHA512,
        _ => return None,
    })
}

fn dsig_child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children()
        .find(|n| n.is_element() && n.tag_name().namespace() == Some(DSIG_NS) && n.tag_name().name() == name)
}

fn span(node: roxmltree::Node<'_, '_>) -> Span {
    let r = node.range();
    Span::new(r.start, r.end)
}

/// Just the start tag of `node`: short enough to underline (signature values and
/// certificates run to hundreds of characters).
fn tag(node: roxmltree::Node<'_, '_>) -> Span {
    let r = node.range();
    let text = &node.document().input_text()[r.clone()];
    let end = text.find('>').map(|i| r.start + i + 1).unwrap_or(r.end);
    Span::new(r.start, end)
}

fn b64_decode(text: &str) -> Option<Vec<u8>> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD.decode(compact.as_bytes()).ok()
}

fn rfc3339(t: &ASN1Time) -> String {
    crate::time::BuildTime(t.timestamp()).packaged() + "Z"
}

struct Checker<'a> {
    file: &'a Arc<SourceFile>,
    diags: &'a mut Vec<Diagnostic>,
    index: usize,
}

impl Checker<'_> {
    fn report(&mut self, violation: &dyn Violation, at: Span, label: &str) {
        self.diags.push(violation.diagnostic().at(self.file, at).with_label(label));
    }

    fn malformed(&mut self, at: Span, fault: &str) {
        self.report(&rules::MalformedSignature { index: self.index, fault }, at, "here");
    }

    fn unsupported(&mut self, at: Span, what: String) {
        self.report(
            &rules::UnsupportedSignatureAlgorithm { index: self.index, what: &what },
            at,
            "not supported",
        );
    }
}

/// Check every signature of APP-LIST.xml; findings go to `diags`.
pub fn verify(
    file: &Arc<SourceFile>,
    opts: &VerifyOptions,
    diags: &mut Vec<Diagnostic>,
) -> Vec<SignatureInfo> {
    let Ok(doc) = roxmltree::Document::parse_with_options(file.text(), crate::applist::xml_options()) else {
        return Vec::new();
    };
    let signatures: Vec<_> = doc
        .descendants()
        .filter(|n| {
            n.is_element() && n.tag_name().namespace() == Some(DSIG_NS) && n.tag_name().name() == "Signature"
        })
        .collect();
    let mut out = Vec::new();
    if signatures.len() > MAX_SIGNATURES {
        let mut checker = Checker { file, diags, index: MAX_SIGNATURES + 1 };
        checker.unsupported(
            tag(signatures[MAX_SIGNATURES]),
            format!("more than {MAX_SIGNATURES} signatures ({}); the rest are not checked", signatures.len()),
        );
    }
    for (i, sig) in signatures.into_iter().take(MAX_SIGNATURES).enumerate() {
        let mut checker = Checker { file, diags, index: i + 1 };
        out.push(verify_one(&doc, sig, opts, &mut checker));
    }
    out
}

fn verify_one(
    doc: &roxmltree::Document<'_>,
    sig: roxmltree::Node<'_, '_>,
    opts: &VerifyOptions,
    c: &mut Checker<'_>,
) -> SignatureInfo {
    let mut info = SignatureInfo {
        index: c.index,
        signer: None,
        issuer: None,
        algorithm: None,
        valid: false,
        trusted: None,
        not_after: None,
    };
    let Some(signed_info) = dsig_child(sig, "SignedInfo") else {
        c.malformed(tag(sig), "<Signature> has no <SignedInfo>");
        return info;
    };

    // Canonicalisation of SignedInfo.
    let Some(c14n_node) = dsig_child(signed_info, "CanonicalizationMethod") else {
        c.malformed(tag(signed_info), "<SignedInfo> has no <CanonicalizationMethod>");
        return info;
    };
    let c14n_uri = c14n_node.attribute("Algorithm").unwrap_or("");
    let Some(mut si_method) = Method::from_uri(c14n_uri) else {
        c.unsupported(span(c14n_node), format!("canonicalisation `{c14n_uri}`"));
        return info;
    };
    si_method.inclusive_prefixes = inclusive_prefixes(c14n_node);

    // Signature algorithm.
    let Some(method_node) = dsig_child(signed_info, "SignatureMethod") else {
        c.malformed(tag(signed_info), "<SignedInfo> has no <SignatureMethod>");
        return info;
    };
    let alg_uri = method_node.attribute("Algorithm").unwrap_or("");
    info.algorithm = Some(alg_uri.to_string());
    let Some(alg) = SigAlg::from_uri(alg_uri) else {
        c.unsupported(span(method_node), format!("signature method `{alg_uri}`"));
        return info;
    };
    if matches!(alg, SigAlg::RsaSha1) {
        c.report(&rules::WeakSignatureAlgorithm::RsaSha1 { index: c.index }, span(method_node), "SHA-1");
    }

    // The one reference: the whole document.
    let references: Vec<_> = signed_info
        .children()
        .filter(|n| {
            n.is_element() && n.tag_name().namespace() == Some(DSIG_NS) && n.tag_name().name() == "Reference"
        })
        .collect();
    let reference = match references.as_slice() {
        [] => {
            c.malformed(tag(signed_info), "<SignedInfo> has no <Reference>");
            return info;
        }
        [one] => *one,
        [_, second, ..] => {
            c.unsupported(tag(*second), "more than one <Reference>".into());
            return info;
        }
    };
    match reference.attribute("URI") {
        Some("") => {}
        Some(other) => {
            c.unsupported(
                tag(reference),
                format!("reference URI `{other}` (only the whole document, URI=\"\")"),
            );
            return info;
        }
        None => {
            c.unsupported(tag(reference), "reference without URI (only the whole document, URI=\"\")".into());
            return info;
        }
    }
    let mut enveloped = false;
    let mut ref_method = Method::inclusive();
    if let Some(transforms) = dsig_child(reference, "Transforms") {
        for t in transforms.children().filter(|n| n.is_element()) {
            let uri = t.attribute("Algorithm").unwrap_or("");
            if uri == crate::sign::ENVELOPED {
                enveloped = true;
            } else if let Some(mut m) = Method::from_uri(uri) {
                m.inclusive_prefixes = inclusive_prefixes(t);
                ref_method = m;
            } else {
                c.unsupported(span(t), format!("transform `{uri}`"));
                return info;
            }
        }
    }
    // A same-document reference to the whole document never includes comments.
    ref_method.comments = false;
    let Some(digest_node) = dsig_child(reference, "DigestMethod") else {
        c.malformed(tag(reference), "<Reference> has no <DigestMethod>");
        return info;
    };
    let digest_uri = digest_node.attribute("Algorithm").unwrap_or("");
    let Some(digest_alg) = digest_algorithm(digest_uri) else {
        c.unsupported(span(digest_node), format!("digest `{digest_uri}`"));
        return info;
    };
    if digest_alg == &digest::SHA1_FOR_LEGACY_USE_ONLY {
        c.report(&rules::WeakSignatureAlgorithm::Sha1Digest { index: c.index }, span(digest_node), "SHA-1");
    }
    let Some(digest_value_node) = dsig_child(reference, "DigestValue") else {
        c.malformed(tag(reference), "<Reference> has no <DigestValue>");
        return info;
    };
    let Some(expected_digest) = b64_decode(digest_value_node.text().unwrap_or("")) else {
        c.malformed(span(digest_value_node), "<DigestValue> is not valid Base64");
        return info;
    };

    // Signature value and certificates.
    let Some(value_node) = dsig_child(sig, "SignatureValue") else {
        c.malformed(tag(sig), "<Signature> has no <SignatureValue>");
        return info;
    };
    let Some(signature_value) = b64_decode(value_node.text().unwrap_or("")) else {
        c.malformed(tag(value_node), "<SignatureValue> is not valid Base64");
        return info;
    };
    let cert_nodes: Vec<_> = dsig_child(sig, "KeyInfo")
        .into_iter()
        .flat_map(|k| k.children().filter(|n| n.is_element() && n.tag_name().name() == "X509Data"))
        .flat_map(|d| {
            d.children().filter(|n| {
                n.is_element()
                    && n.tag_name().namespace() == Some(DSIG_NS)
                    && n.tag_name().name() == "X509Certificate"
            })
        })
        .collect();
    if cert_nodes.is_empty() {
        c.malformed(tag(sig), "no signer certificate (<KeyInfo><X509Data><X509Certificate>)");
        return info;
    }
    let mut certs_der = Vec::new();
    for node in &cert_nodes {
        let Some(der) = b64_decode(node.text().unwrap_or("")) else {
            c.malformed(tag(*node), "<X509Certificate> is not valid Base64");
            return info;
        };
        if x509_parser::parse_x509_certificate(&der).is_err() {
            c.malformed(tag(*node), "<X509Certificate> is not a readable X.509 certificate");
            return info;
        }
        certs_der.push(der);
    }

    // The reference digest.
    let excluded = enveloped.then(|| sig.id());
    let canonical = c14n::document(doc, excluded, &ref_method);
    let actual_digest = digest::digest(digest_alg, &canonical);
    let digest_ok = actual_digest.as_ref() == expected_digest.as_slice();
    if !digest_ok {
        c.report(
            &rules::SignatureDigestMismatch { index: c.index },
            span(digest_value_node),
            "signed digest",
        );
    }

    // The signature over SignedInfo, by whichever embedded certificate verifies it.
    let signed_bytes = c14n::subtree(doc, signed_info, &si_method);
    let mut signer_index = None;
    let mut rejected_small_key = None;
    for (i, der) in certs_der.iter().enumerate() {
        let Ok((_, cert)) = x509_parser::parse_x509_certificate(der) else { continue };
        let spki = cert.public_key();
        let key_bytes = &spki.subject_public_key.data;
        if alg.is_rsa() {
            let bits = spki.parsed().map(|k| k.key_size()).unwrap_or(0);
            if bits != 0 && bits < 2048 {
                rejected_small_key = Some(bits);
                continue;
            }
        }
        let Some(verifier) = alg.verifier(key_bytes.len()) else { continue };
        if UnparsedPublicKey::new(verifier, key_bytes).verify(&signed_bytes, &signature_value).is_ok() {
            signer_index = Some(i);
            break;
        }
    }
    let Some(signer_index) = signer_index else {
        match rejected_small_key {
            Some(bits) => c.unsupported(tag(value_node), format!("RSA key of {bits} bits (2048 at least)")),
            None => {
                c.report(&rules::SignatureValueInvalid { index: c.index }, tag(value_node), "does not verify")
            }
        }
        return info;
    };
    let Ok((_, signer)) = x509_parser::parse_x509_certificate(&certs_der[signer_index]) else {
        return info;
    };
    info.signer = Some(signer.subject().to_string());
    info.issuer = Some(signer.issuer().to_string());
    info.not_after = Some(rfc3339(&signer.validity().not_after));
    info.valid = digest_ok;

    if !opts.trust.is_empty() {
        let now = opts.now.and_then(|t| ASN1Time::from_timestamp(t).ok()).unwrap_or_else(ASN1Time::now);
        match chain_to_trust(&signer, &certs_der, &opts.trust, now) {
            Ok(()) => info.trusted = Some(true),
            Err(problem @ (TrustProblem::Untrusted(_) | TrustProblem::Constraint(_))) => {
                info.trusted = Some(false);
                let (why, constraint) = match problem {
                    TrustProblem::Constraint(why) => (why, true),
                    TrustProblem::Untrusted(why) | TrustProblem::Validity(why) => (why, false),
                };
                let signer = signer.subject().to_string();
                let violation =
                    rules::UntrustedSigner { index: c.index, signer: &signer, why: &why, constraint };
                c.report(&violation, tag(value_node), "signed here");
            }
            Err(TrustProblem::Validity(why)) => {
                info.trusted = Some(false);
                c.report(
                    &rules::CertificateNotValidNow { index: c.index, why: &why },
                    tag(value_node),
                    "signed here",
                );
            }
        }
    }
    info
}

fn inclusive_prefixes(node: roxmltree::Node<'_, '_>) -> Vec<String> {
    node.children()
        .find(|n| {
            n.is_element()
                && n.tag_name().namespace() == Some(EXC_C14N_NS)
                && n.tag_name().name() == "InclusiveNamespaces"
        })
        .and_then(|n| n.attribute("PrefixList"))
        .map(|list| list.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default()
}

enum TrustProblem {
    /// No trust anchor is reached.
    Untrusted(String),
    /// An anchor is reached, but a certificate on the way breaks a rule of path validation.
    Constraint(String),
    Validity(String),
}

fn check_validity(cert: &X509Certificate<'_>, now: ASN1Time) -> Result<(), TrustProblem> {
    let v = cert.validity();
    if now < v.not_before {
        return Err(TrustProblem::Validity(format!(
            "certificate `{}` is not valid before {}",
            cert.subject(),
            rfc3339(&v.not_before)
        )));
    }
    if now > v.not_after {
        return Err(TrustProblem::Validity(format!(
            "certificate `{}` expired {}",
            cert.subject(),
            rfc3339(&v.not_after)
        )));
    }
    Ok(())
}

fn parse_cert(der: &[u8]) -> Option<X509Certificate<'_>> {
    x509_parser::parse_x509_certificate(der).ok().map(|(_, c)| c)
}

/// Extensions whose meaning this check applies or which carry no constraint
/// (key identifiers, alternative names). A critical extension outside this
/// list restricts the certificate in a way that is not checked, so RFC 5280
/// requires refusing it.
const UNDERSTOOD_EXTENSIONS: &[&str] = &[
    "2.5.29.19", // basicConstraints
    "2.5.29.15", // keyUsage
    "2.5.29.14", // subjectKeyIdentifier
    "2.5.29.35", // authorityKeyIdentifier
    "2.5.29.17", // subjectAltName
    "2.5.29.18", // issuerAltName
];

fn broken(message: String) -> TrustProblem {
    TrustProblem::Constraint(message)
}

fn check_critical_extensions(cert: &X509Certificate<'_>) -> Result<(), TrustProblem> {
    for ext in cert.extensions().iter().filter(|e| e.critical) {
        let oid = ext.oid.to_id_string();
        if !UNDERSTOOD_EXTENSIONS.contains(&oid.as_str()) {
            return Err(broken(format!(
                "certificate `{}` has a critical extension {oid} that is not understood, so its restrictions cannot be honoured",
                cert.subject()
            )));
        }
    }
    Ok(())
}

/// The end-entity checks: validity, extensions, and that the key may sign documents.
fn check_signer(cert: &X509Certificate<'_>, now: ASN1Time) -> Result<(), TrustProblem> {
    check_validity(cert, now)?;
    check_critical_extensions(cert)?;
    match cert.key_usage() {
        Err(e) => {
            Err(broken(format!("certificate `{}` has an unreadable keyUsage extension: {e}", cert.subject())))
        }
        Ok(Some(ku)) if !ku.value.digital_signature() => Err(broken(format!(
            "signer certificate `{}` may not make signatures: its keyUsage lacks digitalSignature",
            cert.subject()
        ))),
        Ok(_) => Ok(()),
    }
}

/// The checks of a certificate that issues another in the path, with
/// `below` non-self-issued intermediate certificates between it and the signer.
fn check_issuer(cert: &X509Certificate<'_>, below: u32, now: ASN1Time) -> Result<(), TrustProblem> {
    check_validity(cert, now)?;
    check_critical_extensions(cert)?;
    let subject = cert.subject();
    match cert.basic_constraints() {
        Err(e) => {
            return Err(broken(format!("certificate `{subject}` has an unreadable basicConstraints extension: {e}")))
        }
        Ok(None) if cert.version() == x509_parser::x509::X509Version::V3 => {
            return Err(broken(format!(
                "`{subject}` issued a certificate in the chain but is not a CA certificate (it has no basicConstraints extension)"
            )))
        }
        // Version 1 and 2 certificates cannot carry extensions; old roots are such.
        Ok(None) => {}
        Ok(Some(bc)) => {
            if !bc.value.ca {
                return Err(broken(format!(
                    "`{subject}` issued a certificate in the chain but is not a CA certificate (basicConstraints cA is false)"
                )));
            }
            if let Some(limit) = bc.value.path_len_constraint {
                if below > limit {
                    return Err(broken(format!(
                        "`{subject}` allows {} below it (pathLenConstraint {limit}), the chain has {below}",
                        match limit {
                            0 => "no intermediate CA".to_string(),
                            1 => "1 intermediate CA".to_string(),
                            n => format!("{n} intermediate CAs"),
                        }
                    )));
                }
            }
        }
    }
    match cert.key_usage() {
        Err(e) => Err(broken(format!("certificate `{subject}` has an unreadable keyUsage extension: {e}"))),
        Ok(Some(ku)) if !ku.value.key_cert_sign() => {
            Err(broken(format!("`{subject}` may not sign certificates: its keyUsage lacks keyCertSign")))
        }
        Ok(_) => Ok(()),
    }
}

/// Longest path searched (signer, intermediates, anchor).
const MAX_PATH: usize = 8;
/// Signature checks one path search may make. Certificates that share a name
/// and a key all issue each other, so a hostile KeyInfo could otherwise make
/// the number of paths explode.
const MAX_SIGNATURE_CHECKS: usize = 256;

/// Walk from `signer` to a trust anchor through `embedded` certificates
/// (RFC 5280 path validation, without policies and name constraints, whose
/// extensions are refused when critical). Every candidate issuer is tried, so
/// an unusable certificate embedded next to a good one does not hide the good one.
fn chain_to_trust(
    signer: &X509Certificate<'_>,
    embedded: &[Vec<u8>],
    anchors: &[Vec<u8>],
    now: ASN1Time,
) -> Result<(), TrustProblem> {
    let anchor_certs: Vec<X509Certificate<'_>> = anchors.iter().filter_map(|d| parse_cert(d)).collect();
    let mut embedded_certs: Vec<X509Certificate<'_>> =
        embedded.iter().filter_map(|d| parse_cert(d)).collect();
    embedded_certs.dedup_by(|a, b| a.as_raw() == b.as_raw());
    check_signer(signer, now)?;
    if anchors.iter().any(|a| a.as_slice() == signer.as_raw()) {
        return Ok(());
    }
    let search = PathSearch {
        anchors: &anchor_certs,
        embedded: &embedded_certs,
        now,
        checks_left: std::cell::Cell::new(MAX_SIGNATURE_CHECKS),
    };
    let mut path = vec![signer.as_raw()];
    search.extend(signer, 0, &mut path)
}

fn self_issued(cert: &X509Certificate<'_>) -> bool {
    cert.subject().as_raw() == cert.issuer().as_raw()
}

struct PathSearch<'c> {
    anchors: &'c [X509Certificate<'c>],
    embedded: &'c [X509Certificate<'c>],
    now: ASN1Time,
    checks_left: std::cell::Cell<usize>,
}

impl<'c> PathSearch<'c> {
    /// Whether `candidate` issued `cert`; `None` once the signature check budget is spent.
    fn issued_by(&self, cert: &X509Certificate<'_>, candidate: &X509Certificate<'_>) -> Option<bool> {
        if candidate.subject().as_raw() != cert.issuer().as_raw() || candidate.as_raw() == cert.as_raw() {
            return Some(false);
        }
        let left = self.checks_left.get().checked_sub(1)?;
        self.checks_left.set(left);
        Some(cert.verify_signature(Some(candidate.public_key())).is_ok())
    }

    fn exhausted() -> TrustProblem {
        broken(format!(
            "no certificate path was found within {MAX_SIGNATURE_CHECKS} signature checks (too many embedded certificates share names)"
        ))
    }

    /// Find issuers of `current`, which has `below` non-self-issued
    /// intermediate certificates under it, up to a trust anchor.
    fn extend(
        &self,
        current: &X509Certificate<'_>,
        below: u32,
        path: &mut Vec<&'c [u8]>,
    ) -> Result<(), TrustProblem> {
        let mut first_problem = None;
        for anchor in self.anchors {
            if !self.issued_by(current, anchor).ok_or_else(Self::exhausted)? {
                continue;
            }
            match check_issuer(anchor, below, self.now) {
                Ok(()) => return Ok(()),
                Err(p) => {
                    first_problem.get_or_insert(p);
                }
            }
        }
        if path.len() + 1 >= MAX_PATH {
            return Err(first_problem.unwrap_or_else(|| {
                broken(format!("the certificate chain is longer than {MAX_PATH} certificates"))
            }));
        }
        for next in self.embedded {
            if path.contains(&next.as_raw()) || !self.issued_by(current, next).ok_or_else(Self::exhausted)? {
                continue;
            }
            let step = check_issuer(next, below, self.now).and_then(|()| {
                path.push(next.as_raw());
                let below_next = if self_issued(next) { below } else { below + 1 };
                let found = self.extend(next, below_next, path);
                path.pop();
                found
            });
            match step {
                Ok(()) => return Ok(()),
                Err(p) => {
                    first_problem.get_or_insert(p);
                }
            }
        }
        Err(first_problem.unwrap_or_else(|| {
            if self_issued(current) {
                TrustProblem::Untrusted(format!(
                    "its chain ends at `{}`, which is not a trusted certificate",
                    current.subject()
                ))
            } else {
                TrustProblem::Untrusted(format!(
                    "no trusted certificate issued `{}` (issuer `{}`)",
                    current.subject(),
                    current.issuer()
                ))
            }
        }))
    }
}
