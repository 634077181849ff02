//! The accounts' tables (`accounts`, `password_links`, `sessions`, `sign_in_failures`), in
//! the same plain SQL as the rest of the store. Every write that goes with another (using a
//! link sets the password and ends the sessions) is one transaction, and each returns only
//! once committed.

use chrono::{DateTime, Utc};
use sqlx::{sqlite::SqliteRow, Row};

use super::{Account, Email, Name, Role, LINK_HOURS, SESSION_HOURS};
use crate::store::{time_text, Store, StoreError};

const ACCOUNT_COLUMNS: &str =
    "a.id, a.name, a.email, a.role, a.password_hash, a.disabled, a.created_at, a.last_sign_in_at";

fn account_row(r: &SqliteRow) -> Result<Account, StoreError> {
    let role: String = r.try_get(3)?;
    Ok(Account {
        id: r.try_get(0)?,
        name: r.try_get(1)?,
        email: r.try_get(2)?,
        role: Role::parse(&role).ok_or_else(|| StoreError::Corrupt(format!("rôle {role}")))?,
        password_hash: r.try_get(4)?,
        disabled: r.try_get::<i64, _>(5)? != 0,
        created_at: r.try_get(6)?,
        last_sign_in_at: r.try_get(7)?,
    })
}

/// Ends an account's sessions and its unused link, within `tx`.
async fn revoke(tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>, account_id: &str) -> Result<(), sqlx::Error> {
    for table in ["sessions", "password_links"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE account_id = $1"))
            .bind(account_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

fn time_of(text: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| StoreError::Corrupt(format!("date {text}")))
}

impl Store {
    /// Creates an account without a password; `None` when the address already has one.
    pub async fn account_create(
        &self,
        name: &Name,
        email: &Email,
        role: Role,
        now: DateTime<Utc>,
    ) -> Result<Option<Account>, StoreError> {
        let account = Account {
            id: super::new_id(),
            name: name.as_str().to_owned(),
            email: email.as_str().to_owned(),
            role,
            password_hash: None,
            disabled: false,
            created_at: time_text(now),
            last_sign_in_at: None,
        };
        let result = sqlx::query(
            "INSERT INTO accounts (id, name, email, email_key, role, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (email_key) DO NOTHING",
        )
        .bind(&account.id)
        .bind(&account.name)
        .bind(&account.email)
        .bind(email.key())
        .bind(role.as_str())
        .bind(&account.created_at)
        .execute(&self.pool)
        .await?;
        Ok((result.rows_affected() == 1).then_some(account))
    }

    /// The account of an address, in whatever case it is typed.
    pub async fn account_by_email(&self, email: &str) -> Result<Option<Account>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.email_key = $1"
        ))
        .bind(Email::key_of(email))
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(account_row).transpose()
    }

    /// Every account, by name.
    pub async fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts a ORDER BY a.name, a.email_key"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(account_row).collect()
    }

    /// Disables an account, ending its sessions and its unused link at once, or enables it
    /// again (with the password it had).
    pub async fn account_set_disabled(&self, account_id: &str, disabled: bool) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE accounts SET disabled = $1 WHERE id = $2")
            .bind(i64::from(disabled))
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
        if disabled {
            revoke(&mut tx, account_id).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A new password link for an account, valid 72 hours. It replaces any unused one, and
    /// the old password and the sessions end with it: a reset is for a password forgotten
    /// or seen by someone else. Returns when the link expires.
    pub async fn password_link_issue(
        &self,
        account_id: &str,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, StoreError> {
        let expires = now + chrono::Duration::hours(LINK_HOURS);
        let mut tx = self.begin_write().await?;
        revoke(&mut tx, account_id).await?;
        sqlx::query("UPDATE accounts SET password_hash = NULL WHERE id = $1")
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO password_links (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash)
        .bind(account_id)
        .bind(time_text(now))
        .bind(time_text(expires))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(expires)
    }

    /// The account a link opens: unused, not expired, account enabled.
    pub async fn password_link_account(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Account>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM password_links l JOIN accounts a ON a.id = l.account_id \
             WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > $2 AND a.disabled = 0"
        ))
        .bind(token_hash)
        .bind(time_text(now))
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(account_row).transpose()
    }

    /// Uses a link: marks it used, sets the password, ends the account's sessions, all in
    /// one transaction. False when the link stopped being valid in the meantime (used in
    /// another tab, expired, account disabled).
    pub async fn password_link_use(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let used = sqlx::query(
            "UPDATE password_links SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 \
             AND account_id IN (SELECT id FROM accounts WHERE disabled = 0) RETURNING account_id",
        )
        .bind(time_text(now))
        .bind(token_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = used else {
            return Ok(false);
        };
        let account_id: String = row.try_get(0)?;
        sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(&account_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE account_id = $1")
            .bind(&account_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Records a sign-in: a session of 12 hours and the account's last sign-in. Sessions
    /// expired by now are swept on the way.
    pub async fn session_create(
        &self,
        token_hash: &str,
        account_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let now_text = time_text(now);
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(&now_text)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash)
            .bind(account_id)
            .bind(&now_text)
            .bind(time_text(now + chrono::Duration::hours(SESSION_HOURS)))
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE accounts SET last_sign_in_at = $1 WHERE id = $2")
            .bind(&now_text)
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The account of a session that has not expired (disabled or not: the caller says
    /// which refusal applies).
    pub async fn session_account(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<Account>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM sessions s JOIN accounts a ON a.id = s.account_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2"
        ))
        .bind(token_hash)
        .bind(time_text(now))
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(account_row).transpose()
    }

    /// Ends one session (signing out on this device).
    pub async fn session_end(&self, token_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Ends every session of an account (signing out everywhere).
    pub async fn sessions_end_all(&self, account_id: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE account_id = $1")
            .bind(account_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// How many sign-ins failed for `subject` since `since`, and when the last one did.
    pub async fn failures_since(
        &self,
        subject: &str,
        since: DateTime<Utc>,
    ) -> Result<(u32, Option<DateTime<Utc>>), StoreError> {
        let row =
            sqlx::query("SELECT COUNT(*), MAX(failed_at) FROM sign_in_failures WHERE subject = $1 AND failed_at > $2")
                .bind(subject)
                .bind(time_text(since))
                .fetch_one(&self.pool)
                .await?;
        let count = u32::try_from(row.try_get::<i64, _>(0)?).unwrap_or(u32::MAX);
        let last = row
            .try_get::<Option<String>, _>(1)?
            .as_deref()
            .map(time_of)
            .transpose()?;
        Ok((count, last))
    }

    /// Records one failed sign-in against each subject, and forgets the failures too old
    /// to count.
    pub async fn failure_record(
        &self,
        subjects: &[String],
        now: DateTime<Utc>,
        forget_before: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM sign_in_failures WHERE failed_at <= $1")
            .bind(time_text(forget_before))
            .execute(&mut *tx)
            .await?;
        for subject in subjects {
            sqlx::query("INSERT INTO sign_in_failures (subject, failed_at) VALUES ($1, $2)")
                .bind(subject)
                .bind(time_text(now))
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Forgets the failures of one subject (a successful sign-in).
    pub async fn failures_clear(&self, subject: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sign_in_failures WHERE subject = $1")
            .bind(subject)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::token_digest;

    async fn store() -> (tempfile::TempDir, Store) {
        Store::temporary().await
    }

    async fn claire(store: &Store, now: DateTime<Utc>) -> Account {
        let name = Name::parse("Claire Martin").unwrap();
        let email = Email::parse("Claire@Ville.fr").unwrap();
        store
            .account_create(&name, &email, Role::Organisateur, now)
            .await
            .unwrap()
            .unwrap()
    }

    #[tokio::test]
    async fn one_account_per_address_whatever_its_case() {
        // Arrange
        let (_dir, store) = store().await;
        let now = Utc::now();
        claire(&store, now).await;
        // Act
        let again = store
            .account_create(
                &Name::parse("Autre").unwrap(),
                &Email::parse("claire@VILLE.fr").unwrap(),
                Role::Moderation,
                now,
            )
            .await
            .unwrap();
        // Assert
        assert_eq!(again, None);
        let found = store.account_by_email(" CLAIRE@ville.fr").await.unwrap().unwrap();
        assert_eq!(
            (found.email.as_str(), found.role),
            ("Claire@Ville.fr", Role::Organisateur)
        );
        assert_eq!(store.accounts().await.unwrap().len(), 1);
    }

    #[tokio::test]
    async fn a_link_works_once_before_it_expires_and_ends_the_sessions() {
        // Arrange
        let (_dir, store) = store().await;
        let now = Utc::now();
        let account = claire(&store, now).await;
        store.password_link_issue(&account.id, "l1", now).await.unwrap();
        store.session_create("s1", &account.id, now).await.unwrap();
        // Act
        let opened = store.password_link_account("l1", now).await.unwrap();
        let used = store.password_link_use("l1", "$argon2id$x", now).await.unwrap();
        let twice = store.password_link_use("l1", "$argon2id$y", now).await.unwrap();
        // Assert
        assert_eq!(opened.map(|a| a.id), Some(account.id.clone()));
        assert!(used && !twice);
        assert_eq!(store.password_link_account("l1", now).await.unwrap(), None, "used");
        let after = store.account_by_email("claire@ville.fr").await.unwrap().unwrap();
        assert_eq!(after.password_hash.as_deref(), Some("$argon2id$x"));
        assert_eq!(store.session_account("s1", now).await.unwrap(), None);
        // A second link expires after 72 hours.
        store.password_link_issue(&account.id, "l2", now).await.unwrap();
        let late = now + chrono::Duration::hours(LINK_HOURS);
        assert_eq!(store.password_link_account("l2", late).await.unwrap(), None);
        assert!(!store.password_link_use("l2", "$argon2id$z", late).await.unwrap());
    }

    #[tokio::test]
    async fn sessions_last_twelve_hours_and_disabling_ends_them() {
        // Arrange
        let (_dir, store) = store().await;
        let now = Utc::now();
        let account = claire(&store, now).await;
        let token = token_digest("cookie");
        store.session_create(&token, &account.id, now).await.unwrap();
        // Act & Assert
        let found = store.session_account(&token, now).await.unwrap().unwrap();
        assert!(found.last_sign_in_at.is_some());
        let late = now + chrono::Duration::hours(SESSION_HOURS);
        assert_eq!(store.session_account(&token, late).await.unwrap(), None);
        store.account_set_disabled(&account.id, true).await.unwrap();
        assert_eq!(store.session_account(&token, now).await.unwrap(), None);
        assert!(
            store
                .account_by_email("claire@ville.fr")
                .await
                .unwrap()
                .unwrap()
                .disabled
        );
    }

    #[tokio::test]
    async fn failures_are_counted_in_their_window_and_cleared() {
        // Arrange
        let (_dir, store) = store().await;
        let t0 = Utc::now();
        let subjects = ["compte:c@v.fr".to_owned(), "adresse:192.0.2.1".to_owned()];
        // Act
        for n in 0..3 {
            let at = t0 + chrono::Duration::seconds(n);
            store
                .failure_record(&subjects, at, at - chrono::Duration::minutes(15))
                .await
                .unwrap();
        }
        // Assert
        let (count, last) = store
            .failures_since(&subjects[0], t0 - chrono::Duration::seconds(1))
            .await
            .unwrap();
        assert_eq!(count, 3);
        assert_eq!(last.map(time_text), Some(time_text(t0 + chrono::Duration::seconds(2))));
        assert_eq!(store.failures_since(&subjects[0], t0).await.unwrap().0, 2);
        store.failures_clear(&subjects[0]).await.unwrap();
        assert_eq!(
            store
                .failures_since(&subjects[0], t0 - chrono::Duration::seconds(1))
                .await
                .unwrap(),
            (0, None)
        );
        assert_eq!(
            store
                .failures_since(&subjects[1], t0 - chrono::Duration::seconds(1))
                .await
                .unwrap()
                .0,
            3
        );
    }
}
