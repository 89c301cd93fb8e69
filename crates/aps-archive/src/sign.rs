//! Signing APP-LIST.xml with enveloped W3C XML-DSig signatures.
//!
//! Each signature is a `<Signature>` with one `Reference URI=""` (the whole
//! document), the enveloped-signature transform, exclusive C14N 1.0, SHA-256,
//! and RSA-SHA256 (or ECDSA) over `SignedInfo`; `KeyInfo/X509Data` carries
//! the signer certificate and its chain. With RSA the signature is
//! deterministic, so a signed build is as reproducible as an unsigned one.
//!
//! The first signature goes inside `<files>`, after the last `<file>`. A
//! further signer's signature goes inside the previous signature's
//! `<Object>`: the enveloped-signature transform of the earlier signature
//! removes its whole element — nested signatures included — so it stays
//! valid, while the new signature covers everything outside itself,
//! including the earlier signatures (a counter-signature). Every signature
//! then verifies on its own with any standard verifier, which would not be
//! the case for sibling signatures: each would count the other as content.
//!
//! The signature text is inserted into the document as bytes, and the digest
//! and `SignedInfo` are computed by parsing the result and canonicalising it
//! with the same code the verifier uses.

use crate::applist::DSIG_NS;
use crate::c14n::{self, Method};
pub use crate::keys::Signer;
use base64::Engine;
use sha2::{Digest, Sha256};

pub const ENVELOPED: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
pub const SHA256_URI: &str = "http://www.w3.org/2001/04/xmlenc#sha256";

/// Why signing failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SignError(pub String);

impl From<crate::keys::KeyError> for SignError {
    fn from(e: crate::keys::KeyError) -> Self {
        SignError(e.0)
    }
}

/// `text` with one more signature per signer, in order.
pub fn sign_all(text: &str, signers: &[Signer]) -> Result<String, SignError> {
    let mut text = text.to_string();
    for signer in signers {
        text = add_signature(&text, signer)?;
    }
    Ok(text)
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Where and how to insert a signature.
struct Placement {
    /// Byte offset the inserted text starts at.
    at: usize,
    /// Text before the `<Signature` start tag.
    lead: String,
    /// Text after the `</Signature>` end tag.
    trail: String,
    /// Qualified-name prefix for dsig elements (`ns2:`, `ds:` or empty).
    prefix: String,
    /// A namespace declaration the `Signature` element must carry.
    declare: Option<String>,
    indent: String,
}

fn placement(text: &str) -> Result<Placement, SignError> {
    let doc = roxmltree::Document::parse_with_options(text, crate::applist::xml_options())
        .map_err(|e| SignError(format!("APP-LIST.xml cannot be parsed: {e}")))?;
    let root = doc.root_element();
    let bound =
        root.namespaces().find(|ns| ns.uri() == DSIG_NS).map(|ns| ns.name().unwrap_or("").to_string());
    let (prefix, declare) = match bound {
        Some(p) if p.is_empty() => (String::new(), None),
        Some(p) => (format!("{p}:"), None),
        None => ("ds:".to_string(), Some(format!(" xmlns:ds=\"{DSIG_NS}\""))),
    };
    let last_signature = doc.descendants().rfind(|n| {
        n.is_element() && n.tag_name().namespace() == Some(DSIG_NS) && n.tag_name().name() == "Signature"
    });
    let host = last_signature.unwrap_or(root);
    let range = host.range();
    let close = text[range.start..range.end]
        .rfind("</")
        .map(|i| range.start + i)
        .ok_or_else(|| SignError("APP-LIST.xml has no file list to sign (empty <files/>)".into()))?;
    let depth = host.ancestors().skip(1).filter(|n| n.is_element()).count();
    let indent = "    ".repeat(depth);
    Ok(if last_signature.is_some() {
        // Inside the previous signature, wrapped in <Object>.
        Placement {
            at: close,
            lead: format!("    <{prefix}Object>\n{indent}        "),
            trail: format!("\n{indent}    </{prefix}Object>\n{indent}"),
            prefix,
            declare,
            indent: format!("{indent}        "),
        }
    } else {
        // Inside the root, after the last child; keep the official indentation.
        let line_start = text[..close].rfind('\n').map(|i| i + 1).unwrap_or(0);
        let only_space = text[line_start..close].chars().all(|c| c == ' ' || c == '\t');
        let (at, lead) =
            if only_space { (line_start, "    ".to_string()) } else { (close, "\n    ".to_string()) };
        Placement { at, lead, trail: "\n".to_string(), prefix, declare, indent: "    ".to_string() }
    })
}

fn signature_xml(p: &Placement, signer: &Signer, digest: &str, value: &str) -> String {
    let ds = &p.prefix;
    let i = &p.indent;
    let mut x = String::with_capacity(4096);
    x.push_str(&format!("<{ds}Signature{}>\n", p.declare.as_deref().unwrap_or("")));
    x.push_str(&format!("{i}    <{ds}SignedInfo>\n"));
    x.push_str(&format!("{i}        <{ds}CanonicalizationMethod Algorithm=\"{}\"/>\n", c14n::EXC_C14N));
    x.push_str(&format!("{i}        <{ds}SignatureMethod Algorithm=\"{}\"/>\n", signer.algorithm()));
    x.push_str(&format!("{i}        <{ds}Reference URI=\"\">\n"));
    x.push_str(&format!("{i}            <{ds}Transforms>\n"));
    x.push_str(&format!("{i}                <{ds}Transform Algorithm=\"{ENVELOPED}\"/>\n"));
    x.push_str(&format!("{i}                <{ds}Transform Algorithm=\"{}\"/>\n", c14n::EXC_C14N));
    x.push_str(&format!("{i}            </{ds}Transforms>\n"));
    x.push_str(&format!("{i}            <{ds}DigestMethod Algorithm=\"{SHA256_URI}\"/>\n"));
    x.push_str(&format!("{i}            <{ds}DigestValue>{digest}</{ds}DigestValue>\n"));
    x.push_str(&format!("{i}        </{ds}Reference>\n"));
    x.push_str(&format!("{i}    </{ds}SignedInfo>\n"));
    x.push_str(&format!("{i}    <{ds}SignatureValue>{value}</{ds}SignatureValue>\n"));
    x.push_str(&format!("{i}    <{ds}KeyInfo>\n"));
    x.push_str(&format!("{i}        <{ds}X509Data>\n"));
    for cert in &signer.certificates {
        x.push_str(&format!("{i}            <{ds}X509Certificate>{}</{ds}X509Certificate>\n", b64(cert)));
    }
    x.push_str(&format!("{i}        </{ds}X509Data>\n"));
    x.push_str(&format!("{i}    </{ds}KeyInfo>\n"));
    x.push_str(&format!("{i}</{ds}Signature>"));
    x
}

fn assemble(text: &str, p: &Placement, signature: &str) -> String {
    let mut out = String::with_capacity(text.len() + signature.len() + 64);
    out.push_str(&text[..p.at]);
    out.push_str(&p.lead);
    out.push_str(signature);
    out.push_str(&p.trail);
    out.push_str(&text[p.at..]);
    out
}

/// Parse `text` and find the signature that starts at byte `start`.
fn with_signature<T>(
    text: &str,
    start: usize,
    f: impl FnOnce(&roxmltree::Document<'_>, roxmltree::Node<'_, '_>) -> T,
) -> Result<T, SignError> {
    let doc = roxmltree::Document::parse_with_options(text, crate::applist::xml_options())
        .map_err(|e| SignError(format!("the signed APP-LIST.xml does not parse: {e}")))?;
    let node = doc
        .descendants()
        .find(|n| n.is_element() && n.range().start == start)
        .ok_or_else(|| SignError("the inserted signature was not found".into()))?;
    Ok(f(&doc, node))
}

/// `text` with a signature by `signer` added.
pub fn add_signature(text: &str, signer: &Signer) -> Result<String, SignError> {
    let p = placement(text)?;
    let start = p.at + p.lead.len();
    let method = Method::exclusive();

    let draft = assemble(text, &p, &signature_xml(&p, signer, "", ""));
    let digest = with_signature(&draft, start, |doc, sig| {
        Sha256::digest(c14n::document(doc, Some(sig.id()), &method)).to_vec()
    })?;
    let digest = b64(&digest);

    let draft = assemble(text, &p, &signature_xml(&p, signer, &digest, ""));
    let signed_info = with_signature(&draft, start, |doc, sig| {
        sig.children()
            .find(|n| n.is_element() && n.tag_name().name() == "SignedInfo")
            .map(|si| c14n::subtree(doc, si, &method))
    })?
    .ok_or_else(|| SignError("the inserted signature has no SignedInfo".into()))?;
    let value = b64(&signer.sign(&signed_info)?);
    Ok(assemble(text, &p, &signature_xml(&p, signer, &digest, &value)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::applist::{generate, ListEntry};
    use crate::dsig::{verify, VerifyOptions};
    use crate::testkeys::Keys;
    use aps_diag::SourceFile;

    fn list() -> String {
        generate(&[
            ListEntry { name: "APP-META.xml".into(), size: 10, sha256: [1; 32] },
            ListEntry { name: "ui/app.js".into(), size: 20, sha256: [2; 32] },
        ])
    }

    fn check(
        text: &str,
        opts: &VerifyOptions,
    ) -> (Vec<crate::dsig::SignatureInfo>, Vec<aps_diag::Diagnostic>) {
        let file = SourceFile::new("APP-LIST.xml", text.to_string());
        let mut diags = Vec::new();
        let infos = verify(&file, opts, &mut diags);
        (infos, diags)
    }

    #[test]
    fn rsa_round_trip_is_deterministic() {
        let keys = Keys::new();
        keys.self_signed("signer", "rsa");
        let signer = keys.signer("signer");
        let a = add_signature(&list(), &signer).unwrap();
        let b = add_signature(&list(), &signer).unwrap();
        assert_eq!(a, b);
        assert!(a.starts_with(&list().replace("</files>\n", "")));
        assert!(a.contains("\n    <ns2:Signature>\n        <ns2:SignedInfo>\n"), "{a}");
        assert!(a.ends_with("    </ns2:Signature>\n</files>\n"), "{a}");
        let (infos, diags) = check(&a, &VerifyOptions::default());
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(infos.len(), 1);
        assert!(infos[0].valid);
        assert_eq!(infos[0].signer.as_deref(), Some("CN=signer"));
    }

    #[test]
    fn ecdsa_and_second_signer() {
        let keys = Keys::new();
        keys.self_signed("first", "rsa").self_signed("second", "p256");
        let once = add_signature(&list(), &keys.signer("first")).unwrap();
        let twice = add_signature(&once, &keys.signer("second")).unwrap();
        assert!(twice.contains("<ns2:Object>"), "{twice}");
        let (infos, diags) = check(&twice, &VerifyOptions::default());
        assert!(diags.is_empty(), "{diags:?}\n{twice}");
        assert_eq!(
            infos.iter().map(|i| (i.valid, i.signer.clone().unwrap())).collect::<Vec<_>>(),
            [(true, "CN=first".to_string()), (true, "CN=second".to_string())]
        );
        let third = add_signature(&twice, &keys.signer("first")).unwrap();
        let (infos, diags) = check(&third, &VerifyOptions::default());
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(infos.len(), 3);
    }

    #[test]
    fn tampering_is_detected() {
        let keys = Keys::new();
        keys.self_signed("signer", "rsa");
        let signed = add_signature(&list(), &keys.signer("signer")).unwrap();
        let (_, diags) = check(&signed.replace("size=\"20\"", "size=\"21\""), &VerifyOptions::default());
        assert_eq!(diags.iter().map(|d| d.code()).collect::<Vec<_>>(), ["SIG002"]);
        let (_, diags) = check(&signed.replace("#rsa-sha256", "#rsa-sha512"), &VerifyOptions::default());
        assert_eq!(diags.iter().map(|d| d.code()).collect::<Vec<_>>(), ["SIG003"]);
        let start = signed.find("<ns2:SignatureValue>").unwrap() + 20;
        let mut bytes = signed.clone().into_bytes();
        bytes[start + 5] = if bytes[start + 5] == b'A' { b'B' } else { b'A' };
        let (_, diags) = check(&String::from_utf8(bytes).unwrap(), &VerifyOptions::default());
        assert_eq!(diags.iter().map(|d| d.code()).collect::<Vec<_>>(), ["SIG003"]);
    }

    #[test]
    fn trust_chains() {
        let keys = Keys::new();
        keys.self_signed("root", "rsa").issued("leaf", "root").self_signed("other", "rsa");
        let root = crate::keys::certificates_from_pem(&keys.read("root.pem")).unwrap();
        let other = crate::keys::certificates_from_pem(&keys.read("other.pem")).unwrap();
        let with_chain = crate::keys::Signer::from_pem(
            &keys.read("leaf.key"),
            &keys.read("leaf.pem"),
            Some(&keys.read("root.pem")),
        )
        .unwrap();
        let signed = add_signature(&list(), &with_chain).unwrap();
        let (infos, diags) = check(&signed, &VerifyOptions { trust: root.clone(), now: None });
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(infos[0].trusted, Some(true));
        let (infos, diags) = check(&signed, &VerifyOptions { trust: other, now: None });
        assert_eq!(infos[0].trusted, Some(false));
        assert_eq!(diags[0].code(), "SIG006");
        assert!(
            diags[0].message.contains("its chain ends at `CN=root`, which is not a trusted certificate"),
            "{}",
            diags[0].message
        );
        let later = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
            as i64
            + 400 * 86_400;
        let (_, diags) = check(&signed, &VerifyOptions { trust: root, now: Some(later) });
        assert_eq!(diags[0].code(), "SIG007");
        assert!(diags[0].message.contains("`CN=leaf` expired"), "{}", diags[0].message);
    }

    #[test]
    fn pkcs12_modern_and_legacy() {
        let keys = Keys::new();
        keys.self_signed("root", "rsa").issued("leaf", "root").pfx("leaf", Some("root"), false);
        let signer =
            crate::keys::Signer::from_pkcs12(&std::fs::read(keys.path("leaf.pfx")).unwrap(), "secret")
                .unwrap();
        assert_eq!(signer.subject, "CN=leaf");
        assert_eq!(signer.certificates.len(), 2);
        assert!(crate::keys::Signer::from_pkcs12(&std::fs::read(keys.path("leaf.pfx")).unwrap(), "wrong")
            .is_err());
        keys.self_signed("old", "rsa").pfx("old", None, true);
        let signer =
            crate::keys::Signer::from_pkcs12(&std::fs::read(keys.path("old.pfx")).unwrap(), "secret")
                .unwrap();
        assert_eq!(signer.subject, "CN=old");
    }

    #[test]
    fn traditional_pem_keys() {
        let keys = Keys::new();
        keys.self_signed("rsa", "rsa").self_signed("ec", "p256");
        keys.openssl(&["rsa", "-in", "rsa.key", "-traditional", "-out", "rsa1.key"]);
        keys.openssl(&["ec", "-in", "ec.key", "-out", "sec1.key"]);
        assert!(keys.read("rsa1.key").contains("BEGIN RSA PRIVATE KEY"));
        assert!(keys.read("sec1.key").contains("BEGIN EC PRIVATE KEY"));
        for (key, cert) in [("rsa1.key", "rsa.pem"), ("sec1.key", "ec.pem")] {
            let signer = crate::keys::Signer::from_pem(&keys.read(key), &keys.read(cert), None).unwrap();
            let signed = add_signature(&list(), &signer).unwrap();
            let (infos, diags) = check(&signed, &VerifyOptions::default());
            assert!(diags.is_empty() && infos[0].valid, "{key}: {diags:?}");
        }
    }

    #[test]
    fn key_and_certificate_must_match() {
        let keys = Keys::new();
        keys.self_signed("a", "rsa").self_signed("b", "rsa");
        let e = crate::keys::Signer::from_pem(&keys.read("a.key"), &keys.read("b.pem"), None).unwrap_err();
        assert!(e.0.contains("does not belong"), "{e}");
    }

    #[test]
    fn xmlsec1_accepts_our_signature_and_rejects_tampering() {
        if std::process::Command::new("xmlsec1").arg("--version").output().is_err() {
            panic!("xmlsec1 must be installed (apt-get install xmlsec1)");
        }
        let keys = Keys::new();
        keys.self_signed("signer", "rsa").self_signed("ec", "p256");
        for name in ["signer", "ec"] {
            let signed = add_signature(&list(), &keys.signer(name)).unwrap();
            let doc = keys.path("APP-LIST.xml");
            std::fs::write(&doc, &signed).unwrap();
            let run = |path: &std::path::Path| {
                std::process::Command::new("xmlsec1")
                    .args(["--verify", "--trusted-pem"])
                    .arg(keys.path(&format!("{name}.pem")))
                    .arg(path)
                    .output()
                    .unwrap()
            };
            let ok = run(&doc);
            assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
            std::fs::write(&doc, signed.replace("size=\"20\"", "size=\"21\"")).unwrap();
            assert!(!run(&doc).status.success());
        }
        // Two signers: each signature verifies on its own.
        let twice =
            add_signature(&add_signature(&list(), &keys.signer("signer")).unwrap(), &keys.signer("ec"))
                .unwrap();
        let doc = keys.path("twice.xml");
        std::fs::write(&doc, &twice).unwrap();
        for (pem, xpath) in
            [("signer.pem", None), ("ec.pem", Some("//*[local-name()='Object']/*[local-name()='Signature']"))]
        {
            let mut cmd = std::process::Command::new("xmlsec1");
            cmd.args(["--verify", "--trusted-pem"]).arg(keys.path(pem));
            if let Some(x) = xpath {
                cmd.args(["--node-xpath", x]);
            }
            let out = cmd.arg(&doc).output().unwrap();
            assert!(out.status.success(), "{pem}: {}", String::from_utf8_lossy(&out.stderr));
        }
    }
}
