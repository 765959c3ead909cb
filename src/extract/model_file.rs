//! The model file format: `NDXNER01`, the row count (u32), one scale (f32), then per row the
//! feature hash (u64) and the 17 label weights as i16 × scale, rows sorted by hash, all
//! little-endian and zstd-compressed. Sorting and a fixed level make the bytes deterministic,
//! so `train-ner --seed 1` reproduces the shipped files.

use std::io::Read;

use super::hash::IdMap;
use super::labels::{NL, Row};
use super::model::Model;

const MAGIC: &[u8; 8] = b"NDXNER01";
/// Bytes of the header: magic, row count, scale.
const HEADER: usize = 16;
/// Bytes of one row: the hash and the quantised weights.
const ROW_BYTES: usize = 8 + 2 * NL;
/// zstd level of written models.
const LEVEL: i32 = 19;

/// Why a model file cannot be read or written.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The zstd stream is corrupt.
    #[error("cannot decompress the model: {0}")]
    Decompress(#[source] std::io::Error),
    /// The zstd compression failed.
    #[error("cannot compress the model: {0}")]
    Compress(#[source] std::io::Error),
    /// The data does not start with the model magic.
    #[error("not a newsdex NER model")]
    NotAModel,
    /// The header's row count disagrees with the data length.
    #[error("model length mismatch: {rows} rows need {expected} bytes, found {found}")]
    Length {
        /// Rows the header announces.
        rows: usize,
        /// Bytes those rows need.
        expected: usize,
        /// Bytes present.
        found: usize,
    },
}

impl Model {
    /// Reads a model written by [`Model::to_zst`].
    pub fn from_zst(bytes: &[u8]) -> Result<Model, ModelError> {
        Model::from_raw(&decompress(bytes)?)
    }

    /// Like [`Model::from_zst`], but an empty stream means "no model" (a one-pass build
    /// ships an empty second-pass file).
    pub fn from_zst_opt(bytes: &[u8]) -> Result<Option<Model>, ModelError> {
        let raw = decompress(bytes)?;
        if raw.is_empty() {
            return Ok(None);
        }
        Model::from_raw(&raw).map(Some)
    }

    fn from_raw(raw: &[u8]) -> Result<Model, ModelError> {
        if raw.len() < HEADER || &raw[..8] != MAGIC {
            return Err(ModelError::NotAModel);
        }
        let n = u32::from_le_bytes([raw[8], raw[9], raw[10], raw[11]]) as usize;
        let scale = f32::from_le_bytes([raw[12], raw[13], raw[14], raw[15]]);
        let expected = HEADER + n * ROW_BYTES;
        if raw.len() != expected {
            return Err(ModelError::Length {
                rows: n,
                expected,
                found: raw.len(),
            });
        }
        let mut w: IdMap<Row> = IdMap::default();
        w.reserve(n);
        for r in raw[HEADER..].chunks_exact(ROW_BYTES) {
            let mut k = [0u8; 8];
            k.copy_from_slice(&r[..8]);
            let mut row = [0f32; NL];
            for (l, x) in row.iter_mut().enumerate() {
                *x = i16::from_le_bytes([r[8 + 2 * l], r[9 + 2 * l]]) as f32 * scale;
            }
            w.insert(u64::from_le_bytes(k), row);
        }
        Ok(Model::new(w))
    }

    /// Serialises the weights as i16 with one scale, sorted by key (deterministic), then
    /// zstd-compresses them. Rows that quantise to all zeros are left out.
    pub fn to_zst(&self) -> Result<Vec<u8>, ModelError> {
        let maxabs = self
            .w
            .values()
            .flat_map(|r| r.iter())
            .fold(0f32, |m, &x| m.max(x.abs()))
            .max(1e-9);
        let scale = maxabs / 32767.0;
        let mut keys: Vec<&u64> = self.w.keys().collect();
        keys.sort();
        let mut raw = Vec::with_capacity(HEADER + keys.len() * ROW_BYTES);
        raw.extend_from_slice(MAGIC);
        let mut n = 0u32;
        let mut body = Vec::new();
        for k in keys {
            let row = &self.w[k];
            let q: Vec<i16> = row.iter().map(|&x| (x / scale).round() as i16).collect();
            if q.iter().all(|&x| x == 0) {
                continue;
            }
            n += 1;
            body.extend_from_slice(&k.to_le_bytes());
            for x in q {
                body.extend_from_slice(&x.to_le_bytes());
            }
        }
        raw.extend_from_slice(&n.to_le_bytes());
        raw.extend_from_slice(&scale.to_le_bytes());
        raw.extend_from_slice(&body);
        zstd::stream::encode_all(&raw[..], LEVEL).map_err(ModelError::Compress)
    }
}

/// The zstd stream of an empty model file (what `train-ner --one-pass` writes as pass 2).
pub fn empty_zst() -> Result<Vec<u8>, ModelError> {
    zstd::stream::encode_all(&[][..], 3).map_err(ModelError::Compress)
}

fn decompress(bytes: &[u8]) -> Result<Vec<u8>, ModelError> {
    let mut raw = Vec::new();
    zstd::stream::read::Decoder::new(bytes)
        .and_then(|mut d| d.read_to_end(&mut raw))
        .map_err(ModelError::Decompress)?;
    Ok(raw)
}
