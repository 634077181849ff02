//! The plan's lengths as the document keeps them: metres, to the millimetre. Reading
//! rounds to the millimetre, so a length is written back as a short decimal (`12.995`)
//! that any parser reads exactly. At full precision serde_json's default float parser (the
//! app's: its `float_roundtrip` feature would cost the phone kilobytes) can land one unit in
//! the last place away: a plan read, saved and read again differed from itself, and the
//! diff or a rebase would take that drift for a change nobody made.

use serde::{Deserialize, Deserializer};

/// Beyond this a length is no plan's: kept as is, for validation to say so.
const LARGEST: f64 = 1e12;

/// `metres` to the millimetre; what is not finite or not plausible is kept as is.
pub fn round(metres: f64) -> f64 {
    if metres.is_finite() && metres.abs() < LARGEST {
        (metres * 1000.0).round() / 1000.0
    } else {
        metres
    }
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    f64::deserialize(d).map(round)
}

#[cfg(test)]
mod tests {
    use crate::edition::Point;

    /// Found by the property tests (`tests/props/validation.rs`): this length came back
    /// 12.994715707212896 from its own JSON.
    #[test]
    fn a_length_read_once_reads_back_the_same() {
        let read = |text: &str| serde_json::from_str::<Point>(text).unwrap();
        let once = read(r#"{"x": 12.994715707212897, "y": 57.1477825984024}"#);
        assert_eq!((once.x, once.y), (12.995, 57.148));
        let again = read(&serde_json::to_string(&once).unwrap());
        assert_eq!(again, once);
    }

    #[test]
    fn millimetres_are_kept_and_odd_values_left_to_validation() {
        assert_eq!(super::round(0.001), 0.001);
        assert_eq!(super::round(-3.0004), -3.0);
        assert!(super::round(f64::NAN).is_nan());
        assert_eq!(super::round(f64::INFINITY), f64::INFINITY);
        assert_eq!(super::round(1e300), 1e300);
    }
}
