//! The predictions TSV that `../shared/ner/eval_conll.py --pred` scores.

use std::io::Write;

use super::entity::Entities;
use super::people::clean;

/// Writes one TSV line per mention: `doc_id<TAB>PER|LOC<TAB>text<TAB>start<TAB>end`, the
/// format `eval_conll.py --pred` scores.
pub fn write_tsv(
    doc_id: &str,
    entities: &Entities,
    text: &str,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let mut lines: Vec<(usize, usize, &str)> = Vec::new();
    for p in &entities.people {
        lines.extend(p.mentions.iter().map(|&(s, e)| (s, e, "PER")));
    }
    for p in &entities.places {
        lines.extend(p.mentions.iter().map(|&(s, e)| (s, e, "LOC")));
    }
    lines.sort();
    let id = clean(doc_id);
    for (s, e, t) in lines {
        let surface = clean(text.get(s..e).unwrap_or(""));
        writeln!(out, "{id}\t{t}\t{surface}\t{s}\t{e}")?;
    }
    Ok(())
}
