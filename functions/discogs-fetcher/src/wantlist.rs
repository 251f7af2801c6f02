//! A want-list run's Discogs part (docs/architecture.md#want-list-searches): for each want of
//! the run's slice, the marketplace statistics of the wanted release and, with any pressing, of
//! the master's other vinyl releases; then the followed sellers' inventories as for a query. All
//! of it is public data asked with the app's keys, so every answer is shared between users.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use vinyldigger::domain::listing::Listing;
use vinyldigger::domain::money::Currency;
use vinyldigger::domain::wantlist::{MAX_PRESSINGS, PressingMatch, WantMatch, WantRef};
use vinyldigger::fetcher::Found;
use vinyldigger::market::discogs::{DiscogsClient, ReleaseInfo, ReleaseStats, release_offer};
use vinyldigger::market::{AnswerKind, MarketError, SharedAnswers};

/// Where a run's answers come from: the shared answers, at `now`, accepting answers up to
/// `max_age` old.
pub struct Asked<'a> {
    pub answers: &'a SharedAnswers,
    pub now: DateTime<Utc>,
    pub max_age: chrono::Duration,
}

/// The offers of every want of the slice, and the wants checked: those Discogs answered for (a
/// want it does not know is checked too, and skipped). A failure that would hit the next want too
/// (throttling, an outage, the invocation's end) stops the reading, keeping what was found; the
/// wants not read are not checked.
pub async fn want_offers(
    client: &DiscogsClient,
    asked: &Asked<'_>,
    wants: &[WantRef],
    currency: Currency,
    found: &mut Found,
) -> Vec<u64> {
    let mut checked = Vec::new();
    for want in wants {
        match offers_of(client, asked, want, currency).await {
            Ok(offers) => found.listings.extend(offers),
            Err(MarketError::Permanent(error)) => {
                tracing::warn!(release_id = want.release_id, %error, "wanted release unknown to Discogs; skipped");
            }
            Err(error) => {
                found.failure = Some(error);
                break;
            }
        }
        checked.push(want.release_id);
    }
    checked
}

/// The wanted release's offer and, with any pressing, those of other vinyl releases of its master.
async fn offers_of(
    client: &DiscogsClient,
    asked: &Asked<'_>,
    want: &WantRef,
    currency: Currency,
) -> Result<Vec<Listing>, MarketError> {
    let Asked { answers, now, max_age } = *asked;
    let mut releases = vec![wanted_release(want)];
    if let Some(master) = want.master_id.filter(|_| want.any_pressing) {
        let versions: Vec<ReleaseInfo> = answers
            .get_or_fetch(AnswerKind::MasterVersions, &master.to_string(), now, || client.master_versions(master))
            .await?;
        releases.extend(versions.into_iter().filter(|v| v.release_id != want.release_id).take(MAX_PRESSINGS).map(
            |mut v| {
                v.artists = vec![want.artist.clone()];
                v
            },
        ));
    }
    let mut offers = Vec::new();
    for release in releases {
        let id = release.release_id;
        let request = format!("{id}|{currency}");
        let stats: ReleaseStats = answers
            .get_or_fetch_within(AnswerKind::ReleaseStats, &request, now, max_age, || {
                client.release_stats(id, currency)
            })
            .await?;
        if let Some(mut offer) = release_offer(&release, &stats, client.endpoints()) {
            let pressing = if id == want.release_id { PressingMatch::Wanted } else { PressingMatch::OtherPressing };
            offer.want = Some(WantMatch { want_release_id: want.release_id, pressing });
            offers.push(offer);
        }
    }
    Ok(offers)
}

fn wanted_release(want: &WantRef) -> ReleaseInfo {
    ReleaseInfo {
        release_id: want.release_id,
        master_id: want.master_id,
        title: want.title.clone(),
        artists: Some(want.artist.clone()).filter(|a| !a.is_empty()).into_iter().collect(),
        catalog_number: want.catalog_number.clone(),
        ..ReleaseInfo::default()
    }
}

/// The release ids a want-list run counts as wanted: the wants, and with any pressing the other
/// releases it found of their masters.
pub fn wanted_ids(wants: &[WantRef], found: &[Listing]) -> HashSet<u64> {
    wants
        .iter()
        .map(|w| w.release_id)
        .chain(found.iter().filter(|l| l.want.is_some()).filter_map(|l| l.release_id))
        .collect()
}
