//! The daily exchange-rate refresh against the sandbox marketplace's ECB document and the
//! emulated table: stored once a day, skipped while fresh, and on failure the last good day
//! stays the one in use.

mod market_support;

use chrono::{Duration, NaiveDate, Utc};
use market_support::{Table, http, sandbox};
use vinyldigger::domain::money::{Currency, Money};
use vinyldigger::domain::rates::{Rate, Rates};
use vinyldigger::market::ecb::{ECB_DAILY_PATH, RefreshError, Refreshed, refresh};
use vinyldigger_sandbox::{Fault, Market};

#[tokio::test]
async fn the_days_rates_are_stored_and_the_last_good_day_survives_a_failed_fetch() {
    let table = Table::new().await;
    let store = &table.store;
    let (_, switches, base) = sandbox().await;
    let url = format!("{base}{ECB_DAILY_PATH}");
    assert_eq!(store.latest_rates().await.unwrap(), None);

    // An older day is in the table, fetched two days ago.
    let old_day = NaiveDate::from_ymd_opt(2026, 1, 2).unwrap();
    let old = Rates::new(old_day, [(Currency::USD, Rate::parse("1.0500").unwrap())]);
    let two_days_ago = Utc::now() - Duration::days(2);
    store.put_rates(&old, two_days_ago).await.unwrap();

    // The document fails: the refresh fails and the old day stays the newest.
    switches.set_for(Market::Ecb, Fault::ServerError);
    let failed = refresh(store, &http(), &url, Utc::now()).await;
    assert!(matches!(failed, Err(RefreshError::Fetch(_))), "{failed:?}");
    switches.set_for(Market::Ecb, Fault::Garbled);
    let garbled = refresh(store, &http(), &url, Utc::now()).await;
    assert!(matches!(garbled, Err(RefreshError::Document(_))), "{garbled:?}");
    let latest = store.latest_rates().await.unwrap().unwrap();
    assert_eq!(latest.rates, old);

    // It answers again: today's rates are stored and are the newest day.
    switches.set_for(Market::Ecb, Fault::None);
    let today = Utc::now().date_naive();
    let now = Utc::now();
    assert_eq!(refresh(store, &http(), &url, now).await.unwrap(), Refreshed::Stored { date: today });
    let latest = store.latest_rates().await.unwrap().unwrap();
    assert_eq!(latest.rates.date, today);
    assert_eq!(latest.rates.currencies().count(), 31, "the euro and the ECB's 30");
    // 17.04 GBP in dollars with the sandbox's rates, as the sandbox itself converts it.
    assert_eq!(latest.rates.convert(Money::new(1704, Currency::GBP), Currency::USD).unwrap(), Money::usd_cents(2157));

    // Fresh rates are not fetched again, whatever the document does meanwhile.
    switches.set_for(Market::Ecb, Fault::ServerError);
    let again = refresh(store, &http(), &url, now + Duration::hours(1)).await.unwrap();
    assert_eq!(again, Refreshed::Fresh { date: today });
}
