//! Amounts in the user's currency for the routes that convert at read time (results, price
//! history): the user's currency and country and the newest exchange rates, read per request.

use vinyldigger::domain::landed::{Buyer, LandedPricer};
use vinyldigger::domain::user::User;
use vinyldigger::store::StoreError;

use crate::Deps;

/// The user's pricer: their currency (US dollars while the rates do not know it, as the
/// analysis does) and shipping to their country. Two reads: preferences and the rates' day.
pub async fn user_pricer(deps: &Deps, user: &User) -> Result<LandedPricer, StoreError> {
    let (preferences, rates) = tokio::try_join!(deps.store.get_preferences(user.id), deps.store.latest_rates())?;
    let rates = rates.map(|r| r.rates);
    let buyer = Buyer::new(preferences.currency, preferences.country.as_deref());
    Ok(LandedPricer::new(buyer.analysis_currency(rates.as_ref()), rates, buyer.region))
}
