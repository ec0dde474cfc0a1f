use super::*;

#[test]
fn reads_the_usual_constructs() {
    let xml = r#"<?xml version="1.0"?><!-- c > d --><a x='1>2' y="&lt;&#x41;&#66;&amp;"><b/><![CDATA[<c>]]><c >t</c ></a>"#;
    let tree = Tree::parse(xml).expect("parse");
    let names: Vec<&str> = tree.elements().iter().map(|e| tree.name(e)).collect();
    assert_eq!(names, ["a", "b", "c"]);
    let [a, _, c] = tree.elements() else {
        panic!("three elements")
    };
    assert_eq!(tree.attr(a, "x").as_deref(), Some("1>2"));
    assert_eq!(tree.attr(a, "y").as_deref(), Some("<AB&"));
    assert_eq!(c.parent, Some(0));
    assert_eq!(tree.outer(c), "<c >t</c >");
    assert_eq!(tree.content(c), "t");
    assert_eq!(tree.children(0).collect::<Vec<_>>(), [1, 2]);
    for bad in [
        "<a>",
        "<a></b>",
        "<a/><b/>",
        "<!DOCTYPE a><a/>",
        "text",
        "<a x='1></a>",
    ] {
        assert!(Tree::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn resolves_namespaces_not_prefixes() {
    let xml = format!(
        r#"<x:doc xmlns:x="{WML_NS}" xmlns:r="urn:r"><x:p r:id="1"/><p xmlns="{WML_NS}"/></x:doc>"#
    );
    let tree = Tree::parse(&xml).expect("parse");
    let [doc, p, q] = tree.elements() else {
        panic!("three elements")
    };
    assert!(tree.is(doc, WML_NS, "doc") && tree.is(p, WML_NS, "p") && tree.is(q, WML_NS, "p"));
    assert_eq!((tree.prefix(p), tree.prefix(q)), ("x:", ""));
    assert_eq!(tree.declared_prefix(doc, "urn:r"), Some("r"));
    let id = tree.find_attr_ns(p, "urn:r", "id").map(|a| tree.value(a));
    assert_eq!(id.as_deref(), Some("1"));
}

#[test]
fn edits_keep_every_other_byte() {
    let xml = r#"<a  k="1"   j='2' ><b/>  <c>old</c><d x="0" y="1" /></a>"#;
    let tree = Tree::parse(xml).expect("parse");
    let [a, b, c, d] = tree.elements() else {
        panic!("four elements")
    };
    let mut edits = Edits::new();
    edits.append_child(&tree, b, "<i/>");
    edits.set_content(c, "new");
    if let Some(x) = tree.find_attr(d, "x") {
        edits.remove_attr(&tree, d, x);
    }
    if let Some(y) = tree.find_attr(d, "y") {
        edits.add_attr_after(y, "z", "<&>");
    }
    if let Some(j) = tree.find_attr(a, "j") {
        edits.set_value(j, "3");
    }
    edits.insert(a.close_start, "<e/>");
    assert_eq!(
        edits.apply(xml),
        r#"<a  k="1"   j='3' ><b><i/></b>  <c>new</c><d y="1" z="&lt;&amp;&gt;" /><e/></a>"#
    );
}

#[test]
fn escapes_what_a_double_quoted_value_needs() {
    assert_eq!(escape("it's"), "it's");
    assert_eq!(escape(r#"a<&>"b"#), "a&lt;&amp;&gt;&quot;b");
}
