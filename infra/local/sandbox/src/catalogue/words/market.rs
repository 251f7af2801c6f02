//! The marketplaces' sellers, grades and listing comments.

use crate::rates::Currency;

pub const MEDIA_GRADES: [(&str, u32, f64); 6] = [
    ("Mint (M)", 6, 1.25),
    ("Near Mint (NM or M-)", 30, 1.0),
    ("Very Good Plus (VG+)", 38, 0.72),
    ("Very Good (VG)", 16, 0.45),
    ("Good Plus (G+)", 7, 0.28),
    ("Good (G)", 3, 0.18),
];

pub const SLEEVE_GRADES: [&str; 8] = [
    "Mint (M)",
    "Near Mint (NM or M-)",
    "Very Good Plus (VG+)",
    "Very Good Plus (VG+)",
    "Very Good (VG)",
    "Good Plus (G+)",
    "Generic",
    "Not Graded",
];

pub const LISTING_COMMENTS: [&str; 12] = [
    "Plays through cleanly. Ships in a sturdy mailer.",
    "Light marks on side B, no effect on play. Sleeve with ring wear.",
    "Cleaned on a vacuum machine. Inner sleeve replaced.",
    "Original inner sleeve. Small seam split at the top.",
    "Sealed copy, hype sticker on the shrink.",
    "Some surface noise in the lead-in groove, otherwise quiet.",
    "Promo stamp on the back cover.",
    "Corner ding on the sleeve, vinyl glossy.",
    "Writing on the label (previous owner's name).",
    "Play-graded. Combined shipping available.",
    "Ex-radio copy with station sticker.",
    "",
];

/// A Discogs seller of the generated catalogue: username, country (as Discogs names it), currency,
/// the genre it specialises in (`""` for none), a relative inventory size, and shipping per order
/// in minor units (`None`: quoted at checkout).
pub struct DiscogsShop {
    pub username: &'static str,
    pub ships_from: &'static str,
    pub city: &'static str,
    pub currency: Currency,
    pub speciality: &'static str,
    pub size: u32,
    pub shipping: Option<i64>,
}

macro_rules! shops {
    ($($name:literal, $from:literal, $city:literal, $cur:ident, $spec:literal, $size:literal, $ship:expr;)*) => {
        &[$(DiscogsShop { username: $name, ships_from: $from, city: $city, currency: Currency::$cur, speciality: $spec, size: $size, shipping: $ship }),*]
    };
}

/// Holds several wanted records, so the sandbox user sees a multi-record bundle.
pub const BUNDLE_SHOP: &str = "bop_city_records";

pub const DISCOGS_SHOPS: &[DiscogsShop] = shops![
    "bop_city_records", "United States", "Philadelphia", USD, "Jazz", 6, Some(600);
    "motor_city_wax", "United States", "Detroit", USD, "Electronic", 8, Some(550);
    "second_spin_chicago", "United States", "Chicago", USD, "", 10, Some(500);
    "desert_dust_records", "United States", "Tucson", USD, "Rock", 5, Some(450);
    "bayou_vinyl_co", "United States", "New Orleans", USD, "Funk / Soul", 5, Some(500);
    "pacific_crate", "United States", "Seattle", USD, "", 7, None;
    "deep_cuts_philly", "United States", "Philadelphia", USD, "Hip Hop", 5, Some(575);
    "harlem_stacks", "United States", "New York", USD, "Jazz", 6, Some(650);
    "sunset_strip_discs", "United States", "Los Angeles", USD, "Rock", 7, Some(500);
    "soho_vinyl_exchange", "United Kingdom", "London", GBP, "", 9, Some(450);
    "northern_soul_depot", "United Kingdom", "Manchester", GBP, "Funk / Soul", 5, Some(400);
    "bristol_dub_store", "United Kingdom", "Bristol", GBP, "Reggae", 4, Some(420);
    "glasgow_grooves", "United Kingdom", "Glasgow", GBP, "Rock", 4, None;
    "kreuzberg_plattenladen", "Germany", "Berlin", EUR, "Electronic", 9, Some(650);
    "plattenbau_leipzig", "Germany", "Leipzig", EUR, "", 5, Some(600);
    "hamburger_schallplatten", "Germany", "Hamburg", EUR, "Jazz", 5, Some(650);
    "amsterdam_record_room", "Netherlands", "Amsterdam", EUR, "Electronic", 6, Some(795);
    "disco_mercato_milano", "Italy", "Milan", EUR, "Funk / Soul", 4, Some(900);
    "vinilos_madrid", "Spain", "Madrid", EUR, "Latin", 3, Some(850);
    "bruxelles_sillons", "Belgium", "Brussels", EUR, "Electronic", 4, Some(750);
    "wien_schallplatten", "Austria", "Vienna", EUR, "Jazz", 3, None;
    "helsinki_levykauppa", "Finland", "Helsinki", EUR, "Rock", 3, Some(990);
    "shibuya_jazz_kissa", "Japan", "Tokyo", JPY, "Jazz", 7, Some(1800);
    "osaka_record_dojo", "Japan", "Osaka", JPY, "", 6, Some(1600);
    "kyoto_wax_temple", "Japan", "Kyoto", JPY, "Electronic", 4, Some(1700);
    "montreal_microsillons", "Canada", "Montreal", CAD, "", 5, Some(1100);
    "vancouver_vinyl_vault", "Canada", "Vancouver", CAD, "Rock", 4, Some(1250);
    "melbourne_milk_crate", "Australia", "Melbourne", AUD, "", 5, Some(1400);
    "sydney_soundshell", "Australia", "Sydney", AUD, "Electronic", 4, Some(1300);
    "brisbane_b_sides", "Australia", "Brisbane", AUD, "Rock", 3, None;
    "zurich_rillen", "Switzerland", "Zürich", CHF, "Jazz", 3, Some(900);
    "stockholm_skivbutik", "Sweden", "Stockholm", SEK, "", 4, Some(8900);
];

/// An eBay seller of the generated catalogue: username, country, city, postal code as eBay shows
/// it, state, currency, domestic and international shipping per item in minor units, and whether
/// it ships abroad at all.
pub struct EbayShop {
    pub username: &'static str,
    pub country: &'static str,
    pub city: &'static str,
    pub postal_code: &'static str,
    pub state: &'static str,
    pub currency: Currency,
    pub domestic: i64,
    pub international: i64,
    pub domestic_only: bool,
}

macro_rules! ebay_shops {
    ($($name:literal, $country:literal, $city:literal, $postal:literal, $state:literal, $cur:ident, $dom:literal, $intl:literal, $only:literal;)*) => {
        &[$(EbayShop { username: $name, country: $country, city: $city, postal_code: $postal, state: $state, currency: Currency::$cur,
            domestic: $dom, international: $intl, domestic_only: $only }),*]
    };
}

pub const EBAY_SHOPS: &[EbayShop] = ebay_shops![
    "wax_trader_philly", "US", "Philadelphia", "191**", "PA", USD, 450, 2200, false;
    "crate_king_records", "US", "Brooklyn", "112**", "NY", USD, 500, 2500, false;
    "detroit_techno_vault", "US", "Detroit", "482**", "MI", USD, 550, 2400, false;
    "jazzman_estate_sales", "US", "Newark", "071**", "NJ", USD, 600, 2800, false;
    "spin_cycle_austin", "US", "Austin", "787**", "TX", USD, 0, 2600, false;
    "groove_garage_la", "US", "Los Angeles", "900**", "CA", USD, 450, 2300, false;
    "midwest_platters", "US", "Minneapolis", "554**", "MN", USD, 400, 0, true;
    "rust_belt_records", "US", "Cleveland", "441**", "OH", USD, 500, 2500, false;
    "southern_soul_finds", "US", "Memphis", "381**", "TN", USD, 450, 2600, false;
    "hudson_valley_hifi", "US", "Kingston", "124**", "NY", USD, 550, 2700, false;
    "london_vinyl_dealer", "GB", "London", "E8 ***", "", GBP, 350, 1400, false;
    "manchester_music_mart", "GB", "Manchester", "M4 ***", "", GBP, 320, 1300, false;
    "brighton_beat_shop", "GB", "Brighton", "BN1 ***", "", GBP, 0, 1500, false;
    "leeds_record_exchange", "GB", "Leeds", "LS1 ***", "", GBP, 300, 1250, false;
    "cardiff_crate_finds", "GB", "Cardiff", "CF10 ***", "", GBP, 350, 0, true;
    "schallplatten_berlin", "DE", "Berlin", "109**", "", EUR, 450, 1600, false;
    "vinyl_keller_muenchen", "DE", "München", "803**", "", EUR, 500, 1700, false;
    "technoladen_frankfurt", "DE", "Frankfurt am Main", "603**", "", EUR, 450, 1500, false;
    "plattenkoffer_koeln", "DE", "Köln", "506**", "", EUR, 0, 1800, false;
    "disques_bastille", "FR", "Paris", "750**", "", EUR, 550, 1900, false;
    "vinyles_lyon", "FR", "Lyon", "690**", "", EUR, 600, 1800, false;
    "dischi_roma", "IT", "Roma", "001**", "", EUR, 700, 2000, false;
    "rotterdam_records", "NL", "Rotterdam", "301**", "", EUR, 495, 1650, false;
    "discos_barcelona", "ES", "Barcelona", "080**", "", EUR, 600, 1900, false;
    "tokyo_record_hunter", "JP", "Tokyo", "150-****", "", USD, 1500, 2200, false;
    "osaka_obi_collector", "JP", "Osaka", "530-****", "", USD, 1400, 2400, false;
    "toronto_wax_co", "CA", "Toronto", "M5V ***", "ON", CAD, 1200, 2600, false;
    "montreal_vinyle", "CA", "Montréal", "H2X ***", "QC", CAD, 1100, 2800, false;
    "aussie_record_bin", "AU", "Melbourne", "3000", "VIC", AUD, 1000, 3200, false;
    "sydney_spin_doctor", "AU", "Sydney", "2000", "NSW", AUD, 1200, 3500, false;
];

/// eBay condition ids of records: new, used, and the graded used ones some sellers pick.
pub const EBAY_CONDITIONS: [(&str, &str); 5] =
    [("New", "1000"), ("Used", "3000"), ("Like New", "2750"), ("Very Good", "4000"), ("Good", "5000")];
