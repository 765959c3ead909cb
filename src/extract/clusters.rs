//! Word clusters learned from unlabelled news text (`data/clusters.tsv.zst`, built by
//! [`super::lexicon_build`]): each word as written has a fine cluster and a coarse cluster
//! (a cluster of fine clusters). Words used alike ("Google", "Microsoft"; "Latino",
//! "Muslim") share clusters, so the tagger can generalise from CoNLL's 1996 names to names it
//! never saw in training.

use std::io::Read;

use super::hash::FxMap;

/// Why the cluster table cannot be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ClustersError {
    /// The zstd stream is corrupt or not UTF-8.
    #[error("cannot decompress the cluster table: {0}")]
    Decompress(#[source] std::io::Error),
    /// A line is not `word<TAB>fine<TAB>coarse`.
    #[error("bad cluster line {0:?}")]
    BadLine(String),
}

/// The cluster of a word: fine and coarse ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cluster {
    /// Fine cluster id.
    pub fine: u16,
    /// Coarse cluster id.
    pub coarse: u16,
}

/// Words → clusters.
#[derive(Debug, Default)]
pub struct Clusters {
    map: FxMap<String, Cluster>,
}

impl Clusters {
    /// Loads a zstd-compressed table; an empty stream is an empty table.
    pub fn from_zst(bytes: &[u8]) -> Result<Clusters, ClustersError> {
        let mut s = String::new();
        zstd::stream::read::Decoder::new(bytes)
            .and_then(|mut d| d.read_to_string(&mut s))
            .map_err(ClustersError::Decompress)?;
        Clusters::from_tsv(&s)
    }

    /// Parses `word<TAB>fine<TAB>coarse` lines.
    pub fn from_tsv(s: &str) -> Result<Clusters, ClustersError> {
        let mut map = FxMap::default();
        for line in s.lines() {
            let mut it = line.split('\t');
            let (Some(w), Some(f), Some(c)) = (it.next(), it.next(), it.next()) else {
                return Err(ClustersError::BadLine(line.to_string()));
            };
            let (Ok(fine), Ok(coarse)) = (f.parse(), c.parse()) else {
                return Err(ClustersError::BadLine(line.to_string()));
            };
            map.insert(w.to_string(), Cluster { fine, coarse });
        }
        Ok(Clusters { map })
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when the table is empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The cluster of `w` as written; an all-capitals word ("WASHINGTON", a headline or an
    /// OCR masthead) falls back to its capitalised form, then its lower-case form.
    pub fn get(&self, w: &str) -> Option<Cluster> {
        if let Some(&c) = self.map.get(w) {
            return Some(c);
        }
        let mut chars = w.chars();
        let first = chars.next()?;
        if w.chars().count() > 1 && !w.chars().any(char::is_lowercase) {
            let cap: String = first
                .to_uppercase()
                .chain(chars.flat_map(char::to_lowercase))
                .collect();
            if let Some(&c) = self.map.get(&cap) {
                return Some(c);
            }
            return self.map.get(&cap.to_lowercase()).copied();
        }
        None
    }
}
