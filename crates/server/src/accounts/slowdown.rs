//! Slowing down wrong passwords, never locking anyone out. After 3 failures in 15 minutes
//! for one address e-mail (or 20 for one client address), sign-in waits 2 s after the last
//! failure, then twice as long after each new one, up to a minute per account (5 minutes
//! per client address). While waiting the password is not even checked. So someone who
//! types a colleague's address with wrong passwords delays her by a minute at most, and a
//! script trying passwords gets a handful an hour.

use std::{net::IpAddr, time::Duration};

use chrono::{DateTime, Utc};

use crate::store::{Store, StoreError};

/// How far back failures count.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

/// When one subject (an account, a client address) starts to be slowed down, and how much.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Failures within the window before the first delay.
    pub threshold: u32,
    pub first: Duration,
    pub cap: Duration,
}

pub const PER_ACCOUNT: Policy = Policy {
    threshold: 3,
    first: Duration::from_secs(2),
    cap: Duration::from_secs(60),
};

/// A venue's Wi-Fi puts every organizer behind one address: it gets more room.
pub const PER_ADDRESS: Policy = Policy {
    threshold: 20,
    first: Duration::from_secs(2),
    cap: Duration::from_secs(5 * 60),
};

impl Policy {
    /// How long sign-in stays closed after the last of `failures` recent failures.
    pub fn delay(&self, failures: u32) -> Option<Duration> {
        let doublings = failures.checked_sub(self.threshold)?;
        // 2^20 times anything reasonable is past any cap.
        let factor = 1u32 << doublings.min(20);
        Some(self.first.saturating_mul(factor).min(self.cap))
    }
}

/// What failures are counted by: the address typed (whether or not it has an account, so
/// that slowing down does not tell which ones do), and the client.
pub fn account_subject(email_key: &str) -> String {
    format!("compte:{email_key}")
}

pub fn address_subject(ip: IpAddr) -> String {
    format!("adresse:{}", crate::ratelimit::client_key(ip))
}

/// How long the client must still wait before its password is checked, if at all: the
/// longest wait among `subjects`.
pub async fn wait(
    store: &Store,
    subjects: &[(String, Policy)],
    now: DateTime<Utc>,
) -> Result<Option<Duration>, StoreError> {
    let since = now - chrono::Duration::from_std(WINDOW).unwrap_or_default();
    let mut longest: Option<Duration> = None;
    for (subject, policy) in subjects {
        let (count, last) = store.failures_since(subject, since).await?;
        let (Some(delay), Some(last)) = (policy.delay(count), last) else {
            continue;
        };
        let until = last + chrono::Duration::from_std(delay).unwrap_or_default();
        if let Ok(left) = (until - now).to_std() {
            if !left.is_zero() {
                longest = longest.max(Some(left));
            }
        }
    }
    Ok(longest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(policy: Policy, failures: u32) -> Option<u64> {
        policy.delay(failures).map(|d| d.as_secs())
    }

    #[test]
    fn an_account_waits_from_the_third_failure_doubling_up_to_a_minute() {
        let delays: Vec<_> = (0..=10).map(|n| secs(PER_ACCOUNT, n)).collect();
        assert_eq!(
            delays,
            [
                None,
                None,
                None,
                Some(2),
                Some(4),
                Some(8),
                Some(16),
                Some(32),
                Some(60),
                Some(60),
                Some(60)
            ]
        );
        assert_eq!(secs(PER_ACCOUNT, u32::MAX), Some(60));
    }

    #[test]
    fn an_address_waits_from_the_twentieth_up_to_five_minutes() {
        assert_eq!(secs(PER_ADDRESS, 19), None);
        assert_eq!(secs(PER_ADDRESS, 20), Some(2));
        assert_eq!(secs(PER_ADDRESS, 27), Some(256));
        assert_eq!(secs(PER_ADDRESS, 28), Some(300));
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64() {
        assert_eq!(
            address_subject("2001:db8::1".parse().unwrap()),
            address_subject("2001:db8::2".parse().unwrap())
        );
        assert_eq!(address_subject("192.0.2.7".parse().unwrap()), "adresse:192.0.2.7");
    }
}
