import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { queries } from '../api/queries';
import type { ComparisonListing, Pressing, PriceComparisonGroup } from '../api/types';
import { PriceHistoryDialog, type PriceHistoryTarget } from '../components/PriceHistoryDialog';
import { PriceLine } from '../components/PriceLine';
import { SearchHeader } from '../components/SearchHeader';
import { Badge, EmptyState, ErrorState, Loading } from '../components/Status';
import { formatConverted, formatMoney, plural, ratesNote } from '../lib/format';
import { PLATFORM_LABEL } from '../lib/options';
import { listingCurrency, listingTitle, listingUrl, releaseId } from '../lib/listing';

const byPrice = (a: ComparisonListing, b: ComparisonListing) => {
  if (a.price === null) return b.price === null ? 0 : 1;
  if (b.price === null) return -1;
  return a.price - b.price;
};

/** Groups with a want-list listing first; inside a group want-list listings first, then by price. */
export function sortGroups(groups: PriceComparisonGroup[]): PriceComparisonGroup[] {
  const wanted = (g: PriceComparisonGroup) => g.listings.some((l) => l.is_in_wantlist);
  return groups
    .map((g, i) => ({ g, i }))
    .sort((x, y) => Number(wanted(y.g)) - Number(wanted(x.g)) || x.i - y.i)
    .map(({ g }) => ({
      ...g,
      listings: [...g.listings].sort((a, b) => Number(b.is_in_wantlist) - Number(a.is_in_wantlist) || byPrice(a, b)),
    }));
}

function total(l: ComparisonListing): number | null {
  return l.price === null ? null : l.price + (l.shipping_price ?? 0);
}

function OfferRow({
  l,
  best,
  onHistory,
}: {
  l: ComparisonListing;
  best: boolean;
  onHistory: (t: PriceHistoryTarget) => void;
}) {
  const url = listingUrl(l.platform, l.item_data);
  const currency = listingCurrency(l.item_data);
  return (
    <li className={`offer ${best ? 'offer-best' : ''}`}>
      <div className="offer-main">
        <div className="result-badges">
          <Badge tone={l.platform}>{PLATFORM_LABEL[l.platform]}</Badge>
          {best && <Badge tone="ok">Lowest price</Badge>}
          {l.is_in_wantlist && <Badge tone="want">On your want list</Badge>}
          {l.is_in_collection && <Badge tone="muted">In your collection</Badge>}
        </div>
        <p className="offer-price">
          <PriceLine price={l.price} shipping={l.shipping_price} currency={currency} />
        </p>
        {l.original_price && l.original_price.currency !== currency && (
          <p className="offer-converted muted small" data-testid="converted-price">
            Listed at {formatConverted(l.price, currency, l.original_price)}
          </p>
        )}
        {l.landed_cost !== null && (
          <p className="offer-landed small">
            Landed cost to you <strong>{formatMoney(l.landed_cost, currency)}</strong>
            {l.shipping_estimated && <span className="muted"> (shipping estimated)</span>}
          </p>
        )}
        <p className="offer-facts">
          {l.condition && <span>{l.condition}</span>}
          <span>
            {l.seller ? (
              <>
                {l.seller.name}
                {l.seller.location && ` · ${l.seller.location}`}
                {l.seller.feedback_score !== null && ` · ${l.seller.feedback_score.toFixed(1)}% feedback`}
              </>
            ) : (
              'Unknown seller'
            )}
          </span>
        </p>
      </div>
      <div className="offer-actions">
        {url && (
          <a
            className="btn btn-small"
            href={url}
            target="_blank"
            rel="noopener noreferrer"
            aria-label={`View on ${PLATFORM_LABEL[l.platform]}: ${listingTitle(l.item_data)}`}
          >
            View on {PLATFORM_LABEL[l.platform]}
          </a>
        )}
        <button
          type="button"
          className="btn btn-small"
          aria-label={`Price history: ${listingTitle(l.item_data)}`}
          onClick={() =>
            onHistory({
              platform: l.platform,
              listingId: String(l.item_data.id ?? l.id),
              releaseId: releaseId(l.item_data),
              title: listingTitle(l.item_data),
            })
          }
        >
          Price history
        </button>
      </div>
    </li>
  );
}

const UNSTATED = 'Pressing not stated by the seller';

/** What the collector reads to tell a pressing: label and catalogue number, else the release. */
function pressingName(p: Pressing | null): string {
  if (!p?.key) return UNSTATED;
  const named = [p.label, p.catalog_number].filter(Boolean).join(' · ');
  return named || (p.release_id ? `Release ${p.release_id}` : p.key);
}

/** The group's offers by pressing (the API's order: cheapest pressing first), each pressing's
 * offers in the API's order; offers of no listed pressing last. */
function byPressing(g: PriceComparisonGroup): { pressing: Pressing | null; offers: ComparisonListing[] }[] {
  const byId = new Map(g.listings.map((l) => [l.id, l]));
  const placed = new Set<string>();
  const sections = g.pressings.map((pressing) => ({
    pressing: pressing as Pressing | null,
    offers: pressing.listing_ids.flatMap((id) => {
      const l = byId.get(id);
      if (!l || placed.has(id)) return [];
      placed.add(id);
      return [l];
    }),
  }));
  const rest = g.listings.filter((l) => !placed.has(l.id));
  if (rest.length) sections.push({ pressing: null, offers: rest });
  return sections.filter((s) => s.offers.length > 0);
}

function GroupCard({ g, onHistory }: { g: PriceComparisonGroup; onHistory: (t: PriceHistoryTarget) => void }) {
  // Prices in different currencies cannot be ranked without exchange rates: then no range and no
  // "lowest price" (an eBay listing in pounds is not cheaper than one in dollars by its number).
  const comparable = new Set(g.listings.map((l) => listingCurrency(l.item_data))).size === 1;
  const totals = comparable ? g.listings.map(total).filter((t): t is number => t !== null) : [];
  const lowest = totals.length ? Math.min(...totals) : null;
  const highest = totals.length ? Math.max(...totals) : null;
  const platforms = [...new Set(g.listings.map((l) => l.platform))];
  const currency = g.listings[0] ? listingCurrency(g.listings[0].item_data) : 'USD';
  const heading = [g.item_match.canonical_artist, g.item_match.canonical_title].filter(Boolean).join(' – ') || 'Unknown record';
  const bestListing = lowest === null ? null : g.listings.find((l) => total(l) === lowest);
  const row = (l: ComparisonListing) => (
    <OfferRow key={l.id} l={l} best={g.listings.length > 1 && l === bestListing} onHistory={onHistory} />
  );
  // One card per record; the pressings are sections of it once there is more than one.
  const sections = byPressing(g);
  const known = g.pressings.filter((p) => p.key).length;
  return (
    <li className="card group">
      <h2 className="group-title">{heading}</h2>
      <p className="muted">
        {plural(g.listings.length, 'offer')} on {platforms.map((p) => PLATFORM_LABEL[p]).join(' and ')}
        {known > 1 && ` · ${plural(known, 'pressing')}`}
        {lowest !== null && highest !== null && highest > lowest && (
          <>
            {' '}
            · {formatMoney(lowest, currency)} to {formatMoney(highest, currency)} with shipping
          </>
        )}
      </p>
      {sections.length > 1 ? (
        <ul className="pressing-list">
          {sections.map(({ pressing, offers }) => (
            <li key={pressing?.key ?? 'unstated'} className="pressing">
              <h3 className="pressing-title">{pressingName(pressing)}</h3>
              <ul className="offer-list">{offers.map(row)}</ul>
            </li>
          ))}
        </ul>
      ) : (
        <ul className="offer-list">{g.listings.map(row)}</ul>
      )}
    </li>
  );
}

/** Asks for the next page when the end of the list scrolls into view (a button does the same). */
function useLoadOnView(load: () => void, active: boolean) {
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = end.current;
    if (!active || !node || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && load(), {
      rootMargin: '600px',
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [load, active]);
  return end;
}

export default function OffersPage() {
  const { id = '' } = useParams();
  const search = useQuery(queries.search(id));
  const comparison = useInfiniteQuery(queries.comparison(id));
  const [wantedOnly, setWantedOnly] = useState(false);
  const [history, setHistory] = useState<PriceHistoryTarget | null>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = comparison;
  const loadMore = useMemo(
    () => () => {
      if (!isFetchingNextPage) void fetchNextPage();
    },
    [isFetchingNextPage, fetchNextPage],
  );
  const end = useLoadOnView(loadMore, hasNextPage);

  // Pages arrive in the server's order (cheapest record first); want-list records lead each page.
  const groups = useMemo(
    () => (comparison.data?.pages ?? []).flatMap((page) => sortGroups(page.price_comparisons)),
    [comparison.data],
  );
  const total = comparison.data?.pages[0]?.total_groups ?? groups.length;
  const first = comparison.data?.pages[0];
  const shown = wantedOnly ? groups.filter((g) => g.listings.some((l) => l.is_in_wantlist)) : groups;

  let body;
  if (comparison.isPending) body = <Loading label="Comparing prices…" />;
  else if (comparison.isError) body = <ErrorState error={comparison.error} onRetry={() => void comparison.refetch()} />;
  else if (groups.length === 0) {
    body = (
      <EmptyState title="No offers to compare yet">
        <p>Once this search has found listings, the same record's offers on Discogs and eBay are grouped here.</p>
      </EmptyState>
    );
  } else {
    body = (
      <section aria-labelledby="offers-title">
        <div className="toolbar">
          <h2 id="offers-title" className="toolbar-title">
            {plural(total, 'record')}
          </h2>
          <label className="inline-check">
            <input type="checkbox" checked={wantedOnly} onChange={(e) => setWantedOnly(e.target.checked)} />
            Want list only
          </label>
        </div>
        {first?.currency && (
          <p className="hint" data-testid="amounts-basis">
            Prices in {first.currency}
            {first.rates_date && <> · converted with the exchange {ratesNote(first.rates_date)}</>}
            {!!first.unconverted_currencies?.length && (
              <> · listings in {first.unconverted_currencies.join(', ')} have no exchange rate and are not converted</>
            )}
          </p>
        )}
        {shown.length === 0 ? (
          <p className="muted">None of these records is on your want list.</p>
        ) : (
          <ul className="group-list">
            {shown.map((g, i) => (
              <GroupCard key={`${g.item_match.id ?? "g"}-${i}`} g={g} onHistory={setHistory} />
            ))}
          </ul>
        )}
        {hasNextPage && (
          <div ref={end} className="toolbar">
            <button type="button" className="btn" onClick={loadMore} disabled={isFetchingNextPage}>
              {isFetchingNextPage ? 'Loading more records…' : `Show more records (${groups.length} of ${total})`}
            </button>
          </div>
        )}
      </section>
    );
  }

  return (
    <div className="stack">
      <SearchHeader search={search} section="Offers" />
      {search.isSuccess && body}
      {history && <PriceHistoryDialog target={history} onClose={() => setHistory(null)} />}
    </div>
  );
}
