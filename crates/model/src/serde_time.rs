//! Serde for the document's dates and times without chrono's general-purpose parser: its
//! `FromStr` impls go through a format-item interpreter that costs the phone kilobytes of
//! wasm, while RFC 3339 and `YYYY-MM-DD` need only a few lines.

/// `2013-10-08T14:15:00+02:00`, keeping its UTC offset.
pub mod rfc3339 {
    use chrono::{DateTime, FixedOffset};
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &DateTime<FixedOffset>, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&whole_minutes(t).to_rfc3339())
    }

    /// `t` in its offset cut to the minute. RFC 3339 offsets have no seconds, but local
    /// mean times do (Asia/Kolkata before 1942 is +05:53:28: an imported year mistyped
    /// 0023 gets it), and `to_rfc3339` drops them, moving the instant 28 seconds. In the
    /// offset cut to the minute the instant is kept.
    pub fn whole_minutes(t: &DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        let seconds = t.offset().local_minus_utc();
        match FixedOffset::east_opt(seconds - seconds % 60) {
            Some(offset) if seconds % 60 != 0 => t.with_timezone(&offset),
            _ => *t,
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<FixedOffset>, D::Error> {
        let raw = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        DateTime::parse_from_rfc3339(&raw).map_err(|_| {
            D::Error::custom(format!(
                "« {raw} » n'est pas une date et heure RFC 3339 (2013-10-08T14:15:00+02:00)"
            ))
        })
    }
}

/// An optional `2013-10-08T14:15:00+02:00` (absent or `null`: none).
pub mod rfc3339_option {
    use chrono::{DateTime, FixedOffset};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Option<DateTime<FixedOffset>>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => super::rfc3339::serialize(t, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
        #[derive(Deserialize)]
        struct Instant(#[serde(with = "super::rfc3339")] DateTime<FixedOffset>);
        Ok(Option::<Instant>::deserialize(d)?.map(|i| i.0))
    }
}

/// `2013-10-08`.
pub mod date {
    use chrono::NaiveDate;
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(d)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let raw = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        parse(&raw).ok_or_else(|| D::Error::custom(format!("« {raw} » n'est pas une date AAAA-MM-JJ")))
    }

    /// Reads `YYYY-MM-DD` strictly (four, two and two digits).
    pub fn parse(raw: &str) -> Option<NaiveDate> {
        let b = raw.as_bytes();
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = raw.get(r)?;
            part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok())?
        };
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, FixedOffset, NaiveDate};
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Both {
        #[serde(with = "super::rfc3339")]
        at: DateTime<FixedOffset>,
        #[serde(with = "super::date")]
        day: NaiveDate,
    }

    #[test]
    fn round_trip_keeps_the_offset() {
        let text = r#"{"at":"2013-10-08T14:15:00+02:00","day":"2013-10-08"}"#;
        let both: Both = serde_json::from_str(text).unwrap();
        assert_eq!(both.at.to_rfc3339(), "2013-10-08T14:15:00+02:00");
        assert_eq!(serde_json::to_string(&both).unwrap(), text);
        let utc: Both = serde_json::from_str(r#"{"at":"2013-10-08T12:15:00Z","day":"2013-10-08"}"#).unwrap();
        assert_eq!(utc.at, both.at);
    }

    /// Found by the property tests (`tests/props_interop/importers.rs`): a session of a
    /// feed whose year was mistyped 0023 got Kolkata's local mean time, +05:53:28, and
    /// came back from its own JSON 28 seconds early.
    #[test]
    fn an_offset_with_seconds_keeps_its_instant() {
        let lmt = FixedOffset::east_opt(5 * 3600 + 53 * 60 + 28).unwrap();
        let at = NaiveDate::from_ymd_opt(23, 9, 10)
            .unwrap()
            .and_hms_opt(15, 53, 28)
            .unwrap()
            .and_local_timezone(lmt)
            .unwrap();
        let both = Both {
            at,
            day: at.date_naive(),
        };
        let text = serde_json::to_string(&both).unwrap();
        assert!(text.contains("0023-09-10T15:53:00+05:53"), "{text}");
        assert_eq!(serde_json::from_str::<Both>(&text).unwrap(), both);
    }

    #[test]
    fn bad_values_are_refused_in_french() {
        for (at, day) in [("demain", "2013-10-08"), ("2013-10-08T14:15:00+02:00", "8/10/2013")] {
            let text = format!(r#"{{"at":"{at}","day":"{day}"}}"#);
            let err = serde_json::from_str::<Both>(&text).unwrap_err().to_string();
            assert!(err.contains("n'est pas une date"), "{err}");
        }
        for bad in [
            "2013-1-08",
            "2013-10-8",
            "2013-13-01",
            "2013-02-30",
            "20a3-10-08",
            "2013-10-08 ",
        ] {
            assert_eq!(super::date::parse(bad), None, "{bad}");
        }
    }
}
