//! The override file: an archivist's corrections to the archive-level reading, kept in
//! the index directory as `entities.txt` and applied at the next search, with no
//! re-indexing.
//!
//! One rule per line; `#` starts a comment; names are matched ignoring case, accents and
//! punctuation, against entity names and the stored spellings that count as them:
//!
//! ```text
//! people merge Barack Obama = Barack Hussein Obama   # the second becomes the first
//! people split Michelle Obama = Michelle             # "Michelle" no longer counts as her
//! people drop Good                                   # never a facet value
//! places merge Washington, D.C. = Washington DC
//! places drop Islamic Republic
//! ```
//!
//! `merge A = B` moves everything that counts as B (an entity, or a dropped value) into A.
//! `split A = F` takes the spellings F out of entity A into an entity of their own.
//! `drop X` removes the entity X (or the value X) from facets and filters.

use super::{Dropped, Entity, Fate, Kind, KindTable, Resolution, Status, name, split_key};

/// The file name in the index directory.
pub const FILE_NAME: &str = "entities.txt";

/// One rule of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// `merge INTO = FROM`.
    Merge {
        /// The entity that stays.
        into: String,
        /// The entity or value that joins it.
        from: String,
    },
    /// `split ENTITY = SPELLING`.
    Split {
        /// The entity that loses the spelling.
        entity: String,
        /// The spelling that becomes its own entity.
        spelling: String,
    },
    /// `drop NAME`.
    Drop(String),
}

/// The parsed override file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    /// (line number, kind, rule), in file order.
    pub rules: Vec<(usize, Kind, Rule)>,
    /// Lines that are not rules, with why.
    pub problems: Vec<String>,
}

impl Overrides {
    /// Parses the text of an override file; bad lines are kept as problems, not errors, so
    /// one typo never stops a search.
    pub fn parse(text: &str) -> Overrides {
        let mut out = Overrides::default();
        for (i, raw) in text.lines().enumerate() {
            let n = i + 1;
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            match parse_line(line) {
                Ok((kind, rule)) => out.rules.push((n, kind, rule)),
                Err(why) => out.problems.push(format!("{FILE_NAME} line {n}: {why}")),
            }
        }
        out
    }

    /// Applies the rules to `res`; returns the problems (bad lines, names not found).
    pub fn apply(&self, res: &mut Resolution) -> Vec<String> {
        let mut problems = self.problems.clone();
        for (n, kind, rule) in &self.rules {
            let table = match kind {
                Kind::People => &mut res.people,
                Kind::Places => &mut res.places,
            };
            if let Err(why) = apply_rule(table, rule) {
                problems.push(format!("{FILE_NAME} line {n}: {why}"));
            }
        }
        problems
    }
}

/// Why a line of the override file was not applied. Kept as a problem of the file (with its
/// line number), not raised: one bad line must not stop the others.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    /// The line starts with neither `people` nor `places`.
    #[error("starts with {0:?}: use people or places")]
    UnknownKind(String),
    /// `merge` or `split` without `A = B`.
    #[error("{0} needs two names: {0} A = B")]
    NeedsTwoNames(String),
    /// `drop` with nothing after it.
    #[error("drop needs a name")]
    DropNeedsName,
    /// An action other than merge, split or drop.
    #[error("unknown action {0:?}: use merge, split or drop")]
    UnknownAction(String),
    /// No entity of the archive has this name.
    #[error("no entity {0:?}")]
    NoEntity(String),
    /// Neither an entity nor a stored value has this name.
    #[error("no entity or value {0:?}")]
    NoEntityOrValue(String),
    /// The entity to split has no such spelling.
    #[error("{entity:?} has no spelling {spelling:?}")]
    NoSpelling {
        /// The entity named by the rule.
        entity: String,
        /// The spelling it does not have.
        spelling: String,
    },
}

fn parse_line(line: &str) -> Result<(Kind, Rule), RuleError> {
    let mut it = line.splitn(3, char::is_whitespace);
    let kind = match it.next().unwrap_or("") {
        "people" | "person" => Kind::People,
        "places" | "place" => Kind::Places,
        other => return Err(RuleError::UnknownKind(other.to_string())),
    };
    let action = it.next().unwrap_or("");
    let rest = it.next().unwrap_or("").trim();
    let pair = || -> Result<(String, String), RuleError> {
        let (a, b) = rest
            .split_once('=')
            .ok_or_else(|| RuleError::NeedsTwoNames(action.to_string()))?;
        let (a, b) = (a.trim(), b.trim());
        if a.is_empty() || b.is_empty() {
            return Err(RuleError::NeedsTwoNames(action.to_string()));
        }
        Ok((a.to_string(), b.to_string()))
    };
    let rule = match action {
        "merge" => {
            let (into, from) = pair()?;
            Rule::Merge { into, from }
        }
        "split" => {
            let (entity, spelling) = pair()?;
            Rule::Split { entity, spelling }
        }
        "drop" if !rest.is_empty() => Rule::Drop(rest.to_string()),
        "drop" => return Err(RuleError::DropNeedsName),
        other => {
            return Err(RuleError::UnknownAction(other.to_string()));
        }
    };
    Ok((kind, rule))
}

/// The entity named `name` (or counting a spelling `name`), preferring one that is shown.
fn find(t: &KindTable, name_: &str) -> Option<u32> {
    let key = name::fold(name_);
    let by_name = t
        .entities
        .iter()
        .enumerate()
        .filter(|(_, e)| !e.forms.is_empty() && name::fold(&e.name) == key)
        .max_by_key(|(i, e)| (e.shown(), std::cmp::Reverse(*i)))
        .map(|(i, _)| i as u32);
    by_name.or_else(|| {
        t.entities
            .iter()
            .position(|e| e.forms.iter().any(|&f| spelling_is(t, f, &key)))
            .map(|i| i as u32)
    })
}

fn spelling_is(t: &KindTable, ord: u32, key: &str) -> bool {
    t.values
        .get(ord as usize)
        .is_some_and(|v| name::fold(split_key(v).0) == key)
}

/// Stored values spelled `name_` (ignoring the title part of person keys).
fn values_spelled(t: &KindTable, name_: &str) -> Vec<u32> {
    let key = name::fold(name_);
    (0..t.values.len() as u32)
        .filter(|&o| spelling_is(t, o, &key))
        .collect()
}

fn apply_rule(t: &mut KindTable, rule: &Rule) -> Result<(), RuleError> {
    match rule {
        Rule::Merge { into, from } => {
            let target = find(t, into).ok_or_else(|| RuleError::NoEntity(into.clone()))?;
            let moved: Vec<u32> = match find(t, from) {
                Some(src) if src != target => std::mem::take(&mut t.entities[src as usize].forms),
                Some(_) => return Ok(()),
                // A value that was dropped can still be merged in.
                None => values_spelled(t, from),
            };
            if moved.is_empty() {
                return Err(RuleError::NoEntityOrValue(from.clone()));
            }
            for &o in &moved {
                t.fates[o as usize] = Fate::Entity(target);
                t.clear_contextual(o);
            }
            let e = &mut t.entities[target as usize];
            e.forms.extend(moved);
            if e.status == Status::Unresolved {
                e.status = Status::Canonical;
            }
            Ok(())
        }
        Rule::Split { entity, spelling } => {
            let src = find(t, entity).ok_or_else(|| RuleError::NoEntity(entity.clone()))?;
            let key = name::fold(spelling);
            let (out, keep): (Vec<u32>, Vec<u32>) = t.entities[src as usize]
                .forms
                .iter()
                .partition(|&&f| spelling_is(t, f, &key));
            if out.is_empty() {
                return Err(RuleError::NoSpelling {
                    entity: entity.clone(),
                    spelling: spelling.clone(),
                });
            }
            t.entities[src as usize].forms = keep;
            let id = t.entities.len() as u32;
            for &o in &out {
                t.fates[o as usize] = Fate::Entity(id);
                t.clear_contextual(o);
            }
            t.entities.push(Entity {
                name: spelling.clone(),
                status: Status::Canonical,
                forms: out,
            });
            Ok(())
        }
        Rule::Drop(what) => {
            let dropped: Vec<u32> = match find(t, what) {
                Some(e) => std::mem::take(&mut t.entities[e as usize].forms),
                None => values_spelled(t, what),
            };
            if dropped.is_empty() {
                return Err(RuleError::NoEntityOrValue(what.clone()));
            }
            for &o in &dropped {
                t.fates[o as usize] = Fate::Dropped(Dropped::Override);
                t.clear_contextual(o);
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rules_and_reports_bad_lines() {
        let o = Overrides::parse(
            "# corrections\npeople merge Barack Obama = Barack Hussein Obama\n\
             people split Michelle Obama = Michelle  # not always her\n\
             places drop Islamic Republic\nfolk drop X\npeople merge A\npeople fold X\n",
        );
        assert_eq!(o.rules.len(), 3);
        assert_eq!(
            o.rules[1],
            (
                3,
                Kind::People,
                Rule::Split {
                    entity: "Michelle Obama".into(),
                    spelling: "Michelle".into()
                }
            )
        );
        assert_eq!(o.problems.len(), 3);
        assert!(o.problems[0].contains("line 5"));
    }
}
