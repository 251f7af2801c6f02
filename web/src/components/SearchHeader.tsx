import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, NavLink } from 'react-router';
import type { SavedSearch } from '../api/types';
import { PLATFORM_LABEL } from '../lib/options';
import { PageHeader } from './PageHeader';
import { ErrorState, Loading } from './Status';

interface Props {
  search: UseQueryResult<SavedSearch>;
  section: string;
  children?: ReactNode;
}

/** Title, breadcrumb and Results / Deals / Offers tabs shared by the three pages of one search. */
export function SearchHeader({ search, section, children }: Props) {
  if (search.isPending) return <Loading label="Loading search…" />;
  if (search.isError) {
    return (
      <>
        <PageHeader title="Search" />
        <ErrorState error={search.error} onRetry={() => void search.refetch()} />
        <p>
          <Link to="/searches">Back to your searches</Link>
        </p>
      </>
    );
  }
  const s = search.data;
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/searches">Searches</Link> <span aria-hidden="true">›</span> <span>{s.name}</span>
      </nav>
      <PageHeader
        title={section === 'Results' ? s.name : `${section}: ${s.name}`}
        lead={
          <>
            “{s.query}” on {PLATFORM_LABEL[s.platform] ?? s.platform}
            {!s.is_active && ' · paused'}
          </>
        }
      >
        {children}
      </PageHeader>
      <nav aria-label="Search views" className="tabs">
        <NavLink to={`/searches/${s.id}`} end>
          Results
        </NavLink>
        <NavLink to={`/searches/${s.id}/deals`}>Deals</NavLink>
        <NavLink to={`/searches/${s.id}/offers`}>Offers</NavLink>
      </nav>
    </>
  );
}
