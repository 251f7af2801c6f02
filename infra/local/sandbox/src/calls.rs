//! Counts of the calls each marketplace received, per identity (Discogs: the OAuth token or the
//! consumer key; eBay: the application whose token was used) and per endpoint, for quota
//! simulations. Read and reset over HTTP (`GET`/`DELETE /_sandbox/calls`) or through
//! [`crate::Switches`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Market;

/// The calls one marketplace received.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarketCalls {
    pub total: u64,
    /// `token:<oauth token>`, `key:<consumer key>`, `app:<eBay client id>`, `anonymous`.
    pub identities: BTreeMap<String, u64>,
    /// The route called (`/database/search`, `/marketplace/stats/{release_id}`).
    pub endpoints: BTreeMap<String, u64>,
}

/// The calls every marketplace received since the start or the last reset.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calls {
    pub discogs: MarketCalls,
    pub ebay: MarketCalls,
    pub ecb: MarketCalls,
}

impl Calls {
    pub fn of(&self, market: Market) -> &MarketCalls {
        match market {
            Market::Discogs => &self.discogs,
            Market::Ebay => &self.ebay,
            Market::Ecb => &self.ecb,
        }
    }

    pub(crate) fn record(&mut self, market: Market, identity: &str, endpoint: &str) {
        let calls = match market {
            Market::Discogs => &mut self.discogs,
            Market::Ebay => &mut self.ebay,
            Market::Ecb => &mut self.ecb,
        };
        calls.total += 1;
        *calls.identities.entry(identity.to_string()).or_default() += 1;
        *calls.endpoints.entry(endpoint.to_string()).or_default() += 1;
    }
}
