//! Browse item summaries → domain `Listing`s (docs/architecture.md#ebay), with the seller read from the Browse
//! keys themselves (`seller.feedbackPercentage`, `seller.feedbackScore`, `itemLocation.country`):
//! docs/behaviour.md#sellers, fixing the original (docs/spec-deviations.md).

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::model::{Amount, ItemSummary};
use crate::domain::condition::Grade;
use crate::domain::listing::{Listing, SellerInfo};
use crate::domain::money::{Currency, Money};
use crate::domain::platform::Platform;

fn money(amount: &Amount) -> Option<Money> {
    let currency = amount.currency.as_deref().map_or(Ok(Currency::USD), Currency::new).ok()?;
    Money::parse(amount.value.as_deref()?, currency).ok()
}

fn non_empty(s: Option<&str>) -> Option<String> {
    s.map(str::trim).filter(|v| !v.is_empty()).map(str::to_string)
}

/// One item summary as JSON (the sandbox and tests hold raw JSON).
pub fn item_summary(value: &Value) -> Option<Listing> {
    serde_json::from_value::<ItemSummary>(value.clone()).ok().and_then(normalise)
}

pub(crate) fn normalise(item: ItemSummary) -> Option<Listing> {
    // Auctions without a Buy It Now price carry only the current bid.
    let price = item.price.as_ref().or(item.current_bid_price.as_ref()).and_then(money);
    let Some(price) = price else {
        tracing::warn!(item_id = %item.item_id, "eBay item without a usable price; skipped");
        return None;
    };
    let mut listing = Listing::new(Platform::Ebay, item.item_id.clone(), item.title.trim(), price)
        .with_conditions(item.condition.as_deref(), None);
    if listing.media_grade.is_none() {
        listing.media_grade =
            item.condition_id.as_deref().and_then(|id| id.parse().ok()).and_then(Grade::from_ebay_condition_id);
    }
    listing.shipping = item.shipping_options.first().and_then(|o| o.shipping_cost.as_ref()).and_then(money);
    listing.web_url = non_empty(item.item_web_url.as_deref());
    listing.image_url = item.image.as_ref().and_then(|i| non_empty(i.image_url.as_deref()));
    listing.posted_at = item
        .item_creation_date
        .as_deref()
        .and_then(|d| DateTime::parse_from_rfc3339(d).ok())
        .map(|d| d.with_timezone(&Utc));
    let seller = item.seller.unwrap_or_default();
    let username = non_empty(seller.username.as_deref()).unwrap_or_default();
    listing.seller = Some(SellerInfo {
        name: if username.is_empty() { "Unknown".to_string() } else { username.clone() },
        url: (!username.is_empty()).then(|| format!("https://www.ebay.com/usr/{username}")),
        id: username,
        location: item.item_location.as_ref().and_then(|l| non_empty(l.country.as_deref())),
        feedback_percentage: seller
            .feedback_percentage
            .as_deref()
            .and_then(|p| p.trim().trim_end_matches('%').parse().ok()),
        feedback_count: seller.feedback_score,
        estimated_shipping: None,
    });
    if let Some(amount) = listing.implausible_amount() {
        tracing::warn!(item_id = %listing.listing_id, %amount, "eBay item with an implausible amount; skipped");
        return None;
    }
    Some(listing)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn summary() -> Value {
        json!({
            "itemId": "v1|115987654321|0",
            "title": "Miles Davis - Kind Of Blue LP 180g Columbia Reissue",
            "price": {"value": "15.99", "currency": "USD"},
            "condition": "Like New", "conditionId": "2750",
            "seller": {"username": "ebayseller456", "feedbackPercentage": "98.7", "feedbackScore": 1234},
            "shippingOptions": [{"shippingCostType": "FIXED", "shippingCost": {"value": "5.00", "currency": "USD"}}],
            "buyingOptions": ["FIXED_PRICE", "BEST_OFFER"],
            "itemLocation": {"postalCode": "606**", "country": "US"},
            "image": {"imageUrl": "https://i.ebayimg.com/images/g/abc/s-l225.jpg"},
            "itemWebUrl": "https://www.ebay.com/itm/115987654321",
            "itemCreationDate": "2024-04-30T18:02:11.000Z"
        })
    }

    #[test]
    fn summaries_are_normalised_with_the_seller_fields() {
        let l = item_summary(&summary()).unwrap();
        assert_eq!(l.listing_id, "v1|115987654321|0");
        assert_eq!(l.price, Money::usd_cents(1599));
        assert_eq!(l.shipping, Some(Money::usd_cents(500)));
        assert_eq!(l.price.checked_add(l.shipping.unwrap()).unwrap(), Money::usd_cents(2099));
        assert_eq!(l.media_grade, Some(Grade::NearMint));
        let s = l.seller.unwrap();
        assert_eq!(s.id, "ebayseller456");
        assert_eq!(s.feedback_percentage, Some(98.7));
        assert_eq!(s.feedback_count, Some(1234));
        assert_eq!(s.location.as_deref(), Some("US"));
    }

    #[test]
    fn auctions_use_the_current_bid_and_condition_ids_fill_the_grade() {
        let mut v = summary();
        v.as_object_mut().unwrap().remove("price");
        v["currentBidPrice"] = json!({"value": "7.50", "currency": "GBP"});
        v["condition"] = json!("Used");
        v["conditionId"] = json!("4000");
        v["shippingOptions"] = json!([]);
        let l = item_summary(&v).unwrap();
        assert_eq!(l.price, Money::new(750, Currency::GBP));
        assert_eq!(l.media_grade, Some(Grade::VeryGood));
        assert_eq!(l.shipping, None);
        v.as_object_mut().unwrap().remove("currentBidPrice");
        assert!(item_summary(&v).is_none());
    }

    #[test]
    fn implausible_amounts_drop_the_item() {
        for (price, shipping) in [("1000000.01", "5.00"), ("-1.00", "5.00"), ("15.99", "9223372036854775.80")] {
            let mut v = summary();
            v["price"]["value"] = json!(price);
            v["shippingOptions"][0]["shippingCost"]["value"] = json!(shipping);
            assert!(item_summary(&v).is_none(), "{price} + {shipping}");
        }
        let mut v = summary();
        v["price"]["value"] = json!("1000000.00");
        assert!(item_summary(&v).is_some(), "a million is still a price");
    }
}
