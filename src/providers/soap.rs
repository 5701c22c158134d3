//! SOAP 1.1, as a service answers a call: an envelope whose body holds the
//! operation's response, or a fault. [`call`] writes a call; [`result`]
//! reads the text of its `…Result` element (the Magyar Nemzeti Bank's
//! service escapes a whole XML document into it) and refuses what is not a
//! complete envelope, or is a fault; [`fault`] reads a fault's
//! `faultstring` for the error of an HTTP 500.

use std::borrow::Cow;

use quick_xml::events::Event;
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::reader::NsReader;

use super::xml::{element_name, ends_inside, read_error};

/// The namespace of SOAP 1.1 envelopes.
const SOAP_NS: &[u8] = b"http://schemas.xmlsoap.org/soap/envelope/";

/// The body of a call of `operation`, an element of the namespace `ns`;
/// `parameters` are the elements inside it, their namespace prefixed
/// `web:`.
pub fn call(ns: &str, operation: &str, parameters: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\
         <soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:web=\"{ns}\">\
         <soap:Body><web:{operation}>{parameters}</web:{operation}></soap:Body></soap:Envelope>"
    )
}

/// How [`result`] names a SOAP fault, before its `faultstring`.
const FAULT: &str = "a SOAP fault: ";

/// What a SOAP fault says: its `faultstring`, for the error of an HTTP
/// 500. A fault is the service's answer to the call, which asking again
/// would repeat: read it as an
/// [`Explain::Refusal`](crate::http::Explain::Refusal), not retried.
pub fn fault(body: &[u8]) -> Option<String> {
    let reason = result(body, "", "").err()?;
    reason.strip_prefix(FAULT).map(str::to_owned)
}

/// The text of the `{operation}Result` element, in the namespace `ns`, of
/// a SOAP answer: the document a service escapes into it, unescaped.
///
/// Refuses what is not a complete SOAP 1.1 envelope (an HTML page, a
/// truncated body), a SOAP fault (quoting its `faultstring`), and an
/// envelope without that element.
pub fn result(body: &[u8], ns: &str, operation: &str) -> Result<String, String> {
    let markup = result_markup(body, ns, operation)?;
    let text = quick_xml::escape::unescape(&markup)
        .map_err(|err| format!("<{operation}Result>: {err}"))?;
    Ok(text.into_owned())
}

/// The content of the `{operation}Result` element as written, markup
/// included: for a service that answers elements inside it (a .NET
/// DataSet), not a document escaped into text. Refuses what [`result`]
/// refuses.
pub fn result_markup(body: &[u8], ns: &str, operation: &str) -> Result<String, String> {
    let result_name = format!("{operation}Result");
    let ns_uri = ns.as_bytes();
    let mut reader = NsReader::from_reader(body);
    reader.config_mut().trim_text(true);
    // The local names of the open elements.
    let mut open: Vec<String> = Vec::new();
    let mut found: Option<String> = None;
    let mut fault: Option<String> = None;
    loop {
        let bound = |resolved: &ResolveResult<'_>, uri: &[u8]| matches!(resolved, ResolveResult::Bound(Namespace(bound)) if *bound == uri);
        let next = reader.read_resolved_event().map(|(resolved, event)| {
            let is_soap = bound(&resolved, SOAP_NS);
            (is_soap, bound(&resolved, ns_uri), event)
        });
        let (is_soap, in_ns, event) = next.map_err(|err| read_error(&reader, body.len(), err))?;
        let in_faultstring =
            fault.is_some() && open.last().is_some_and(|name| name == "faultstring");
        match event {
            Event::Start(ref element) | Event::Empty(ref element) => {
                let local = element.local_name();
                if open.is_empty() && !(is_soap && local.as_ref() == b"Envelope") {
                    return Err(format!(
                        "not a SOAP answer: the root element is <{}>, not <Envelope>",
                        element_name(element)
                    ));
                }
                let is_empty = matches!(event, Event::Empty(_));
                if in_ns && local.as_ref() == result_name.as_bytes() {
                    let text = if is_empty {
                        Cow::Borrowed("")
                    } else {
                        let end = element.to_end();
                        reader.read_text(end.name()).map_err(|err| {
                            format!(
                                "the document ends early, inside <{}> (truncated?): {err}",
                                element_name(element)
                            )
                        })?
                    };
                    found = Some(text.into_owned());
                    continue;
                }
                if is_soap && local.as_ref() == b"Fault" {
                    fault = Some(String::new());
                }
                if !is_empty {
                    open.push(String::from_utf8_lossy(local.as_ref()).into_owned());
                }
            }
            Event::End(_) => {
                open.pop();
            }
            Event::Text(text) if in_faultstring => {
                let text = text.decode().map_err(|err| err.to_string())?;
                fault.get_or_insert_default().push_str(&text);
            }
            Event::GeneralRef(reference) if in_faultstring => {
                let name = reference.decode().map_err(|err| err.to_string())?;
                let raw = format!("&{name};");
                let text = quick_xml::escape::unescape(&raw).map_err(|err| err.to_string())?;
                fault.get_or_insert_default().push_str(&text);
            }
            Event::Eof => {
                if let Some(element) = open.last() {
                    return Err(ends_inside(element));
                }
                break;
            }
            _ => {}
        }
    }
    if let Some(fault) = fault {
        return Err(format!("{FAULT}{}", fault.trim()));
    }
    found.ok_or_else(|| format!("not the expected SOAP answer: no <{result_name}>"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MNB: &str = "http://www.mnb.hu/webservices/";
    const SAMPLE: &str =
        include_str!("../../tests/fixtures/mnb/GetExchangeRates-2025-03-24-2025-03-28.xml");
    const CURRENCIES: &str = include_str!("../../tests/fixtures/mnb/GetCurrencies.xml");

    #[test]
    fn a_call_is_an_envelope_around_the_operation() {
        assert_eq!(
            call(MNB, "GetCurrencies", ""),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope \
             xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" \
             xmlns:web=\"http://www.mnb.hu/webservices/\"><soap:Body>\
             <web:GetCurrencies></web:GetCurrencies></soap:Body></soap:Envelope>"
        );
        let text = result(SAMPLE.as_bytes(), MNB, "GetExchangeRates").expect("a result");
        assert!(
            text.starts_with("<MNBExchangeRates><Day date=\"2025-03-28\">"),
            "{text}"
        );
    }

    #[test]
    fn soap_envelopes_faults_and_other_pages_are_told_apart() {
        let err = result(
            b"<html><body>Maintenance</body></html>",
            MNB,
            "GetExchangeRates",
        )
        .expect_err("html");
        assert_eq!(
            err,
            "not a SOAP answer: the root element is <html>, not <Envelope>"
        );
        const FAULTED: &[u8] = br#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:Client</faultcode><faultstring xml:lang="hu-HU">Hib&#xE1;s d&amp;tum</faultstring></s:Fault></s:Body></s:Envelope>"#;
        assert_eq!(
            result(FAULTED, MNB, "GetExchangeRates"),
            Err("a SOAP fault: Hibás d&tum".to_owned())
        );
        assert_eq!(fault(FAULTED).as_deref(), Some("Hibás d&tum"));
        assert_eq!(fault(b"500 Internal Server Error"), None);
        let other = result(CURRENCIES.as_bytes(), MNB, "GetExchangeRates").expect_err("other");
        assert_eq!(
            other,
            "not the expected SOAP answer: no <GetExchangeRatesResult>"
        );
        let cut = &SAMPLE[..SAMPLE.len() * 2 / 3];
        let err = result(cut.as_bytes(), MNB, "GetExchangeRates").expect_err("cut");
        assert!(err.starts_with("the document ends early"), "{err}");
        let tail = &SAMPLE[..SAMPLE.len() - 20];
        let err = result(tail.as_bytes(), MNB, "GetExchangeRates").expect_err("cut");
        assert!(err.starts_with("the document ends early"), "{err}");
        let empty = br#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><GetExchangeRatesResponse xmlns="http://www.mnb.hu/webservices/"><GetExchangeRatesResult/></GetExchangeRatesResponse></s:Body></s:Envelope>"#;
        assert_eq!(result(empty, MNB, "GetExchangeRates"), Ok(String::new()));
    }
}
