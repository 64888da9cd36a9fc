//! Ids that never collide and never change: a prefix (`o` for objectives, `kr` for key
//! results) and random base-32 characters, more of them as the file grows.
//!
//! Several people and CI jobs add to one file in different clones and branches, and git
//! merges the results (see `merge`). A counter in the file would hand out `o7` in two
//! branches at once, and would itself change on every write; random ids need no
//! coordination. With at least 1,024 times as many possible ids as the file holds, two clones
//! adding an objective each pick the same id less than once in a million times, and a clash
//! within a file is simply drawn again. An id, once given, is never changed.

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use crate::model::{ModelError, Okrs, input};

/// The characters of generated ids: Crockford's base 32 in lower case, without `i`, `l`,
/// `o` and `u`, so that ids read aloud or copied by hand are not mistaken.
pub const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// The fewest random characters in a generated id.
pub const MIN_LENGTH: usize = 4;

/// How many times more possible ids than ids in the file a generated id is drawn from.
pub const SPARSENESS: u64 = 1024;

/// The source of generated ids: random, from the operating system's entropy unless seeded
/// (tests, demos and generated examples use a seed to get the same ids every run).
#[derive(Debug, Clone, Default)]
pub struct IdSource {
    rng: Option<SmallRng>,
}

impl PartialEq for IdSource {
    /// Two files are equal whatever ids they would generate next.
    fn eq(&self, _: &IdSource) -> bool {
        true
    }
}

impl IdSource {
    /// A source that draws the same ids every time for the same `seed`.
    pub fn seeded(seed: u64) -> IdSource {
        IdSource {
            rng: Some(SmallRng::seed_from_u64(seed)),
        }
    }

    /// Whether the ids drawn are reproducible (a seed was given).
    pub fn is_seeded(&self) -> bool {
        self.rng.is_some()
    }

    /// A new id of `prefix` and random characters, enough of them for a file of `count` ids,
    /// that `taken` does not refuse.
    pub fn fresh(&mut self, prefix: &str, count: usize, taken: impl Fn(&str) -> bool) -> String {
        let rng = self.rng.get_or_insert_with(SmallRng::from_os_rng);
        let mut length = length_for(count);
        loop {
            // Should a file be crowded enough to clash a few times, longer ids end it.
            for _ in 0..8 {
                let mut id = String::with_capacity(prefix.len() + length);
                id.push_str(prefix);
                for _ in 0..length {
                    id.push(char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]));
                }
                if !taken(&id) {
                    return id;
                }
            }
            length += 1;
        }
    }
}

/// How many random characters an id needs in a file of `count` ids: at least
/// [`MIN_LENGTH`], and enough for [`SPARSENESS`] times as many possible ids.
pub fn length_for(count: usize) -> usize {
    let wanted = (count as u64).saturating_add(1).saturating_mul(SPARSENESS);
    let mut length = MIN_LENGTH;
    while 32u64.saturating_pow(length as u32) < wanted {
        length += 1;
    }
    length
}

impl Okrs {
    /// Makes generated ids the same every run for the same `seed`.
    pub fn seed_ids(&mut self, seed: u64) {
        self.ids = IdSource::seeded(seed);
    }

    /// The number of objectives and key results in the file.
    pub fn id_count(&self) -> usize {
        self.objectives
            .iter()
            .map(|o| 1 + o.key_results.len())
            .sum()
    }

    /// The full id that `text` names: the id itself, or the one id it is the start of.
    /// Ids are typed by people; a unique prefix saves copying a long one.
    pub fn expand_id(&self, text: &str) -> Result<String, ModelError> {
        let mut found: Vec<&str> = Vec::new();
        for o in &self.objectives {
            for id in std::iter::once(&o.id).chain(o.key_results.iter().map(|kr| &kr.id)) {
                if id == text {
                    return Ok(id.clone());
                }
                if !text.is_empty() && id.starts_with(text) {
                    found.push(id);
                }
            }
        }
        match found.as_slice() {
            [] => Err(
                match crate::model::names::closest(
                    text,
                    self.objectives.iter().flat_map(|o| {
                        std::iter::once(o.id.as_str())
                            .chain(o.key_results.iter().map(|kr| kr.id.as_str()))
                    }),
                ) {
                    Some(near) => ModelError::UnknownIdNear {
                        id: text.to_string(),
                        near: near.to_string(),
                    },
                    None => ModelError::UnknownId(text.to_string()),
                },
            ),
            [id] => Ok(id.to_string()),
            many => {
                let mut shown: Vec<&str> = many.to_vec();
                shown.sort_unstable();
                let mut examples = shown[..shown.len().min(5)].join(", ");
                if shown.len() > 5 {
                    examples.push_str(", …");
                }
                Err(ModelError::AmbiguousId {
                    text: text.to_string(),
                    matches: many.len(),
                    examples,
                })
            }
        }
    }
}

impl Okrs {
    /// A fresh id: the caller's (checked for form and clashes) or a new random one (see
    /// [`crate::model::ids`]).
    pub(in crate::model) fn claim_id(
        &mut self,
        wanted: Option<String>,
        objective: bool,
    ) -> Result<String, ModelError> {
        match wanted {
            Some(id) => {
                input::check_id(&id)?;
                if self.find(&id).is_some() {
                    return Err(ModelError::DuplicateId(id));
                }
                Ok(id)
            }
            None => {
                let mut source = self.ids.clone();
                let prefix = if objective { "o" } else { "kr" };
                let index = self.id_index();
                let id = source.fresh(prefix, index.len(), |id| index.contains_key(id));
                self.ids = source;
                Ok(id)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_grow_with_the_file() {
        assert_eq!(length_for(0), 4);
        assert_eq!(length_for(1000), 4);
        assert_eq!(length_for(1100), 5);
        assert_eq!(length_for(30_000), 5);
        assert_eq!(length_for(40_000), 6);
    }

    #[test]
    fn a_seed_gives_the_same_ids_and_a_clash_is_drawn_again() {
        let mut a = IdSource::seeded(7);
        let mut b = IdSource::seeded(7);
        let first = a.fresh("o", 0, |_| false);
        assert_eq!(first, b.fresh("o", 0, |_| false));
        assert_eq!(first.len(), 1 + MIN_LENGTH);
        assert!(first[1..].bytes().all(|c| ALPHABET.contains(&c)));
        let again = IdSource::seeded(7).fresh("o", 0, |id| id == first);
        assert_ne!(again, first);
    }

    #[test]
    fn unseeded_sources_differ() {
        let ids: std::collections::HashSet<String> = (0..50)
            .map(|_| IdSource::default().fresh("kr", 0, |_| false))
            .collect();
        assert_eq!(ids.len(), 50);
    }
}
