//! Test keys and certificates, made with the `openssl` command line.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Keys {
    pub dir: tempfile::TempDir,
}

fn openssl(dir: &Path, args: &[&str]) {
    let out =
        Command::new("openssl").args(args).current_dir(dir).output().expect("openssl must be installed");
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

impl Keys {
    pub fn new() -> Keys {
        Keys { dir: tempfile::tempdir().unwrap() }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).unwrap()
    }

    /// `<name>.key` + `<name>.pem`, self-signed. `kind`: `rsa` or `p256`.
    pub fn self_signed(&self, name: &str, kind: &str) -> &Self {
        let newkey = match kind {
            "rsa" => vec!["-newkey", "rsa:2048"],
            "p256" => vec!["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
            other => panic!("{other}"),
        };
        let key = format!("{name}.key");
        let pem = format!("{name}.pem");
        let subj = format!("/CN={name}");
        let mut args = vec!["req", "-x509"];
        args.extend(newkey);
        args.extend(["-nodes", "-keyout", &key, "-out", &pem, "-subj", &subj, "-days", "3650"]);
        openssl(self.dir.path(), &args);
        self
    }

    /// `<name>.key` + `<name>.pem` issued by `ca` (which must exist), not a CA itself.
    pub fn issued(&self, name: &str, ca: &str) -> &Self {
        let key = format!("{name}.key");
        let csr = format!("{name}.csr");
        let pem = format!("{name}.pem");
        let subj = format!("/CN={name}");
        openssl(
            self.dir.path(),
            &["req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", &key, "-out", &csr, "-subj", &subj],
        );
        let ca_pem = format!("{ca}.pem");
        let ca_key = format!("{ca}.key");
        openssl(
            self.dir.path(),
            &[
                "x509",
                "-req",
                "-in",
                &csr,
                "-CA",
                &ca_pem,
                "-CAkey",
                &ca_key,
                "-CAcreateserial",
                "-out",
                &pem,
                "-days",
                "365",
            ],
        );
        self
    }

    /// `<name>.pfx` from `<name>.key` + `<name>.pem` (+ `chain`), password `secret`.
    pub fn pfx(&self, name: &str, chain: Option<&str>, legacy: bool) -> &Self {
        let key = format!("{name}.key");
        let pem = format!("{name}.pem");
        let pfx = format!("{name}.pfx");
        let mut args =
            vec!["pkcs12", "-export", "-inkey", &key, "-in", &pem, "-out", &pfx, "-passout", "pass:secret"];
        let chain_file;
        if let Some(c) = chain {
            chain_file = format!("{c}.pem");
            args.extend(["-certfile", &chain_file]);
        }
        if legacy {
            args.extend(["-keypbe", "PBE-SHA1-3DES", "-certpbe", "PBE-SHA1-3DES", "-macalg", "sha1"]);
        }
        openssl(self.dir.path(), &args);
        self
    }

    /// Run openssl in the key folder.
    pub fn openssl(&self, args: &[&str]) {
        openssl(self.dir.path(), args);
    }

    pub fn signer(&self, name: &str) -> crate::keys::Signer {
        crate::keys::Signer::from_pem(
            &self.read(&format!("{name}.key")),
            &self.read(&format!("{name}.pem")),
            None,
        )
        .unwrap()
    }
}
