//! A small seeded random generator (SplitMix64): the kill moments and the payloads of a run
//! come from one printed seed, so a failing run can be replayed with `--seed`.

use std::ops::Range;

#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// A seed from the clock, for a run without `--seed`.
    pub fn fresh_seed() -> u64 {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        Self(nanos as u64 ^ u64::from(std::process::id())).next() % 1_000_000
    }

    /// Another generator drawn from this one (one per writer thread).
    pub fn fork(&mut self) -> Self {
        Self(self.next())
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `range` (which must not be empty).
    pub fn below(&mut self, range: Range<u64>) -> u64 {
        range.start + self.next() % (range.end - range.start)
    }

    /// One of `items` (which must not be empty).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(0..items.len() as u64) as usize]
    }

    /// A random (version 4) UUID, as the app's `crypto.randomUUID()` makes them.
    pub fn uuid(&mut self) -> String {
        let (a, b) = (self.next(), self.next());
        let hex = format!("{a:016x}{b:016x}");
        format!(
            "{}-{}-4{}-{:x}{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[13..16],
            8 + (b >> 62),
            &hex[17..20],
            &hex[20..32]
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_draws() {
        let (mut a, mut b) = (Rng::new(42), Rng::new(42));
        assert_eq!((a.next(), a.uuid()), (b.next(), b.uuid()));
        assert_ne!(Rng::new(43).next(), Rng::new(42).next());
    }

    #[test]
    fn uuids_have_the_canonical_shape() {
        let mut rng = Rng::new(7);
        for _ in 0..100 {
            let u = rng.uuid();
            let parts: Vec<usize> = u.split('-').map(str::len).collect();
            assert_eq!(parts, [8, 4, 4, 4, 12], "{u}");
            assert_eq!(&u[14..15], "4");
            assert!(matches!(&u[19..20], "8" | "9" | "a" | "b"), "{u}");
            assert!(rng.below(3..5) >= 3);
        }
    }
}
