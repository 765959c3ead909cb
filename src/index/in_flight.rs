//! A bound on the file content the pipeline holds at once, from the moment a file is read
//! until tantivy has indexed its last document.
//!
//! Every parsing thread reads one file at a time, but what a file holds in memory (its bytes,
//! its articles, their documents waiting in tantivy's queue of up to 10,000) grows with the
//! file, and tantivy's queue does not care how large its documents are: parsing that outpaces
//! indexing piled up 60 MB documents until the run was killed. So each file takes a [`Permit`]
//! for its (decompressed) size before it is read; every document made from it carries the
//! permit ([`PipelineDoc`]), and the bytes return to the budget when the last of them has been
//! indexed. A file larger than the whole budget runs alone.

use std::sync::{Arc, Condvar, Mutex};

use tantivy::TantivyDocument;
use tantivy::schema::Document;

/// Bytes of file content in flight at most (unless one file alone is larger).
pub const DEFAULT_IN_FLIGHT_BYTES: u64 = 128 << 20;

/// The budget shared by the parsing threads of one run.
#[derive(Debug)]
pub struct InFlight {
    budget: u64,
    used: Mutex<u64>,
    freed: Condvar,
}

impl InFlight {
    /// A budget of `budget` bytes.
    pub fn new(budget: u64) -> Arc<InFlight> {
        Arc::new(InFlight {
            budget: budget.max(1),
            used: Mutex::new(0),
            freed: Condvar::new(),
        })
    }

    /// Waits until `bytes` (at most the whole budget) fit, then takes them.
    pub fn acquire(self: &Arc<Self>, bytes: u64) -> Permit {
        let want = bytes.clamp(1, self.budget);
        let mut used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        while *used > 0 && *used + want > self.budget {
            used = self.freed.wait(used).unwrap_or_else(|e| e.into_inner());
        }
        *used += want;
        Permit {
            flight: Arc::clone(self),
            bytes: Mutex::new(want),
        }
    }

    /// Bytes taken now (for tests and diagnostics).
    pub fn used(&self) -> u64 {
        *self.used.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Bytes of the budget held for one file; given back when dropped.
#[derive(Debug)]
pub struct Permit {
    flight: Arc<InFlight>,
    bytes: Mutex<u64>,
}

impl Permit {
    /// Raises the permit to `total` bytes without waiting (the file turned out larger than
    /// its hint: the bytes are already in memory, so they count, and other files wait).
    pub fn grow_to(&self, total: u64) {
        let total = total.min(self.flight.budget);
        let mut mine = self.bytes.lock().unwrap_or_else(|e| e.into_inner());
        if total > *mine {
            let mut used = self.flight.used.lock().unwrap_or_else(|e| e.into_inner());
            *used += total - *mine;
            *mine = total;
        }
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        let mine = *self.bytes.lock().unwrap_or_else(|e| e.into_inner());
        let mut used = self.flight.used.lock().unwrap_or_else(|e| e.into_inner());
        *used = used.saturating_sub(mine);
        self.flight.freed.notify_all();
    }
}

/// A document on its way into the index, holding its file's permit until tantivy has indexed
/// it (tantivy drops each document right after indexing it).
pub struct PipelineDoc {
    doc: TantivyDocument,
    _permit: Arc<Permit>,
}

impl PipelineDoc {
    /// `doc`, holding `permit`.
    pub fn new(doc: TantivyDocument, permit: Arc<Permit>) -> PipelineDoc {
        PipelineDoc {
            doc,
            _permit: permit,
        }
    }
}

impl Document for PipelineDoc {
    type Value<'a> = <TantivyDocument as Document>::Value<'a>;
    type FieldsValuesIter<'a> = <TantivyDocument as Document>::FieldsValuesIter<'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.doc.iter_fields_and_values()
    }

    fn into_tantivy_document(self) -> TantivyDocument {
        self.doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permits_wait_for_room_and_give_it_back() {
        use std::time::Duration;
        let f = InFlight::new(100);
        let a = f.acquire(60);
        let (tx, rx) = std::sync::mpsc::channel();
        let g = Arc::clone(&f);
        let t = std::thread::spawn(move || {
            // More than the whole budget: granted as the whole budget, alone.
            let p = g.acquire(1000);
            tx.send(()).unwrap();
            p.grow_to(5000);
            drop(p);
        });
        assert!(
            rx.recv_timeout(Duration::from_millis(200)).is_err(),
            "must wait"
        );
        drop(a);
        rx.recv_timeout(Duration::from_secs(10))
            .expect("granted once a is back");
        t.join().unwrap();
        assert_eq!(f.used(), 0);
        // Small permits share the budget.
        let (x, y) = (f.acquire(40), f.acquire(50));
        assert_eq!(f.used(), 90);
        x.grow_to(45);
        assert_eq!(f.used(), 95);
        drop((x, y));
        assert_eq!(f.used(), 0);
    }
}
