import { useQuery } from '@tanstack/react-query';
import { queries } from '../api/queries';

/** Shown when the backend serves fixture data from its local sandbox marketplace. */
export function SandboxBanner() {
  const health = useQuery(queries.health());
  if (health.data?.marketplace !== 'sandbox') return null;
  return (
    <div className="sandbox-banner" role="note">
      <strong>Sandbox data.</strong> Listings come from the local sandbox marketplace, not from the real
      Discogs or eBay.
    </div>
  );
}
