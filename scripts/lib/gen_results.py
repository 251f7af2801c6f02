#!/usr/bin/env python3
"""Deterministic synthetic VinylDigger search results for benchmarks.

The generator the original system's figures were taken with (docs/performance.md), kept
byte-for-byte in what it writes: `./scripts/bench writer` feeds its output to the result writer.

Produces one saved search with N results (Discogs marketplace listings and eBay
Browse summaries) whose `item_data` has the *normalised* shape that the search
job stores. Only the standard library is used, and
the output depends only on (N, seed): the same command always writes the same
bytes, so the original Python system and this project can be fed the
very same input.

Output JSON (compact, one object):
  meta                    generator name/version, seed, n, counts
  user                    {email}
  search                  {name, query, platform, filters, seller_location_preference, ...}
  collection_release_ids  Discogs release ids the user owns   (as strings)
  wantlist_release_ids    Discogs release ids on the want list (as strings)
  results                 list of {platform, item_id, is_in_collection, is_in_wantlist, item_data}

The two flags in each result are what the search job derives: a Discogs listing
is flagged when its `release_id` is in the owned/wanted sets; eBay listings are
never flagged. The generator picks the two sets so that
about 10 % of all results are want-list hits and about 5 % collection hits.

Mix: ~60 % Discogs / ~40 % eBay; ~N/20 distinct sellers (per-platform pools,
every seller has at least one listing, the rest follow a Zipf long tail);
~N/5 distinct records, each with 1-3 Discogs release ids (pressings), listing
popularity also Zipf; titles vary per platform and per listing the way they do
in real data ("Artist - Album (LP, Album, RE)" on Discogs; "ARTIST Album LP
Vinyl 1973 NM", "Artist - Album 180g", no-dash titles ... on eBay).

Usage:
  python3 gen_results.py N [--seed 42] [-o results-N.json]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from bisect import bisect_left
from itertools import accumulate

GENERATOR_VERSION = "1"

# --- vocabulary (synthetic names; nothing here is a real catalogue) -------------

FIRST = ["Miles", "Nina", "Otis", "Aretha", "Curtis", "Joni", "Lou", "Patti", "Stevie", "Marvin", "Etta",
         "Chet", "Sonny", "Billie", "Roberta", "Isaac", "Dusty", "Gil", "Herbie", "Alice", "Ornette", "Sly",
         "Bobbie", "Karen", "Tom", "Kate", "Neil", "Cass", "Ravi", "Fela"]
LAST = ["Harlow", "Okafor", "Brennan", "Lindqvist", "Moreau", "Castell", "Whitaker", "Nakamura", "Delgado",
        "Ferreira", "Kowalski", "Ashby", "Quinlan", "Hale", "Mercer", "Vance", "Rourke", "Sato", "Ibarra",
        "Lund", "Poirier", "Crane", "Adeyemi", "Holt", "Marsh"]
BAND_ADJ = ["Velvet", "Electric", "Silver", "Midnight", "Crimson", "Golden", "Hollow", "Wandering", "Broken",
            "Radiant", "Lonesome", "Cosmic", "Paper", "Northern", "Savage", "Gentle", "Frozen", "Burning",
            "Quiet", "Neon", "Wild", "Analog", "Purple", "Distant"]
BAND_NOUN = ["Owls", "Machines", "Harbour", "Satellites", "Orchard", "Foxes", "Prophets", "Rivers", "Engines",
             "Lanterns", "Ghosts", "Horses", "Pilots", "Mirrors", "Sparrows", "Kings", "Tigers", "Monks",
             "Valleys", "Signals", "Drifters", "Comets"]
ALB_A = ["Kind", "Dark", "Blue", "Bitter", "Sweet", "Endless", "Secret", "Lost", "Strange", "Blonde", "Still",
         "Hidden", "Electric", "Morning", "Evening", "Silent", "Last", "Second", "Burning", "Velvet", "Broken",
         "Sunday", "Wild", "Golden", "Crystal", "Heavy", "Paper", "Tender", "Open", "Winter"]
ALB_B = ["Side", "Moon", "Highway", "Garden", "Letters", "Dreams", "Machine", "Horizon", "River", "Sessions",
         "Nights", "Streets", "Waves", "Fire", "Heart", "Rain", "Light", "Mountain", "Echoes", "Roads",
         "Stories", "Weather", "Mirrors", "Voices", "Island", "Tapes", "Years", "Blues", "Hymns", "Signals"]
ALB_FORM = ["{a} {b}", "The {a} {b}", "{a} Of The {b}", "{b} & {a}", "{a} {b}, Vol. 2", "{a} {b} (Live)",
            "Songs For The {a} {b}", "{a}-{b}", "{a} {b}!"]
LABELS = [("Harbour Records", "HR"), ("Blue Lantern", "BLP"), ("Crimson Sound", "CS"), ("Northgate", "NG"),
          ("Paper Moon Music", "PMM"), ("Analog Tone", "AT"), ("Velvet Owl", "VO"), ("Sunday Press", "SP"),
          ("Electric Orchard", "EO"), ("Mercer Bros.", "MB")]
DISCOGS_FORMATS = ["LP, Album", "LP, Album, RE", "LP, Album, RP", "LP, Album, RM, 180", "2xLP, Album",
                   "LP, Album, Ltd, Col", "LP, Comp", "12\", EP", "7\", Single", "LP, Album, Promo",
                   "LP, Album, Gat", "2xLP, Album, RE, 180"]
DISCOGS_COND = ["Mint (M)", "Near Mint (NM or M-)", "Very Good Plus (VG+)", "Very Good (VG)",
                "Good Plus (G+)", "Good (G)", "Fair (F)", "Poor (P)"]
DISCOGS_COND_W = [4, 22, 34, 20, 9, 6, 3, 2]
SLEEVE_COND = DISCOGS_COND + ["Generic", "Not Graded", "No Cover"]
SLEEVE_COND_W = [3, 18, 30, 22, 9, 6, 3, 2, 3, 3, 1]
EBAY_COND = [("New", "1000"), ("Like New", "2750"), ("Pre-owned", "3000"), ("Used", "3000"),
             ("Very Good", "4000"), ("Good", "5000"), ("Acceptable", "6000")]
EBAY_COND_W = [12, 6, 35, 25, 12, 7, 3]
EBAY_EXTRA = ["LP", "Vinyl LP", "LP Vinyl Record", "12\" Vinyl", "180g Vinyl LP", "Vinyl Record NM",
              "LP VG+", "Original Pressing", "Vinyl LP NEW SEALED", "Record Album", "LP Gatefold",
              "Remastered 180 Gram", "Vinyl 1st Press", "LP EX/VG+"]
COUNTRIES = [("US", "New York", "NY", "10001"), ("US", "Portland", "OR", "97201"), ("US", "Austin", "TX", "73301"),
             ("GB", "London", "", "E1 6AN"), ("DE", "Berlin", "", "10115"), ("CA", "Toronto", "ON", "M5H"),
             ("FR", "Paris", "", "75001"), ("JP", "Tokyo", "", "100-0001"), ("NL", "Utrecht", "", "3511"),
             ("AU", "Melbourne", "VIC", "3000")]
COUNTRY_W = [30, 10, 8, 14, 10, 7, 6, 6, 5, 4]
CURRENCIES = [("USD", "$"), ("EUR", "€"), ("GBP", "£"), ("JPY", "¥")]


def zipf_cdf(n: int, s: float) -> list[float]:
    weights = [1.0 / (k ** s) for k in range(1, n + 1)]
    cdf = list(accumulate(weights))
    total = cdf[-1]
    return [c / total for c in cdf]


def zipf_pick(rng: random.Random, cdf: list[float]) -> int:
    return min(bisect_left(cdf, rng.random()), len(cdf) - 1)


def make_catalogue(rng: random.Random, n_records: int) -> list[dict]:
    """Distinct records: artist, album, year, label/catno, 1-3 pressings (release ids)."""
    n_artists = max(3, n_records // 4)
    artists: list[str] = []
    seen: set[str] = set()
    while len(artists) < n_artists:
        r = rng.random()
        if r < 0.45:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        elif r < 0.85:
            name = f"The {rng.choice(BAND_ADJ)} {rng.choice(BAND_NOUN)}"
        elif r < 0.95:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)} Quartet"
        else:
            name = f"{rng.choice(BAND_ADJ)} {rng.choice(BAND_NOUN)}"
        if name in seen:
            if len(seen) > 0.9 * (len(FIRST) * len(LAST) + len(BAND_ADJ) * len(BAND_NOUN)):
                name = f"{name} {len(artists)}"
            else:
                continue
        seen.add(name)
        artists.append(name)

    records: list[dict] = []
    titles: set[tuple[str, str]] = set()
    next_release = 1_000_000 + rng.randrange(100_000)
    while len(records) < n_records:
        if len(records) % 40 == 39:
            artist = "Various"
        else:
            artist = artists[len(records) % n_artists if rng.random() < 0.5 else rng.randrange(n_artists)]
        album = rng.choice(ALB_FORM).format(a=rng.choice(ALB_A), b=rng.choice(ALB_B))
        if (artist, album) in titles:
            continue
        titles.add((artist, album))
        label, prefix = rng.choice(LABELS)
        year = rng.randint(1958, 2023)
        pressings = []
        for p in range(rng.choice([1, 1, 2, 2, 3])):
            next_release += rng.randint(1, 5000)
            pressings.append({
                "release_id": str(next_release),
                "year": year if p == 0 else rng.randint(year, 2024),
                "format": rng.choice(DISCOGS_FORMATS),
                "catno": f"{prefix} {rng.randint(100, 9999)}" if rng.random() < 0.9 else f"{prefix}-{rng.randint(10, 999)}",
            })
        records.append({"artist": artist, "album": album, "year": year, "label": label, "pressings": pressings,
                        "base_price": round(math.exp(rng.gauss(3.1, 0.6)), 2)})
    return records


def price_for(rng: random.Random, base: float, condition_rank: int) -> float:
    factor = {0: 1.6, 1: 1.25, 2: 1.0, 3: 0.75, 4: 0.5, 5: 0.4, 6: 0.3, 7: 0.2}[condition_rank]
    p = base * factor * math.exp(rng.gauss(0, 0.25))
    return round(max(1.0, min(p, 2500.0)), 2)


def make_sellers(rng: random.Random, n: int, platform: str) -> list[dict]:
    sellers = []
    used: set[str] = set()
    for i in range(n):
        while True:
            stem = rng.choice(["vinyl", "records", "wax", "groove", "crate", "spin", "needle", "audio",
                               "sound", "dig", "stylus", "platter", "analog", "soul", "jazz"])
            name = f"{rng.choice(BAND_ADJ).lower()}{stem}{rng.randint(1, 999)}"
            if platform == "ebay" and rng.random() < 0.3:
                name = f"{name}_{rng.choice(['shop', 'uk', 'usa', 'de', 'store'])}"
            if name not in used:
                used.add(name)
                break
        country = rng.choices(COUNTRIES, COUNTRY_W)[0]
        rating = round(rng.choice([100.0, 100.0, 99.9, 99.8, 99.5, 99.1, 98.7, 97.9, 96.0, 92.4, 88.0]), 1)
        if platform == "discogs":
            sellers.append({"id": name, "username": name, "rating": rating,
                            "url": f"https://www.discogs.com/seller/{name}/profile", "country": country})
        else:
            sellers.append({"username": name, "feedback_percentage": f"{rating}",
                            "feedback_score": int(math.exp(rng.uniform(1.0, 10.5))), "country": country})
    return sellers


def seller_assignment(rng: random.Random, n_items: int, n_sellers: int) -> list[int]:
    """Every seller gets one listing; the rest follow a Zipf long tail (s=1.07)."""
    order = list(range(n_sellers))
    rng.shuffle(order)
    cdf = zipf_cdf(n_sellers, 1.07)
    picks = order[:min(n_items, n_sellers)]
    picks += [order[zipf_pick(rng, cdf)] for _ in range(n_items - len(picks))]
    rng.shuffle(picks)
    return picks


def discogs_title(rng: random.Random, rec: dict, pressing: dict) -> str:
    extra = pressing["format"]
    if rng.random() < 0.15:
        extra = f"{extra}, {rng.choice(['US', 'UK', 'Europe', 'Germany', 'Japan'])}"
    return f"{rec['artist']} - {rec['album']} ({extra})"


def ebay_title(rng: random.Random, rec: dict, pressing: dict) -> str:
    artist, album = rec["artist"], rec["album"]
    extra = rng.choice(EBAY_EXTRA)
    r = rng.random()
    if artist == "Various" and r < 0.5:
        artist = rng.choice(["Various Artists", "V/A", "VA"])
    if r < 0.40:
        t = f"{artist} - {album} {extra}"
    elif r < 0.55:
        t = f"{artist.upper()} {album} {extra} {pressing['year']}"
    elif r < 0.65:
        t = f"{artist} – {album} ({extra}, {pressing['year']})"  # en dash: no " - " split upstream
    elif r < 0.75:
        t = f"{album} - {artist} vinyl record"
    elif r < 0.85:
        t = f"{artist} - {album.lower()} {pressing['catno']} {extra}"
    elif r < 0.93:
        t = f"{artist} {album} {extra}"
    else:
        t = f"{artist} - {album}"
    return t[:80]  # eBay titles are at most 80 characters


def generate(n: int, seed: int) -> dict:
    rng = random.Random(seed)
    n_records = max(5, n // 5)
    records = make_catalogue(rng, n_records)
    rec_cdf = zipf_cdf(n_records, 0.9)

    n_sellers = max(2, round(n / 20))
    n_discogs = round(n * 0.6)
    n_ebay = n - n_discogs
    s_discogs = max(1, min(n_discogs, round(n_sellers * 0.6)))
    s_ebay = max(1, min(n_ebay, n_sellers - s_discogs)) if n_ebay else 0
    dsellers = make_sellers(rng, s_discogs, "discogs")
    esellers = make_sellers(rng, s_ebay, "ebay")
    d_assign = seller_assignment(rng, n_discogs, s_discogs)
    e_assign = seller_assignment(rng, n_ebay, s_ebay) if n_ebay else []

    platforms = ["discogs"] * n_discogs + ["ebay"] * n_ebay
    rng.shuffle(platforms)

    listing_id = 2_000_000_000 + rng.randrange(10_000_000)
    ebay_id = 100_000_000_000 + rng.randrange(10_000_000_000)
    results: list[dict] = []
    di = ei = 0
    for platform in platforms:
        rec = records[zipf_pick(rng, rec_cdf)]
        pressing = rng.choice(rec["pressings"])
        if platform == "discogs":
            seller = dsellers[d_assign[di]]
            di += 1
            listing_id += rng.randint(1, 40_000)
            c = rng.choices(range(len(DISCOGS_COND)), DISCOGS_COND_W)[0]
            cur, sym = CURRENCIES[0] if rng.random() < 0.7 else rng.choice(CURRENCIES[1:3])
            price = price_for(rng, rec["base_price"], c)
            title = discogs_title(rng, rec, pressing)
            url = f"https://www.discogs.com/sell/item/{listing_id}"
            img = f"https://i.discogs.com/{rng.getrandbits(64):016x}/R-{pressing['release_id']}.jpeg"
            item = {
                "id": str(listing_id),
                "release_id": pressing["release_id"],
                "title": title,
                "artist": rec["artist"],
                "album": rec["album"],
                "year": None,  # the scraper only finds a year in "(1973)"-style titles
                "country": None,
                "format": [pressing["format"]] if rng.random() < 0.85 else ["Vinyl"],
                "label": [rec["label"]],
                "catno": pressing["catno"],
                "thumb": img,
                "cover_image": img,
                "resource_url": url,
                "uri": url,
                "price": price,
                "currency": cur,
                "condition": DISCOGS_COND[c],
                "sleeve_condition": rng.choices(SLEEVE_COND, SLEEVE_COND_W)[0],
                "seller": {k: seller[k] for k in ("id", "username", "rating", "url")},
                "shipping_price": round(rng.choice([4.0, 5.5, 6.0, 8.0, 12.0, 15.0, 18.5, 25.0]), 2)
                if rng.random() < 0.8 else None,
                "location": "",
                "posted": "",
                "allow_offers": False,
                "status": "For Sale",
                "ships_from": "",
                "master_id": None,
                "community": {"have": rng.randint(0, 20000), "want": rng.randint(0, 15000)},
            }
            results.append({"platform": "discogs", "item_id": item["id"], "release_id": pressing["release_id"],
                            "item_data": item})
        else:
            seller = esellers[e_assign[ei]]
            ei += 1
            ebay_id += rng.randint(1, 5_000_000)
            cond, cond_id = EBAY_COND[rng.choices(range(len(EBAY_COND)), EBAY_COND_W)[0]]
            rank = {"1000": 0, "2750": 1, "3000": 2, "4000": 2, "5000": 4, "6000": 5}[cond_id]
            price = price_for(rng, rec["base_price"] * 1.1, rank)
            if rng.random() < 0.03:
                price = 0.0  # auctions without a buy-it-now price (stored as item_price NULL)
            ship = rng.choice([0.0, 0.0, 4.99, 5.99, 6.5, 8.0, 12.0, 19.99, 27.0])
            auction = rng.random() < 0.2
            country, city, state, postal = seller["country"]
            iid = f"v1|{ebay_id}|0"
            item = {
                "id": iid,
                "title": ebay_title(rng, rec, pressing),
                "subtitle": rng.choice([None, None, "Fast shipping", "Graded by hand", "Combined shipping"]),
                "condition": cond,
                "condition_id": cond_id,
                "price": price,
                "currency": "USD",
                "shipping_cost": ship,
                "total_price": round(price + ship, 2),
                "buy_it_now": not auction or rng.random() < 0.3,
                "auction": auction,
                "best_offer": rng.random() < 0.25,
                "current_bid_price": round(price * 0.6, 2) if auction else None,
                "seller": {"username": seller["username"], "feedback_percentage": seller["feedback_percentage"],
                           "feedback_score": seller["feedback_score"]},
                "location": {"city": city, "state": state, "country": country, "postal_code": postal},
                "image_url": f"https://i.ebayimg.com/images/g/{rng.getrandbits(48):012x}/s-l225.jpg",
                "additional_images": [],
                "item_web_url": f"https://www.ebay.com/itm/{ebay_id}",
                "categories": ["Music", "Vinyl Records"],
                "item_end_date": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:00:00.000Z",
            }
            results.append({"platform": "ebay", "item_id": iid, "release_id": None, "item_data": item})

    # Want list / collection: add Discogs release ids in random order until the flagged
    # share of *all* results reaches the target (10 % want list, 5 % collection).
    per_release: dict[str, int] = {}
    for r in results:
        if r["release_id"]:
            per_release[r["release_id"]] = per_release.get(r["release_id"], 0) + 1
    rel_ids = sorted(per_release)
    rng.shuffle(rel_ids)
    want: list[str] = []
    coll: list[str] = []
    w_hits = c_hits = 0
    for rid in rel_ids:
        k = per_release[rid]
        if w_hits < 0.10 * n and w_hits + k <= 0.10 * n + max(1, 0.01 * n):
            want.append(rid)
            w_hits += k
            if rng.random() < 0.05 and c_hits + k <= 0.05 * n:  # a few wanted records are also owned
                coll.append(rid)
                c_hits += k
        elif c_hits < 0.05 * n and c_hits + k <= 0.05 * n + max(1, 0.01 * n):
            coll.append(rid)
            c_hits += k
        if w_hits >= 0.10 * n and c_hits >= 0.05 * n:
            break
    # Pad the sets with releases that are not in this search (a real want list is larger).
    pad = 1_000 + rng.randrange(1000)
    want += [str(900_000 + pad + i) for i in range(len(want))]
    coll += [str(800_000 + pad + i) for i in range(len(coll) * 3)]
    want_set, coll_set = set(want), set(coll)
    for r in results:
        rid = r.pop("release_id")
        r["is_in_collection"] = rid in coll_set
        r["is_in_wantlist"] = rid in want_set
        r["item_data"] = r.pop("item_data")  # keep item_data last for readability

    counts = {
        "results": len(results),
        "discogs": n_discogs,
        "ebay": n_ebay,
        "sellers": len({r["item_data"]["seller"]["username"] + "@" + r["platform"] for r in results}),
        "records": n_records,
        "wantlist_flagged": sum(r["is_in_wantlist"] for r in results),
        "collection_flagged": sum(r["is_in_collection"] for r in results),
    }
    return {
        "meta": {"generator": "vinyldigger-perf/gen_results.py", "version": GENERATOR_VERSION, "seed": seed,
                 "n": n, "counts": counts},
        "user": {"email": "bench@example.com"},
        "search": {"name": f"bench {n}", "query": "vinyl bench", "platform": "both", "filters": {},
                   "check_interval_hours": 24, "min_record_condition": None, "min_sleeve_condition": None,
                   "seller_location_preference": "US"},
        "collection_release_ids": coll,
        "wantlist_release_ids": want,
        "results": results,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of results")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("-o", "--output", help="output file (default results-N.json; '-' for stdout)")
    args = ap.parse_args()
    if args.n < 1:
        ap.error("n must be >= 1")
    data = generate(args.n, args.seed)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    out = args.output or f"results-{args.n}.json"
    if out == "-":
        sys.stdout.write(text)
    else:
        with open(out, "w", encoding="utf-8") as f:
            f.write(text)
            f.write("\n")
        print(f"{out}: {len(text) / 1e6:.2f} MB {json.dumps(data['meta']['counts'])}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
