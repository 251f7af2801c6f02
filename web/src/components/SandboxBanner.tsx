import { useQuery } from '@tanstack/react-query';
import { getHealth } from '../api/endpoints';
import { qk } from '../api/queryKeys';

/** Shown when the backend serves fixture data from its local sandbox marketplace. */
export function SandboxBanner() {
  const health = useQuery({ queryKey: qk.health, queryFn: getHealth, staleTime: Infinity, retry: false });
  if (health.data?.marketplace !== 'sandbox') return null;
  return (
    <div className="sandbox-banner" role="note">
      <strong>Sandbox data.</strong> Listings come from the local sandbox marketplace, not from the real
      Discogs or eBay.
    </div>
  );
}
