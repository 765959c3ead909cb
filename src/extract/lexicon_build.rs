//! Derives `data/clusters.tsv.zst` and `data/wordstats.tsv.zst` from unlabelled news text
//! ([`super::unlabelled`]): word clusters by the exchange algorithm ([`super::exchange`]) and
//! the case and title statistics of [`super::word_stats`]. Deterministic: the same text
//! gives the same files.

use std::collections::HashMap;
use std::path::Path;

use super::exchange::{Bigrams, exchange};
use super::features::{is_cap, lower};
use super::gazetteer::{FIRST, Gazetteer};
use super::gazetteer_build::write_zst;
use super::unlabelled::{BOUNDARY, Corpus};

/// Fewest occurrences of a word (as written) to be clustered.
const MIN_COUNT: u64 = 5;
/// Fine clusters.
pub const FINE: usize = 256;
/// Coarse clusters (clusters of fine clusters).
pub const COARSE: usize = 32;
/// Exchange iterations at most (each stops early when no item moves).
const ITERATIONS: usize = 12;
/// Words before a noun: a lower-case word often right after one is a noun.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my",
    "your", "some", "many", "all", "every", "each", "no",
];
/// Fewest uses (lower + capitalised) for a word to be listed in the statistics.
const MIN_STATS_USES: u32 = 3;

/// Writes both files into `out_dir`.
pub fn build(corpus: &Corpus, gaz: &Gazetteer, out_dir: &Path, log: bool) -> anyhow::Result<()> {
    if log {
        eprintln!(
            "unlabelled text: {} articles, {} tokens, {} distinct words",
            corpus.articles,
            corpus.seq.len(),
            corpus.words.len()
        );
    }
    write_zst(
        &out_dir.join("wordstats.tsv.zst"),
        word_stats(corpus, gaz).as_bytes(),
    )?;
    write_zst(
        &out_dir.join("clusters.tsv.zst"),
        clusters(corpus, log).as_bytes(),
    )?;
    Ok(())
}

/// True for a word in capitals throughout (two letters or more): headline or masthead type,
/// whose case says nothing about the word.
fn all_caps(w: &str) -> bool {
    w.chars().filter(|c| c.is_alphabetic()).count() > 1 && !w.chars().any(char::is_lowercase)
}

/// The statistics table as TSV, sorted by word.
fn word_stats(corpus: &Corpus, gaz: &Gazetteer) -> String {
    let lowers: Vec<String> = corpus.words.iter().map(|w| lower(w)).collect();
    let first: Vec<bool> = corpus
        .words
        .iter()
        .zip(&lowers)
        .map(|(w, l)| is_cap(w) && gaz.token_flags(l) & FIRST != 0)
        .collect();
    let mut counts: HashMap<&str, [u32; 4]> = HashMap::new();
    let seq = &corpus.seq;
    for i in 0..seq.len() {
        let id = seq[i];
        if id == BOUNDARY {
            continue;
        }
        let w = corpus.words[id as usize].as_str();
        let Some(c0) = w.chars().next() else { continue };
        if !c0.is_alphabetic() {
            continue;
        }
        let key = lowers[id as usize].as_str();
        if c0.is_lowercase() {
            let e = counts.entry(key).or_default();
            e[0] += 1;
            let prev =
                (i > 0 && seq[i - 1] != BOUNDARY).then(|| lowers[seq[i - 1] as usize].as_str());
            if prev.is_some_and(|p| DETERMINERS.contains(&p)) {
                e[3] += 1;
            }
            continue;
        }
        // Capitals inside a sentence count only after a word or a comma: after an opening
        // quote, a colon or a dash a new sentence may start ("“Well, …").
        let after_word = i > 0
            && seq[i - 1] != BOUNDARY
            && corpus.words[seq[i - 1] as usize]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric() || c == ',');
        if !after_word || all_caps(w) {
            continue;
        }
        let e = counts.entry(key).or_default();
        e[1] += 1;
        if seq
            .get(i + 1)
            .is_some_and(|&n| n != BOUNDARY && first[n as usize])
        {
            e[2] += 1;
        }
    }
    let mut rows: Vec<(&str, [u32; 4])> = counts
        .into_iter()
        .filter(|(_, c)| c[0] + c[1] >= MIN_STATS_USES)
        .collect();
    rows.sort_unstable();
    let mut s = String::new();
    for (w, c) in rows {
        if w.contains(['\t', '\n']) {
            continue;
        }
        s.push_str(&format!("{w}\t{}\t{}\t{}\t{}\n", c[0], c[1], c[2], c[3]));
    }
    s
}

/// The cluster table as TSV, sorted by word.
fn clusters(corpus: &Corpus, log: bool) -> String {
    // Items: the clustered words, then one item for all rarer words and one for the
    // sentence boundary, so that every word keeps its contexts.
    let mut item = vec![u32::MAX; corpus.words.len()];
    let mut words: Vec<u32> = (0..corpus.words.len() as u32)
        .filter(|&i| corpus.counts[i as usize] >= MIN_COUNT)
        .collect();
    words.sort_by(|&a, &b| {
        corpus.counts[b as usize]
            .cmp(&corpus.counts[a as usize])
            .then_with(|| corpus.words[a as usize].cmp(&corpus.words[b as usize]))
    });
    for (k, &w) in words.iter().enumerate() {
        item[w as usize] = k as u32;
    }
    let rare = words.len() as u32;
    let boundary = rare + 1;
    let n = words.len() + 2;
    let of = |id: u32| -> u32 {
        if id == BOUNDARY {
            boundary
        } else {
            match item[id as usize] {
                u32::MAX => rare,
                k => k,
            }
        }
    };
    let mut pairs: HashMap<u64, u64> = HashMap::new();
    for w in corpus.seq.windows(2) {
        let (a, b) = (of(w[0]), of(w[1]));
        *pairs.entry(((a as u64) << 32) | b as u64).or_default() += 1;
    }
    let triples: Vec<(u32, u32, u64)> = pairs
        .iter()
        .map(|(&k, &c)| ((k >> 32) as u32, k as u32, c))
        .collect();
    let bigrams = Bigrams::from_triples(n, triples.iter().copied());
    // Most frequent first; the two pseudo-words by their own frequency.
    let mut order: Vec<u32> = (0..n as u32).collect();
    let freq = |i: u32| -> u64 {
        bigrams.out[i as usize].iter().map(|x| x.1).sum::<u64>()
            + bigrams.inn[i as usize].iter().map(|x| x.1).sum::<u64>()
    };
    order.sort_by(|&a, &b| freq(b).cmp(&freq(a)).then(a.cmp(&b)));
    let fine = exchange(&bigrams, &order, FINE, ITERATIONS, log);
    let class_triples = triples
        .iter()
        .map(|&(a, b, c)| (fine[a as usize], fine[b as usize], c));
    let class_bigrams = Bigrams::from_triples(FINE, class_triples);
    let mut class_order: Vec<u32> = (0..FINE as u32).collect();
    let cfreq = |i: u32| -> u64 { class_bigrams.out[i as usize].iter().map(|x| x.1).sum() };
    class_order.sort_by(|&a, &b| cfreq(b).cmp(&cfreq(a)).then(a.cmp(&b)));
    let coarse = exchange(&class_bigrams, &class_order, COARSE, ITERATIONS * 4, log);
    let mut rows: Vec<(&str, u32, u32)> = words
        .iter()
        .enumerate()
        .map(|(k, &w)| {
            let f = fine[k];
            (corpus.words[w as usize].as_str(), f, coarse[f as usize])
        })
        .filter(|(w, _, _)| !w.contains(['\t', '\n']))
        .collect();
    rows.sort_unstable();
    let mut s = String::new();
    for (w, f, c) in rows {
        s.push_str(&format!("{w}\t{f}\t{c}\n"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::shared;

    /// The tables are a function of the text: built twice from the same articles they are
    /// byte-identical, and they say what news text says ("the" is a lower-case word, "Mr" comes
    /// before first names, "said" is no noun).
    #[test]
    fn tables_are_deterministic_and_plausible() {
        let Some(dir) = shared("corpora/bbc/business") else {
            return;
        };
        let gaz = Gazetteer::shipped().unwrap_or_else(|e| panic!("gazetteer: {e}"));
        let corpus = super::super::unlabelled::read(&[dir]);
        assert!(corpus.articles > 500, "{}", corpus.articles);
        let (a, b) = (word_stats(&corpus, &gaz), word_stats(&corpus, &gaz));
        assert_eq!(a, b);
        let stats = super::super::word_stats::WordStats::from_tsv(&a)
            .unwrap_or_else(|e| panic!("stats: {e}"));
        assert!(stats.is_common_word("the"));
        assert!(stats.is_noun("company"));
        assert!(!stats.is_noun("said"));
        let (c1, c2) = (clusters(&corpus, false), clusters(&corpus, false));
        assert_eq!(c1, c2);
        let cl = super::super::clusters::Clusters::from_tsv(&c1)
            .unwrap_or_else(|e| panic!("clusters: {e}"));
        assert!(cl.len() > 1000, "{}", cl.len());
        // days of the week share a cluster
        let day = |w: &str| cl.get(w).map(|c| c.fine);
        assert!(day("Monday").is_some());
        assert_eq!(day("Monday"), day("Tuesday"));
    }
}
