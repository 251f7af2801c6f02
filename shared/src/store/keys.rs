//! Every key format of the single table (docs/architecture.md#the-table), defined once. Nothing else in the code base
//! writes a `PK`, `SK` or index key by hand. Canonical items (`ITEM#<fingerprint>`) are not
//! stored: cross-platform matching is pure and cheap, so it runs when results are read.

use chrono::{DateTime, SecondsFormat, Utc};

use crate::domain::ids::{RunId, SearchId, UserId};
use crate::domain::platform::Platform;
use crate::domain::user::email_identity;

pub const PK: &str = "PK";
pub const SK: &str = "SK";
pub const GSI1: &str = "GSI1";
pub const GSI1PK: &str = "GSI1PK";
pub const GSI1SK: &str = "GSI1SK";
pub const GSI2: &str = "GSI2";
pub const GSI2PK: &str = "GSI2PK";
pub const GSI2SK: &str = "GSI2SK";
/// Epoch seconds; DynamoDB's TTL attribute. Reads still filter expired items because TTL
/// deletion is lazy.
pub const EXPIRES_AT: &str = "expires_at";

/// Attribute names that conditions and updates refer to. Items are otherwise written by serde
/// from the domain types, whose field names these are (a test holds them together).
pub mod attr {
    pub const VERSION: &str = "version";
    pub const NEXT_RUN_AT: &str = "next_run_at";
    pub const LAST_RUN_AT: &str = "last_run_at";
    pub const UPDATED_AT: &str = "updated_at";
    pub const COMPLETED_AT: &str = "completed_at";
    pub const STATUS: &str = "status";
    pub const PENDING: &str = "pending";
    pub const RECEIVED: &str = "received";
    pub const ERRORS: &str = "errors";
    pub const LISTINGS: &str = "listings";
    pub const NEW_RESULTS: &str = "new_results";
    pub const NEW_WANTLIST_MATCHES: &str = "new_wantlist_matches";
    pub const PRICE_DROPS: &str = "price_drops";
    pub const NOTIFIED: &str = "notified";
    pub const EMAIL: &str = "email";
    pub const EMAIL_CHANGED: &str = "email_changed";
    pub const PASSWORD_HASH: &str = "password_hash";
    /// On a collection or want-list item: the sync job that last wrote it.
    pub const SYNCED_BY: &str = "synced_by";
    /// On an alert: when it was read, and how far its delivery got.
    pub const READ_AT: &str = "read_at";
    pub const ROUTE: &str = "route";
    pub const CHANNELS: &str = "channels";
    pub const EMAIL_DONE_AT: &str = "email_done_at";
    pub const WEBHOOK_DONE_AT: &str = "webhook_done_at";
    pub const WEBHOOK_ERROR: &str = "webhook_error";
    pub const EMAIL_ENABLED: &str = "email_enabled";
    /// The daily cap's counter.
    pub const SENT: &str = "sent";
}

/// The due index is spread over this many partitions so a busy minute does not heat one key.
pub const DUE_SHARDS: u8 = 8;

/// A primary key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    pub pk: String,
    pub sk: String,
}

impl Key {
    fn new(pk: impl Into<String>, sk: impl Into<String>) -> Self {
        Self { pk: pk.into(), sk: sk.into() }
    }
}

/// Timestamps inside keys: fixed width, UTC, whole seconds, so they sort as strings.
pub fn key_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

// --- users -----------------------------------------------------------------------------------

pub fn user_pk(user: UserId) -> String {
    format!("USER#{user}")
}

pub fn user_profile(user: UserId) -> Key {
    Key::new(user_pk(user), "PROFILE")
}

pub fn email(address: &str) -> Key {
    Key::new(format!("EMAIL#{}", email_identity(address)), "EMAIL")
}

pub fn preferences(user: UserId) -> Key {
    Key::new(user_pk(user), "PREFS")
}

pub fn user_oauth_token(user: UserId, provider: Platform) -> Key {
    Key::new(user_pk(user), format!("OAUTH#{provider}"))
}

pub fn app_config(provider: Platform) -> Key {
    Key::new("APPCONFIG", format!("PROVIDER#{provider}"))
}

pub const APP_CONFIG_PK: &str = "APPCONFIG";

/// A user's uses of a quota in one window; the item expires (TTL) after its window.
pub fn quota(user: UserId, kind: &str, window_start: DateTime<Utc>) -> Key {
    Key::new(user_pk(user), format!("QUOTA#{kind}#{}", key_time(window_start)))
}

/// One signed-in session (a login and the refreshes that follow it); refresh tokens name it.
pub fn session(user: UserId, session: &str) -> Key {
    Key::new(user_pk(user), format!("{SESSION_SK_PREFIX}{session}"))
}

pub const SESSION_SK_PREFIX: &str = "SESSION#";

/// Failed logins for one address in one window (the address need not belong to an account,
/// so an unknown address is throttled like a known one); the item expires (TTL).
pub fn login_failures(email_address: &str, window_start: DateTime<Utc>) -> Key {
    Key::new(format!("LOGINFAIL#{}", email_identity(email_address)), format!("WINDOW#{}", key_time(window_start)))
}

/// One password-reset link, by the digest of its token; expires (TTL) with the link.
pub fn password_reset(token_digest: &str) -> Key {
    Key::new(format!("RESET#{token_digest}"), "RESET")
}

/// Reset e-mails sent to one address in one window; expires (TTL).
pub fn reset_mails(email_address: &str, window_start: DateTime<Utc>) -> Key {
    Key::new(format!("RESETMAIL#{}", email_identity(email_address)), format!("WINDOW#{}", key_time(window_start)))
}

/// One client address's uses of an unauthenticated action in one window; expires (TTL).
pub fn client_quota(client: &str, action: &str, window_start: DateTime<Utc>) -> Key {
    Key::new(format!("CLIENT#{client}"), format!("QUOTA#{action}#{}", key_time(window_start)))
}

pub fn oauth_state(state: &str) -> Key {
    Key::new(format!("OAUTHSTATE#{state}"), "STATE")
}

/// GSI1 of an OAuth state: Discogs redirects back with only the request token.
pub fn oauth_state_by_request_token(request_token: &str) -> String {
    format!("OAUTHREQ#{request_token}")
}

// --- saved searches --------------------------------------------------------------------------

pub const SEARCH_SK_PREFIX: &str = "SEARCH#";

pub fn saved_search(user: UserId, search: SearchId) -> Key {
    Key::new(user_pk(user), format!("{SEARCH_SK_PREFIX}{search}"))
}

/// The partition that holds everything belonging to one search (runs, results, analysis).
pub fn search_pk(search: SearchId) -> String {
    format!("SEARCH#{search}")
}

/// Stable shard of a search in the due index.
pub fn due_shard(search: SearchId) -> u8 {
    search.as_uuid().as_bytes()[15] % DUE_SHARDS
}

pub fn due_pk(shard: u8) -> String {
    format!("DUE#{shard}")
}

pub fn due_sk(next_run_at: DateTime<Utc>, search: SearchId) -> String {
    format!("{}#{search}", key_time(next_run_at))
}

/// Upper bound (inclusive) of due-index sort keys for searches due at or before `now`:
/// `~` sorts after every character of a search id.
pub fn due_sk_upper_bound(now: DateTime<Utc>) -> String {
    format!("{}#~", key_time(now))
}

// --- runs, results, analysis -------------------------------------------------------------------

pub const RUN_SK_PREFIX: &str = "RUN#";

pub fn run(search: SearchId, run: RunId) -> Key {
    Key::new(search_pk(search), format!("{RUN_SK_PREFIX}{run}"))
}

/// GSI2 of a run while it is open: every open run in start order, so the scheduler finds those
/// that outlived their bound without scanning. One partition: runs start far below its limits.
pub fn open_run(created_at: DateTime<Utc>, run: RunId) -> Key {
    Key::new(OPEN_RUNS_PK, format!("{}#{run}", key_time(created_at)))
}

pub const OPEN_RUNS_PK: &str = "RUNS#OPEN";

/// Upper bound (inclusive) of open-run sort keys for runs started at or before `at`.
pub fn open_runs_upper_bound(at: DateTime<Utc>) -> String {
    format!("{}#~", key_time(at))
}

/// Which "run now" of the search was started last, so concurrent presses start one run.
pub fn run_now_claim(search: SearchId) -> Key {
    Key::new(search_pk(search), "RUNNOW")
}

pub fn search_result(search: SearchId, platform: Platform, listing_id: &str) -> Key {
    Key::new(search_pk(search), format!("RESULT#{platform}#{listing_id}"))
}

pub const RESULT_SK_PREFIX: &str = "RESULT#";

/// The results page as the search's last completed run ordered it (S7), packed.
pub fn results_page(search: SearchId) -> Key {
    Key::new(search_pk(search), "RESULTPAGE")
}

/// GSI2 of a result the user does not own: S7's order (want-list items first, then newest first)
/// is this key's descending order, so the page is one query. Owned results have no GSI2 key.
pub fn open_result(
    search: SearchId,
    is_in_wantlist: bool,
    created_at: DateTime<Utc>,
    platform: Platform,
    listing_id: &str,
) -> Key {
    let wanted = u8::from(is_in_wantlist);
    // Fixed-width UTC timestamps sort as strings in time order.
    let created = created_at.to_rfc3339_opts(SecondsFormat::Micros, true);
    Key::new(open_results_pk(search), format!("{wanted}#{created}#{platform}#{listing_id}"))
}

pub fn open_results_pk(search: SearchId) -> String {
    format!("SEARCH#{search}#OPEN")
}

/// A packed chunk of a search's results: what the completion analysis reads instead of every
/// result item (docs/performance.md#result-writer). `writer` names who wrote it: a run's chunk
/// (`<run>#<platform>#<chunk>`), a consolidation, or a direct write.
pub fn result_pack(search: SearchId, writer: &str) -> Key {
    Key::new(search_pk(search), format!("{RESULT_PACK_PREFIX}{writer}"))
}

pub const RESULT_PACK_PREFIX: &str = "PACK#";

/// The part of a pack key that names a run's chunk.
pub fn chunk_writer(run: RunId, platform: Platform, chunk: u32) -> String {
    format!("{run}#{platform}#{chunk:05}")
}

/// The want list and collection as one run uses them, read once at its first chunk: `part`
/// `ids#<n>` holds release-id sets (every chunk reads them), `refs#<n>` the records the
/// completion's matcher needs.
pub fn run_lists(search: SearchId, run: RunId, part: &str) -> Key {
    Key::new(search_pk(search), format!("{}{part}", run_lists_prefix(run, "")))
}

pub fn run_lists_prefix(run: RunId, kind: &str) -> String {
    format!("LISTS#{run}#{kind}")
}

/// The header of the stored price comparison (groups in order, split into blocks).
pub fn price_comparison(search: SearchId) -> Key {
    Key::new(search_pk(search), "COMPARE")
}

pub fn price_comparison_block(search: SearchId, block: u32) -> Key {
    Key::new(search_pk(search), format!("COMPARE#{block:05}"))
}
/// The open-results sort keys of want-list results (see [`open_result`]).
pub const OPEN_WANTED_PREFIX: &str = "1#";

pub fn analysis(search: SearchId) -> Key {
    Key::new(search_pk(search), "ANALYSIS")
}

/// Part `index` of the analysis' packed `list` (its sellers, its recommendations).
pub fn analysis_part(search: SearchId, list: &str, index: u32) -> Key {
    Key::new(search_pk(search), format!("ANALYSIS#{list}#{index:05}"))
}

pub fn seller_analysis(search: SearchId, rank: u32) -> Key {
    Key::new(search_pk(search), format!("SELLER#{rank:05}"))
}

pub fn recommendation(search: SearchId, rank: u32) -> Key {
    Key::new(search_pk(search), format!("RECO#{rank:05}"))
}

// --- marketplace data ------------------------------------------------------------------------

pub fn price_point(platform: Platform, listing_id: &str, at: DateTime<Utc>) -> Key {
    Key::new(format!("LISTING#{platform}#{listing_id}"), format!("PRICE#{}", key_time(at)))
}

pub fn release_pk(release_id: &str) -> String {
    format!("RELEASE#{release_id}")
}

/// One writer's share of a release's prices on a day (a chunk's aggregate, or one observation);
/// the day's rollup is the sum of its parts, so concurrent writers never update one item.
pub const RELEASE_DAY_PREFIX: &str = "DAY#";

pub fn release_price_part(release_id: &str, day: chrono::NaiveDate, part: &str) -> Key {
    Key::new(release_pk(release_id), format!("{RELEASE_DAY_PREFIX}{}#{part}", day.format("%Y-%m-%d")))
}

pub fn seller(platform: Platform, seller_id: &str) -> Key {
    Key::new(format!("SELLER#{platform}#{seller_id}"), "PROFILE")
}

pub fn collection_header(user: UserId) -> Key {
    Key::new(user_pk(user), "COLLECTION")
}

pub const COLLECTION_ITEM_PREFIX: &str = "COLL#";

pub fn collection_item(user: UserId, instance_id: &str) -> Key {
    Key::new(user_pk(user), format!("{COLLECTION_ITEM_PREFIX}{instance_id}"))
}

pub fn wantlist_header(user: UserId) -> Key {
    Key::new(user_pk(user), "WANTLIST")
}

pub const WANTLIST_ITEM_PREFIX: &str = "WANT#";

pub fn wantlist_item(user: UserId, release_id: &str) -> Key {
    Key::new(user_pk(user), format!("{WANTLIST_ITEM_PREFIX}{release_id}"))
}

pub fn marketplace_cache(source: &str, request_hash: &str) -> Key {
    Key::new(format!("CACHE#{source}#{request_hash}"), "V")
}

/// A marketplace answer every user may share (docs/architecture.md#shared-marketplace-answers),
/// keyed by its kind and a digest of the normalised request: a request of any length makes a
/// key far below DynamoDB's 2 KB partition-key limit. Its claim (who is fetching it now) sits
/// beside it.
pub fn shared_answer(kind: &str, request: &str) -> Key {
    Key::new(shared_answer_pk(kind, request), "ANSWER")
}

pub fn shared_answer_claim(kind: &str, request: &str) -> Key {
    Key::new(shared_answer_pk(kind, request), "CLAIM")
}

/// One part of a shared answer too large for one item: parts of one version sort in order under
/// `PART#<version>#`, and a new version never overwrites the parts an older head still names.
pub fn shared_answer_part(answer: &Key, version: &str, part: usize) -> Key {
    Key::new(answer.pk.clone(), format!("{}{part:04}", shared_answer_parts_prefix(version)))
}

pub fn shared_answer_parts_prefix(version: &str) -> String {
    format!("PART#{version}#")
}

fn shared_answer_pk(kind: &str, request: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(request.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("SHARED#{kind}#{hex}")
}

/// When a want-list search last checked one want on one marketplace (in the search's partition,
/// so it goes with it). Items of older runs have no marketplace in the key: `WANTCHECK#<release>`.
pub fn want_check(search: SearchId, platform: Platform, release_id: u64) -> Key {
    Key::new(search_pk(search), format!("{WANT_CHECK_PREFIX}{platform}#{release_id}"))
}

pub const WANT_CHECK_PREFIX: &str = "WANTCHECK#";

/// A want's own "any pressing" switch in one search, overriding the search's.
pub fn want_pressing(search: SearchId, release_id: u64) -> Key {
    Key::new(search_pk(search), format!("{WANT_PRESSING_PREFIX}{release_id}"))
}

pub const WANT_PRESSING_PREFIX: &str = "WANTPRESSING#";

/// The partition of the exchange rates: one item per day, newest last in sort order.
pub const RATES_PK: &str = "RATES";
/// The sort-key prefix of every day's rates.
pub const RATES_DAY_PREFIX: &str = "DAY#";

pub fn rates_day(day: chrono::NaiveDate) -> Key {
    Key::new(RATES_PK, format!("{RATES_DAY_PREFIX}{}", day.format("%Y-%m-%d")))
}

pub fn rate_bucket(source: &str, identity: &str) -> Key {
    Key::new(format!("RATE#{source}#{identity}"), "BUCKET")
}

// --- alerts (docs/alerts.md) ----------------------------------------------------

/// A search's alert rule (which triggers, threshold, instant or digest): in the search's
/// partition, so deleting the search deletes it.
pub fn alert_rule(search: SearchId) -> Key {
    Key::new(search_pk(search), "ALERTS")
}

/// A user's channels, cap, quiet hours and digest time.
pub fn notify_settings(user: UserId) -> Key {
    Key::new(user_pk(user), "NOTIFY")
}

/// A user's webhook signing secret, sealed.
pub fn webhook_secret(user: UserId) -> Key {
    Key::new(user_pk(user), "NOTIFY#WEBHOOK")
}

pub fn notifications_pk(user: UserId) -> String {
    format!("NOTIFY#{user}")
}

/// One alert of a user. The id is derived from (user, kind, listing or seller), so writing it
/// only where absent is the "never twice" rule.
pub fn notification(user: UserId, id: &str) -> Key {
    Key::new(notifications_pk(user), format!("ALERT#{id}"))
}

/// GSI1 of an alert: the user's alerts, newest first in descending order.
pub fn notification_by_time(user: UserId, created_at: DateTime<Utc>, id: &str) -> Key {
    Key::new(notifications_pk(user), format!("{}#{id}", created_at.to_rfc3339_opts(SecondsFormat::Micros, true)))
}

/// GSI2 of an alert while it is unread (sparse): the unread count is one query.
pub fn unread_notification(user: UserId, created_at: DateTime<Utc>, id: &str) -> Key {
    Key::new(unread_notifications_pk(user), format!("{}#{id}", created_at.to_rfc3339_opts(SecondsFormat::Micros, true)))
}

/// The GSI2 partition of a user's unread alerts.
pub fn unread_notifications_pk(user: UserId) -> String {
    format!("NOTIFY#{user}#UNREAD")
}

/// Instant alerts pushed on a user's local day (the daily cap's counter; TTL).
pub fn alerts_sent(user: UserId, day: chrono::NaiveDate) -> Key {
    Key::new(user_pk(user), format!("SENT#{}", day.format("%Y-%m-%d")))
}

/// Users' alerts waiting for a digest are spread over this many partitions.
pub const DIGEST_SHARDS: u8 = 8;

pub fn digest_shard(user: UserId) -> u8 {
    user.as_uuid().as_bytes()[15] % DIGEST_SHARDS
}

pub fn digest_queue_pk(shard: u8) -> String {
    format!("DIGESTQ#{shard}")
}

/// An alert waiting for its user's next digest.
pub fn digest_entry(user: UserId, notification_id: &str) -> Key {
    Key::new(digest_queue_pk(digest_shard(user)), format!("{user}#{notification_id}"))
}

/// The digest of a user's local day: claimed once, with what it covers and where it went.
pub fn digest(user: UserId, day: chrono::NaiveDate) -> Key {
    Key::new(user_pk(user), format!("DIGEST#{}", day.format("%Y-%m-%d")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// The names conditions and updates use are the ones serde writes.
    #[test]
    fn attribute_names_are_the_domain_types_field_names() {
        use crate::domain::run::Run;
        use crate::domain::search::{NewSearch, SavedSearch};
        use crate::domain::user::User;
        let now = Utc::now();
        let fields = |value: serde_json::Value| -> Vec<String> {
            value.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default()
        };
        let run =
            fields(serde_json::to_value(Run::queued(SearchId::new(), UserId::new(), &[Platform::Ebay], now)).unwrap());
        for name in [
            attr::STATUS,
            attr::PENDING,
            attr::RECEIVED,
            attr::ERRORS,
            attr::LISTINGS,
            attr::NEW_RESULTS,
            attr::NEW_WANTLIST_MATCHES,
            attr::PRICE_DROPS,
            attr::NOTIFIED,
            attr::UPDATED_AT,
            attr::COMPLETED_AT,
        ] {
            assert!(run.iter().any(|f| f == name), "Run has no field {name}");
        }
        let new = NewSearch {
            name: "n".into(),
            query: "q".into(),
            platform: crate::domain::platform::SearchPlatform::Both,
            filters: Default::default(),
            check_interval_hours: 1,
            min_record_condition: None,
            min_sleeve_condition: None,
            seller_location_preference: None,
        };
        let search = fields(serde_json::to_value(SavedSearch::create(UserId::new(), new, now)).unwrap());
        for name in [attr::VERSION, attr::NEXT_RUN_AT, attr::LAST_RUN_AT] {
            assert!(search.iter().any(|f| f == name), "SavedSearch has no field {name}");
        }
        let user = User::new("a@b.example".into(), String::new(), now);
        let user = fields(serde_json::to_value(user).unwrap());
        for name in [attr::EMAIL, attr::UPDATED_AT, attr::EMAIL_CHANGED, attr::PASSWORD_HASH] {
            assert!(user.iter().any(|f| f == name), "User has no field {name}");
        }
    }

    #[test]
    fn email_keys_ignore_case() {
        assert_eq!(email("Ann@Example.com"), email("ann@example.COM"));
    }

    #[test]
    fn due_keys_sort_by_time_and_the_bound_includes_the_exact_second() {
        let s = SearchId::new();
        let at = Utc.with_ymd_and_hms(2026, 11, 25, 9, 5, 7).unwrap();
        let sk = due_sk(at, s);
        assert!(sk.starts_with("2026-11-25T09:05:07Z#"));
        assert!(sk <= due_sk_upper_bound(at));
        assert!(sk > due_sk_upper_bound(at - chrono::Duration::seconds(1)));
        assert!(due_shard(s) < DUE_SHARDS);
    }

    #[test]
    fn shared_answer_keys_are_short_whatever_the_request() {
        let long = "q".repeat(100_000);
        let key = shared_answer("ebay_browse", &long);
        assert!(key.pk.len() < 100, "{}", key.pk.len());
        assert_ne!(key.pk, shared_answer("ebay_browse", "other").pk);
        assert_ne!(key.pk, shared_answer("discogs_stats", &long).pk, "kinds never share a key");
        assert_eq!(shared_answer_claim("ebay_browse", &long).pk, key.pk);
    }
}
