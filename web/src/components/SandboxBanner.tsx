import { useQuery } from '@tanstack/react-query';
import { queries } from '../api/queries';
import type { Platform } from '../api/types';
import { PLATFORM_LABEL } from '../lib/options';

const PLATFORMS: readonly Platform[] = ['discogs', 'ebay'];

/**
 * Says which marketplaces the local sandbox marketplace stands in for (generated data, not the
 * real Discogs or eBay). Each marketplace becomes real once an admin stores its app credentials,
 * so the banner follows /health; with both real there is nothing to say.
 */
export function SandboxBanner() {
  const health = useQuery(queries.health());
  const modes = health.data?.marketplaces;
  if (!modes) return null;
  const sandboxed = PLATFORMS.filter((p) => modes[p] === 'sandbox');
  const real = PLATFORMS.filter((p) => modes[p] === 'real');
  if (sandboxed.length === 0) return null;
  return (
    <div className="sandbox-banner" role="note">
      {real.length === 0 ? (
        <>
          <strong>Sandbox data.</strong> Listings come from the local sandbox marketplace, not from the real Discogs
          or eBay.
        </>
      ) : (
        <>
          <strong>Sandbox data for {sandboxed.map((p) => PLATFORM_LABEL[p]).join(' and ')}.</strong> Its listings come
          from the local sandbox marketplace; {real.map((p) => PLATFORM_LABEL[p]).join(' and ')} is the real one.
        </>
      )}
    </div>
  );
}
