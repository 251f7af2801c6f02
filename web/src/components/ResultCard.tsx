import { useState } from 'react';
import type { SearchResult } from '../api/types';
import { formatConverted, formatMoney, ratesNote, timeAgo } from '../lib/format';
import { PLATFORM_LABEL } from '../lib/options';
import {
  conditionText,
  listingArtist,
  listingCurrency,
  listingImage,
  listingLocation,
  listingPrice,
  listingShipping,
  listingTitle,
  listingUrl,
  releaseId,
  releaseUrl,
  sellerName,
  sellerRating,
  sellerUrl,
} from '../lib/listing';
import type { PriceHistoryTarget } from './PriceHistoryDialog';
import { PriceLine } from './PriceLine';
import { Badge } from './Status';

export function historyTarget(r: SearchResult): PriceHistoryTarget {
  return {
    platform: r.platform,
    listingId: r.item_id,
    releaseId: releaseId(r.item_data),
    title: listingTitle(r.item_data),
  };
}

/** The result's amounts in the user's currency: the listed price beside its conversion, the
 * landed cost, or why there is none. */
function ConvertedAmounts({ result }: { result: SearchResult }) {
  const listed = listingCurrency(result.item_data);
  const listedPrice = listingPrice(result.item_data);
  if (listedPrice === null || listedPrice <= 0) return null;
  if (result.price === null) {
    return (
      <p className="result-converted muted small" data-testid="unconverted-price">
        No exchange rate for {listed}: not counted in {result.currency} amounts
      </p>
    );
  }
  const rates = ratesNote(result.rates_date);
  return (
    <>
      {result.original_price && result.original_price.currency !== result.currency && (
        <p className="result-converted muted small" data-testid="converted-price">
          Listed at {formatConverted(result.price, result.currency, result.original_price)}
          {rates && ` (${rates})`}
        </p>
      )}
      {/* In the listing's own currency with stated shipping, the price line already is the landed cost. */}
      {result.landed_cost !== null && (result.currency !== listed || result.shipping_estimated) && (
        <p className="result-landed small" data-testid="landed-cost">
          Landed cost to you <strong>{formatMoney(result.landed_cost, result.currency)}</strong>
          {result.shipping_estimated && <span className="muted"> (shipping estimated)</span>}
        </p>
      )}
    </>
  );
}

/** One listing found by a search: want-list badge, condition, price with shipping, seller, links. */
export function ResultCard({ result, onHistory }: { result: SearchResult; onHistory?: (t: PriceHistoryTarget) => void }) {
  const d = result.item_data;
  const title = listingTitle(d);
  const artist = listingArtist(d);
  const url = listingUrl(result.platform, d);
  const release = result.platform === 'discogs' ? releaseUrl(d) : null;
  const seller = sellerName(d);
  const sUrl = sellerUrl(result.platform, d);
  const rating = sellerRating(d);
  const image = listingImage(d);
  // A marketplace image that fails to load (gone, offline) shows the empty thumbnail, not a broken icon.
  const [imageFailed, setImageFailed] = useState(false);
  const condition = conditionText(d);
  const location = listingLocation(d);

  return (
    <article className={`result ${result.is_in_wantlist ? 'result-wanted' : ''}`} aria-label={title}>
      {image && !imageFailed ? (
        <img
          className="result-thumb"
          src={image}
          alt=""
          loading="lazy"
          width={64}
          height={64}
          onError={() => setImageFailed(true)}
        />
      ) : (
        <div className="result-thumb result-thumb-empty" aria-hidden="true" />
      )}
      <div className="result-body">
        <div className="result-badges">
          <Badge tone={result.platform}>{PLATFORM_LABEL[result.platform]}</Badge>
          {result.is_in_wantlist && <Badge tone="want">On your want list</Badge>}
          {result.item_data.want?.pressing === 'other_pressing' && <Badge tone="muted">Another pressing</Badge>}
          {result.is_in_collection && <Badge tone="muted">In your collection</Badge>}
        </div>
        <h3 className="result-title">
          {url ? (
            <a href={url} target="_blank" rel="noopener noreferrer">
              {title}
            </a>
          ) : (
            title
          )}
        </h3>
        {artist && !title.toLowerCase().startsWith(artist.toLowerCase()) && <p className="result-artist">{artist}</p>}
        <p className="result-price">
          <PriceLine price={listingPrice(d)} shipping={listingShipping(d)} currency={listingCurrency(d)} />
        </p>
        <ConvertedAmounts result={result} />
        <dl className="result-facts">
          {condition && (
            <div>
              <dt>Condition</dt>
              <dd>{condition}</dd>
            </div>
          )}
          <div>
            <dt>Seller</dt>
            <dd>
              {seller ? (
                sUrl ? (
                  <a href={sUrl} target="_blank" rel="noopener noreferrer">
                    {seller}
                  </a>
                ) : (
                  seller
                )
              ) : (
                'Unknown'
              )}
              {rating !== null && rating > 0 && <span className="muted"> · {rating.toFixed(1)}% positive</span>}
              {location && <span className="muted"> · {location}</span>}
            </dd>
          </div>
          <div>
            <dt>Found</dt>
            <dd>{timeAgo(result.created_at)}</dd>
          </div>
        </dl>
        <div className="result-links">
          {url && (
            <a
              className="btn btn-small"
              href={url}
              target="_blank"
              rel="noopener noreferrer"
              aria-label={`View on ${PLATFORM_LABEL[result.platform]}: ${title}`}
            >
              View on {PLATFORM_LABEL[result.platform]}
            </a>
          )}
          {release && (
            <a
              className="btn btn-small"
              href={release}
              target="_blank"
              rel="noopener noreferrer"
              aria-label={`Release page: ${title}`}
            >
              Release page
            </a>
          )}
          {onHistory && (
            <button
              type="button"
              className="btn btn-small"
              onClick={() => onHistory(historyTarget(result))}
              aria-label={`Price history: ${title}`}
            >
              Price history
            </button>
          )}
        </div>
      </div>
    </article>
  );
}
