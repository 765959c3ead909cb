//! Reuters-21578 category codes → display names and place paths.
//!
//! The corpus tags each story with lower-case codes (`west-germany`, `james-baker`). Facets
//! need display names and place paths that agree with the gazetteer, so the 175 place codes
//! map through a fixed table to GeoNames country names under their continent. Countries that
//! no longer exist (`ussr`, `west-germany`, `yugoslavia`) keep their historic name under the
//! continent they lay in, since that is what the 1987 stories are about.

use crate::article::{NAME_PARTICLES, Place};

/// Place code → (GeoNames country name, continent), sorted by code for binary search.
pub const PLACES: &[(&str, &str, &str)] = &[
    ("afghanistan", "Afghanistan", "Asia"),
    ("albania", "Albania", "Europe"),
    ("algeria", "Algeria", "Africa"),
    ("american-samoa", "American Samoa", "Oceania"),
    ("andorra", "Andorra", "Europe"),
    ("angola", "Angola", "Africa"),
    ("anguilla", "Anguilla", "North America"),
    ("antigua", "Antigua and Barbuda", "North America"),
    ("argentina", "Argentina", "South America"),
    ("aruba", "Aruba", "North America"),
    ("australia", "Australia", "Oceania"),
    ("austria", "Austria", "Europe"),
    ("bahamas", "Bahamas", "North America"),
    ("bahrain", "Bahrain", "Asia"),
    ("bangladesh", "Bangladesh", "Asia"),
    ("barbados", "Barbados", "North America"),
    ("belgium", "Belgium", "Europe"),
    ("belize", "Belize", "North America"),
    ("benin", "Benin", "Africa"),
    ("bermuda", "Bermuda", "North America"),
    ("bhutan", "Bhutan", "Asia"),
    ("bolivia", "Bolivia", "South America"),
    ("botswana", "Botswana", "Africa"),
    ("brazil", "Brazil", "South America"),
    (
        "british-virgin-islands",
        "British Virgin Islands",
        "North America",
    ),
    ("brunei", "Brunei", "Asia"),
    ("bulgaria", "Bulgaria", "Europe"),
    ("burkina-faso", "Burkina Faso", "Africa"),
    ("burma", "Myanmar", "Asia"),
    ("burundi", "Burundi", "Africa"),
    ("cameroon", "Cameroon", "Africa"),
    ("canada", "Canada", "North America"),
    ("cape-verde", "Cabo Verde", "Africa"),
    ("cayman-islands", "Cayman Islands", "North America"),
    (
        "central-african-republic",
        "Central African Republic",
        "Africa",
    ),
    ("chad", "Chad", "Africa"),
    ("chile", "Chile", "South America"),
    ("china", "China", "Asia"),
    ("colombia", "Colombia", "South America"),
    ("congo", "Republic of the Congo", "Africa"),
    ("costa-rica", "Costa Rica", "North America"),
    ("cuba", "Cuba", "North America"),
    ("cyprus", "Cyprus", "Europe"),
    ("czechoslovakia", "Czechoslovakia", "Europe"),
    ("denmark", "Denmark", "Europe"),
    ("djibouti", "Djibouti", "Africa"),
    ("dominica", "Dominica", "North America"),
    ("dominican-republic", "Dominican Republic", "North America"),
    ("east-germany", "East Germany", "Europe"),
    ("ecuador", "Ecuador", "South America"),
    ("egypt", "Egypt", "Africa"),
    ("el-salvador", "El Salvador", "North America"),
    ("equatorial-guinea", "Equatorial Guinea", "Africa"),
    ("ethiopia", "Ethiopia", "Africa"),
    ("fiji", "Fiji", "Oceania"),
    ("finland", "Finland", "Europe"),
    ("france", "France", "Europe"),
    ("french-guiana", "French Guiana", "South America"),
    ("gabon", "Gabon", "Africa"),
    ("gambia", "Gambia", "Africa"),
    ("ghana", "Ghana", "Africa"),
    ("gibraltar", "Gibraltar", "Europe"),
    ("greece", "Greece", "Europe"),
    ("grenada", "Grenada", "North America"),
    ("guadeloupe", "Guadeloupe", "North America"),
    ("guam", "Guam", "Oceania"),
    ("guatemala", "Guatemala", "North America"),
    ("guinea", "Guinea", "Africa"),
    ("guinea-bissau", "Guinea-Bissau", "Africa"),
    ("guyana", "Guyana", "South America"),
    ("haiti", "Haiti", "North America"),
    ("honduras", "Honduras", "North America"),
    ("hong-kong", "Hong Kong", "Asia"),
    ("hungary", "Hungary", "Europe"),
    ("iceland", "Iceland", "Europe"),
    ("india", "India", "Asia"),
    ("indonesia", "Indonesia", "Asia"),
    ("iran", "Iran", "Asia"),
    ("iraq", "Iraq", "Asia"),
    ("ireland", "Ireland", "Europe"),
    ("israel", "Israel", "Asia"),
    ("italy", "Italy", "Europe"),
    ("ivory-coast", "Ivory Coast", "Africa"),
    ("jamaica", "Jamaica", "North America"),
    ("japan", "Japan", "Asia"),
    ("jordan", "Jordan", "Asia"),
    ("kampuchea", "Cambodia", "Asia"),
    ("kenya", "Kenya", "Africa"),
    ("kuwait", "Kuwait", "Asia"),
    ("laos", "Laos", "Asia"),
    ("lebanon", "Lebanon", "Asia"),
    ("lesotho", "Lesotho", "Africa"),
    ("liberia", "Liberia", "Africa"),
    ("libya", "Libya", "Africa"),
    ("liechtenstein", "Liechtenstein", "Europe"),
    ("luxembourg", "Luxembourg", "Europe"),
    ("macao", "Macao", "Asia"),
    ("madagascar", "Madagascar", "Africa"),
    ("malawi", "Malawi", "Africa"),
    ("malaysia", "Malaysia", "Asia"),
    ("mali", "Mali", "Africa"),
    ("malta", "Malta", "Europe"),
    ("martinique", "Martinique", "North America"),
    ("mauritania", "Mauritania", "Africa"),
    ("mauritius", "Mauritius", "Africa"),
    ("mexico", "Mexico", "North America"),
    ("monaco", "Monaco", "Europe"),
    ("morocco", "Morocco", "Africa"),
    ("mozambique", "Mozambique", "Africa"),
    ("namibia", "Namibia", "Africa"),
    ("nepal", "Nepal", "Asia"),
    ("netherlands", "The Netherlands", "Europe"),
    (
        "netherlands-antilles",
        "Netherlands Antilles",
        "North America",
    ),
    ("new-caledonia", "New Caledonia", "Oceania"),
    ("new-zealand", "New Zealand", "Oceania"),
    ("nicaragua", "Nicaragua", "North America"),
    ("niger", "Niger", "Africa"),
    ("nigeria", "Nigeria", "Africa"),
    ("north-korea", "North Korea", "Asia"),
    ("norway", "Norway", "Europe"),
    ("oman", "Oman", "Asia"),
    ("pakistan", "Pakistan", "Asia"),
    ("panama", "Panama", "North America"),
    ("papua-new-guinea", "Papua New Guinea", "Oceania"),
    ("paraguay", "Paraguay", "South America"),
    ("peru", "Peru", "South America"),
    ("philippines", "Philippines", "Asia"),
    ("poland", "Poland", "Europe"),
    ("portugal", "Portugal", "Europe"),
    ("qatar", "Qatar", "Asia"),
    ("romania", "Romania", "Europe"),
    ("rwanda", "Rwanda", "Africa"),
    ("saudi-arabia", "Saudi Arabia", "Asia"),
    ("senegal", "Senegal", "Africa"),
    ("seychelles", "Seychelles", "Africa"),
    ("sierra-leone", "Sierra Leone", "Africa"),
    ("singapore", "Singapore", "Asia"),
    ("somalia", "Somalia", "Africa"),
    ("south-africa", "South Africa", "Africa"),
    ("south-korea", "South Korea", "Asia"),
    ("spain", "Spain", "Europe"),
    ("sri-lanka", "Sri Lanka", "Asia"),
    ("sudan", "Sudan", "Africa"),
    ("suriname", "Suriname", "South America"),
    ("swaziland", "Eswatini", "Africa"),
    ("sweden", "Sweden", "Europe"),
    ("switzerland", "Switzerland", "Europe"),
    ("syria", "Syria", "Asia"),
    ("taiwan", "Taiwan", "Asia"),
    ("tanzania", "Tanzania", "Africa"),
    ("thailand", "Thailand", "Asia"),
    ("togo", "Togo", "Africa"),
    ("tonga", "Tonga", "Oceania"),
    ("trinidad-tobago", "Trinidad and Tobago", "North America"),
    ("tunisia", "Tunisia", "Africa"),
    ("turkey", "Turkey", "Asia"),
    ("uae", "United Arab Emirates", "Asia"),
    ("uganda", "Uganda", "Africa"),
    ("uk", "United Kingdom", "Europe"),
    ("uruguay", "Uruguay", "South America"),
    ("us-virgin-islands", "U.S. Virgin Islands", "North America"),
    ("usa", "United States", "North America"),
    ("ussr", "Soviet Union", "Europe"),
    ("vanuatu", "Vanuatu", "Oceania"),
    ("vatican", "Vatican", "Europe"),
    ("venezuela", "Venezuela", "South America"),
    ("vietnam", "Vietnam", "Asia"),
    ("west-germany", "West Germany", "Europe"),
    ("western-samoa", "Samoa", "Oceania"),
    ("yemen-arab-republic", "North Yemen", "Asia"),
    ("yemen-demo-republic", "South Yemen", "Asia"),
    ("yugoslavia", "Yugoslavia", "Europe"),
    ("zaire", "Democratic Republic of the Congo", "Africa"),
    ("zambia", "Zambia", "Africa"),
    ("zimbabwe", "Zimbabwe", "Africa"),
];

/// The place for a Reuters place code: `/<Continent>/<Country>` for known codes, else a
/// top-level place with the code title-cased (an unknown code must never stop ingestion).
pub fn place(code: &str) -> Place {
    let code = code.trim();
    match PLACES.binary_search_by(|(c, _, _)| c.cmp(&code)) {
        Ok(i) => match PLACES.get(i) {
            Some((_, name, continent)) => Place {
                name: (*name).to_string(),
                path: format!("/{continent}/{name}"),
            },
            None => Place::top_level(&title_case_code(code)),
        },
        Err(_) => Place::top_level(&title_case_code(code)),
    }
}

/// A person code (`james-baker`, `perez-de-cuellar`) as a display name ("James Baker",
/// "Perez de Cuellar").
pub fn person_name(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    for (i, w) in code
        .trim()
        .split(['-', ' '])
        .filter(|w| !w.is_empty())
        .enumerate()
    {
        if i > 0 {
            out.push(' ');
        }
        if i > 0 && NAME_PARTICLES.contains(&w) {
            out.push_str(w);
        } else {
            push_capitalised(&mut out, w);
        }
    }
    out
}

fn push_capitalised(out: &mut String, w: &str) {
    let mut chars = w.chars();
    if let Some(c) = chars.next() {
        out.extend(c.to_uppercase());
        out.push_str(chars.as_str());
    }
}

fn title_case_code(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    for (i, w) in code.split(['-', ' ']).filter(|w| !w.is_empty()).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        push_capitalised(&mut out, w);
    }
    if out.is_empty() {
        code.to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::shared;

    #[test]
    fn known_places() {
        assert_eq!(place("usa").path, "/North America/United States");
        assert_eq!(place("uk").path, "/Europe/United Kingdom");
        assert_eq!(place("west-germany").path, "/Europe/West Germany");
        assert_eq!(place("ussr").path, "/Europe/Soviet Union");
        assert_eq!(place("brazil").path, "/South America/Brazil");
        assert_eq!(place("brazil").name, "Brazil");
        assert_eq!(place("atlantis-x").path, "/Atlantis X");
        assert_eq!(place("").name, "");
    }

    #[test]
    fn table_sorted_and_complete() {
        assert!(PLACES.windows(2).all(|w| w[0].0 < w[1].0));
        let Some(p) = shared("reference/reuters21578/all-places-strings.lc.txt") else {
            return;
        };
        let text = std::fs::read_to_string(p).unwrap();
        let codes: Vec<&str> = text.split_whitespace().collect();
        assert_eq!(codes.len(), 175);
        for c in codes {
            assert!(place(c).path.matches('/').count() == 2, "{c}");
        }
    }

    #[test]
    fn people() {
        assert_eq!(person_name("james-baker"), "James Baker");
        assert_eq!(person_name("perez-de-cuellar"), "Perez de Cuellar");
        assert_eq!(person_name("de-la-madrid"), "De la Madrid");
        assert_eq!(person_name("von-weizsaecker"), "Von Weizsaecker");
        assert_eq!(
            person_name("hamad-saud-al-sayyari"),
            "Hamad Saud al Sayyari"
        );
        assert_eq!(person_name("--"), "");
    }
}
