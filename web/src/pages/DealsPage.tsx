import { useQuery } from '@tanstack/react-query';
import { createContext, useContext, useState } from 'react';
import { Link, useParams } from 'react-router';
import { queries } from '../api/queries';
import type {
  AnalysisSummary,
  DealScore,
  MultiItemDeal,
  Recommendation,
  SearchResult,
  SellerAnalysis,
  SellerRef,
} from '../api/types';
import { PriceHistoryDialog, type PriceHistoryTarget } from '../components/PriceHistoryDialog';
import { ResultCard } from '../components/ResultCard';
import { SearchHeader } from '../components/SearchHeader';
import { Badge, EmptyState, ErrorState, Loading } from '../components/Status';
import { formatMoney, plural, ratesNote } from '../lib/format';
import { DEAL_LABEL } from '../lib/options';

// Every analysis amount is in the analysis's currency (the user's, converted by the backend with
// the day's exchange rates; docs/behaviour.md#money-and-currencies).
const AnalysisCurrency = createContext('USD');

function useMoney() {
  const currency = useContext(AnalysisCurrency);
  return (v: number | null | undefined) => formatMoney(v, currency);
}

/** The value of a seller's records: a dash, not 0.00, when none of them could be priced. */
const recordsValue = (money: (v: number) => string, value: number, records: number) =>
  value === 0 && records > 0 ? '—' : money(value);

export function DealScoreBadge({ score, value }: { score: DealScore; value?: number }) {
  return (
    <Badge tone={`deal-${score.toLowerCase()}`} title={value !== undefined ? `Deal score ${value.toFixed(1)} of 100` : undefined}>
      {DEAL_LABEL[score] ?? score} deal{value !== undefined && ` · ${value.toFixed(1)}`}
    </Badge>
  );
}

function titleCase(s: string): string {
  return s.toLowerCase().replace(/(^|\s)\S/g, (c) => c.toUpperCase());
}

function SellerLine({ seller }: { seller: SellerRef | null }) {
  if (!seller) return <span className="muted">Unknown seller</span>;
  return (
    <span>
      <strong>{seller.name}</strong>
      {seller.location && <span className="muted"> · {seller.location}</span>}
      {seller.feedback_score !== null && <span className="muted"> · {seller.feedback_score.toFixed(1)}% feedback</span>}
    </span>
  );
}

function Summary({ a }: { a: AnalysisSummary }) {
  const usd = useMoney();
  const stats: [string, string | number][] = [
    ['Listings', a.total_results],
    ['Sellers', a.total_sellers],
    ['Want-list matches', a.wantlist_matches],
    ['Multi-record sellers', a.multi_item_sellers],
    ['Lowest price', usd(a.min_price)],
    ['Average price', usd(a.avg_price)],
    ['Highest price', usd(a.max_price)],
  ];
  return (
    <section className="card" aria-labelledby="summary-title">
      <h2 id="summary-title">Summary</h2>
      <dl className="stats">
        {stats.map(([label, value]) => (
          <div className="stat" key={label}>
            <dt className="stat-label">{label}</dt>
            <dd className="stat-value">{value}</dd>
          </div>
        ))}
      </dl>
      <p className="hint" data-testid="amounts-basis">
        Amounts in {a.currency}
        {a.rates_date && <> · converted with the exchange {ratesNote(a.rates_date)}</>}, shipping to you included in
        totals.
      </p>
      {!!a.other_currency_results && (
        <p className="hint">
          {plural(a.other_currency_results, 'listing')} priced in{' '}
          {a.unconverted_currencies.length ? a.unconverted_currencies.join(', ') : 'another currency'}, which has no
          exchange rate, {a.other_currency_results === 1 ? 'is' : 'are'} left out of prices, totals and savings.
        </p>
      )}
    </section>
  );
}

function Money({ label, value, strong }: { label: string; value: string; strong?: boolean }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{strong ? <strong>{value}</strong> : value}</dd>
    </div>
  );
}

function RecommendationCard({ r }: { r: Recommendation }) {
  const usd = useMoney();
  return (
    <li className="card deal">
      <div className="deal-head">
        <Badge tone="type">{titleCase(r.type)}</Badge>
        <DealScoreBadge score={r.deal_score} value={r.score_value} />
      </div>
      <h3 className="deal-title">{r.title}</h3>
      <p>{r.description}</p>
      <p className="deal-reason">{r.recommendation_reason}</p>
      <dl className="deal-numbers">
        <Money label="Records" value={`${r.total_items}${r.wantlist_items ? ` (${r.wantlist_items} wanted)` : ''}`} />
        <Money label="Records total" value={recordsValue(usd, r.total_value, r.total_items)} />
        <Money label="Est. shipping" value={r.estimated_shipping === null ? '—' : usd(r.estimated_shipping)} />
        <Money label="Total cost" value={usd(r.total_cost)} strong />
        {r.potential_savings !== null && <Money label="Shipping saved" value={usd(r.potential_savings)} strong />}
      </dl>
      <p className="deal-seller">
        Seller: <SellerLine seller={r.seller} />
      </p>
    </li>
  );
}

function MultiDealCard({
  deal,
  results,
  onHistory,
}: {
  deal: MultiItemDeal;
  results: Map<string, SearchResult> | undefined;
  onHistory: (t: PriceHistoryTarget) => void;
}) {
  const items = results ? deal.item_ids.map((id) => results.get(id)).filter((r): r is SearchResult => !!r) : [];
  const missing = results ? deal.item_ids.length - items.length : 0;
  const name = deal.seller?.name ?? 'one seller';
  const usd = useMoney();
  return (
    <li className="card deal">
      <div className="deal-head">
        <h3 className="deal-title">
          {plural(deal.total_items, 'record')} from {name}
        </h3>
        <DealScoreBadge score={deal.deal_score} />
      </div>
      <p>
        <SellerLine seller={deal.seller} />
      </p>
      <dl className="deal-numbers">
        <Money label="Want-list records" value={String(deal.wantlist_items)} />
        <Money label="Records total" value={recordsValue(usd, deal.total_value, deal.total_items)} />
        <Money label="Est. shipping" value={deal.estimated_shipping === null ? '—' : usd(deal.estimated_shipping)} />
        <Money label="Total cost" value={usd(deal.total_cost)} strong />
        <Money
          label="Shipping saved"
          value={deal.potential_savings === null ? '—' : usd(deal.potential_savings)}
          strong={deal.potential_savings !== null}
        />
      </dl>
      {deal.potential_savings !== null && deal.potential_savings > 0 && (
        <p className="deal-reason">
          Buying these together saves about {usd(deal.potential_savings)} compared with shipping each record on its own.
        </p>
      )}
      <details className="deal-items">
        <summary>Show the {plural(deal.item_ids.length, 'record')}</summary>
        {!results ? (
          <Loading label="Loading records…" />
        ) : (
          <>
            <ul className="result-list">
              {items.map((r) => (
                <li key={r.id}>
                  <ResultCard result={r} onHistory={onHistory} />
                </li>
              ))}
            </ul>
            {missing > 0 && (
              <p className="muted">{plural(missing, 'more record')} not in the latest results list.</p>
            )}
          </>
        )}
      </details>
    </li>
  );
}

function SellerTable({ rows }: { rows: SellerAnalysis[] }) {
  const usd = useMoney();
  return (
    <section className="card" aria-labelledby="sellers-title">
      <h2 id="sellers-title">Seller ranking</h2>
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="sellers-title">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Seller</th>
              <th scope="col">Records</th>
              <th scope="col">Wanted</th>
              <th scope="col">Value</th>
              <th scope="col">Est. shipping</th>
              <th scope="col">Score</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={`${s.rank}-${s.seller?.id ?? ''}`}>
                <td>{s.rank}</td>
                <th scope="row">
                  {s.seller?.name ?? 'Unknown'}
                  {s.seller?.location && <span className="muted small"> · {s.seller.location}</span>}
                </th>
                <td>{s.total_items}</td>
                <td>{s.wantlist_items}</td>
                <td>{recordsValue(usd, s.total_value, s.total_items)}</td>
                <td>{s.estimated_shipping === null ? '—' : usd(s.estimated_shipping)}</td>
                <td>{s.overall_score.toFixed(1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export default function DealsPage() {
  const { id = '' } = useParams();
  const search = useQuery(queries.search(id));
  const analysis = useQuery(queries.analysis(id));
  const deals = useQuery(queries.deals(id));
  const hasDeals = (deals.data?.multi_item_deals.length ?? 0) > 0;
  // Results are needed only to expand multi-item deals (the results endpoint, only when deals exist).
  const results = useQuery({ ...queries.results(id), enabled: hasDeals });
  const byId = results.data ? new Map(results.data.map((r) => [r.id, r])) : undefined;
  const [history, setHistory] = useState<PriceHistoryTarget | null>(null);

  let body;
  if (analysis.isPending) body = <Loading label="Loading analysis…" />;
  else if (analysis.isError) body = <ErrorState error={analysis.error} onRetry={() => void analysis.refetch()} />;
  else if (!analysis.data.analysis_completed) {
    body = (
      <EmptyState
        title="No analysis yet"
        action={
          <Link className="btn btn-primary" to={`/searches/${id}`}>
            Go to results
          </Link>
        }
      >
        <p>{analysis.data.message || 'Analysis not yet completed for this search'}.</p>
        <p>Deals appear after a run finds listings. Run the search from its results page.</p>
      </EmptyState>
    );
  } else {
    const { analysis: a, recommendations, seller_analyses } = analysis.data;
    body = (
      <AnalysisCurrency.Provider value={a.currency}>
        <Summary a={a} />
        <section aria-labelledby="reco-title">
          <h2 id="reco-title">Recommendations</h2>
          {recommendations.length === 0 ? (
            <p className="muted">No standout deals in these results yet.</p>
          ) : (
            <ul className="deal-list">
              {recommendations.map((r) => (
                <RecommendationCard key={r.id} r={r} />
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="multi-title">
          <h2 id="multi-title">Multi-record deals</h2>
          {deals.isPending ? (
            <Loading />
          ) : deals.isError ? (
            <ErrorState error={deals.error} onRetry={() => void deals.refetch()} />
          ) : !hasDeals ? (
            <p className="muted">No seller has several of these records yet.</p>
          ) : (
            <>
              {results.isError && <ErrorState error={results.error} onRetry={() => void results.refetch()} />}
              <ul className="deal-list">
                {deals.data.multi_item_deals.map((d, i) => (
                  <MultiDealCard key={`${d.seller?.id ?? i}`} deal={d} results={byId} onHistory={setHistory} />
                ))}
              </ul>
            </>
          )}
        </section>
        {seller_analyses.length > 0 && <SellerTable rows={seller_analyses} />}
      </AnalysisCurrency.Provider>
    );
  }

  return (
    <div className="stack">
      <SearchHeader search={search} section="Deals" />
      {search.isSuccess && body}
      {history && <PriceHistoryDialog target={history} onClose={() => setHistory(null)} />}
    </div>
  );
}
