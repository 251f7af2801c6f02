//! The catalogue's items in the Browse API's `itemSummary` shape, with shipping to the buyer.

use serde_json::{Value, json};

use crate::catalogue::Catalogue;
use crate::catalogue::model::EbayItem;
use crate::images;
use crate::rates::Price;

fn amount(price: Price) -> Value {
    json!({"value": price.decimal_text(), "currency": price.currency.as_str()})
}

/// One item summary; `buyer` (ISO country) decides the shipping cost, which is left out when the
/// seller does not ship there.
pub fn item_summary(c: &Catalogue, item: &EbayItem, base: &str, buyer: &str) -> Value {
    let id = item.legacy_id;
    let seller = c.ebay_seller_at(item.seller);
    let mut location = json!({"country": seller.map(|s| s.country.as_str()), "city": seller.map(|s| s.city.as_str())});
    if let Some(postal) = seller.and_then(|s| s.postal_code.as_deref()) {
        location["postalCode"] = json!(postal);
    }
    if let Some(state) = seller.and_then(|s| s.state.as_deref()) {
        location["stateOrProvince"] = json!(state);
    }
    let mut buying = vec![if item.auction { "AUCTION" } else { "FIXED_PRICE" }];
    if item.best_offer {
        buying.push("BEST_OFFER");
    }
    let mut summary = json!({
        "itemId": format!("v1|{id}|0"), "title": item.title, "leafCategoryIds": ["176985"],
        "categories": [{"categoryId": "176985", "categoryName": "Records"}, {"categoryId": "11233", "categoryName": "Music"}],
        "image": {"imageUrl": images::named_url(base, &format!("E-{id}"))},
        "itemHref": format!("{base}/buy/browse/v1/item/v1%7C{id}%7C0"),
        "seller": {"username": seller.map(|s| s.username.as_str()), "feedbackPercentage": seller.map(|s| s.feedback_percentage.as_str()),
                   "feedbackScore": seller.map(|s| s.feedback_score)},
        "condition": item.condition, "conditionId": item.condition_id,
        "thumbnailImages": [{"imageUrl": images::named_url(base, &format!("E-{id}"))}],
        "buyingOptions": buying, "itemWebUrl": format!("https://www.ebay.com/itm/{id}"), "itemLocation": location,
        "adultOnly": false, "legacyItemId": id.to_string(), "availableCoupons": false,
        "itemCreationDate": item.created, "topRatedBuyingExperience": false, "priorityListing": false,
        "listingMarketplaceId": item.marketplace,
    });
    if item.auction {
        summary["currentBidPrice"] = amount(item.price);
        summary["bidCount"] = json!(1 + id % 9);
    } else {
        summary["price"] = amount(item.price);
    }
    if let Some(cost) = c.shipping_to(item, buyer) {
        summary["shippingOptions"] = json!([{"shippingCostType": "FIXED", "shippingCost": amount(cost)}]);
    }
    summary
}
