use aps_diag::rule;

rule! { QCOW2_DIRTY;
    //! The qcow2 `dirty` flag is set: the image was being written when the writer
    //! stopped (a VM still running, a crash).
    //!
    //! **Why:** its reference counts may be wrong; QEMU repairs them on open, but the
    //! content may not be what was meant to be released.
    //!
    //! **Fix:** shut the VM down, run `qemu-img check -r all image.qcow2`, package again.

    /// An image marked dirty.
    pub struct Qcow2Dirty => "the image is marked dirty: it was not closed cleanly".into(),
        help: "shut the VM down and run `qemu-img check -r all`".into();
}
