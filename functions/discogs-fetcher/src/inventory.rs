//! Seller inventories: real listings, with grades, price and seller, from the sellers a search
//! follows (`filters.discogs_sellers`) and those its last analysis found
//! holding several wanted records. They are what multi-item bundles are made of; release offers
//! name no seller.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use vinyldigger::domain::filters::loosely_matches;
use vinyldigger::domain::listing::Listing;
use vinyldigger::domain::platform::Platform;
use vinyldigger::domain::search_filters::SearchFilters;
use vinyldigger::domain::sellers::SellerAnalysis;
use vinyldigger::fetcher::Found;
use vinyldigger::market::discogs::DiscogsClient;
use vinyldigger::market::{AnswerKind, MarketError, SharedAnswers};

/// Sellers whose inventory one run reads, followed ones first.
pub const MAX_SELLERS: usize = 5;
/// Inventory pages read per seller: each is one call of the 60/min budget.
pub const MAX_PAGES: u32 = 3;
/// Discogs' largest inventory page.
const PER_PAGE: u32 = 100;
/// An analysed seller holding at least this many wanted records is worth a look at the rest.
const WANTED_TO_FOLLOW: u32 = 2;

/// The sellers to read, without duplicates (Discogs usernames are case-insensitive).
pub fn sellers(filters: &SearchFilters, analysed: &[SellerAnalysis]) -> Vec<String> {
    let found = analysed
        .iter()
        .filter(|s| s.seller.platform == Platform::Discogs && s.wantlist_items >= WANTED_TO_FOLLOW)
        .map(|s| s.seller.id.clone());
    let mut seen = HashSet::new();
    filters
        .discogs_sellers
        .iter()
        .cloned()
        .chain(found)
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty() && seen.insert(name.to_lowercase()))
        .take(MAX_SELLERS)
        .collect()
}

/// The listings of `sellers` that are wanted or that the query names, added to `found`. A seller
/// Discogs does not know (or hides) is skipped; a failure that would hit the next seller too
/// (throttling, an outage, the invocation's end) stops the reading, keeping what was read.
/// Pages come from (and go to) the answers every user shares at `now`: `client` has the app's
/// keys, so its pages are the public ones.
pub async fn listings(
    client: &DiscogsClient,
    shared: (&SharedAnswers, DateTime<Utc>),
    sellers: &[String],
    query: &str,
    wanted: &HashSet<u64>,
    found: &mut Found,
) {
    for seller in sellers {
        match seller_listings(client, shared, seller, query, wanted).await {
            Ok(listings) => {
                tracing::info!(seller = %seller, listings = listings.len(), "seller inventory read");
                found.listings.extend(listings);
            }
            Err(MarketError::Permanent(error)) => {
                tracing::warn!(seller = %seller, %error, "seller inventory unavailable; skipped");
            }
            Err(error) => {
                found.failure = Some(error);
                return;
            }
        }
    }
}

async fn seller_listings(
    client: &DiscogsClient,
    (answers, now): (&SharedAnswers, DateTime<Utc>),
    seller: &str,
    query: &str,
    wanted: &HashSet<u64>,
) -> Result<Vec<Listing>, MarketError> {
    let mut kept = Vec::new();
    for number in 1..=MAX_PAGES {
        // Discogs usernames are case-insensitive.
        let request = format!("{}|{number}|{PER_PAGE}", seller.to_lowercase());
        let page = answers
            .get_or_fetch(AnswerKind::SellerInventory, &request, now, || {
                client.inventory_page(seller, number, PER_PAGE)
            })
            .await?;
        let last = page.is_last();
        kept.extend(page.items.into_iter().filter(|l| is_relevant(l, query, wanted)));
        if last {
            break;
        }
    }
    Ok(kept)
}

fn is_relevant(listing: &Listing, query: &str, wanted: &HashSet<u64>) -> bool {
    listing.release_id.is_some_and(|id| wanted.contains(&id))
        || loosely_matches(query, &format!("{} {}", listing.artist.as_deref().unwrap_or_default(), listing.title))
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use vinyldigger::domain::analysis::{AnalysisParams, analyze};
    use vinyldigger::domain::listing::{SellerInfo, StoredResult};
    use vinyldigger::domain::money::Money;

    use super::*;

    fn filters(value: serde_json::Value) -> SearchFilters {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn followed_sellers_come_first_without_duplicates() {
        let list = filters(json!({"discogs_sellers": ["vinyl_vault", " Crate_Diggers ", "crate_diggers"]}));
        assert_eq!(sellers(&list, &[]), ["vinyl_vault", "Crate_Diggers"]);
        assert!(sellers(&SearchFilters::default(), &[]).is_empty());
    }

    #[test]
    fn at_most_max_sellers_are_read() {
        let many: Vec<String> = (0..MAX_SELLERS + 3).map(|i| format!("seller{i}")).collect();
        let followed = SearchFilters { discogs_sellers: many, ..SearchFilters::default() };
        assert_eq!(sellers(&followed, &[]).len(), MAX_SELLERS);
    }

    fn result(id: &str, platform: Platform, seller: &str, wanted: bool) -> StoredResult {
        let mut listing = Listing::new(platform, id, format!("Record {id}"), Money::usd_cents(1500));
        listing.seller = Some(SellerInfo {
            id: seller.into(),
            name: seller.into(),
            location: None,
            feedback_percentage: None,
            feedback_count: None,
            estimated_shipping: None,
            url: None,
        });
        StoredResult { is_in_wantlist: wanted, ..StoredResult::new(id, listing) }
    }

    #[test]
    fn discogs_sellers_with_several_wanted_records_are_followed_after_the_followed_ones() {
        let results = [
            result("1", Platform::Discogs, "two_wanted", true),
            result("2", Platform::Discogs, "two_wanted", true),
            result("3", Platform::Discogs, "one_wanted", true),
            result("4", Platform::Discogs, "one_wanted", false),
            result("5", Platform::Ebay, "ebay_seller", true),
            result("6", Platform::Ebay, "ebay_seller", true),
        ];
        let analysed = analyze(&results, &AnalysisParams::default()).seller_analyses;
        assert_eq!(sellers(&SearchFilters::default(), &analysed), ["two_wanted"]);
        let followed = filters(json!({"discogs_sellers": ["TWO_WANTED", "mine"]}));
        assert_eq!(sellers(&followed, &analysed), ["TWO_WANTED", "mine"]);
    }

    #[test]
    fn wanted_or_named_listings_are_relevant() {
        let mut listing =
            Listing::new(Platform::Discogs, "1", "Miles Davis - Kind Of Blue (LP, Album)", Money::usd_cents(2000));
        listing.release_id = Some(42);
        let none = HashSet::new();
        assert!(is_relevant(&listing, "kind of blue", &none));
        assert!(!is_relevant(&listing, "coltrane", &none));
        assert!(is_relevant(&listing, "coltrane", &HashSet::from([42])));
        listing.artist = Some("John Coltrane".into());
        assert!(is_relevant(&listing, "coltrane blue", &none));
    }
}
