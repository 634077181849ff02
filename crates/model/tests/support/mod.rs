//! Shared by the property tests (`tests/props`, `tests/props_interop`): the hostile corpus
//! and generators of plausible editions. Each test binary uses its own part of it.
#![allow(dead_code)]

pub mod damage;
pub mod edition;
pub mod hostile;
pub mod ics;

use proptest::test_runner::Config;

/// The configuration of every property: `cases` generated inputs, no failure file. A
/// failure prints its smallest input; it is then kept as a plain unit test next to the
/// code it broke (see the report of issue 23), which reads better than a seed file.
/// `PROPTEST_CASES_FACTOR=20` multiplies the counts for a deeper run by hand.
pub fn config(cases: u32) -> Config {
    let factor = std::env::var("PROPTEST_CASES_FACTOR")
        .ok()
        .and_then(|f| f.parse::<u32>().ok())
        .unwrap_or(1);
    Config {
        cases: cases.saturating_mul(factor.max(1)),
        failure_persistence: None,
        // Shrinking an import of a real document is slow: bound it, the first failing
        // input is printed anyway.
        max_shrink_time: 20_000,
        ..Config::default()
    }
}

/// Where two editions first differ, by their Debug text, field by field: a failing
/// round trip then says `plan` instead of printing two 10 KB documents.
pub fn first_difference(a: &agir_model::Edition, b: &agir_model::Edition) -> Option<String> {
    let fields = |e: &agir_model::Edition| {
        let mut all = vec![
            (
                "edition/revision/event".to_owned(),
                format!("{:?}{:?}{:?}", e.edition, e.revision, e.event),
            ),
            ("places".into(), format!("{:?}", e.places)),
            ("speakers".into(), format!("{:?}", e.speakers)),
            ("stands".into(), format!("{:?}", e.stands)),
            ("plan".into(), format!("{:?}", e.plan)),
            ("announcements".into(), format!("{:?}", e.announcements)),
        ];
        all.extend(
            e.sessions
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("sessions/{i}"), format!("{s:?}"))),
        );
        all
    };
    let (fa, fb) = (fields(a), fields(b));
    if fa.len() != fb.len() {
        return Some(format!("{} sessions against {}", a.sessions.len(), b.sessions.len()));
    }
    fa.into_iter().zip(fb).find(|(x, y)| x != y).map(|((name, x), (_, y))| {
        let at = x.chars().zip(y.chars()).take_while(|(p, q)| p == q).count();
        let near = |t: &str| t.chars().skip(at.saturating_sub(40)).take(120).collect::<String>();
        format!("{name} differs near character {at}:\n  {}\n  {}", near(&x), near(&y))
    })
}

/// Fails with where two texts first differ (not with two 10 KB strings).
pub fn same_text(got: &str, want: &str, what: &str) -> Result<(), proptest::test_runner::TestCaseError> {
    if got == want {
        return Ok(());
    }
    let at = got.chars().zip(want.chars()).take_while(|(a, b)| a == b).count();
    let near = |t: &str| t.chars().skip(at.saturating_sub(20)).take(60).collect::<String>();
    Err(proptest::test_runner::TestCaseError::fail(format!(
        "{what}: differs at character {at} ({} and {} characters):\n  got  {:?}\n  want {:?}",
        got.chars().count(),
        want.chars().count(),
        near(got),
        near(want)
    )))
}
