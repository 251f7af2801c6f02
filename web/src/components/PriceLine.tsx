import { formatMoney } from '../lib/format';

/** "$25.00 + $5.00 shipping = $30.00" (or without shipping when it is unknown). */
export function PriceLine({
  price,
  shipping,
  currency,
}: {
  price: number | null;
  shipping: number | null;
  currency: string;
}) {
  if (price === null) return <span className="price muted">Price unknown</span>;
  if (shipping === null) {
    return (
      <span className="price">
        <strong>{formatMoney(price, currency)}</strong> <span className="muted">+ shipping</span>
      </span>
    );
  }
  if (shipping === 0) {
    return (
      <span className="price">
        <strong>{formatMoney(price, currency)}</strong> <span className="muted">free shipping</span>
      </span>
    );
  }
  return (
    <span className="price">
      {formatMoney(price, currency)} <span className="muted">+ {formatMoney(shipping, currency)} shipping =</span>{' '}
      <strong>{formatMoney(price + shipping, currency)}</strong>
    </span>
  );
}
