//! What the XML providers (the ECB's files, the MNB's SOAP answers) read
//! the same way: the name and the attributes of an element.

use std::borrow::Cow;

use quick_xml::events::BytesStart;

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

/// The name of `element` as written, prefix included, for a message.
pub fn element_name(element: &BytesStart<'_>) -> String {
    String::from_utf8_lossy(element.name().as_ref()).into_owned()
}
