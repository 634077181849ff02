//! Ids that follow the id grammar and are unique in one collection, made from whatever
//! the feed uses as ids (numbers, guids, slugs, names).

use std::collections::HashSet;

use crate::ids::{slugify, SessionId};

/// True when `raw` follows the id grammar shared by every id type.
fn valid_id(raw: &str) -> bool {
    SessionId::parse(raw).is_ok()
}

/// Hands out ids that follow the id grammar and are unique in one collection.
#[derive(Default)]
pub(super) struct IdPool {
    used: HashSet<String>,
}

impl IdPool {
    /// `raw` itself when it is a valid id, else its slug, else `fallback`.
    pub(super) fn base(raw: &str, fallback: &str) -> String {
        if valid_id(raw) {
            raw.to_owned()
        } else {
            Some(slugify(raw))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| fallback.to_owned())
        }
    }

    /// `base` when unused, else `base-2`, `base-3`… `base` must be a valid id.
    pub(super) fn unique(&mut self, base: &str) -> String {
        if self.used.insert(base.to_owned()) {
            return base.to_owned();
        }
        // Room for the suffix within the 80-character limit (valid ids are ASCII).
        let stem = &base[..base.len().min(70)];
        (2..)
            .map(|n| format!("{stem}-{n}"))
            .find(|candidate| self.used.insert(candidate.clone()))
            .unwrap_or_default()
    }

    pub(super) fn take(&mut self, raw: &str, fallback: &str) -> String {
        self.unique(&Self::base(raw, fallback))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_made_safe_and_unique() {
        let mut pool = IdPool::default();
        assert_eq!(pool.take("885", "x"), "885");
        assert_eq!(pool.take("885", "x"), "885-2");
        assert_eq!(pool.take("885", "x"), "885-3");
        assert_eq!(pool.take("Saal 1/Ost", "x"), "saal-1-ost");
        assert_eq!(pool.take("日本", "seance-4"), "seance-4");
        let long = "a".repeat(80);
        assert_eq!(pool.take(&long, "x"), long);
        let again = pool.take(&long, "x");
        assert!(again.len() <= 80 && again.ends_with("-2"), "{again}");
    }
}
