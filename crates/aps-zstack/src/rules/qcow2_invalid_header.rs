use aps_diag::declare_rule;

declare_rule! {
    /// The qcow2 header has an unsupported version (only 2 and 3 exist), a cluster
    /// size outside 512 B–2 MiB, tables outside the file or not cluster-aligned, an L1
    /// table too small for the virtual size, the `corrupt` flag, or incompatible
    /// features aps-pack does not know (such as an external data file).
    ///
    /// **Why:** QEMU refuses such an image, or it needs files that are not shipped.
    ///
    /// **Fix:** check it with `qemu-img check image.qcow2`, then rebuild it with
    /// `qemu-img convert -O qcow2 old.qcow2 image.qcow2`.
    pub static QCOW2_INVALID_HEADER = {
        code: "ZST151", name: "qcow2-invalid-header", group: "zstack",
        severity: Error, summary: "the qcow2 header is inconsistent",
    };
}
