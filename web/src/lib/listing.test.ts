import { describe, expect, it } from 'vitest';
import { formatMoney, parseTime } from './format';
import {
  conditionText,
  listingArtist,
  listingPrice,
  listingShipping,
  listingTitle,
  listingUrl,
  releaseUrl,
  safeUrl,
  sellerUrl,
} from './listing';

describe('listing links (docs/behaviour.md#web-app)', () => {
  it('eBay uses item_web_url', () => {
    expect(listingUrl('ebay', { item_web_url: 'https://www.ebay.com/itm/1' })).toBe('https://www.ebay.com/itm/1');
    expect(listingUrl('ebay', {})).toBeNull();
  });

  it('Discogs: uri (prefixed when relative), else item_url, else /sell/item/<id>', () => {
    expect(listingUrl('discogs', { uri: '/sell/item/42' })).toBe('https://www.discogs.com/sell/item/42');
    expect(listingUrl('discogs', { uri: 'https://www.discogs.com/sell/item/43' })).toBe('https://www.discogs.com/sell/item/43');
    expect(listingUrl('discogs', { item_url: 'https://www.discogs.com/sell/item/44' })).toBe('https://www.discogs.com/sell/item/44');
    expect(listingUrl('discogs', { id: 45 })).toBe('https://www.discogs.com/sell/item/45');
  });

  it('release and seller links', () => {
    expect(releaseUrl({ release_id: '1234' })).toBe('https://www.discogs.com/release/1234');
    expect(releaseUrl({ release_id: 'None' })).toBeNull();
    expect(sellerUrl('discogs', { seller: { username: 'crate' } })).toBe('https://www.discogs.com/seller/crate');
    expect(sellerUrl('ebay', { seller: { username: 'bay seller' } })).toBe('https://www.ebay.com/usr/bay%20seller');
    expect(sellerUrl('discogs', { seller: { username: 'x', url: 'https://www.discogs.com/seller/x/profile' } })).toBe(
      'https://www.discogs.com/seller/x/profile',
    );
  });

  it('never emits a non-http URL', () => {
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(listingUrl('ebay', { item_web_url: 'javascript:alert(1)' })).toBeNull();
    expect(listingUrl('discogs', { uri: 'data:text/html,hi' })).toBeNull();
  });

  it('title || name, artist || artists_sort, price || current_price', () => {
    expect(listingTitle({ name: 'N' })).toBe('N');
    expect(listingTitle({ title: 'T', name: 'N' })).toBe('T');
    expect(listingArtist({ artists_sort: 'Davis, Miles' })).toBe('Davis, Miles');
    expect(listingPrice({ price: 0, current_price: 9.5 })).toBe(9.5);
    expect(listingPrice({ price: { value: '12.30', currency: 'USD' } })).toBe(12.3);
    expect(listingPrice({})).toBeNull();
    expect(listingShipping({ shipping_cost: 0 })).toBe(0);
    expect(listingShipping({ shipping_price: null })).toBeNull();
    expect(conditionText({ condition: 'Used' })).toBe('Used');
  });
});

describe('format', () => {
  it('formats money with the listing currency and 2 decimals', () => {
    expect(formatMoney(12.5)).toBe('$12.50');
    expect(formatMoney(9, 'eur')).toBe('€9.00');
    expect(formatMoney(1234.5, 'GBP')).toBe('£1,234.50');
    expect(formatMoney(null)).toBe('—');
    expect(formatMoney(3, 'NOT-A-CODE')).toBe('3.00 NOT-A-CODE');
  });

  it('reads offset-less timestamps as UTC', () => {
    expect(parseTime('2025-07-12T22:52:51.747123')).toBe(Date.parse('2025-07-12T22:52:51.747Z'));
    expect(parseTime('2025-07-12T22:52:51+00:00')).toBe(Date.parse('2025-07-12T22:52:51Z'));
    expect(parseTime(null)).toBeNull();
  });
});
