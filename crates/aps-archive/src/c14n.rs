//! XML canonicalisation: Canonical XML 1.0 (inclusive) and Exclusive XML
//! Canonicalization 1.0, with and without comments — the subset XML-DSig
//! needs for enveloped signatures over whole documents.
//!
//! Input is a `roxmltree` document, which already applies what the XPath
//! data model requires (line ends normalised to `\n`, attribute values
//! normalised, character and entity references resolved, CDATA merged into
//! text, DTDs refused). The node-sets supported are "the document, minus
//! one subtree" (the enveloped-signature transform) and "one element's
//! subtree" (`SignedInfo`).

use roxmltree::{Document, Node, NodeType};
use std::collections::BTreeMap;

/// The `xml:` namespace, never declared in output.
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

pub const C14N10: &str = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
pub const C14N10_COMMENTS: &str = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments";
pub const EXC_C14N: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
pub const EXC_C14N_COMMENTS: &str = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments";

/// A canonicalisation algorithm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Method {
    pub exclusive: bool,
    pub comments: bool,
    /// Exclusive only: prefixes treated the inclusive way
    /// (`InclusiveNamespaces/@PrefixList`; `#default` is the default namespace).
    pub inclusive_prefixes: Vec<String>,
}

impl Method {
    /// The algorithm named by `uri`, if supported.
    pub fn from_uri(uri: &str) -> Option<Method> {
        let (exclusive, comments) = match uri {
            C14N10 => (false, false),
            C14N10_COMMENTS => (false, true),
            EXC_C14N => (true, false),
            EXC_C14N_COMMENTS => (true, true),
            _ => return None,
        };
        Some(Method { exclusive, comments, inclusive_prefixes: Vec::new() })
    }

    pub fn exclusive() -> Method {
        Method { exclusive: true, comments: false, inclusive_prefixes: Vec::new() }
    }

    pub fn inclusive() -> Method {
        Method { exclusive: false, comments: false, inclusive_prefixes: Vec::new() }
    }
}

/// The prefix an element or attribute was written with (`None`: unprefixed).
fn written_prefix(qname: &str) -> Option<&str> {
    qname.split_once(':').map(|(p, _)| p)
}

fn element_qname<'a>(node: Node<'a, '_>) -> &'a str {
    let text = node.document().input_text();
    let start = node.range().start + 1;
    let rest = &text[start..];
    let end = rest.find(|c: char| c.is_whitespace() || c == '/' || c == '>').unwrap_or(rest.len());
    &rest[..end]
}

fn attribute_qname<'a>(doc: &'a Document<'_>, attr: &roxmltree::Attribute<'_, '_>) -> &'a str {
    &doc.input_text()[attr.range_qname()]
}

fn escape_text(text: &str, out: &mut Vec<u8>) {
    for c in text.chars() {
        match c {
            '&' => out.extend_from_slice(b"&amp;"),
            '<' => out.extend_from_slice(b"&lt;"),
            '>' => out.extend_from_slice(b"&gt;"),
            '\r' => out.extend_from_slice(b"&#xD;"),
            c => {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
}

fn escape_attr(text: &str, out: &mut Vec<u8>) {
    for c in text.chars() {
        match c {
            '&' => out.extend_from_slice(b"&amp;"),
            '<' => out.extend_from_slice(b"&lt;"),
            '"' => out.extend_from_slice(b"&quot;"),
            '\t' => out.extend_from_slice(b"&#x9;"),
            '\n' => out.extend_from_slice(b"&#xA;"),
            '\r' => out.extend_from_slice(b"&#xD;"),
            c => {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
}

/// Namespace declarations in effect in the output: prefix ("" = default) → URI.
type Rendered = BTreeMap<String, String>;

struct Canonicalizer<'a, 'input> {
    doc: &'a Document<'input>,
    method: &'a Method,
    excluded: Option<roxmltree::NodeId>,
    out: Vec<u8>,
}

impl<'a, 'input> Canonicalizer<'a, 'input> {
    fn in_set(&self, node: Node<'a, 'input>) -> bool {
        Some(node.id()) != self.excluded
    }

    /// In-scope namespaces of `node` as prefix ("" = default) → URI, without `xml`.
    fn in_scope(node: Node<'a, 'input>) -> BTreeMap<String, String> {
        let mut map = BTreeMap::new();
        for ns in node.namespaces() {
            let prefix = ns.name().unwrap_or("");
            if prefix == "xml" || ns.uri() == XML_NS {
                continue;
            }
            map.insert(prefix.to_string(), ns.uri().to_string());
        }
        map
    }

    /// The namespace declarations `node` must render, given what its output ancestors rendered.
    fn namespaces_to_render(&self, node: Node<'a, 'input>, rendered: &Rendered) -> Vec<(String, String)> {
        let in_scope = Self::in_scope(node);
        let mut out = Vec::new();
        let consider = |prefix: &str, out: &mut Vec<(String, String)>| {
            let uri = in_scope.get(prefix).map(String::as_str).unwrap_or("");
            let current = rendered.get(prefix).map(String::as_str).unwrap_or("");
            if prefix.is_empty() {
                if uri != current {
                    out.push((String::new(), uri.to_string()));
                }
            } else if !uri.is_empty() && rendered.get(prefix).map(String::as_str) != Some(uri) {
                out.push((prefix.to_string(), uri.to_string()));
            }
        };
        if self.method.exclusive {
            let mut utilised: Vec<String> = Vec::new();
            utilised.push(written_prefix(element_qname(node)).unwrap_or("").to_string());
            for attr in node.attributes() {
                if let Some(p) = written_prefix(attribute_qname(self.doc, &attr)) {
                    if p != "xml" {
                        utilised.push(p.to_string());
                    }
                }
            }
            for p in &self.method.inclusive_prefixes {
                let p = if p == "#default" { "" } else { p.as_str() };
                if p.is_empty() || in_scope.contains_key(p) {
                    utilised.push(p.to_string());
                }
            }
            utilised.sort();
            utilised.dedup();
            for p in &utilised {
                consider(p, &mut out);
            }
        } else {
            let mut prefixes: Vec<&str> = in_scope.keys().map(String::as_str).collect();
            if !prefixes.contains(&"") {
                prefixes.push("");
            }
            prefixes.sort();
            for p in prefixes {
                consider(p, &mut out);
            }
        }
        out.sort();
        out
    }

    fn start_tag(&mut self, node: Node<'a, 'input>, rendered: &mut Rendered, is_apex: bool) {
        let qname = element_qname(node);
        self.out.push(b'<');
        self.out.extend_from_slice(qname.as_bytes());
        for (prefix, uri) in self.namespaces_to_render(node, rendered) {
            if prefix.is_empty() {
                self.out.extend_from_slice(b" xmlns=\"");
            } else {
                self.out.extend_from_slice(b" xmlns:");
                self.out.extend_from_slice(prefix.as_bytes());
                self.out.extend_from_slice(b"=\"");
            }
            escape_attr(&uri, &mut self.out);
            self.out.push(b'"');
            rendered.insert(prefix, uri);
        }
        let mut attrs: Vec<(String, String, String, String)> = node
            .attributes()
            .map(|a| {
                (
                    a.namespace().unwrap_or("").to_string(),
                    a.name().to_string(),
                    attribute_qname(self.doc, &a).to_string(),
                    a.value().to_string(),
                )
            })
            .collect();
        if is_apex && !self.method.exclusive {
            // Canonical XML 1.0: an apex whose ancestors are omitted inherits their xml:* attributes.
            for ancestor in node.ancestors().skip(1).filter(|n| n.is_element()) {
                for a in ancestor.attributes().filter(|a| a.namespace() == Some(XML_NS)) {
                    if !attrs.iter().any(|(ns, name, _, _)| ns == XML_NS && name == a.name()) {
                        attrs.push((
                            XML_NS.to_string(),
                            a.name().to_string(),
                            format!("xml:{}", a.name()),
                            a.value().to_string(),
                        ));
                    }
                }
            }
        }
        attrs.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        for (_, _, qname, value) in attrs {
            self.out.push(b' ');
            self.out.extend_from_slice(qname.as_bytes());
            self.out.extend_from_slice(b"=\"");
            escape_attr(&value, &mut self.out);
            self.out.push(b'"');
        }
        self.out.push(b'>');
    }

    fn leaf(&mut self, node: Node<'a, 'input>) {
        match node.node_type() {
            NodeType::Text => escape_text(node.text().unwrap_or(""), &mut self.out),
            NodeType::Comment if self.method.comments => {
                self.out.extend_from_slice(b"<!--");
                self.out.extend_from_slice(node.text().unwrap_or("").as_bytes());
                self.out.extend_from_slice(b"-->");
            }
            NodeType::PI => {
                if let Some(pi) = node.pi() {
                    self.out.extend_from_slice(b"<?");
                    self.out.extend_from_slice(pi.target.as_bytes());
                    if let Some(value) = pi.value.filter(|v| !v.is_empty()) {
                        self.out.push(b' ');
                        self.out.extend_from_slice(value.as_bytes());
                    }
                    self.out.extend_from_slice(b"?>");
                }
            }
            _ => {}
        }
    }

    /// Canonicalise the subtree of element `apex`, iteratively (no recursion on input depth).
    fn element(&mut self, apex: Node<'a, 'input>, rendered: Rendered) {
        enum Step<'a, 'input> {
            Enter(Node<'a, 'input>),
            Leave(Node<'a, 'input>),
        }
        let mut stack: Vec<(Step<'a, 'input>, Rendered)> = vec![(Step::Enter(apex), rendered)];
        while let Some((step, mut ctx)) = stack.pop() {
            match step {
                Step::Leave(node) => {
                    self.out.extend_from_slice(b"</");
                    self.out.extend_from_slice(element_qname(node).as_bytes());
                    self.out.push(b'>');
                }
                Step::Enter(node) if node.is_element() => {
                    if !self.in_set(node) {
                        continue;
                    }
                    self.start_tag(node, &mut ctx, node == apex);
                    stack.push((Step::Leave(node), Rendered::new()));
                    let children: Vec<Node<'a, 'input>> = node.children().collect();
                    for child in children.into_iter().rev() {
                        let child_ctx = if child.is_element() { ctx.clone() } else { Rendered::new() };
                        stack.push((Step::Enter(child), child_ctx));
                    }
                }
                Step::Enter(node) => self.leaf(node),
            }
        }
    }

    fn document(&mut self) {
        let root = self.doc.root();
        let element = self.doc.root_element();
        let mut before = true;
        for child in root.children() {
            if child == element {
                self.element(child, Rendered::new());
                before = false;
                continue;
            }
            let renders = match child.node_type() {
                NodeType::Comment => self.method.comments,
                NodeType::PI => true,
                _ => false,
            };
            if !renders || !self.in_set(child) {
                continue;
            }
            if !before {
                self.out.push(b'\n');
            }
            self.leaf(child);
            if before {
                self.out.push(b'\n');
            }
        }
    }
}

/// The whole document, minus the subtree of `excluded` (the enveloped signature).
pub fn document(doc: &Document<'_>, excluded: Option<roxmltree::NodeId>, method: &Method) -> Vec<u8> {
    let mut c = Canonicalizer { doc, method, excluded, out: Vec::with_capacity(doc.input_text().len()) };
    c.document();
    c.out
}

/// The subtree of element `apex` (e.g. `SignedInfo`).
pub fn subtree(doc: &Document<'_>, apex: Node<'_, '_>, method: &Method) -> Vec<u8> {
    let mut c = Canonicalizer { doc, method, excluded: None, out: Vec::new() };
    c.element(apex, Rendered::new());
    c.out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc_c14n(xml: &str, method: &Method) -> String {
        let doc = Document::parse(xml).unwrap();
        String::from_utf8(document(&doc, None, method)).unwrap()
    }

    fn sub_c14n(xml: &str, local: &str, method: &Method) -> String {
        let doc = Document::parse(xml).unwrap();
        let node = doc.descendants().find(|n| n.tag_name().name() == local).unwrap();
        String::from_utf8(subtree(&doc, node, method)).unwrap()
    }

    // Canonical XML 1.0, section 3.1 (PIs, comments, outside the document element).
    #[test]
    fn spec_example_pis_and_comments() {
        let input = "<?xml version=\"1.0\"?>\n\n<?xml-stylesheet   href=\"doc.xsl\"\n   type=\"text/xsl\"   ?>\n\n<doc>Hello, world!<!-- Comment 1 --></doc>\n\n<?pi-without-data     ?>\n\n<!-- Comment 2 -->\n\n<!-- Comment 3 -->";
        assert_eq!(
            doc_c14n(input, &Method::inclusive()),
            "<?xml-stylesheet href=\"doc.xsl\"\n   type=\"text/xsl\"   ?>\n<doc>Hello, world!</doc>\n<?pi-without-data?>"
        );
        let with = Method { comments: true, ..Method::inclusive() };
        assert_eq!(
            doc_c14n(input, &with),
            "<?xml-stylesheet href=\"doc.xsl\"\n   type=\"text/xsl\"   ?>\n<doc>Hello, world!<!-- Comment 1 --></doc>\n<?pi-without-data?>\n<!-- Comment 2 -->\n<!-- Comment 3 -->"
        );
    }

    // Canonical XML 1.0, section 3.3 (start and end tags).
    #[test]
    fn spec_example_tags() {
        let input = "<!DOCTYPE doc>\n<doc>\n   <e1   />\n   <e2   ></e2>\n   <e3   name = \"elem3\"   id=\"elem3\"   />\n   <e4   name=\"elem4\"   id=\"elem4\"   ></e4>\n   <e5 a:attr=\"out\" b:attr=\"sorted\" attr2=\"all\" attr=\"I'm\"\n      xmlns:b=\"http://www.ietf.org\"\n      xmlns:a=\"http://www.w3.org\"\n      xmlns=\"http://example.org\"/>\n   <e6 xmlns=\"\" xmlns:a=\"http://www.w3.org\">\n      <e7 xmlns=\"http://www.ietf.org\">\n         <e8 xmlns=\"\" xmlns:a=\"http://www.w3.org\">\n            <e9 xmlns=\"\" xmlns:a=\"http://www.ietf.org\"/>\n         </e8>\n      </e7>\n   </e6>\n</doc>";
        let input = input.replacen("<!DOCTYPE doc>\n", "", 1);
        let expected = "<doc>\n   <e1></e1>\n   <e2></e2>\n   <e3 id=\"elem3\" name=\"elem3\"></e3>\n   <e4 id=\"elem4\" name=\"elem4\"></e4>\n   <e5 xmlns=\"http://example.org\" xmlns:a=\"http://www.w3.org\" xmlns:b=\"http://www.ietf.org\" attr=\"I'm\" attr2=\"all\" b:attr=\"sorted\" a:attr=\"out\"></e5>\n   <e6 xmlns:a=\"http://www.w3.org\">\n      <e7 xmlns=\"http://www.ietf.org\">\n         <e8 xmlns=\"\">\n            <e9 xmlns:a=\"http://www.ietf.org\"></e9>\n         </e8>\n      </e7>\n   </e6>\n</doc>";
        assert_eq!(doc_c14n(&input, &Method::inclusive()), expected);
    }

    // Canonical XML 1.0, section 3.4 (character modifications), without the DTD parts.
    #[test]
    fn spec_example_characters() {
        let input = "<doc>\n   <text>First line&#x0d;&#10;Second line</text>\n   <value>&#x32;</value>\n   <compute><![CDATA[value>\"0\" && value<\"10\" ?\"valid\":\"error\"]]></compute>\n   <compute expr='value>\"0\" &amp;&amp; value&lt;\"10\" ?\"valid\":\"error\"'>valid</compute>\n   <norm attr=' &apos;   &#x20;&#13;&#xa;&#9;   &apos; '/>\n</doc>";
        let expected = "<doc>\n   <text>First line&#xD;\nSecond line</text>\n   <value>2</value>\n   <compute>value&gt;\"0\" &amp;&amp; value&lt;\"10\" ?\"valid\":\"error\"</compute>\n   <compute expr=\"value>&quot;0&quot; &amp;&amp; value&lt;&quot;10&quot; ?&quot;valid&quot;:&quot;error&quot;\">valid</compute>\n   <norm attr=\" '    &#xD;&#xA;&#x9;   ' \"></norm>\n</doc>";
        assert_eq!(doc_c14n(input, &Method::inclusive()), expected);
    }

    #[test]
    fn crlf_in_input_becomes_lf() {
        assert_eq!(doc_c14n("<a>x\r\ny\rz</a>", &Method::inclusive()), "<a>x\ny\nz</a>");
    }

    #[test]
    fn subset_inclusive_carries_ancestor_namespaces() {
        let xml = "<files xmlns=\"urn:a\" xmlns:ns2=\"urn:d\" xml:lang=\"en\"><ns2:Signature><ns2:SignedInfo Id=\"x\"><ns2:C/></ns2:SignedInfo></ns2:Signature></files>";
        assert_eq!(
            sub_c14n(xml, "SignedInfo", &Method::inclusive()),
            "<ns2:SignedInfo xmlns=\"urn:a\" xmlns:ns2=\"urn:d\" Id=\"x\" xml:lang=\"en\"><ns2:C></ns2:C></ns2:SignedInfo>"
        );
        assert_eq!(
            sub_c14n(xml, "SignedInfo", &Method::exclusive()),
            "<ns2:SignedInfo xmlns:ns2=\"urn:d\" Id=\"x\"><ns2:C></ns2:C></ns2:SignedInfo>"
        );
    }

    #[test]
    fn exclusive_renders_only_utilised_namespaces() {
        let xml = "<r xmlns=\"urn:d\" xmlns:a=\"urn:a\" xmlns:b=\"urn:b\"><a:x b:at=\"1\"><y/></a:x></r>";
        let exc = Method::exclusive();
        assert_eq!(
            doc_c14n(xml, &exc),
            "<r xmlns=\"urn:d\"><a:x xmlns:a=\"urn:a\" xmlns:b=\"urn:b\" b:at=\"1\"><y></y></a:x></r>"
        );
        let with_prefix = Method { inclusive_prefixes: vec!["b".into()], ..Method::exclusive() };
        assert_eq!(
            doc_c14n(xml, &with_prefix),
            "<r xmlns=\"urn:d\" xmlns:b=\"urn:b\"><a:x xmlns:a=\"urn:a\" b:at=\"1\"><y></y></a:x></r>"
        );
        // An unprefixed element whose default namespace is empty under a non-empty rendered one.
        let xml = "<r xmlns=\"urn:d\"><x xmlns=\"\"/></r>";
        assert_eq!(doc_c14n(xml, &exc), "<r xmlns=\"urn:d\"><x xmlns=\"\"></x></r>");
    }

    #[test]
    fn excluded_subtree_is_left_out() {
        let xml = "<r>\n  <a/>\n  <s><t/></s>\n</r>";
        let doc = Document::parse(xml).unwrap();
        let s = doc.descendants().find(|n| n.has_tag_name("s")).unwrap();
        let out = String::from_utf8(document(&doc, Some(s.id()), &Method::inclusive())).unwrap();
        assert_eq!(out, "<r>\n  <a></a>\n  \n</r>");
    }
}
