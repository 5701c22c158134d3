//! A loopback SMTP server for integration tests: records every message it
//! accepts, with its envelope and the login it came with.
//!
//! It listens on `127.0.0.1` on a free port and speaks plain SMTP (RFC 5321)
//! on a detached thread per connection: greeting, EHLO/HELO (advertising
//! `AUTH PLAIN LOGIN` and nothing that needs TLS), AUTH PLAIN and LOGIN (any
//! credentials are accepted and recorded), MAIL FROM, RCPT TO, DATA up to the
//! lone `.` (dot-stuffing undone), RSET, NOOP, QUIT. Dropping the server stops
//! it accepting, and no thread of it keeps the test process from exiting.

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use super::loopback::{self, Listener, lock};

/// One message as the server accepted it.
#[derive(Debug, Clone)]
pub struct Mail {
    /// The envelope sender (`MAIL FROM`), without angle brackets.
    pub from: String,
    /// The envelope recipients (`RCPT TO`), in order, without angle brackets.
    pub recipients: Vec<String>,
    /// The message as sent after `DATA`, with CRLF line ends.
    pub data: String,
    /// The user name and password given by AUTH on its connection, if any.
    pub login: Option<(String, String)>,
}

impl Mail {
    /// The value of the header `name` (case-insensitive), unfolded.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next().unwrap_or_default();
        let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", "\t");
        unfolded.split("\r\n").find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| value.trim().to_owned())
        })
    }

    /// The `Subject`, its RFC 2047 encoded words (`=?utf-8?b?…?=`, which
    /// carry any word that is not ASCII) decoded; the space between two
    /// encoded words is dropped, as the RFC says.
    pub fn subject(&self) -> String {
        let raw = self.header("Subject").unwrap_or_default();
        let mut subject = String::new();
        let mut after_encoded = false;
        for (i, word) in raw.split(' ').enumerate() {
            let encoded = word
                .strip_prefix("=?utf-8?b?")
                .or_else(|| word.strip_prefix("=?UTF-8?B?"))
                .and_then(|word| word.strip_suffix("?="));
            if i > 0 && !(after_encoded && encoded.is_some()) {
                subject.push(' ');
            }
            match encoded {
                Some(text) => subject.push_str(&String::from_utf8_lossy(&base64_decode(text))),
                None => subject.push_str(word),
            }
            after_encoded = encoded.is_some();
        }
        subject
    }

    /// The body, decoded from its `Content-Transfer-Encoding`, with `\n` line ends.
    pub fn body(&self) -> String {
        let raw = self
            .data
            .split_once("\r\n\r\n")
            .map(|(_, body)| body)
            .unwrap_or_default();
        let encoding = self
            .header("Content-Transfer-Encoding")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let decoded = match encoding.as_str() {
            "base64" => String::from_utf8(base64_decode(raw)).expect("a UTF-8 body"),
            "quoted-printable" => quoted_printable_decode(raw),
            _ => raw.to_owned(),
        };
        decoded.replace("\r\n", "\n")
    }
}

/// A running loopback SMTP server; see the module docs.
#[derive(Debug)]
pub struct SmtpServer {
    listener: Listener<Shared>,
}

#[derive(Debug, Default)]
struct Shared {
    mails: Mutex<Vec<Mail>>,
    arrived: Condvar,
    stopping: AtomicBool,
}

impl loopback::Shared for Shared {
    fn stopping(&self) -> &AtomicBool {
        &self.stopping
    }
}

impl SmtpServer {
    /// Starts a server on `127.0.0.1` on a free port.
    pub fn start() -> SmtpServer {
        let listener = Listener::start("127.0.0.1", Shared::default(), |stream, shared| {
            // A client gone or a read timing out just ends the connection.
            let _ = serve(stream, shared);
        });
        SmtpServer { listener }
    }

    /// `smtp://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("smtp://{}", self.listener.addr)
    }

    /// `smtp://USER:PASSWORD@127.0.0.1:PORT`.
    pub fn url_with_login(&self, user: &str, password: &str) -> String {
        format!("smtp://{user}:{password}@{}", self.listener.addr)
    }

    /// All messages accepted so far, in order.
    pub fn mails(&self) -> Vec<Mail> {
        lock(&self.listener.shared.mails).clone()
    }

    /// Waits up to `timeout` until at least `count` messages have arrived,
    /// and returns all of them (fewer if the time ran out).
    pub fn wait_for_mails(&self, count: usize, timeout: Duration) -> Vec<Mail> {
        let deadline = Instant::now() + timeout;
        let mut mails = lock(&self.listener.shared.mails);
        while mails.len() < count {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            mails = self
                .listener
                .shared
                .arrived
                .wait_timeout(mails, left)
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .0;
        }
        mails.clone()
    }

    /// The first message, waiting up to `timeout` for it.
    pub fn wait_for_mail(&self, timeout: Duration) -> Option<Mail> {
        self.wait_for_mails(1, timeout).into_iter().next()
    }
}

/// One SMTP connection, from greeting to QUIT. Errors (a client gone, a read
/// timing out) just end it.
fn serve(stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    let mut out = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    let mut read_line = move || -> std::io::Result<Option<String>> {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        Ok(Some(line.trim_end_matches(['\r', '\n']).to_owned()))
    };
    let mut reply = |text: &str| out.write_all(format!("{text}\r\n").as_bytes());

    reply("220 fxrates-test ESMTP ready")?;
    let mut login = None;
    let mut from: Option<String> = None;
    let mut recipients = Vec::new();
    while let Some(line) = read_line()? {
        if shared.stopping.load(Ordering::SeqCst) {
            break;
        }
        let (verb, arg) = line.split_once(' ').unwrap_or((&line, ""));
        match verb.to_ascii_uppercase().as_str() {
            "EHLO" => reply("250-fxrates-test\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME")?,
            "HELO" => reply("250 fxrates-test")?,
            "AUTH" => {
                let (mechanism, initial) = arg.split_once(' ').unwrap_or((arg, ""));
                let decoded =
                    |text: &str| String::from_utf8_lossy(&base64_decode(text.trim())).into_owned();
                match mechanism.to_ascii_uppercase().as_str() {
                    "PLAIN" => {
                        let response = if initial.is_empty() {
                            reply("334 ")?;
                            read_line()?.unwrap_or_default()
                        } else {
                            initial.to_owned()
                        };
                        let plain = decoded(&response);
                        let mut parts = plain.split('\0').skip(1);
                        let user = parts.next().unwrap_or_default().to_owned();
                        let password = parts.next().unwrap_or_default().to_owned();
                        login = Some((user, password));
                    }
                    "LOGIN" => {
                        reply("334 VXNlcm5hbWU6")?;
                        let user = decoded(&read_line()?.unwrap_or_default());
                        reply("334 UGFzc3dvcmQ6")?;
                        let password = decoded(&read_line()?.unwrap_or_default());
                        login = Some((user, password));
                    }
                    _ => {
                        reply("504 5.5.4 unrecognized authentication type")?;
                        continue;
                    }
                }
                reply("235 2.7.0 authentication successful")?;
            }
            "MAIL" => {
                from = Some(address(arg));
                recipients.clear();
                reply("250 2.1.0 OK")?;
            }
            "RCPT" if from.is_some() => {
                recipients.push(address(arg));
                reply("250 2.1.5 OK")?;
            }
            "DATA" if !recipients.is_empty() => {
                reply("354 end data with <CR><LF>.<CR><LF>")?;
                let mut data = String::new();
                loop {
                    let Some(line) = read_line()? else {
                        return Ok(());
                    };
                    if line == "." {
                        break;
                    }
                    data.push_str(line.strip_prefix('.').unwrap_or(&line));
                    data.push_str("\r\n");
                }
                let mail = Mail {
                    from: from.take().unwrap_or_default(),
                    recipients: std::mem::take(&mut recipients),
                    data,
                    login: login.clone(),
                };
                lock(&shared.mails).push(mail);
                shared.arrived.notify_all();
                reply("250 2.0.0 OK queued")?;
            }
            "RCPT" | "DATA" => reply("503 5.5.1 bad sequence of commands")?,
            "RSET" => {
                from = None;
                recipients.clear();
                reply("250 2.0.0 OK")?;
            }
            "NOOP" => reply("250 2.0.0 OK")?,
            "QUIT" => {
                reply("221 2.0.0 bye")?;
                break;
            }
            _ => reply("502 5.5.2 command not recognized")?,
        }
    }
    Ok(())
}

/// The address in `FROM:<a@b> SIZE=…` or `TO:<a@b>`.
fn address(arg: &str) -> String {
    let start = arg.find('<').map_or(0, |at| at + 1);
    let end = arg[start..].find('>').map_or(arg.len(), |at| start + at);
    arg[start..end].to_owned()
}

/// Decodes standard base64, skipping anything outside its alphabet.
pub fn base64_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0);
    for byte in text.bytes() {
        let Some(value) = ALPHABET.iter().position(|&c| c == byte) else {
            continue;
        };
        buffer = (buffer << 6) | value as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    out
}

fn quoted_printable_decode(text: &str) -> String {
    let mut out = Vec::new();
    let mut bytes = text.replace("=\r\n", "").into_bytes().into_iter();
    while let Some(byte) = bytes.next() {
        if byte == b'=' {
            let hex: Vec<u8> = bytes.by_ref().take(2).collect();
            let hex = std::str::from_utf8(&hex).unwrap_or_default();
            out.push(u8::from_str_radix(hex, 16).expect("a quoted-printable escape"));
        } else {
            out.push(byte);
        }
    }
    String::from_utf8(out).expect("a UTF-8 body")
}
