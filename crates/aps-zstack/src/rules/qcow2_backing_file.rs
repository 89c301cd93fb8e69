use aps_diag::{declare_rule, violation};

declare_rule! {
    /// The image is an overlay: its header names a backing file.
    ///
    /// **Why:** only the overlay would be shipped; on the management node the backing
    /// file does not exist and the image cannot be used.
    ///
    /// **Fix:** flatten it: `qemu-img convert -O qcow2 overlay.qcow2 image.qcow2`.
    pub static QCOW2_BACKING_FILE = {
        code: "ZST152", name: "qcow2-backing-file", group: "zstack",
        severity: Error, summary: "the qcow2 image depends on a backing file",
    };
}

/// An overlay image, with the name of its backing file when it can be read.
pub struct Qcow2BackingFile {
    pub name: Option<String>,
}

violation! { Qcow2BackingFile => QCOW2_BACKING_FILE,
    message: |v| {
        let name = v.name.as_ref().map(|n| format!(" `{n}`")).unwrap_or_default();
        format!("the image depends on the backing file{name}")
    },
    help: |_| "flatten it: `qemu-img convert -O qcow2 overlay.qcow2 image.qcow2`".into(),
}
