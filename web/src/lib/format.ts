const moneyFormats = new Map<string, Intl.NumberFormat>();

/** "$12.50", "€9.00", "¥3,038" (each currency's own decimals); unknown currency codes fall back to
 * "12.50 XYZ"; null -> "—". */
export function formatMoney(value: number | null | undefined, currency = 'USD'): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const code = (currency || 'USD').toUpperCase();
  let fmt = moneyFormats.get(code);
  if (!fmt) {
    try {
      fmt = new Intl.NumberFormat('en-US', { style: 'currency', currency: code });
    } catch {
      return `${value.toFixed(2)} ${code}`;
    }
    moneyFormats.set(code, fmt);
  }
  return fmt.format(value);
}

/** A converted amount beside the price as listed: "€18.63 · ≈ $20.12"; just the amount when it
 * was not converted. */
export function formatConverted(
  value: number | null | undefined,
  currency: string,
  original: { amount: number; currency: string } | null | undefined,
): string {
  if (!original || original.currency === currency) return formatMoney(value, currency);
  return `${formatMoney(original.amount, original.currency)} · ≈ ${formatMoney(value, currency)}`;
}

/** "rates of 2026-12-01", or nothing when no amount was converted. */
export function ratesNote(date: string | null | undefined): string {
  return date ? `rates of ${date}` : '';
}

export function parseTime(ts: string | null | undefined): number | null {
  if (!ts) return null;
  // A timestamp without an offset is UTC on this API (docs/behaviour.md#conventions).
  const withZone = /[zZ]|[+-]\d\d:?\d\d$/.test(ts) || !ts.includes('T') ? ts : `${ts}Z`;
  const t = Date.parse(withZone);
  return Number.isNaN(t) ? null : t;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });

export function formatDateTime(ts: string | null | undefined): string {
  const t = parseTime(ts);
  return t === null ? 'never' : dateTime.format(t);
}

export function formatShortDate(t: number): string {
  return dateOnly.format(t);
}

/** "just now", "5 min ago", "3 h ago", "2 days ago", else the date. */
export function timeAgo(ts: string | null | undefined, now = Date.now()): string {
  const t = parseTime(ts);
  if (t === null) return 'never';
  const s = Math.round((now - t) / 1000);
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} h ago`;
  const d = Math.round(h / 24);
  if (d < 14) return `${d} day${d === 1 ? '' : 's'} ago`;
  return formatDateTime(ts);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
