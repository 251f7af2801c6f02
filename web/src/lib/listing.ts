// Reading a listing's `item_data` (docs/behaviour.md#web-app: how the SPA builds links and labels).

import type { ItemData, Platform } from '../api/types';

const DISCOGS = 'https://www.discogs.com';

/** Only http(s) URLs are ever put in an href (item_data comes from third parties). */
export function safeUrl(url: unknown): string | null {
  if (typeof url !== 'string' || !url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return '';
}

function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v.replace(/[^0-9.-]/g, ''));
    return Number.isFinite(n) ? n : null;
  }
  if (v && typeof v === 'object' && 'value' in v) return num((v as { value: unknown }).value);
  return null;
}

export function listingTitle(d: ItemData): string {
  return str(d.title) || str(d.name) || 'Untitled listing';
}

export function listingArtist(d: ItemData): string {
  return str(d.artist) || str(d.artists_sort);
}

/** `price || current_price`; accepts numbers, numeric strings and {value} objects. */
export function listingPrice(d: ItemData): number | null {
  const p = num(d.price);
  if (p) return p;
  return num(d.current_price) ?? p;
}

export function listingCurrency(d: ItemData): string {
  const c = str(d.currency);
  if (c) return c.toUpperCase();
  if (d.price && typeof d.price === 'object' && typeof d.price.currency === 'string') {
    return d.price.currency.toUpperCase();
  }
  return 'USD';
}

/** Discogs: shipping_price; eBay: shipping_cost. null when unknown. */
export function listingShipping(d: ItemData): number | null {
  return num(d.shipping_price) ?? num(d.shipping_cost);
}

export function listingImage(d: ItemData): string | null {
  return safeUrl(d.thumb) ?? safeUrl(d.image_url) ?? safeUrl(d.cover_image);
}

export function releaseId(d: ItemData): string | null {
  const r = str(d.release_id);
  return r && r !== 'None' && r !== 'null' ? r : null;
}

export function listingUrl(platform: Platform, d: ItemData): string | null {
  if (platform === 'ebay') return safeUrl(d.item_web_url);
  const uri = str(d.uri);
  if (uri) return safeUrl(uri.startsWith('/') ? `${DISCOGS}${uri}` : uri);
  const itemUrl = safeUrl(d.item_url);
  if (itemUrl) return itemUrl;
  const id = str(d.id);
  return id ? `${DISCOGS}/sell/item/${encodeURIComponent(id)}` : null;
}

export function releaseUrl(d: ItemData): string | null {
  const r = releaseId(d);
  return r ? `${DISCOGS}/release/${encodeURIComponent(r)}` : null;
}

export function sellerName(d: ItemData): string {
  return str(d.seller?.username);
}

export function sellerUrl(platform: Platform, d: ItemData): string | null {
  const explicit = safeUrl(d.seller?.url);
  if (explicit) return explicit;
  const name = sellerName(d);
  if (!name || name === 'Unknown') return null;
  return platform === 'ebay'
    ? `https://www.ebay.com/usr/${encodeURIComponent(name)}`
    : `${DISCOGS}/seller/${encodeURIComponent(name)}`;
}

/** Seller rating as a percentage, when the listing carries one. */
export function sellerRating(d: ItemData): number | null {
  return num(d.seller?.rating) ?? num(d.seller?.feedback_percentage);
}

export function listingLocation(d: ItemData): string {
  const l = d.location;
  if (typeof l === 'string') return l;
  if (l && typeof l === 'object') return [l.city, l.state, l.country].filter(Boolean).join(', ');
  return '';
}

/** "Media VG+ · Sleeve VG" for Discogs, or the eBay condition text. */
export function conditionText(d: ItemData, fallback?: string | null): string {
  const media = str(d.condition) || str(fallback);
  const sleeve = str(d.sleeve_condition);
  if (media && sleeve) return `Media: ${media} · Sleeve: ${sleeve}`;
  return media || sleeve;
}
