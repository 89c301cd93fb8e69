use aps_diag::rule;

rule! { UNVERSIONED_TYPE_REFERENCE;
    //! Notes a relation, navigation variable or `implements` entry that names a type without its
    //! `/major.minor` version (`http://example.com/app/globals`) when the base id is a known type.
    //! Each id is noted once per package.
    //!
    //! ## Why
    //! The controller matches a version-less reference against any version of the type, and
    //! published packages that controllers accepted use the form widely (the Openstack package's
    //! generated schemas hold hundreds), so it is not a defect. Naming the version documents which
    //! contract the package was written against, and an upgrade check can then compare it.
    //!
    //! ## Example
    //! ```json
    //! "app": { "type": "http://openstack.parallels.com/app", "required": true }
    //! ```
    //!
    //! ## Fix
    //! Append the version you depend on: `http://openstack.parallels.com/app/1.4`.

    /// A type reference without a version.
    pub(crate) struct UnversionedTypeReference<'a> {
        /// What refers, e.g. `` `implements` ``.
        pub what: &'a str,
        pub id: &'a str,
        /// The versions it resolves to, oldest first.
        pub known: &'a [&'a str],
    } => format!("{what} `{id}` has no version; any version of the type matches"),
        help?: {
            let latest = known.last()?;
            Some(format!("name the version you depend on, e.g. `{latest}`"))
        };
}
