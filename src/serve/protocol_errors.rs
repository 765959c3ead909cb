//! JSON bodies for the errors hyper answers by itself.
//!
//! A request hyper cannot parse (a bad request line, a bad header, bytes that are not allowed
//! in the target, headers over the size limit) never reaches the router: hyper writes a bare
//! status line with `content-length: 0` and closes the connection. Every other error of the
//! API is `{"error": …}`, so the connection's writer is wrapped: a response head that is one
//! of those automatic answers (an error status with an empty body, which the router never
//! produces) is replaced by the same status with a JSON body, and the connection is closed as
//! hyper intended.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// A connection whose automatic error answers carry a JSON body.
pub struct JsonProtocolErrors<S> {
    inner: S,
    /// Bytes of a rewritten answer still to be written, from `pos`.
    pending: Vec<u8>,
    pos: usize,
}

impl<S> JsonProtocolErrors<S> {
    /// Wraps a connection.
    pub fn new(inner: S) -> JsonProtocolErrors<S> {
        JsonProtocolErrors {
            inner,
            pending: Vec::new(),
            pos: 0,
        }
    }
}

/// The JSON answer replacing `head` when it is one of hyper's automatic error answers.
fn rewrite(head: &[u8]) -> Option<Vec<u8>> {
    let status_line_end = memchr::memmem::find(head, b"\r\n")?;
    let status_line = std::str::from_utf8(&head[..status_line_end]).ok()?;
    let mut parts = status_line.splitn(3, ' ');
    let version = parts.next()?;
    let code: u16 = parts.next()?.parse().ok()?;
    if !version.starts_with("HTTP/1.") || !(400..600).contains(&code) {
        return None;
    }
    // The head alone, with an empty body: hyper's automatic answers and nothing else.
    if !head.ends_with(b"\r\n\r\n") || memchr::memmem::find(head, b"\r\n\r\n")? + 4 != head.len() {
        return None;
    }
    let headers = std::str::from_utf8(&head[status_line_end + 2..head.len() - 2]).ok()?;
    if !headers
        .lines()
        .any(|l| l.eq_ignore_ascii_case("content-length: 0"))
    {
        return None;
    }
    let message = match code {
        400 => {
            "malformed HTTP request: bad request line, header or target (the target must be \
             ASCII: percent-encode other bytes)"
        }
        414 => "the URL is too long",
        431 => "the request headers are too large",
        _ => "the request could not be read",
    };
    let body = serde_json::json!({ "error": message }).to_string();
    let mut out = Vec::with_capacity(head.len() + body.len() + 96);
    out.extend_from_slice(status_line.as_bytes());
    out.extend_from_slice(b"\r\n");
    for line in headers.lines() {
        let name = line.split(':').next().unwrap_or("").to_ascii_lowercase();
        if !matches!(
            name.as_str(),
            "content-length" | "content-type" | "connection"
        ) {
            out.extend_from_slice(line.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
    }
    out.extend_from_slice(b"content-type: application/json\r\n");
    out.extend_from_slice(format!("content-length: {}\r\n", body.len()).as_bytes());
    out.extend_from_slice(b"connection: close\r\n\r\n");
    out.extend_from_slice(body.as_bytes());
    Some(out)
}

impl<S: AsyncWrite + Unpin> JsonProtocolErrors<S> {
    /// Writes what is left of a rewritten answer.
    fn poll_pending(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.pos < self.pending.len() {
            let n = ready!(Pin::new(&mut self.inner).poll_write(cx, &self.pending[self.pos..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.pos += n;
        }
        self.pending.clear();
        self.pos = 0;
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for JsonProtocolErrors<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for JsonProtocolErrors<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        ready!(self.poll_pending(cx))?;
        if let Some(answer) = rewrite(buf) {
            self.pending = answer;
            self.pos = 0;
            // The rewritten answer now stands for `buf`; flush and shutdown finish writing it.
            if let Poll::Ready(Err(e)) = self.poll_pending(cx) {
                return Poll::Ready(Err(e));
            }
            return Poll::Ready(Ok(buf.len()));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_pending(cx))?;
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_pending(cx))?;
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::rewrite;

    #[test]
    fn only_empty_error_answers_are_rewritten() {
        let hyper400 = b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\ndate: Mon, 01 Dec 2026 10:00:00 GMT\r\n\r\n";
        let out = String::from_utf8(rewrite(hyper400).unwrap()).unwrap();
        let (head, body) = out.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 400 Bad Request\r\n"), "{head}");
        assert!(head.contains("\r\ndate: Mon"), "{head}");
        assert!(
            head.contains(&format!("content-length: {}", body.len())),
            "{head}"
        );
        assert!(head.contains("content-type: application/json"), "{head}");
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        assert!(
            v["error"]
                .as_str()
                .unwrap()
                .starts_with("malformed HTTP request")
        );
        let ours = b"HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: 20\r\n\r\n";
        assert!(rewrite(ours).is_none());
        let ok = b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n";
        assert!(rewrite(ok).is_none());
        let with_body = b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\nHTTP/1.1 200 OK\r\n";
        assert!(rewrite(with_body).is_none());
    }
}
