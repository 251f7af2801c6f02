//! The word lists the catalogue is generated from: genres with their styles, labels, countries and
//! years; well-known albums (so a person's first searches find records they know); names and
//! title words for invented artists; reissue labels; and the sellers of both marketplaces.
//!
//! None of these contain the words the hand-written fixtures' tests search for (`kind`, `moon`,
//! `pink`, `floyd`, `archive`): those searches keep finding exactly the fixture records.

use super::model::Size;
use crate::rates::Currency;

/// Words no generated record may contain (see the module comment).
pub const RESERVED: [&str; 5] = ["kind", "moon", "pink", "floyd", "archive"];

/// How invented artists of a genre are named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Naming {
    /// `Idris Lattimore`, `Idris Lattimore Quartet`.
    Person,
    /// `The Velvet Lanterns`, `Glass Harbour`.
    Band,
    /// `Kryptic Unit`, `DJ Solenoid`.
    Alias,
    /// `MC Halcyon`, `Lil Forecast`.
    Rapper,
}

pub struct Genre {
    pub name: &'static str,
    pub styles: &'static [&'static str],
    /// Labels invented records of the genre appear on, with their catalogue-number prefix.
    pub labels: &'static [(&'static str, &'static str)],
    pub countries: &'static [&'static str],
    pub years: (u16, u16),
    /// Weights of LP, 2xLP, 12" and 7".
    pub sizes: [u32; 4],
    /// Share of the invented records.
    pub weight: u32,
    pub naming: Naming,
    pub title_words: &'static [&'static str],
}

pub const GENRES: [Genre; 9] = [
    Genre {
        name: "Jazz",
        styles: &[
            "Hard Bop",
            "Modal",
            "Cool Jazz",
            "Post Bop",
            "Bop",
            "Soul-Jazz",
            "Free Jazz",
            "Latin Jazz",
            "Spiritual Jazz",
        ],
        labels: &[
            ("Blue Note", "BLP"),
            ("Blue Note", "BST"),
            ("Prestige", "PRLP"),
            ("Riverside Records", "RLP"),
            ("Impulse!", "AS"),
            ("Verve Records", "V6"),
            ("Contemporary Records", "S"),
            ("Strata-East", "SES"),
            ("Black Jazz Records", "BJQD"),
            ("Candid", "CJS"),
            ("Argo", "LPS"),
            ("Savoy Records", "MG"),
        ],
        countries: &["US", "US", "US", "US", "UK", "France"],
        years: (1955, 1978),
        sizes: [86, 9, 0, 5],
        weight: 20,
        naming: Naming::Person,
        title_words: &[
            "Nocturne",
            "Harlem",
            "Cadence",
            "Midnight",
            "Interlude",
            "Serenade",
            "Voyage",
            "Sketches",
            "Reverie",
            "Ballad",
            "Session",
            "Uptown",
            "Crossing",
            "Lantern",
            "Embers",
            "Avenue",
            "Spiral",
            "Horizon",
            "Mosaic",
            "Resonance",
            "Quartet",
            "Portrait",
            "Elegy",
            "Tides",
            "Canal",
            "Nightfall",
            "Conversation",
            "Pilgrimage",
        ],
    },
    Genre {
        name: "Rock",
        styles: &[
            "Classic Rock",
            "Psychedelic Rock",
            "Garage Rock",
            "Indie Rock",
            "Post-Punk",
            "Punk",
            "Prog Rock",
            "Alternative Rock",
            "Hard Rock",
            "Shoegaze",
        ],
        labels: &[
            ("Parlophone", "PCS"),
            ("Island Records", "ILPS"),
            ("Elektra", "EKS"),
            ("Reprise Records", "RS"),
            ("Sub Pop", "SP"),
            ("Factory", "FACT"),
            ("Rough Trade", "ROUGH"),
            ("4AD", "CAD"),
            ("Matador", "OLE"),
            ("Deram", "SML"),
            ("Sire", "SRK"),
            ("Vertigo", "6360"),
        ],
        countries: &["UK", "UK", "US", "US", "Germany", "Europe"],
        years: (1964, 2012),
        sizes: [70, 8, 5, 17],
        weight: 22,
        naming: Naming::Band,
        title_words: &[
            "Static",
            "Glass",
            "Orchard",
            "Signal",
            "Parade",
            "Fever",
            "Lanterns",
            "Engine",
            "Harbour",
            "Velvet",
            "Thunder",
            "Wires",
            "Mirror",
            "Highway",
            "Ashes",
            "Satellite",
            "Riot",
            "Circus",
            "Garden",
            "Electric",
            "Northern",
            "Silver",
            "Hollow",
            "Wildfire",
            "Tremor",
            "Neon",
            "Coastline",
            "Strangers",
        ],
    },
    Genre {
        name: "Electronic",
        styles: &["Techno", "House", "Deep House", "Minimal", "Acid", "Electro", "Dub Techno", "Ambient", "Acid House"],
        labels: &[
            ("Tresor", "Tresor"),
            ("Axis", "AX"),
            ("Underground Resistance", "UR"),
            ("Transmat", "MS"),
            ("Metroplex", "M"),
            ("Basic Channel", "BC"),
            ("Ostgut Ton", "O-TON"),
            ("Warp Records", "WAP"),
            ("R & S Records", "RS"),
            ("Trax Records", "TX"),
            ("Strictly Rhythm", "SR"),
            ("Planet E", "PE"),
            ("Djax-Up-Beats", "DJAX-UP"),
            ("Kompakt", "KOM"),
            ("M-Plant", "M.PL"),
            ("Nervous Records", "NER"),
        ],
        countries: &["US", "Germany", "Germany", "UK", "Netherlands", "Belgium", "Europe"],
        years: (1986, 2022),
        sizes: [12, 14, 68, 6],
        weight: 22,
        naming: Naming::Alias,
        title_words: &[
            "Pulse",
            "Circuit",
            "Vector",
            "Transmission",
            "Frequency",
            "Machine",
            "Signal",
            "Orbit",
            "Phase",
            "Grid",
            "Voltage",
            "Monolith",
            "Drift",
            "Tunnel",
            "Oscillator",
            "Sequence",
            "Axis",
            "Reactor",
            "Prism",
            "Cortex",
            "Warehouse",
            "Mirage",
            "Current",
            "Spectrum",
            "Motion",
            "Dimension",
            "Elevation",
            "Pressure",
        ],
    },
    Genre {
        name: "Hip Hop",
        styles: &["Boom Bap", "Conscious", "Jazzy Hip-Hop", "Instrumental", "Gangsta", "Abstract"],
        labels: &[
            ("Def Jam Recordings", "DJ"),
            ("Tommy Boy", "TB"),
            ("Rawkus", "RWK"),
            ("Stones Throw Records", "STH"),
            ("Jive", "JIVE"),
            ("Wild Pitch Records", "WPL"),
            ("Delicious Vinyl", "DV"),
            ("Rhymesayers Entertainment", "RSE"),
            ("Big Dada", "BDCD"),
        ],
        countries: &["US", "US", "US", "UK"],
        years: (1986, 2016),
        sizes: [40, 25, 30, 5],
        weight: 10,
        naming: Naming::Rapper,
        title_words: &[
            "Blueprint",
            "Cipher",
            "Concrete",
            "Borough",
            "Chronicles",
            "Breakbeat",
            "Sermon",
            "Hustle",
            "Verses",
            "Skyline",
            "Boombox",
            "Corners",
            "Legacy",
            "Dialect",
            "Anthology",
            "Radio",
            "Gospel",
            "Champion",
        ],
    },
    Genre {
        name: "Funk / Soul",
        styles: &["Soul", "Funk", "Northern Soul", "Rhythm & Blues", "Disco", "Gospel", "Jazz-Funk"],
        labels: &[
            ("Motown", "M"),
            ("Stax", "STS"),
            ("Atlantic", "SD"),
            ("Tamla", "TS"),
            ("Salsoul Records", "SA"),
            ("Philadelphia International Records", "KZ"),
            ("Brunswick", "BL"),
            ("Curtom", "CRS"),
            ("Westbound Records", "WB"),
        ],
        countries: &["US", "US", "US", "UK"],
        years: (1962, 1982),
        sizes: [60, 3, 5, 32],
        weight: 12,
        naming: Naming::Person,
        title_words: &[
            "Sweet",
            "Devotion",
            "Heartache",
            "Sunshine",
            "Groove",
            "Tenderness",
            "Fire",
            "Promise",
            "Honey",
            "Testify",
            "Harmony",
            "Temptation",
            "Rapture",
            "Velvet",
            "Brother",
            "Sister",
            "Paradise",
            "Glory",
        ],
    },
    Genre {
        name: "Reggae",
        styles: &["Roots Reggae", "Dub", "Ska", "Rocksteady", "Dancehall"],
        labels: &[
            ("Studio One", "SOL"),
            ("Trojan Records", "TRLS"),
            ("Greensleeves Records", "GREL"),
            ("Treasure Isle", "TI"),
            ("Channel One", "CO"),
        ],
        countries: &["Jamaica", "Jamaica", "UK"],
        years: (1966, 1988),
        sizes: [55, 0, 10, 35],
        weight: 5,
        naming: Naming::Person,
        title_words: &[
            "Zion", "Dub", "Exodus", "Roots", "Rockers", "Kingston", "Harvest", "Jah", "Rebel", "Ghetto", "Warrior",
            "Sound", "Riddim", "Livity",
        ],
    },
    Genre {
        name: "Folk, World, & Country",
        styles: &["Folk", "Country", "Folk Rock", "Bluegrass", "Afrobeat", "Highlife"],
        labels: &[("Vanguard", "VSD"), ("Nonesuch", "H"), ("Topic", "12TS"), ("Elektra", "EKL"), ("Decca", "SKL")],
        countries: &["US", "UK", "UK", "Nigeria"],
        years: (1960, 1982),
        sizes: [85, 0, 0, 15],
        weight: 4,
        naming: Naming::Person,
        title_words: &[
            "Ballads",
            "Meadow",
            "Lantern",
            "Hollow",
            "River",
            "Ramblin'",
            "Homeward",
            "Willow",
            "Prairie",
            "Winter",
            "Sparrow",
            "Tidewater",
        ],
    },
    Genre {
        name: "Blues",
        styles: &["Chicago Blues", "Delta Blues", "Electric Blues"],
        labels: &[("Chess", "LP"), ("Vee-Jay Records", "VJLP"), ("Alligator Records", "AL"), ("Delmark Records", "DS")],
        countries: &["US"],
        years: (1956, 1978),
        sizes: [85, 0, 0, 15],
        weight: 3,
        naming: Naming::Person,
        title_words: &["Crossroads", "Juke", "Boogie", "Shuffle", "Levee", "Howlin'", "Slide", "Moanin'", "Rollin'"],
    },
    Genre {
        name: "Latin",
        styles: &["Salsa", "Bossa Nova", "Samba", "MPB", "Cumbia"],
        labels: &[("Fania Records", "SLP"), ("Philips", "R"), ("Elenco", "ME"), ("Odeon", "MOFB")],
        countries: &["Brazil", "Brazil", "US", "Colombia"],
        years: (1962, 1982),
        sizes: [88, 0, 0, 12],
        weight: 2,
        naming: Naming::Person,
        title_words: &["Samba", "Saudade", "Carnaval", "Tropical", "Noche", "Sol", "Ritmo", "Bahia", "Caliente"],
    },
];

/// A well-known album: its first pressing.
pub struct Album {
    pub artist: &'static str,
    pub title: &'static str,
    pub year: u16,
    pub label: &'static str,
    pub catno: &'static str,
    pub country: &'static str,
    pub size: Size,
    pub genres: &'static [&'static str],
    pub styles: &'static [&'static str],
}

const JAZZ: &[&str] = &["Jazz"];
const ROCK: &[&str] = &["Rock"];
const ROCK_POP: &[&str] = &["Rock", "Pop"];
const ELECTRONIC: &[&str] = &["Electronic"];
const HIP_HOP: &[&str] = &["Hip Hop"];
const SOUL: &[&str] = &["Funk / Soul"];
const REGGAE: &[&str] = &["Reggae"];
const FOLK: &[&str] = &["Folk, World, & Country"];
const BLUES: &[&str] = &["Blues"];
const LATIN: &[&str] = &["Latin"];

macro_rules! albums {
    ($($artist:literal, $title:literal, $year:literal, $label:literal, $catno:literal, $country:literal, $size:ident, $genres:expr, [$($style:literal),*];)*) => {
        &[$(Album { artist: $artist, title: $title, year: $year, label: $label, catno: $catno, country: $country,
            size: Size::$size, genres: $genres, styles: &[$($style),*] }),*]
    };
}

/// Albums a collector searches for first. Pressings of each are generated around the first one.
pub const ALBUMS: &[Album] = albums![
    "Miles Davis", "'Round About Midnight", 1957, "Columbia", "CL 949", "US", Lp, JAZZ, ["Hard Bop", "Cool Jazz"];
    "Miles Davis", "Milestones", 1958, "Columbia", "CL 1193", "US", Lp, JAZZ, ["Hard Bop", "Modal"];
    "Miles Davis", "Sketches Of Spain", 1960, "Columbia", "CS 8271", "US", Lp, JAZZ, ["Modal", "Cool Jazz"];
    "Miles Davis", "Someday My Prince Will Come", 1961, "Columbia", "CS 8456", "US", Lp, JAZZ, ["Hard Bop", "Modal"];
    "Miles Davis", "Birth Of The Cool", 1957, "Capitol Records", "T-762", "US", Lp, JAZZ, ["Cool Jazz"];
    "Miles Davis", "Bitches Brew", 1970, "Columbia", "GP 26", "US", DoubleLp, JAZZ, ["Fusion", "Jazz-Rock"];
    "Miles Davis", "In A Silent Way", 1969, "Columbia", "CS 9875", "US", Lp, JAZZ, ["Fusion", "Modal"];
    "Miles Davis", "Relaxin' With The Miles Davis Quintet", 1958, "Prestige", "PRLP 7129", "US", Lp, JAZZ, ["Hard Bop"];
    "Miles Davis", "Miles Davis Volume 1", 1956, "Blue Note", "BLP 1501", "US", Lp, JAZZ, ["Bop"];
    "Miles Davis", "Porgy And Bess", 1959, "Columbia", "CS 8085", "US", Lp, JAZZ, ["Cool Jazz"];
    "John Coltrane", "Blue Train", 1957, "Blue Note", "BLP 1577", "US", Lp, JAZZ, ["Hard Bop"];
    "John Coltrane", "Giant Steps", 1960, "Atlantic", "SD 1311", "US", Lp, JAZZ, ["Hard Bop"];
    "John Coltrane", "My Favorite Things", 1961, "Atlantic", "SD 1361", "US", Lp, JAZZ, ["Modal"];
    "Art Blakey & The Jazz Messengers", "Moanin'", 1958, "Blue Note", "BLP 4003", "US", Lp, JAZZ, ["Hard Bop"];
    "Art Blakey & The Jazz Messengers", "Free For All", 1965, "Blue Note", "BST 84170", "US", Lp, JAZZ, ["Hard Bop"];
    "Art Blakey & The Jazz Messengers", "Mosaic", 1962, "Blue Note", "BST 84090", "US", Lp, JAZZ, ["Hard Bop"];
    "Lee Morgan", "The Sidewinder", 1964, "Blue Note", "BST 84157", "US", Lp, JAZZ, ["Hard Bop", "Soul-Jazz"];
    "Lee Morgan", "Candy", 1958, "Blue Note", "BLP 1590", "US", Lp, JAZZ, ["Hard Bop"];
    "Lee Morgan", "Search For The New Land", 1966, "Blue Note", "BST 84169", "US", Lp, JAZZ, ["Post Bop"];
    "Horace Silver Quintet", "Song For My Father", 1965, "Blue Note", "BST 84185", "US", Lp, JAZZ, ["Hard Bop"];
    "Horace Silver Quintet", "Blowin' The Blues Away", 1959, "Blue Note", "BLP 4017", "US", Lp, JAZZ, ["Hard Bop"];
    "Herbie Hancock", "Maiden Voyage", 1965, "Blue Note", "BST 84195", "US", Lp, JAZZ, ["Modal", "Post Bop"];
    "Herbie Hancock", "Takin' Off", 1962, "Blue Note", "BLP 4109", "US", Lp, JAZZ, ["Hard Bop"];
    "Herbie Hancock", "Head Hunters", 1973, "Columbia", "KC 32731", "US", Lp, &["Jazz", "Funk / Soul"], ["Jazz-Funk"];
    "Wayne Shorter", "Speak No Evil", 1966, "Blue Note", "BST 84194", "US", Lp, JAZZ, ["Post Bop"];
    "Wayne Shorter", "JuJu", 1965, "Blue Note", "BST 84182", "US", Lp, JAZZ, ["Post Bop"];
    "Hank Mobley", "Soul Station", 1960, "Blue Note", "BLP 4031", "US", Lp, JAZZ, ["Hard Bop"];
    "Dexter Gordon", "Go", 1962, "Blue Note", "BST 84112", "US", Lp, JAZZ, ["Hard Bop"];
    "Cannonball Adderley", "Somethin' Else", 1958, "Blue Note", "BLP 1595", "US", Lp, JAZZ, ["Hard Bop"];
    "Sonny Clark", "Cool Struttin'", 1958, "Blue Note", "BLP 1588", "US", Lp, JAZZ, ["Hard Bop"];
    "Kenny Burrell", "Midnight Blue", 1963, "Blue Note", "BST 84123", "US", Lp, JAZZ, ["Soul-Jazz"];
    "Thelonious Monk", "Genius Of Modern Music Volume One", 1956, "Blue Note", "BLP 1510", "US", Lp, JAZZ, ["Bop"];
    "Thelonious Monk", "Brilliant Corners", 1957, "Riverside Records", "RLP 12-226", "US", Lp, JAZZ, ["Bop"];
    "Eric Dolphy", "Out To Lunch!", 1964, "Blue Note", "BST 84163", "US", Lp, JAZZ, ["Free Jazz", "Post Bop"];
    "Joe Henderson", "Page One", 1963, "Blue Note", "BST 84140", "US", Lp, JAZZ, ["Hard Bop"];
    "Grant Green", "Idle Moments", 1965, "Blue Note", "BST 84154", "US", Lp, JAZZ, ["Soul-Jazz"];
    "Jimmy Smith", "Back At The Chicken Shack", 1963, "Blue Note", "BST 84117", "US", Lp, JAZZ, ["Soul-Jazz"];
    "Donald Byrd", "Black Byrd", 1973, "Blue Note", "BN-LA047-F", "US", Lp, &["Jazz", "Funk / Soul"], ["Jazz-Funk"];
    "McCoy Tyner", "The Real McCoy", 1967, "Blue Note", "BST 84264", "US", Lp, JAZZ, ["Post Bop", "Modal"];
    "Bobby Hutcherson", "Dialogue", 1965, "Blue Note", "BST 84198", "US", Lp, JAZZ, ["Post Bop"];
    "The Dave Brubeck Quartet", "Time Out", 1959, "Columbia", "CS 8192", "US", Lp, JAZZ, ["Cool Jazz"];
    "Charles Mingus", "Mingus Ah Um", 1959, "Columbia", "CS 8171", "US", Lp, JAZZ, ["Hard Bop", "Post Bop"];
    "The Bill Evans Trio", "Waltz For Debby", 1962, "Riverside Records", "RLP 9399", "US", Lp, JAZZ, ["Cool Jazz"];
    "Sonny Rollins", "Saxophone Colossus", 1957, "Prestige", "PRLP 7079", "US", Lp, JAZZ, ["Hard Bop"];
    "Chet Baker", "Chet Baker Sings", 1956, "Pacific Jazz", "PJ-1222", "US", Lp, JAZZ, ["Cool Jazz", "Vocal"];
    "Stan Getz & João Gilberto", "Getz / Gilberto", 1964, "Verve Records", "V6-8545", "US", Lp, &["Jazz", "Latin"], ["Bossa Nova"];
    "Ornette Coleman", "The Shape Of Jazz To Come", 1959, "Atlantic", "SD 1317", "US", Lp, JAZZ, ["Free Jazz"];
    "Pharoah Sanders", "Karma", 1969, "Impulse!", "AS-9181", "US", Lp, JAZZ, ["Free Jazz", "Spiritual Jazz"];
    "Alice Coltrane", "Journey In Satchidananda", 1971, "Impulse!", "AS-9203", "US", Lp, JAZZ, ["Spiritual Jazz"];
    "Keith Jarrett", "The Köln Concert", 1975, "ECM Records", "ECM 1064/65", "Germany", DoubleLp, JAZZ, ["Contemporary Jazz"];
    "The Beatles", "Please Please Me", 1963, "Parlophone", "PCS 3042", "UK", Lp, ROCK_POP, ["Beat", "Pop Rock"];
    "The Beatles", "With The Beatles", 1963, "Parlophone", "PCS 3045", "UK", Lp, ROCK_POP, ["Beat", "Pop Rock"];
    "The Beatles", "A Hard Day's Night", 1964, "Parlophone", "PCS 3058", "UK", Lp, ROCK_POP, ["Beat", "Pop Rock"];
    "The Beatles", "Beatles For Sale", 1964, "Parlophone", "PCS 3062", "UK", Lp, ROCK_POP, ["Beat", "Pop Rock"];
    "The Beatles", "Help!", 1965, "Parlophone", "PCS 3071", "UK", Lp, ROCK_POP, ["Pop Rock"];
    "The Beatles", "Rubber Soul", 1965, "Parlophone", "PCS 3075", "UK", Lp, ROCK_POP, ["Pop Rock", "Folk Rock"];
    "The Beatles", "Revolver", 1966, "Parlophone", "PCS 7009", "UK", Lp, ROCK_POP, ["Psychedelic Rock", "Pop Rock"];
    "The Beatles", "Sgt. Pepper's Lonely Hearts Club Band", 1967, "Parlophone", "PCS 7027", "UK", Lp, ROCK_POP, ["Psychedelic Rock"];
    "The Beatles", "Magical Mystery Tour", 1967, "Capitol Records", "SMAL 2835", "US", Lp, ROCK_POP, ["Psychedelic Rock"];
    "The Beatles", "The Beatles", 1968, "Apple Records", "PCS 7067/8", "UK", DoubleLp, ROCK_POP, ["Pop Rock", "Blues Rock"];
    "The Beatles", "Yellow Submarine", 1969, "Apple Records", "PCS 7070", "UK", Lp, ROCK_POP, ["Psychedelic Rock"];
    "The Beatles", "Let It Be", 1970, "Apple Records", "PCS 7096", "UK", Lp, ROCK_POP, ["Pop Rock"];
    "The Beatles", "Twist And Shout", 1963, "Parlophone", "GEP 8882", "UK", Seven, ROCK_POP, ["Beat"];
    "The Rolling Stones", "Let It Bleed", 1969, "Decca", "SKL 5025", "UK", Lp, ROCK, ["Blues Rock", "Classic Rock"];
    "The Rolling Stones", "Sticky Fingers", 1971, "Rolling Stones Records", "COC 59100", "UK", Lp, ROCK, ["Blues Rock"];
    "The Rolling Stones", "Exile On Main St.", 1972, "Rolling Stones Records", "COC 69100", "UK", DoubleLp, ROCK, ["Blues Rock"];
    "David Bowie", "Hunky Dory", 1971, "RCA Victor", "SF 8244", "UK", Lp, ROCK, ["Glam", "Art Rock"];
    "David Bowie", "The Rise And Fall Of Ziggy Stardust And The Spiders From Mars", 1972, "RCA Victor", "SF 8287", "UK", Lp, ROCK, ["Glam"];
    "David Bowie", "Low", 1977, "RCA Victor", "PL 12030", "UK", Lp, &["Electronic", "Rock"], ["Art Rock", "Ambient"];
    "The Velvet Underground & Nico", "The Velvet Underground & Nico", 1967, "Verve Records", "V6-5008", "US", Lp, ROCK, ["Art Rock"];
    "Talking Heads", "Remain In Light", 1980, "Sire", "SRK 6095", "US", Lp, ROCK, ["New Wave", "Art Rock"];
    "Joy Division", "Unknown Pleasures", 1979, "Factory", "FACT 10", "UK", Lp, ROCK, ["Post-Punk"];
    "Joy Division", "Closer", 1980, "Factory", "FACT 25", "UK", Lp, ROCK, ["Post-Punk"];
    "The Smiths", "The Queen Is Dead", 1986, "Rough Trade", "ROUGH 96", "UK", Lp, ROCK, ["Indie Rock"];
    "Bob Dylan", "Highway 61 Revisited", 1965, "Columbia", "CS 9189", "US", Lp, &["Rock", "Folk, World, & Country"], ["Folk Rock"];
    "Bob Dylan", "Blonde On Blonde", 1966, "Columbia", "C2S 841", "US", DoubleLp, &["Rock", "Folk, World, & Country"], ["Folk Rock"];
    "Neil Young", "Harvest", 1972, "Reprise Records", "MS 2032", "US", Lp, &["Rock", "Folk, World, & Country"], ["Folk Rock", "Country Rock"];
    "Kate Bush", "Hounds Of Love", 1985, "EMI", "KAB 1", "UK", Lp, &["Electronic", "Rock", "Pop"], ["Art Rock", "Synth-pop"];
    "Jeff Mills", "Waveform Transmission Vol. 1", 1992, "Tresor", "Tresor 011", "Germany", DoubleLp, ELECTRONIC, ["Techno"];
    "Jeff Mills", "The Bells", 1997, "Purpose Maker", "PM-007", "US", Twelve, ELECTRONIC, ["Techno"];
    "Jeff Mills", "Cycle 30", 1994, "Axis", "AX-006", "US", Twelve, ELECTRONIC, ["Techno", "Minimal"];
    "Robert Hood", "Minimal Nation", 1994, "Axis", "AX-008", "US", DoubleLp, ELECTRONIC, ["Minimal", "Techno"];
    "Robert Hood", "Internal Empire", 1994, "Tresor", "Tresor 028", "Germany", DoubleLp, ELECTRONIC, ["Minimal", "Techno"];
    "Underground Resistance", "Galaxy 2 Galaxy", 1993, "Underground Resistance", "UR-020", "US", DoubleLp, ELECTRONIC, ["Techno", "Electro"];
    "Underground Resistance", "Sonic Destroyer", 1991, "Underground Resistance", "UR-007", "US", Twelve, ELECTRONIC, ["Techno"];
    "Rhythim Is Rhythim", "Strings Of Life", 1987, "Transmat", "MS-8", "US", Twelve, ELECTRONIC, ["Techno", "Detroit Techno"];
    "Model 500", "No UFO's", 1985, "Metroplex", "M-001", "US", Twelve, ELECTRONIC, ["Electro", "Techno"];
    "Basic Channel", "Quadrant Dub", 1994, "Basic Channel", "BC-08", "Germany", Twelve, ELECTRONIC, ["Dub Techno", "Minimal"];
    "Plastikman", "Sheet One", 1993, "Plus 8 Records Ltd.", "PLUS8022", "Canada", DoubleLp, ELECTRONIC, ["Techno", "Acid", "Minimal"];
    "Drexciya", "Neptune's Lair", 1999, "Tresor", "Tresor 129", "Germany", DoubleLp, ELECTRONIC, ["Electro"];
    "Surgeon", "Force + Form", 1999, "Tresor", "Tresor 138", "Germany", DoubleLp, ELECTRONIC, ["Techno"];
    "Ben Klock", "One", 2009, "Ostgut Ton", "O-TON 26", "Germany", DoubleLp, ELECTRONIC, ["Techno", "Minimal"];
    "Marcel Dettmann", "Dettmann", 2010, "Ostgut Ton", "O-TON 34", "Germany", DoubleLp, ELECTRONIC, ["Techno"];
    "Mr. Fingers", "Can You Feel It", 1986, "Trax Records", "TX 117", "US", Twelve, ELECTRONIC, ["Deep House", "House"];
    "Frankie Knuckles", "Your Love", 1987, "Trax Records", "TX 152", "US", Twelve, ELECTRONIC, ["House"];
    "Phuture", "Acid Tracks", 1987, "Trax Records", "TX 142", "US", Twelve, ELECTRONIC, ["Acid House"];
    "Moodymann", "Silentintroduction", 1997, "Planet E", "PE 65239", "US", DoubleLp, ELECTRONIC, ["Deep House"];
    "Theo Parrish", "First Floor", 1998, "Peacefrog Records", "PF074", "UK", DoubleLp, ELECTRONIC, ["Deep House"];
    "Aphex Twin", "Selected Ambient Works 85-92", 1992, "Apollo", "AMB 3922", "Belgium", DoubleLp, ELECTRONIC, ["Techno", "Ambient", "IDM"];
    "Kraftwerk", "Trans-Europe Express", 1977, "Kling Klang", "1C 064-82 306", "Germany", Lp, ELECTRONIC, ["Synth-pop", "Electro"];
    "Kraftwerk", "Computer World", 1981, "Kling Klang", "1C 064-46 311", "Germany", Lp, ELECTRONIC, ["Synth-pop", "Electro"];
    "A Tribe Called Quest", "The Low End Theory", 1991, "Jive", "1418-1-J", "US", Lp, HIP_HOP, ["Conscious", "Jazzy Hip-Hop"];
    "A Tribe Called Quest", "Midnight Marauders", 1993, "Jive", "01241-41490-1", "US", Lp, HIP_HOP, ["Jazzy Hip-Hop"];
    "De La Soul", "3 Feet High And Rising", 1989, "Tommy Boy", "TB 1019", "US", Lp, HIP_HOP, ["Conscious"];
    "Nas", "Illmatic", 1994, "Columbia", "C 57684", "US", Lp, HIP_HOP, ["Boom Bap"];
    "Wu-Tang Clan", "Enter The Wu-Tang (36 Chambers)", 1993, "Loud Records", "07863 66336-1", "US", Lp, HIP_HOP, ["Boom Bap"];
    "Madvillain", "Madvillainy", 2004, "Stones Throw Records", "STH2065", "US", DoubleLp, HIP_HOP, ["Abstract", "Boom Bap"];
    "J Dilla", "Donuts", 2006, "Stones Throw Records", "STH2126", "US", DoubleLp, HIP_HOP, ["Instrumental", "Boom Bap"];
    "Public Enemy", "It Takes A Nation Of Millions To Hold Us Back", 1988, "Def Jam Recordings", "BFW 44303", "US", Lp, HIP_HOP, ["Conscious"];
    "Gang Starr", "Moment Of Truth", 1998, "Noo Trybe Records", "7243 8 45585 1 0", "US", DoubleLp, HIP_HOP, ["Boom Bap"];
    "Marvin Gaye", "What's Going On", 1971, "Tamla", "TS 310", "US", Lp, SOUL, ["Soul"];
    "Stevie Wonder", "Innervisions", 1973, "Tamla", "T 326L", "US", Lp, SOUL, ["Soul", "Funk"];
    "Stevie Wonder", "Songs In The Key Of Life", 1976, "Tamla", "T13-340C2", "US", DoubleLp, SOUL, ["Soul", "Funk"];
    "Curtis Mayfield", "Super Fly", 1972, "Curtom", "CRS 8014-ST", "US", Lp, SOUL, ["Funk", "Soul"];
    "Aretha Franklin", "Lady Soul", 1968, "Atlantic", "SD 8176", "US", Lp, SOUL, ["Soul", "Rhythm & Blues"];
    "Al Green", "Let's Stay Together", 1972, "Hi Records", "SHL 32070", "US", Lp, SOUL, ["Soul"];
    "Donny Hathaway", "Extension Of A Man", 1973, "Atco Records", "SD 7029", "US", Lp, SOUL, ["Soul"];
    "Bill Withers", "Just As I Am", 1971, "Sussex", "SXBS 7006", "US", Lp, SOUL, ["Soul", "Folk Rock"];
    "Parliament", "Mothership Connection", 1975, "Casablanca", "NBLP 7022", "US", Lp, SOUL, ["Funk"];
    "Bob Marley & The Wailers", "Catch A Fire", 1973, "Island Records", "ILPS 9241", "UK", Lp, REGGAE, ["Roots Reggae"];
    "Bob Marley & The Wailers", "Exodus", 1977, "Island Records", "ILPS 9498", "UK", Lp, REGGAE, ["Roots Reggae"];
    "Burning Spear", "Marcus Garvey", 1975, "Island Records", "ILPS 9377", "UK", Lp, REGGAE, ["Roots Reggae"];
    "The Congos", "Heart Of The Congos", 1977, "Black Art", "BA 001", "Jamaica", Lp, REGGAE, ["Roots Reggae", "Dub"];
    "Fela Ransome-Kuti And The Africa '70", "Zombie", 1976, "Coconut", "PMLP 1000", "Nigeria", Lp, &["Funk / Soul", "Folk, World, & Country"], ["Afrobeat"];
    "Muddy Waters", "Folk Singer", 1964, "Chess", "LP 1483", "US", Lp, BLUES, ["Delta Blues"];
    "B.B. King", "Live At The Regal", 1965, "ABC-Paramount", "ABCS-509", "US", Lp, BLUES, ["Electric Blues"];
    "Jorge Ben", "África Brasil", 1976, "Philips", "6349 187", "Brazil", Lp, LATIN, ["MPB", "Samba"];
    "Os Mutantes", "Os Mutantes", 1968, "Polydor", "LPNG 44.018", "Brazil", Lp, &["Rock", "Latin"], ["Psychedelic Rock", "MPB"];
    "Leonard Cohen", "Songs Of Leonard Cohen", 1967, "Columbia", "CS 9533", "US", Lp, FOLK, ["Folk"];
    "Simon & Garfunkel", "Bookends", 1968, "Columbia", "KCS 9529", "US", Lp, &["Rock", "Folk, World, & Country"], ["Folk Rock"];
];

/// Labels that reissue other labels' records, with their catalogue-number prefix, by genre.
pub const REISSUE_LABELS: [(&str, &str, &str); 12] = [
    ("Jazz", "Music Matters Jazz", "MMBST-"),
    ("Jazz", "Analogue Productions", "AP-"),
    ("Jazz", "Original Jazz Classics", "OJC-"),
    ("Jazz", "Speakers Corner Records", "SC "),
    ("Rock", "Music On Vinyl", "MOVLP"),
    ("Rock", "Mobile Fidelity Sound Lab", "MFSL 1-"),
    ("Funk / Soul", "Music On Vinyl", "MOVLP"),
    ("Hip Hop", "Mr Bongo", "MRBLP"),
    ("Reggae", "Pressure Sounds", "PSLP"),
    ("Latin", "Mr Bongo", "MRBLP"),
    ("Blues", "Speakers Corner Records", "SC "),
    ("Folk, World, & Country", "Light In The Attic", "LITA "),
];

/// Japanese pressing houses and their catalogue-number prefixes.
pub const JAPANESE_LABELS: [(&str, &str); 5] =
    [("King Records", "GXK-"), ("Toshiba EMI", "EMS-"), ("CBS/Sony", "18AP "), ("Victor", "VIJ-"), ("Polydor", "MPF ")];

pub const FIRST_NAMES: [&str; 44] = [
    "Curtis",
    "Dolores",
    "Elvin",
    "Franklin",
    "Harold",
    "Idris",
    "June",
    "Lonnie",
    "Marcus",
    "Nathaniel",
    "Odell",
    "Rufus",
    "Tyrone",
    "Walter",
    "Yusef",
    "Bernice",
    "Clifford",
    "Delphine",
    "Ernestine",
    "Gloria",
    "Hollis",
    "Irma",
    "Jerome",
    "Kenneth",
    "Lucille",
    "Mavis",
    "Nolan",
    "Otis",
    "Percy",
    "Queenie",
    "Roland",
    "Sylvester",
    "Teddy",
    "Ulysses",
    "Vernon",
    "Winston",
    "Xavier",
    "Zora",
    "Ahmad",
    "Benny",
    "Cecil",
    "Dizzy",
    "Etta",
    "Lionel",
];

pub const LAST_NAMES: [&str; 48] = [
    "Abernathy",
    "Booker",
    "Calloway",
    "Denham",
    "Ellison",
    "Fairbanks",
    "Gaines",
    "Hollins",
    "Irving",
    "Jessup",
    "Kirkland",
    "Lattimore",
    "Merriweather",
    "Norwood",
    "Oakes",
    "Pettiford",
    "Quarles",
    "Rucker",
    "Sampson",
    "Truesdale",
    "Underwood",
    "Vance",
    "Whitfield",
    "Yancey",
    "Bradshaw",
    "Carrington",
    "Dunbar",
    "Eldridge",
    "Fontaine",
    "Garland",
    "Hightower",
    "Jameson",
    "Kincaid",
    "Lockhart",
    "Mayweather",
    "Nesbitt",
    "Ogilvie",
    "Pruitt",
    "Redding",
    "Strayhorn",
    "Talbot",
    "Upchurch",
    "Wadsworth",
    "Winfield",
    "Coleridge",
    "Montague",
    "Beauchamp",
    "Delacroix",
];

/// Ensemble words after a jazz leader's name.
pub const ENSEMBLES: [&str; 6] = ["Quartet", "Trio", "Quintet", "Sextet", "& His Orchestra", "Big Band"];

pub const BAND_ADJECTIVES: [&str; 30] = [
    "Velvet",
    "Static",
    "Broken",
    "Electric",
    "Silver",
    "Crimson",
    "Hollow",
    "Wild",
    "Paper",
    "Golden",
    "Northern",
    "Lonesome",
    "Burning",
    "Quiet",
    "Restless",
    "Sacred",
    "Savage",
    "Frozen",
    "Faded",
    "Scarlet",
    "Gentle",
    "Iron",
    "Midnight",
    "Lost",
    "Secret",
    "Tangerine",
    "Violet",
    "Amber",
    "Rusted",
    "Radiant",
];

pub const BAND_NOUNS: [&str; 30] = [
    "Lanterns",
    "Harbours",
    "Orchards",
    "Wolves",
    "Sparrows",
    "Engines",
    "Mirrors",
    "Rivers",
    "Satellites",
    "Strangers",
    "Comets",
    "Ghosts",
    "Pilots",
    "Saints",
    "Thieves",
    "Foxes",
    "Gardens",
    "Echoes",
    "Tigers",
    "Drifters",
    "Hearts",
    "Kings",
    "Sailors",
    "Shadows",
    "Magnets",
    "Lovers",
    "Caravans",
    "Owls",
    "Ravens",
    "Architects",
];

pub const ALIAS_WORDS: [&str; 36] = [
    "Kryptic",
    "Solenoid",
    "Vektor",
    "Nullpunkt",
    "Ferro",
    "Oblique",
    "Halogen",
    "Stasis",
    "Quadrant",
    "Mekanik",
    "Paradox",
    "Cobalt",
    "Tensor",
    "Sublevel",
    "Hexagon",
    "Ultraviolet",
    "Zenith",
    "Fathom",
    "Ion",
    "Kinetic",
    "Isotope",
    "Modular",
    "Spectral",
    "Dynamo",
    "Helix",
    "Radial",
    "Axon",
    "Quasar",
    "Tektonik",
    "Nebular",
    "Carbon",
    "Obsidian",
    "Fluxion",
    "Rotor",
    "Polar",
    "Vortex",
];

pub const ALIAS_SUFFIXES: [&str; 8] =
    ["Unit", "System", "Project", "Collective", "Sound", "Audio", "Dept.", "Industries"];

pub const RAPPER_PREFIXES: [&str; 6] = ["MC", "Lil", "Big", "DJ", "Kool", "Prince"];

pub const RAPPER_NAMES: [&str; 26] = [
    "Halcyon", "Forecast", "Verbal", "Cipher", "Metric", "Rhetoric", "Scholar", "Ledger", "Monarch", "Parable",
    "Riddler", "Almanac", "Sermon", "Phantom", "Lyric", "Oracle", "Tactic", "Nomad", "Axiom", "Proverb", "Quill",
    "Maverick", "Sentinel", "Dialect", "Ember", "Gambit",
];

pub const CREWS: [&str; 6] = ["Clique", "Crew", "Collective", "Syndicate", "Posse", "Alliance"];

/// Words any invented title may use, besides its genre's.
pub const COMMON_TITLE_WORDS: [&str; 36] = [
    "Morning",
    "Evening",
    "Summer",
    "Winter",
    "City",
    "Stars",
    "Rain",
    "Shadows",
    "Light",
    "Dreams",
    "Journey",
    "Echoes",
    "Distance",
    "Gold",
    "Smoke",
    "Waves",
    "Streets",
    "Garden",
    "Fire",
    "Silence",
    "Secrets",
    "Horizon",
    "Paradise",
    "Crossroads",
    "Heat",
    "Memory",
    "Storm",
    "Ocean",
    "Empire",
    "Rhythm",
    "Spirit",
    "Time",
    "Glow",
    "Radio",
    "Thunder",
    "Mountain",
];

pub const TITLE_ADJECTIVES: [&str; 24] = [
    "Endless", "Hidden", "Golden", "Restless", "Electric", "Quiet", "Bright", "Distant", "Sweet", "Wild", "Lost",
    "Second", "Open", "Deep", "Silver", "Sacred", "Strange", "Lonely", "Burning", "Higher", "Modern", "Secret", "Last",
    "Early",
];

pub const PLACES: [&str; 20] = [
    "Harlem",
    "Detroit",
    "Chicago",
    "Lagos",
    "Kingston",
    "Memphis",
    "Brooklyn",
    "Paris",
    "Berlin",
    "Havana",
    "Manchester",
    "Oakland",
    "Rio",
    "New Orleans",
    "Tokyo",
    "Lisbon",
    "Bristol",
    "Philadelphia",
    "Montreal",
    "Copenhagen",
];

pub const VENUES: [&str; 8] = [
    "Village Gate",
    "Half Note",
    "Lighthouse",
    "Blue Coronet",
    "Jazz Workshop",
    "Five Spot",
    "Plugged Nickel",
    "Showboat",
];

/// Track titles of generated tracklists.
pub const TRACK_WORDS: [&str; 24] = [
    "Intro",
    "Nightwalk",
    "Reprise",
    "Sunday",
    "Outro",
    "Departure",
    "Afterglow",
    "Homecoming",
    "Skyline",
    "Undertow",
    "Slow Burn",
    "Daybreak",
    "Lullaby",
    "Carousel",
    "Aftermath",
    "Overture",
    "Interlude",
    "Parallel",
    "Firefly",
    "Starlight",
    "Crosstown",
    "Backstreet",
    "Riverside",
    "Heatwave",
];

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
