//! What the XML providers (the ECB's and the TCMB's files, the MNB's SOAP
//! answers) share: an element's name and its attributes read by name in
//! one pass, and a reader's error said in one line.
//!
//! A missing attribute names the element and the attribute; a read error
//! says whether the document stopped early (a truncated download) or is
//! not well-formed, and where.

use std::borrow::Cow;
use std::fmt;

use quick_xml::events::BytesStart;
use quick_xml::reader::Reader;

/// The unescaped value of the attribute `name` of `element`.
pub fn attribute<'a>(element: &'a BytesStart<'_>, name: &str) -> Result<Cow<'a, str>, String> {
    let [value] = attributes(element, [name])?;
    Ok(value)
}

/// The unescaped values of the attributes `names`, in one pass over the
/// element's attributes; borrowed from the document unless one holds an
/// entity.
pub fn attributes<'a, const N: usize>(
    element: &'a BytesStart<'_>,
    names: [&str; N],
) -> Result<[Cow<'a, str>; N], String> {
    let mut values: [Option<Cow<'a, str>>; N] = [const { None }; N];
    for attribute in element.attributes() {
        let attribute = attribute.map_err(|err| format!("bad attribute: {err}"))?;
        let key = attribute.key.as_ref();
        let Some(i) = names.iter().position(|name| name.as_bytes() == key) else {
            continue;
        };
        if values[i].is_none() {
            let value = attribute
                .unescape_value()
                .map_err(|err| format!("bad {} attribute: {err}", names[i]))?;
            values[i] = Some(value);
        }
        if values.iter().all(Option::is_some) {
            break;
        }
    }
    if let Some(i) = values.iter().position(Option::is_none) {
        let element = String::from_utf8_lossy(element.name().as_ref()).into_owned();
        return Err(format!("<{element}> lacks the {} attribute", names[i]));
    }
    Ok(values.map(Option::unwrap_or_default))
}

/// A read error of `reader` over a document of `len` bytes: one that hit
/// the end of the document is a truncated download, any other is
/// malformed XML at the byte where it was found.
pub fn read_error<R>(reader: &Reader<R>, len: usize, err: impl fmt::Display) -> String {
    if reader.buffer_position() >= len as u64 {
        format!("the document ends early, inside a tag (truncated?): {err}")
    } else {
        format!(
            "not well-formed XML at byte {}: {err}",
            reader.error_position()
        )
    }
}

/// A document that ended with `element` still open: cut short in transit.
pub fn ends_inside(element: &str) -> String {
    format!("the document ends early, inside <{element}> (truncated?)")
}

/// The name of `element` as written, prefix included, for a message.
pub fn element_name(element: &BytesStart<'_>) -> String {
    String::from_utf8_lossy(element.name().as_ref()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::events::Event;

    fn first_element(xml: &str) -> BytesStart<'_> {
        let mut reader = Reader::from_str(xml);
        loop {
            match reader.read_event().expect("well-formed") {
                Event::Start(element) | Event::Empty(element) => return element,
                Event::Eof => panic!("no element in {xml}"),
                _ => {}
            }
        }
    }

    #[test]
    fn attributes_are_read_by_name_and_unescaped() {
        let element = first_element(r#"<Cube rate="1.07" currency='A&amp;B' x="y"/>"#);
        let [currency, rate] = attributes(&element, ["currency", "rate"]).expect("both");
        assert_eq!((currency.as_ref(), rate.as_ref()), ("A&B", "1.07"));
        assert_eq!(
            attribute(&element, "time"),
            Err("<Cube> lacks the time attribute".to_owned())
        );
    }

    #[test]
    fn a_read_error_tells_a_cut_document_from_a_malformed_one() {
        for (xml, expected) in [
            (
                "<a><b x='1",
                "the document ends early, inside a tag (truncated?)",
            ),
            ("<a></b><c/>", "not well-formed XML at byte"),
        ] {
            let mut reader = Reader::from_str(xml);
            let err = loop {
                match reader.read_event() {
                    Err(err) => break err,
                    Ok(Event::Eof) => panic!("{xml} read without error"),
                    Ok(_) => {}
                }
            };
            let said = read_error(&reader, xml.len(), err);
            assert!(said.starts_with(expected), "{xml}: {said}");
        }
    }
}
