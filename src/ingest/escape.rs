//! Escaped text: paths as strings that round-trip byte for byte, and one-line messages.
//!
//! File names are bytes, not text: on Unix any byte but `/` and NUL may appear, so two files
//! whose Latin-1 names differ (`M\xfcller.txt`, `M\xf6ller.txt`) become the same string under
//! lossy decoding, and a newline in a name splits a one-line report. Every path newsdex stores
//! (the `path` field, the incremental key, `path#n` ids) or prints goes through
//! [`path_to_text`], whose output [`text_to_path`] turns back into exactly the same bytes:
//!
//! * characters of valid UTF-8 are kept as they are, except
//! * `\` is written `\\`, and
//! * control characters (C0, DEL and C1) and bytes that are not valid UTF-8 are written
//!   `\xNN`, one escape per byte.
//!
//! So an ordinary path (valid UTF-8, no backslash, no control character) is its own text,
//! unchanged from what earlier versions stored, and no two paths share a text.

use std::borrow::Cow;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// The text of `path`: itself when it is ordinary, else escaped as the module says.
pub fn path_to_text(path: &Path) -> String {
    bytes_to_text(path_bytes(path).as_ref())
}

/// The path whose [`path_to_text`] is `text`, or `None` when `text` holds an escape that
/// [`path_to_text`] never writes (a lone `\`, `\q`, `\x4` ...).
pub fn text_to_path(text: &str) -> Option<PathBuf> {
    let bytes = text_to_bytes(text)?;
    Some(bytes_to_path(bytes))
}

/// Escapes arbitrary bytes as [`path_to_text`] does.
pub fn bytes_to_text(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '\\' {
                out.push_str("\\\\");
            } else if c.is_control() {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    push_byte(&mut out, b);
                }
            } else {
                out.push(c);
            }
        }
        for &b in chunk.invalid() {
            push_byte(&mut out, b);
        }
    }
    out
}

/// The bytes whose [`bytes_to_text`] is `text`, or `None` for an escape it never writes.
pub fn text_to_bytes(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some(pos) = memchr::memchr(b'\\', rest) {
        out.extend_from_slice(&rest[..pos]);
        rest = &rest[pos + 1..];
        match rest {
            [b'\\', tail @ ..] => {
                out.push(b'\\');
                rest = tail;
            }
            [b'x', h, l, tail @ ..] => {
                out.push(hex(*h)? << 4 | hex(*l)?);
                rest = tail;
            }
            _ => return None,
        }
    }
    out.extend_from_slice(rest);
    Some(out)
}

/// `s` with its control characters (newlines included) escaped as `\n`, `\r`, `\t` or
/// `\u{..}`, so that a message built from file content or an error stays on one line.
pub fn one_line(s: &str) -> Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn push_byte(out: &mut String, b: u8) {
    let _ = write!(out, "\\x{b:02x}");
}

fn hex(d: u8) -> Option<u8> {
    match d {
        b'0'..=b'9' => Some(d - b'0'),
        b'a'..=b'f' => Some(d - b'a' + 10),
        b'A'..=b'F' => Some(d - b'A' + 10),
        _ => None,
    }
}

#[cfg(unix)]
fn path_bytes(path: &Path) -> Cow<'_, [u8]> {
    use std::os::unix::ffi::OsStrExt;
    Cow::Borrowed(path.as_os_str().as_bytes())
}

#[cfg(not(unix))]
fn path_bytes(path: &Path) -> Cow<'_, [u8]> {
    // Other systems' paths are (potentially ill-formed) UTF-16; their lossy UTF-8 form is the
    // best available bytes.
    match path.to_string_lossy() {
        Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
        Cow::Owned(s) => Cow::Owned(s.into_bytes()),
    }
}

#[cfg(unix)]
fn bytes_to_path(bytes: Vec<u8>) -> PathBuf {
    use std::os::unix::ffi::OsStringExt;
    PathBuf::from(std::ffi::OsString::from_vec(bytes))
}

#[cfg(not(unix))]
fn bytes_to_path(bytes: Vec<u8>) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_paths_are_their_own_text() {
        for p in ["/a/b.txt", "/données/été 2024/Zoë.json", "/x/a b#c%20.txt"] {
            assert_eq!(path_to_text(Path::new(p)), p);
            assert_eq!(text_to_path(p).as_deref(), Some(Path::new(p)));
        }
    }

    #[test]
    fn every_byte_string_round_trips_and_texts_are_distinct() {
        let cases: Vec<Vec<u8>> = vec![
            b"/d/M\xfcller.txt".to_vec(),
            b"/d/M\xf6ller.txt".to_vec(),
            b"/d/M\xe4ller.txt".to_vec(),
            b"/d/M\xef\xbf\xbdller.txt".to_vec(), // a real U+FFFD
            b"/d/M\\xfcller.txt".to_vec(),        // a literal backslash-x-f-c
            b"/d/a\nskipped /etc/passwd: x".to_vec(),
            b"/d/tab\there\x7f\xc2\x9b".to_vec(),
            b"\\".to_vec(),
            (0u8..=255).filter(|&b| b != 0).collect(),
        ];
        let mut texts = std::collections::HashSet::new();
        for b in &cases {
            let t = bytes_to_text(b);
            assert!(!t.contains('\n') && !t.chars().any(char::is_control), "{t}");
            assert_eq!(text_to_bytes(&t).as_ref(), Some(b), "{t}");
            assert!(texts.insert(t), "two byte strings share a text");
        }
        assert_eq!(bytes_to_text(b"/d/M\xfcller.txt"), "/d/M\\xfcller.txt");
        assert_eq!(bytes_to_text(b"a\nb"), "a\\x0ab");
    }

    #[test]
    fn escapes_never_written_are_refused() {
        for t in ["a\\", "a\\q", "a\\x4", "a\\xg0"] {
            assert_eq!(text_to_bytes(t), None, "{t}");
        }
    }

    #[test]
    fn messages_stay_on_one_line() {
        assert_eq!(one_line("plain"), "plain");
        assert_eq!(one_line("a\nb\tc\u{1b}"), "a\\nb\\tc\\u{1b}");
    }
}
