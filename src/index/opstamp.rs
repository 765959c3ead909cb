//! The first operation stamp of a writer session, taken by a delete of nothing.
//!
//! Tantivy numbers every add and delete with an *opstamp*, and a commit records the opstamp it
//! was given. A writer opened on an existing index starts numbering at that recorded value, so
//! the first operation of the new session carries the same opstamp as the last commit. Merges
//! of committed segments apply deletes "up to and including" the last commit's opstamp, but a
//! segment whose deletes are already up to date at that opstamp is skipped without moving its
//! place in the delete queue, and the merged segment goes on from the first input's place. A
//! delete stamped with the commit's opstamp is therefore applied to some inputs of such a merge
//! and lost for the others: after a kill and a resume, the first file the new run replaced kept
//! its old article beside the new one (tests/crash.rs saw 30,001 articles for 30,000).
//!
//! So a writer session spends that opstamp on a delete that matches nothing, before any real
//! operation: every later operation is stamped above the last commit, where merges leave it to
//! the next commit, which applies it to every segment.

use tantivy::schema::{Document, Field};
use tantivy::{IndexWriter, Term};

/// Spends the opstamp that a writer opened on an existing index gives first (the last
/// commit's) on a delete of the empty path, which no document has (see the module comment).
/// Call it right after opening the writer, before any add or delete.
pub fn take_first_opstamp<D: Document>(writer: &IndexWriter<D>, path: Field) {
    writer.delete_term(Term::from_field_text(path, ""));
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::Count;
    use tantivy::indexer::NoMergePolicy;
    use tantivy::query::TermQuery;
    use tantivy::schema::{IndexRecordOption, STORED, STRING, Schema};
    use tantivy::{Index, TantivyDocument, doc};

    fn live(index: &Index, path: Field, value: &str) -> usize {
        let reader = index.reader().unwrap();
        let q = TermQuery::new(Term::from_field_text(path, value), IndexRecordOption::Basic);
        reader.searcher().search(&q, &Count).unwrap()
    }

    /// The sequence of the crash test, made deterministic: the last commit of a session
    /// applied a delete to segment X (so X is up to date at that commit's opstamp) and none to
    /// segment Y; the next session first replaces a document of X while X and Y merge, Y
    /// first. Without the spent opstamp the replaced document outlives its delete.
    #[test]
    fn a_file_replaced_first_in_a_session_loses_its_old_article_in_a_merge() {
        let mut schema = Schema::builder();
        let path = schema.add_text_field("path", STRING | STORED);
        let index = Index::create_in_ram(schema.build());
        {
            let mut w: IndexWriter<TantivyDocument> =
                index.writer_with_num_threads(1, 15_000_000).unwrap();
            w.set_merge_policy(Box::new(NoMergePolicy));
            w.add_document(doc!(path => "y")).unwrap();
            w.commit().unwrap();
            w.add_document(doc!(path => "p")).unwrap();
            w.add_document(doc!(path => "gone")).unwrap();
            w.commit().unwrap();
            w.delete_term(Term::from_field_text(path, "gone"));
            w.commit().unwrap();
            w.wait_merging_threads().unwrap();
        }
        let segments = index.searchable_segment_metas().unwrap();
        let (y, x): (Vec<_>, Vec<_>) = segments.iter().partition(|m| m.num_deleted_docs() == 0);
        assert_eq!((y.len(), x.len()), (1, 1));
        let ids = [y[0].id(), x[0].id()];

        let mut w: IndexWriter<TantivyDocument> =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        w.set_merge_policy(Box::new(NoMergePolicy));
        take_first_opstamp(&w, path);
        // The file "p" changed: its old article goes, its new one comes.
        w.delete_term(Term::from_field_text(path, "p"));
        w.add_document(doc!(path => "p")).unwrap();
        w.merge(&ids).wait().unwrap();
        w.commit().unwrap();
        w.wait_merging_threads().unwrap();
        assert_eq!(live(&index, path, "p"), 1, "the old article of p came back");
        assert_eq!(live(&index, path, "y"), 1);
        assert_eq!(live(&index, path, "gone"), 0);
    }
}
