//! The word knowledge extraction uses beside the tagger's weights: the gazetteer (names and
//! places), the word clusters and the word statistics, loaded together.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;

use super::clusters::{Clusters, ClustersError};
use super::gazetteer::{Gazetteer, GazetteerError};
use super::word_stats::{WordStats, WordStatsError};

/// The shipped word clusters (written by `newsdex train-ner --unlabelled`).
const CLUSTERS_ZST: &[u8] = include_bytes!("../../data/clusters.tsv.zst");
/// The shipped word statistics (written by `newsdex train-ner --unlabelled`).
const WORDSTATS_ZST: &[u8] = include_bytes!("../../data/wordstats.tsv.zst");

/// Why the shipped word knowledge could not be loaded.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ResourcesError {
    /// The gazetteer is corrupt.
    #[error("corrupt gazetteer data: {0}")]
    Gazetteer(#[source] Arc<GazetteerError>),
    /// The cluster table is corrupt.
    #[error("corrupt cluster data: {0}")]
    Clusters(#[source] Arc<ClustersError>),
    /// The word statistics are corrupt.
    #[error("corrupt word statistics: {0}")]
    WordStats(#[source] Arc<WordStatsError>),
}

/// Gazetteer, clusters and word statistics.
#[derive(Debug, Default)]
pub struct Resources {
    /// Names and places.
    pub gaz: Gazetteer,
    /// Word clusters (tagger features).
    pub clusters: Clusters,
    /// How news text uses words (mention rules).
    pub words: WordStats,
}

impl Resources {
    /// The files shipped in `data/`.
    pub fn shipped() -> Result<Resources, ResourcesError> {
        Ok(Resources {
            gaz: Gazetteer::shipped().map_err(|e| ResourcesError::Gazetteer(Arc::new(e)))?,
            clusters: Clusters::from_zst(CLUSTERS_ZST)
                .map_err(|e| ResourcesError::Clusters(Arc::new(e)))?,
            words: WordStats::from_zst(WORDSTATS_ZST)
                .map_err(|e| ResourcesError::WordStats(Arc::new(e)))?,
        })
    }

    /// The files of a `train-ner --out` folder; missing cluster or statistics files are
    /// empty tables.
    pub fn load(dir: &Path) -> anyhow::Result<Resources> {
        let read = |n: &str| -> anyhow::Result<Vec<u8>> {
            let p = dir.join(n);
            std::fs::read(&p).with_context(|| format!("reading {}", p.display()))
        };
        let optional = |n: &str| -> anyhow::Result<Vec<u8>> {
            if dir.join(n).exists() {
                read(n)
            } else {
                Ok(Vec::new())
            }
        };
        let clusters = optional("clusters.tsv.zst")?;
        let words = optional("wordstats.tsv.zst")?;
        Ok(Resources {
            gaz: Gazetteer::from_zst(&read("names.tsv.zst")?, &read("places.tsv.zst")?)?,
            clusters: if clusters.is_empty() {
                Clusters::default()
            } else {
                Clusters::from_zst(&clusters)?
            },
            words: if words.is_empty() {
                WordStats::default()
            } else {
                WordStats::from_zst(&words)?
            },
        })
    }
}
