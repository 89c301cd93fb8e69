use crate::lint::{JsonFile, RootDisk};
use crate::qcow2::{human_size, Header};
use aps_diag::{rule, Diagnostic, Violation};

rule! { IMAGE_EXCEEDS_ROOT_DISK;
    //! The virtual size of the qcow2 image is larger than the smallest root disk
    //! `input.json` allows (the `min`, else the `default_value`, of the parameter tagged
    //! `ZStack::rootDiskSize` or named `root_disk_size`).
    //!
    //! **Why:** a user who picks the smallest allowed root disk gets a VM whose disk is
    //! smaller than its image: creation fails.
    //!
    //! **Fix:** raise `min` to at least the image's virtual size, or shrink the image.

    /// The image's virtual size against the smallest root disk input.json allows
    /// (`field` of parameter `param`).
    pub struct ImageExceedsRootDisk<'a> {
        pub image_size: u64,
        pub root_disk: u64,
        pub field: &'a str,
        pub param: &'a str,
    } => format!(
        "the image's virtual size ({}) exceeds the smallest root disk input.json allows ({})",
        human_size(*image_size),
        human_size(*root_disk)
    ),
        help: format!("raise `{field}` of `{param}` to at least {image_size} (bytes), or shrink the image");
}

/// The image (shown as `image`) against the smallest root disk of input.json.
pub(crate) fn check(
    header: &Header,
    root: &RootDisk,
    input: &JsonFile,
    image: &str,
    diags: &mut Vec<Diagnostic>,
) {
    if header.size <= root.bytes {
        return;
    }
    let v = ImageExceedsRootDisk {
        image_size: header.size,
        root_disk: root.bytes,
        field: root.field,
        param: &root.param,
    };
    diags.push(v.diagnostic().at_path(image).with_secondary(
        &input.file,
        root.span,
        "smallest root disk size declared here",
    ));
}
