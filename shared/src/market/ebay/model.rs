//! The Browse API's `item_summary/search` answer, as far as normalisation reads it.

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SearchPagedCollection {
    #[serde(default)]
    pub total: u64,
    #[serde(default)]
    pub item_summaries: Vec<ItemSummary>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Amount {
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub currency: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Image {
    #[serde(default, rename = "imageUrl")]
    pub image_url: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Seller {
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub feedback_percentage: Option<String>,
    #[serde(default)]
    pub feedback_score: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ShippingOption {
    #[serde(default)]
    pub shipping_cost: Option<Amount>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ItemLocation {
    #[serde(default)]
    pub country: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ItemSummary {
    pub item_id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub price: Option<Amount>,
    #[serde(default)]
    pub current_bid_price: Option<Amount>,
    #[serde(default)]
    pub condition: Option<String>,
    #[serde(default)]
    pub condition_id: Option<String>,
    #[serde(default)]
    pub seller: Option<Seller>,
    #[serde(default)]
    pub shipping_options: Vec<ShippingOption>,
    #[serde(default)]
    pub item_location: Option<ItemLocation>,
    #[serde(default)]
    pub image: Option<Image>,
    #[serde(default)]
    pub item_web_url: Option<String>,
    #[serde(default)]
    pub item_creation_date: Option<String>,
}
