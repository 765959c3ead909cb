//! What a file's path tells about its articles: dates in folder names, sections.
//!
//! Archives often keep the publication day only in the directory layout (Chronicling America's
//! `dates/19160105/…`, dated trees `2019/05/07/…`). The path is used only when the file itself
//! carries no date: the content is closer to the truth than the way someone filed it.

use std::path::Path;

use chrono::NaiveDate;

use super::dates::ymd;

fn digits(s: &str) -> Option<i64> {
    if s.is_empty() || s.len() > 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// The publication day stated by the path: the deepest folder named `YYYYMMDD`, or the deepest
/// `…/YYYY/MM/DD/…` run of folders. Out-of-range values (month 13, year 3000) are not dates.
pub fn date_from_path(path: &Path) -> Option<NaiveDate> {
    // Folders only: a file name like `20240205.txt` would be a date too, but so would an id.
    let parent = path.parent()?;
    let comps: Vec<&str> = parent
        .components()
        .filter_map(|c| c.as_os_str().to_str())
        .collect();
    let n = comps.len();
    for i in (0..n).rev() {
        let c = comps.get(i)?;
        if c.len() == 8
            && let Some(v) = digits(c)
            && let Some(d) = ymd(v / 10000, v / 100 % 100, v % 100)
        {
            return Some(d);
        }
        if i >= 2 {
            let (y, m, d) = (comps.get(i - 2)?, comps.get(i - 1)?, c);
            if y.len() == 4
                && (1..=2).contains(&m.len())
                && (1..=2).contains(&d.len())
                && let (Some(y), Some(m), Some(d)) = (digits(y), digits(m), digits(d))
                && let Some(date) = ymd(y, m, d)
            {
                return Some(date);
            }
        }
    }
    None
}

/// Folder names that say how an archive is stored, not what the articles are about.
const NOT_SECTIONS: &[&str] = &[
    "articles", "article", "data", "dates", "docs", "files", "text", "texts", "txt", "json",
    "corpora", "corpus", "seed", "archive", "feeds", "tmp", "raw", "pages", "news",
];

/// The section named by the file's parent folder (`bbc/sport/199.txt` → "sport"), when that
/// folder is a word rather than digits or a storage name like `articles`.
pub fn section_from_path(path: &Path) -> Option<String> {
    let name = path.parent()?.file_name()?.to_str()?;
    let ok = name.len() >= 2
        && name.len() <= 40
        && name.bytes().any(|b| b.is_ascii_alphabetic())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphabetic() || b == b'-' || b == b'_' || b == b' ');
    if !ok || NOT_SECTIONS.iter().any(|s| s.eq_ignore_ascii_case(name)) {
        return None;
    }
    Some(name.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let d = NaiveDate::from_ymd_opt;
        assert_eq!(
            date_from_path(Path::new("/s/chronam-1916/dates/19160105/sn1-seq-1.txt.gz")),
            d(1916, 1, 5)
        );
        assert_eq!(
            date_from_path(Path::new("/tmp/arch/2019/05/07/a01.txt")),
            d(2019, 5, 7)
        );
        assert_eq!(date_from_path(Path::new("/a/2019/13/07/a01.txt")), None);
        assert_eq!(date_from_path(Path::new("/a/30001301/a01.txt")), None);
        assert_eq!(date_from_path(Path::new("/bbc/sport/199.txt")), None);
    }

    #[test]
    fn sections() {
        assert_eq!(
            section_from_path(Path::new("/x/bbc/sport/199.txt")).as_deref(),
            Some("sport")
        );
        assert_eq!(section_from_path(Path::new("/x/2019/05/07/a.txt")), None);
        assert_eq!(section_from_path(Path::new("/x/cnn/articles/a.json")), None);
    }
}
