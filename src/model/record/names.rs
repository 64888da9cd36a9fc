//! Team and people's names as people type them: `Content`, `content` and ` content ` are one
//! team, written the way it was first written; a name that matches nothing gets a
//! suggestion.

use crate::model::{ModelError, Okrs, Owner};

/// A name as compared: in compatibility form (NFKC: full-width `ｇｒｏｗｔｈ` is `growth`),
/// without invisible format characters (which names may not hold, but an older file might),
/// trimmed, in lower case. Every comparison of team and person names goes through here.
pub fn folded(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.nfkc()
        .filter(|&c| !crate::model::input::is_invisible(c))
        .collect::<String>()
        .trim()
        .to_lowercase()
}

/// Refuses a name (of a `kind`: team, person) that holds a control character or an invisible
/// one (a bidi control, a zero-width space): it would garble the terminal or pass for another
/// name. The file's check says the same of names already in it.
pub fn checked(kind: &str, name: &str) -> Result<(), ModelError> {
    crate::model::input::check_name(name).map_err(|c| {
        let what = format!("{kind} name `{}`", crate::model::input::escaped(name));
        let code = format!("U+{:04X}", u32::from(c));
        if c.is_control() {
            ModelError::ControlCharacter { what, code }
        } else {
            ModelError::InvisibleCharacter { what, code }
        }
    })
}

/// The closest of `candidates` to `typed`, if one is close enough to be a typo.
pub fn closest<'a>(typed: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let typed = folded(typed);
    candidates
        .into_iter()
        // One slip (a wrong, missing, extra or swapped character) in four: `grwoth` is
        // `growth`, `kr33` is `kr3`, but `kr9` is not `kr6`.
        .map(|c| {
            (
                strsim::normalized_damerau_levenshtein(&typed, &folded(c)),
                c,
            )
        })
        .filter(|(score, _)| *score >= 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

impl Okrs {
    /// Every team named in the file (as owner, or as a person's team), each once, in the
    /// spelling first used, in file order.
    pub fn teams(&self) -> Vec<&str> {
        let mut seen = std::collections::HashSet::new();
        self.objectives
            .iter()
            .filter_map(|o| o.owner.team())
            .filter(|team| seen.insert(folded(team)))
            .collect()
    }

    /// Every person owning an objective, each once, in the spelling first used.
    pub fn people(&self) -> Vec<&str> {
        let mut seen = std::collections::HashSet::new();
        self.objectives
            .iter()
            .filter_map(|o| o.owner.person())
            .filter(|person| seen.insert(folded(person)))
            .collect()
    }

    /// The team named `name` as the file writes it, when it has one of that name.
    pub fn team_named(&self, name: &str) -> Option<&str> {
        let wanted = folded(name);
        self.teams().into_iter().find(|t| folded(t) == wanted)
    }

    /// The person named `name` as the file writes it.
    pub fn person_named(&self, name: &str) -> Option<&str> {
        let wanted = folded(name);
        self.people().into_iter().find(|p| folded(p) == wanted)
    }

    /// `owner` with its names spelled as the file already spells them, so that `Content`
    /// joins team `content` rather than starting another; refused when a name holds a
    /// character no name may (see [`checked`]).
    pub fn spelled(&self, owner: Owner) -> Result<Owner, ModelError> {
        let team = |name: String| -> Result<String, ModelError> {
            checked("team", &name)?;
            Ok(self
                .team_named(&name)
                .map_or_else(|| name.trim().to_string(), str::to_string))
        };
        Ok(match owner {
            Owner::Company => Owner::Company,
            Owner::Team(name) => Owner::Team(team(name)?),
            Owner::Person { person, team: of } => {
                checked("person", &person)?;
                Owner::Person {
                    person: self
                        .person_named(&person)
                        .map_or_else(|| person.trim().to_string(), str::to_string),
                    team: of.map(team).transpose()?,
                }
            }
        })
    }

    /// A person's name as typed (`--owner`, `--by`), checked like every name and spelled as
    /// the file already spells that person.
    pub fn person_spelled(&self, name: &str) -> Result<String, ModelError> {
        checked("person", name)?;
        let name = name.trim();
        if name.is_empty() {
            return Err(ModelError::EmptyName("person"));
        }
        Ok(self
            .person_named(name)
            .map_or_else(|| name.to_string(), str::to_string))
    }

    /// Renames team `old` to `new` everywhere (objectives it owns and its people's) but in
    /// closed periods, which stay as they were graded (as `edit` leaves them). `new` may not
    /// be another team's name; refused when every objective of the team is closed.
    pub fn rename_team(&mut self, old: &str, new: &str) -> Result<TeamRename, ModelError> {
        let Some(current) = self.team_named(old).map(str::to_string) else {
            return Err(ModelError::UnknownTeam {
                name: old.to_string(),
                suggestion: closest(old, self.teams()).map(str::to_string),
            });
        };
        let new = new.trim();
        if new.is_empty() {
            return Err(ModelError::EmptyName("team"));
        }
        checked("team", new)?;
        if let Some(other) = self.team_named(new)
            && folded(other) != folded(&current)
        {
            return Err(ModelError::TeamExists(other.to_string()));
        }
        let closed: Vec<bool> = self
            .objectives
            .iter()
            .map(|o| self.closed_period_of(&o.period).is_some())
            .collect();
        let mut rename = TeamRename {
            old: current.clone(),
            changed: Vec::new(),
            closed: Vec::new(),
        };
        let mut first_closed = None;
        for (o, closed) in self.objectives.iter_mut().zip(closed) {
            let team = match &mut o.owner {
                Owner::Team(team)
                | Owner::Person {
                    team: Some(team), ..
                } if folded(team) == folded(&current) => team,
                _ => continue,
            };
            if closed {
                first_closed.get_or_insert(o.period);
                rename.closed.push(o.id.clone());
            } else {
                *team = new.to_string();
                rename.changed.push(o.id.clone());
            }
        }
        match first_closed {
            Some(period) if rename.changed.is_empty() => Err(ModelError::Closed {
                what: format!("every objective of team `{current}`"),
                period: self
                    .closed_period_of(&period)
                    .map_or_else(|| period.to_string(), |p| p.to_string()),
            }),
            _ => Ok(rename),
        }
    }
}

/// What `rename_team` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamRename {
    /// The name it had, as the file wrote it.
    pub old: String,
    /// The objectives whose team changed name.
    pub changed: Vec<String>,
    /// The objectives in closed periods, which keep the old name.
    pub closed: Vec<String>,
}
