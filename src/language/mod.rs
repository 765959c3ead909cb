//! Articles → their language: the source's statement when it makes one (HTML `lang`,
//! JSON-LD `inLanguage`, NewsML, ninjs, JSON fields), else detection from the text.
//!
//! Every code is normalised to ISO 639-1 (`en-US` → `en`, `ger` → `de`, `nb` → `no`): the
//! code picks the stemmer (`index::analyzer`), gates the English tagger, and is the
//! `language` facet.

pub mod detect;

use crate::article::Article;
use crate::extract::Extractor;
use crate::index::long_text;

pub use detect::{Detected, detect};

/// ISO 639-2/3 codes (bibliographic and terminological) → ISO 639-1, for the languages the
/// detector knows and the usual three-letter codes of metadata.
const THREE_TO_TWO: &[(&str, &str)] = &[
    ("afr", "af"),
    ("aka", "ak"),
    ("alb", "sq"),
    ("amh", "am"),
    ("ara", "ar"),
    ("arm", "hy"),
    ("aze", "az"),
    ("baq", "eu"),
    ("bel", "be"),
    ("ben", "bn"),
    ("bul", "bg"),
    ("bur", "my"),
    ("cat", "ca"),
    ("ces", "cs"),
    ("chi", "zh"),
    ("cmn", "zh"),
    ("cym", "cy"),
    ("cze", "cs"),
    ("dan", "da"),
    ("deu", "de"),
    ("dut", "nl"),
    ("ell", "el"),
    ("eng", "en"),
    ("epo", "eo"),
    ("est", "et"),
    ("eus", "eu"),
    ("fas", "fa"),
    ("fin", "fi"),
    ("fra", "fr"),
    ("fre", "fr"),
    ("geo", "ka"),
    ("ger", "de"),
    ("gle", "ga"),
    ("gre", "el"),
    ("guj", "gu"),
    ("heb", "he"),
    ("hin", "hi"),
    ("hrv", "hr"),
    ("hun", "hu"),
    ("hye", "hy"),
    ("ice", "is"),
    ("ind", "id"),
    ("isl", "is"),
    ("ita", "it"),
    ("jav", "jv"),
    ("jpn", "ja"),
    ("kan", "kn"),
    ("kat", "ka"),
    ("khm", "km"),
    ("kor", "ko"),
    ("lat", "la"),
    ("lav", "lv"),
    ("lit", "lt"),
    ("mac", "mk"),
    ("mal", "ml"),
    ("mar", "mr"),
    ("may", "ms"),
    ("mkd", "mk"),
    ("msa", "ms"),
    ("mya", "my"),
    ("nep", "ne"),
    ("nld", "nl"),
    ("nno", "no"),
    ("nob", "no"),
    ("nor", "no"),
    ("ori", "or"),
    ("pan", "pa"),
    ("per", "fa"),
    ("pes", "fa"),
    ("pol", "pl"),
    ("por", "pt"),
    ("ron", "ro"),
    ("rum", "ro"),
    ("rus", "ru"),
    ("sin", "si"),
    ("slk", "sk"),
    ("slo", "sk"),
    ("slv", "sl"),
    ("sna", "sn"),
    ("spa", "es"),
    ("sqi", "sq"),
    ("srp", "sr"),
    ("swa", "sw"),
    ("swe", "sv"),
    ("tam", "ta"),
    ("tel", "te"),
    ("tgl", "tl"),
    ("tha", "th"),
    ("tuk", "tk"),
    ("tur", "tr"),
    ("ukr", "uk"),
    ("urd", "ur"),
    ("uzb", "uz"),
    ("vie", "vi"),
    ("wel", "cy"),
    ("yid", "yi"),
    ("zho", "zh"),
    ("zul", "zu"),
];

/// The ISO 639-1 code of a language tag as sources write it (`en`, `EN-us`, `de_DE`, `deu`,
/// `nb-NO`), or `None` when it names no language (`und`, `mul`, `x-default`, empty).
/// Norwegian Bokmål and Nynorsk are both `no`, as the one Norwegian stemmer is.
pub fn normalize(tag: &str) -> Option<String> {
    let tag = tag.trim();
    let primary: String = tag
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_lowercase();
    // Subtags follow a `-` or `_` (`en-US`, `de_DE`); anything else is no language tag.
    if !tag[primary.len()..].is_empty() && !tag[primary.len()..].starts_with(['-', '_']) {
        return None;
    }
    let code = match primary.len() {
        2 => primary,
        3 => THREE_TO_TWO
            .iter()
            .find(|(three, _)| *three == primary)
            .map(|(_, two)| two.to_string())?,
        _ => return None,
    };
    Some(match code.as_str() {
        "nb" | "nn" => "no".to_string(),
        "iw" => "he".to_string(), // the withdrawn code some sites still send
        "in" => "id".to_string(),
        _ => code,
    })
}

/// Adds the people and places the article's language allows: the English tagger reads
/// English text only (on other languages it takes capitalised nouns for names), through
/// [`crate::index::long_text::enrich`] so a very long text is read in bounded pieces; other
/// languages get places from gazetteer lookups ([`Extractor::gazetteer_places`]), piece by
/// piece as well. Entities the source gave are kept in every language; text of no known
/// language gets nothing. The caller skips records whose entities are final (an export read
/// back, [`crate::ingest::Format::has_final_entities`]).
pub fn extract_entities(x: &Extractor, article: &mut Article) {
    match article.language.as_deref() {
        Some("en") => long_text::enrich(x, article),
        Some(lang) => {
            let lang = lang.to_string();
            let text = article.text();
            let mut found = Vec::new();
            for piece in long_text::pieces(&text, long_text::CHUNK_BYTES) {
                found.extend(x.gazetteer_places(piece, &lang));
            }
            for p in found {
                article.add_place(p);
            }
        }
        None => {}
    }
}

/// Language decisions for the articles of one file, in order: what the source states wins;
/// otherwise the text is detected, and a text too short or too telegraphic to be sure of
/// (earnings tables, one-line briefs) takes the language the file's surer articles were
/// detected in, as feeds and SGML bundles are written in one language.
#[derive(Debug, Default)]
pub struct FileLanguages {
    votes: Vec<(&'static str, u32)>,
}

impl FileLanguages {
    /// Sets `article.language`: normalises a stated one, else detects it.
    pub fn assign(&mut self, article: &mut Article) {
        if let Some(stated) = article.language.as_deref() {
            article.language = normalize(stated);
            if article.language.is_some() {
                return;
            }
        }
        let d = detect(article);
        let lang = if d.sure {
            if let Some(l) = d.lang {
                match self.votes.iter_mut().find(|(v, _)| *v == l) {
                    Some((_, n)) => *n += 1,
                    None => self.votes.push((l, 1)),
                }
            }
            d.lang
        } else {
            self.majority().or(d.lang)
        };
        article.language = lang.map(str::to_string);
    }

    fn majority(&self) -> Option<&'static str> {
        self.votes.iter().max_by_key(|(_, n)| *n).map(|(l, _)| *l)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_normalise() {
        for (tag, want) in [
            ("en", Some("en")),
            ("EN-us", Some("en")),
            ("de_DE", Some("de")),
            ("deu", Some("de")),
            ("ger", Some("de")),
            ("nb-NO", Some("no")),
            ("nn", Some("no")),
            ("und", None),
            ("", None),
            ("x-default", None),
            ("english", None),
            ("xx1", None),
            ("de.utf8", None),
        ] {
            assert_eq!(normalize(tag).as_deref(), want, "{tag}");
        }
    }

    fn article(title: &str, body: &str) -> Article {
        Article {
            title: title.into(),
            body: body.into(),
            ..Default::default()
        }
    }

    #[test]
    fn stated_wins_and_short_texts_follow_the_file() {
        let mut f = FileLanguages::default();
        let mut a = article(
            "Kurz",
            "Die Bundesregierung hat am Mittwoch beschlossen, die Förderung für \
             erneuerbare Energien deutlich auszuweiten, wie ein Sprecher des Ministeriums in \
             Berlin mitteilte. Die Opposition kritisierte den Schritt als unzureichend.",
        );
        a.language = Some("en-GB".into());
        f.assign(&mut a);
        assert_eq!(
            a.language.as_deref(),
            Some("en"),
            "the source's statement wins"
        );
        let mut b = a.clone();
        b.language = None;
        f.assign(&mut b);
        assert_eq!(b.language.as_deref(), Some("de"));
        // Too little text to be sure: the file's language.
        let mut c = article("DAX 15.000", "Shr 24 cts vs 18 cts");
        f.assign(&mut c);
        assert_eq!(c.language.as_deref(), Some("de"));
        // Nothing to go on at all.
        let mut d = article("", "");
        FileLanguages::default().assign(&mut d);
        assert_eq!(d.language, None);
    }
}
