//! Well-known albums (their first pressings) and the labels that reissue records.

use crate::catalogue::model::Size;

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
