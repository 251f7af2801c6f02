//! The eBay fetcher: a fetch job becomes a Browse API search (with the linked user's token,
//! refreshed when it is about to expire, or the cached application token, whose answers every
//! user shares: docs/architecture.md#shared-marketplace-answers), post-filtered by
//! price range, minimum grade and seller region, and sent as numbered result batches. The
//! failure rules are the shared ones of [`vinyldigger::fetcher`].

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use tracing::Instrument;
use vinyldigger::auth::cipher::FieldCipher;
use vinyldigger::deadline::Deadline;
use vinyldigger::domain::ids::UserId;
use vinyldigger::domain::listing::Listing;
use vinyldigger::domain::platform::Platform;
use vinyldigger::domain::wantlist::{WantSlice, match_back};
use vinyldigger::fetcher::{FetchError, FetcherDeps, Found, Marketplace};
use vinyldigger::market::ebay::{AppTokenCache, EbayAppCredentials, EbayClient, needs_refresh, refresh, search_params};
use vinyldigger::market::{AnswerKind, BucketId, Endpoints, MarketError, RatePolicy, SearchRequest, SharedAnswers};
use vinyldigger::queue::FetchJob;
use vinyldigger::secrets::Secret;
use vinyldigger::store::{Store, StoreError};

pub use vinyldigger::startup::InitError;

/// The error a run shows when no eBay app keys exist (and no sandbox stands in).
pub const NOT_CONFIGURED: &str = "eBay is not configured";

/// What only the eBay fetcher needs: the application token, shared with every other Lambda
/// through the table.
pub struct Ebay {
    pub tokens: AppTokenCache,
    /// Browse answers every user shares (want-list runs, and query searches with the app token).
    pub answers: SharedAnswers,
}

impl Marketplace for Ebay {
    const PLATFORM: Platform = Platform::Ebay;

    fn new(store: &Store, cipher: &FieldCipher) -> Self {
        Self { tokens: AppTokenCache::new(store.clone(), cipher.clone()), answers: SharedAnswers::new(store.clone()) }
    }
}

/// One user's share of the day's eBay budget: no user can spend more than this part of it, so a
/// few large want lists cannot starve everyone else (docs/architecture.md#rate-limits-and-retries).
pub const USER_SHARE_DIVISOR: u32 = 20;

/// Takes one call from the user's share of the daily budget, failing at once when it is spent.
async fn take_user_share(deps: &Deps, user: UserId) -> Result<(), MarketError> {
    let share = (deps.config.ebay_daily_budget / USER_SHARE_DIVISOR).max(1);
    let bucket = BucketId::new("ebay-user", user.to_string());
    deps.limiter.acquire(&bucket, RatePolicy::ebay_daily(share), std::time::Duration::ZERO).await
}

/// Everything the handler needs, built once per cold start.
pub type Deps = FetcherDeps<Ebay>;

/// Handles one fetch job of the fetch-ebay queue.
pub async fn handle(deps: &Deps, job: FetchJob, now: DateTime<Utc>, deadline: Deadline) -> Result<(), FetchError> {
    let span =
        tracing::info_span!("ebay_fetch", user_id = %job.user_id, search_id = %job.search_id, run_id = %job.run_id);
    fetch(deps, &job, now, deadline).instrument(span).await
}

async fn fetch(deps: &Deps, job: &FetchJob, now: DateTime<Utc>, deadline: Deadline) -> Result<(), FetchError> {
    deps.check_queue(job)?;
    if !deps.run_is_open(job).await? {
        return Ok(());
    }
    let Some(app) = app(deps).await? else {
        tracing::warn!("{NOT_CONFIGURED}: the eBay part of the run ends with an error");
        return deps.send_results(job, Vec::new(), Some(NOT_CONFIGURED.to_owned())).await;
    };
    if let Some(slice) = &job.wantlist {
        let found = watch_wants(deps, app, job, slice, now, deadline).await;
        return deps.finish(job, found, &HashSet::new()).await;
    }
    let found = search(deps, app, job, now, deadline).await?;
    // eBay listings carry no Discogs release, so none is kept for being wanted.
    deps.finish(job, Found::from(found), &HashSet::new()).await
}

/// The app's keys (the admin's app config or sandbox placeholders) and where eBay is for this
/// run, or `None`.
async fn app(deps: &Deps) -> Result<Option<(EbayAppCredentials, Endpoints)>, StoreError> {
    Ok(deps.app_keys().await?.map(|keys| {
        let endpoints = deps.endpoints(&keys);
        let app = EbayAppCredentials::new(keys.key, keys.secret.expose()).with_scope(keys.scope.unwrap_or_default());
        (app, endpoints)
    }))
}

/// A want-list run's eBay part: a Browse search by "artist title" in the vinyl category per want
/// of the slice, with the app token and through the shared answers; each answer's listings are
/// matched back to the want, the rest dropped. A failure stops the reading and keeps what was
/// found; the wants answered are recorded as checked.
async fn watch_wants(
    deps: &Deps,
    (app, endpoints): (EbayAppCredentials, Endpoints),
    job: &FetchJob,
    slice: &WantSlice,
    now: DateTime<Utc>,
    deadline: Deadline,
) -> Found {
    let wants = &slice.wants;
    let client = EbayClient::new(deps.http.clone(), endpoints, app, deps.market.tokens.clone(), deps.limiter.clone())
        .with_daily_budget(deps.config.ebay_daily_budget)
        .with_retry(deps.retry.until(deadline));
    let answers = &deps.market.answers;
    let mut found = Found::default();
    let mut checked = Vec::new();
    for want in wants {
        let request = SearchRequest::new(want.browse_query(), job.filters.clone());
        let key = browse_key(&request);
        let answer = answers
            .get_or_fetch_within(AnswerKind::EbayBrowse, &key, now, slice.answer_max_age(), || async {
                take_user_share(deps, job.user_id).await?;
                client.search(&request).await
            })
            .await;
        match answer {
            Ok(listings) => {
                found.listings.extend(match_back(listings, want));
                checked.push(want.release_id);
            }
            Err(error) => {
                found.failure = Some(error);
                break;
            }
        }
    }
    tracing::info!(wants = wants.len(), checked = checked.len(), matched = found.listings.len(), counts = ?answers.counts().snapshot(), "wanted records searched");
    deps.mark_wants_checked(job, &checked, now).await;
    found
}

/// The normalised request of a Browse search: its query parameters as eBay receives them, in
/// order, so equal searches of different users share one answer.
pub fn browse_key(request: &SearchRequest) -> String {
    let mut params = search_params(request);
    params.sort();
    params.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
}

/// The search with the user's token, falling back once to the app token when eBay refuses it.
/// Store failures around the tokens are the outer error; the marketplace's answer the inner.
async fn search(
    deps: &Deps,
    (app, endpoints): (EbayAppCredentials, Endpoints),
    job: &FetchJob,
    now: DateTime<Utc>,
    deadline: Deadline,
) -> Result<Result<Vec<Listing>, MarketError>, FetchError> {
    let (user_token, preferences) = tokio::try_join!(
        user_token(deps, &app, &endpoints, job.user_id, now),
        deps.store.get_preferences(job.user_id)
    )?;
    let client = EbayClient::new(deps.http.clone(), endpoints, app, deps.market.tokens.clone(), deps.limiter.clone())
        .with_daily_budget(deps.config.ebay_daily_budget)
        .with_retry(deps.retry.until(deadline));
    let request = SearchRequest::new(job.query.clone(), job.filters.clone()).for_buyer_in(preferences.country);
    let Some(token) = user_token else {
        return Ok(shared_search(deps, &client, job, &request, now).await);
    };
    if let Err(spent) = take_user_share(deps, job.user_id).await {
        return Ok(Err(spent));
    }
    Ok(match client.clone().with_user_token(token).search(&request).await {
        Err(MarketError::Unauthorized) => {
            tracing::warn!("eBay refused the user's token; searching with the app token");
            shared_search(deps, &client, job, &request, now).await
        }
        other => other,
    })
}

/// A search with the app token: its answer depends on the request alone, so it comes from (and
/// goes to) the answers every user shares; only a call actually made costs the user's share.
async fn shared_search(
    deps: &Deps,
    client: &EbayClient,
    job: &FetchJob,
    request: &SearchRequest,
    now: DateTime<Utc>,
) -> Result<Vec<Listing>, MarketError> {
    let answers = &deps.market.answers;
    let found = answers
        .get_or_fetch(AnswerKind::EbayBrowse, &query_key(request), now, || async {
            take_user_share(deps, job.user_id).await?;
            client.search(request).await
        })
        .await;
    tracing::info!(counts = ?answers.counts().snapshot(), "query searched with the app token");
    found
}

/// The normalised request of a query search: [`browse_key`] with the query in lower case and
/// single spaces (eBay's search ignores both), and the buyer's country, which eBay's answer
/// depends on.
pub fn query_key(request: &SearchRequest) -> String {
    let query = request.query.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let normalised = SearchRequest::new(query, request.filters.clone());
    format!("{}&buyer={}", browse_key(&normalised), request.buyer_country.as_deref().unwrap_or_default())
}

/// The linked user's access token, refreshed (and stored back, sealed) when it expires
/// within five minutes. `None` when not linked or not refreshable: the app token is used.
async fn user_token(
    deps: &Deps,
    app: &EbayAppCredentials,
    endpoints: &Endpoints,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<Option<Secret>, StoreError> {
    let Some(mut token) = deps.store.get_oauth_token(&deps.cipher, user, Platform::Ebay).await? else {
        return Ok(None);
    };
    if !needs_refresh(token.expires_at, now) {
        return Ok(Some(token.access_token));
    }
    let Some(refresh_token) = token.refresh_token.clone() else {
        tracing::warn!("the linked eBay token expired and has no refresh token; using the app token");
        return Ok(None);
    };
    match refresh(&deps.http, endpoints, &app.client_id, &app.client_secret, &refresh_token, &app.scope).await {
        Ok(fresh) => {
            token.expires_at = Some(fresh.expires_at(now));
            token.access_token = fresh.access_token;
            if let Some(rotated) = fresh.refresh_token {
                token.refresh_token = Some(rotated);
            }
            token.updated_at = now;
            deps.store.put_oauth_token(&deps.cipher, user, &token).await?;
            tracing::info!("refreshed the linked eBay token");
            Ok(Some(token.access_token))
        }
        Err(error) => {
            tracing::warn!(%error, "cannot refresh the linked eBay token; using the app token");
            Ok(None)
        }
    }
}
